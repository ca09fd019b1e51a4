"""A family link shows what it was made for: a young person's link never opens the adults'
sections, and a family link leaves out what the professional chose to hide: on the
page, in the calendar and in the page cache's key."""

import pytest
from icalendar import Calendar

from portal.family.access import LiveLink
from portal.family.page_cache import page_key
from portal.link_audience import (
    ADULT_ONLY,
    CONTACTS,
    PLACES,
    Visibility,
    parse_hidden,
    visible_record,
)
from portal.models import FamilyLink, Plan, db
from portal.planning import parse_record
from portal.records import create_family_link
from tests.family.conftest import csrf_from
from tests.family.plans import CONCERN, PLACE, held_reviews, initial, record

PARENT_NEEDS_TEXT = "Help with money qzparent."
CONTINGENCY_TEXT = "If things do not improve qzcontingency."
FAMILY_MEMBER = "Anna Nowakqz"
PROFESSIONAL = "Jo Reedqz"
# Words the concern's text is made of (the page escapes its markup).
CONCERN_WORDS = "missed meals"


def plan_with_meetings():
    return record(
        conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
        core_group_meetings=[
            {"date": "2026-12-03", "time": "14:30", "place": PLACE, "status": "scheduled"},
        ],
    )


@pytest.fixture
def open_link(app, client, save_plan, enter_passcode):
    """Store a plan, make a link with `view` and `hidden`, sign in; returns the response
    to the passcode and the link's id."""

    def open_(data, lang="en", view="family", hidden=frozenset()):
        plan_id = save_plan(data)
        with app.app_context():
            new = create_family_link(
                db.session.get(Plan, plan_id), "Someone", 30, actor="test", view=view, hidden=hidden
            )
            token, passcode, link_id = new.token, new.passcode, new.link.id
        return enter_passcode(token, passcode, lang), link_id

    return open_


def feed_of(client, page_path: str) -> bytes:
    page = client.get(page_path).get_data(as_text=True)
    lang = page_path.split("/")[1]
    made = client.post(f"/{lang}/my-plan/calendar/subscribe", data={"csrf_token": csrf_from(page)})
    assert made.status_code == 200
    html = made.get_data(as_text=True)
    address = html.split("<code>", 1)[1].split("</code>", 1)[0].replace("&amp;", "&")
    path = "/" + address.split("://", 1)[1].split("/", 1)[1]
    feed = client.get(path)
    assert feed.status_code == 200
    return feed.get_data()


def assert_no_adult_text(text: str) -> None:
    for adult in (
        CONCERN_WORDS,
        "Second worry",
        PARENT_NEEDS_TEXT,
        CONTINGENCY_TEXT,
        FAMILY_MEMBER,
    ):
        assert adult not in text


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_a_young_persons_link_never_shows_the_adults_sections(
    client, open_link, today, words, lang
):
    today("2026-11-20")
    signed_in, _ = open_link(plan_with_meetings(), lang, view="young-person")
    assert signed_in.headers["Location"] == f"/{lang}/my-plan/young-person"

    # Typing the full plan's address leads back to the young person's page.
    typed = client.get(f"/{lang}/my-plan")
    assert typed.status_code == 303
    assert typed.headers["Location"] == f"/{lang}/my-plan/young-person"

    page = client.get(f"/{lang}/my-plan/young-person").get_data(as_text=True)
    assert_no_adult_text(page)
    for heading in ("What people are worried about", "What you need", "If the plan is not working"):
        assert words(lang, heading) not in page
    assert f'href="/{lang}/my-plan"' not in page  # no way to the full plan
    assert PROFESSIONAL in page  # the professionals helping are still named

    feed = feed_of(client, f"/{lang}/my-plan/young-person").decode()
    assert_no_adult_text(feed)
    assert "VEVENT" in feed


def test_a_family_link_that_hides_places_shows_no_place_anywhere(client, open_link, today):
    today("2026-11-20")
    open_link(plan_with_meetings(), hidden=frozenset({PLACES}))
    page = client.get("/en/my-plan").get_data(as_text=True)
    assert PLACE not in page
    assert "2:30pm" not in page  # nor the time to be there
    assert "3 December 2026" in page  # the date stays
    assert "Place" not in page.split('id="whats-next"', 1)[1].split("</section>", 1)[0]
    assert CONCERN_WORDS in page  # nothing else is hidden
    assert PLACE not in client.get("/en/my-plan/young-person").get_data(as_text=True)
    meeting = client.get("/en/my-plan/calendar/core-group-1.ics")
    assert meeting.status_code == 200
    feed = feed_of(client, "/en/my-plan")
    for body in (meeting.get_data(), feed):
        calendar = Calendar.from_ical(body)
        assert all("LOCATION" not in e for e in calendar.walk("VEVENT"))
        assert all(not hasattr(e["DTSTART"].dt, "hour") for e in calendar.walk("VEVENT"))
        assert PLACE.encode() not in body


def test_a_family_link_without_hidden_sections_shows_the_place(client, open_link, today):
    today("2026-11-20")
    open_link(plan_with_meetings())
    page = client.get("/en/my-plan").get_data(as_text=True)
    assert PLACE in page and "2:30pm" in page


def test_a_family_link_can_hide_the_worries_parents_needs_and_family_members(
    client, open_link, today, words
):
    today("2026-11-20")
    open_link(record(), hidden=parse_hidden("concerns,parent-needs,contacts"))
    page = client.get("/en/my-plan").get_data(as_text=True)
    assert CONCERN_WORDS not in page and PARENT_NEEDS_TEXT not in page
    assert FAMILY_MEMBER not in page.split('id="who-is-involved"', 1)[1]
    assert words("en", "What people are worried about") not in page
    assert PROFESSIONAL in page
    assert CONTINGENCY_TEXT in page  # only a young person's link always leaves it out
    # The parent's own actions are still theirs to do.
    assert (
        "Walk to school qzaction."
        in page.split('id="my-actions-title"', 1)[1].split("</section>")[0]
    )


def test_pages_for_links_that_see_differently_are_kept_apart():
    family = LiveLink(1, 2, 3, "family", "")
    hiding = LiveLink(1, 2, 3, "family", "places")
    young = LiveLink(1, 2, 3, "young-person", "")
    keys = {page_key(link, "plan", "en", "x") for link in (family, hiding, young)}
    assert len(keys) == 3


def test_a_stored_view_that_cannot_be_read_counts_as_the_narrowest():
    assert Visibility.of("something-else", "").young_person
    assert Visibility.of(None, None).hidden >= ADULT_ONLY
    assert Visibility.of("family", "places,unknown").hidden == {"places"}


def test_translations_follow_the_family_members_left_out(app):
    data = record(
        format="cp-plan/2",
        language="pl",
        translations={
            "pl": {
                "/core_group/0/role": {"text": "Matka", "english": "Mother"},
                "/core_group/1/role": {"text": "Położna", "english": "Health visitor"},
                "/concerns/0": {"text": "Zmartwienie", "english": CONCERN},
            }
        },
    )
    with app.app_context():
        parsed = parse_record(data, app.extensions["profiles"])
    narrowed = visible_record(parsed, Visibility.of("family", CONTACTS + ",concerns"))
    assert [m.name for m in narrowed.core_group] == [PROFESSIONAL]
    assert narrowed.translation("pl", "/core_group/0/role").text == "Położna"
    assert narrowed.translation("pl", "/core_group/1/role") is None
    assert narrowed.translation("pl", "/concerns/0") is None


def test_last_opened_is_recorded_for_professionals_and_never_shown_to_the_family(
    app, client, open_link, today
):
    today("2026-11-20")
    _, link_id = open_link(record())
    with app.app_context():
        opened = db.session.get(FamilyLink, link_id).last_opened_at
    assert opened is not None
    page = client.get("/en/my-plan").get_data(as_text=True)
    assert "Last opened" not in page and "opened" not in page.lower()
