"""The plan page in every open state, in English and in Urdu (right to left), and its sections.

Each state (tests/family/plan_page_states.py) fixes "today", stores a record through the
records service, signs in with a family link and checks what the page says: what is next,
the timeline, how long the plan has lasted and, for each procedure profile, its next
escalation point.
"""

import pytest

from tests.family.conftest import page_text, page_text_of, path_of, section
from tests.family.plan_page_states import LANGS, STATES
from tests.family.plans import record

LEGAL_HEADING = "Legal planning and the Public Law Outline"
NEXT_CHECK_HEADING = "The next check in your council's procedure"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(STATES))
def test_open_plan_states(sign_in, get_page, today, words, name, lang):
    state = STATES[name]
    today(state.today)
    sign_in(state.data, lang)
    soup = get_page(f"/{lang}/my-plan")
    text = page_text(soup)

    for message, values in state.says:
        assert words(lang, message, **values) in text, message
    if state.age:
        marker = soup.select_one(".portal-timeline__item--now")
        months, days = state.age
        assert words(
            lang, "Your plan started %(duration)s ago.", duration=words.plan_age(lang, months, days)
        ) in page_text_of(marker)
    for tag in state.tags:
        assert words(lang, tag) in [t.get_text(strip=True) for t in soup.select(".govuk-tag")]

    # The next meetings offer a calendar file for each meeting still ahead; the timeline
    # offers the feed.
    first_screen = soup.select_one(".portal-first-screen")
    links = [a["href"] for a in first_screen.select("a[href$='.ics']")]
    assert sorted(links) == sorted(
        f"/{lang}/my-plan/calendar/{key}.ics" for key in state.calendar_keys
    )
    assert section(soup, "timeline").select_one(
        f"form[action='/{lang}/my-plan/calendar/subscribe']"
    )

    how_long = page_text_of(section(soup, "how-long"))
    if state.next_check:
        title, due = state.next_check
        assert words(lang, NEXT_CHECK_HEADING) in how_long
        assert words(lang, title) in how_long
        assert words(lang, "Due by %(date)s", date=words.weekday_date(lang, due)) in how_long
    legal_links = {path_of(a["href"]) for a in section(soup, "how-long").select("a")}
    assert (words(lang, LEGAL_HEADING) in how_long) is state.legal
    assert (f"/{lang}/parents/how-long-plans-last#court-and-the-plo" in legal_links) is state.legal
    assert (f"/{lang}/parents/your-rights" in legal_links) is state.legal


def test_a_transferred_in_plan_starts_with_its_transfer_in_conference(sign_in, get_page, today):
    state = STATES["transferred-in"]
    today(state.today)
    sign_in(state.data)
    soup = get_page("/en/my-plan")
    first = soup.select_one("ol.portal-timeline > li.portal-timeline__item")
    assert first.select_one(".portal-timeline__title strong").get_text() == "Transfer-in conference"
    assert "The plan began in another council and carries on here." in page_text_of(first)


def test_the_timeline_runs_in_date_order_with_you_are_here_at_today(sign_in, get_page, today):
    state = STATES["overdue-review-and-core-group"]
    today(state.today)
    sign_in(state.data)
    soup = get_page("/en/my-plan")
    items = soup.select("ol.portal-timeline > li.portal-timeline__item")
    titles = [i.select_one(".portal-timeline__title strong").get_text() for i in items]
    # What has happened, in date order; then "You are here"; then what is late (due,
    # not held), in date order and marked late; then what lies ahead.
    assert titles[:8] == [
        "Initial child protection conference",
        "Core group meeting",  # held 22 January
        "Core group meeting",  # held 1 March
        "Review conference 1",  # held 9 April
        "You are here",
        "Core group meeting",  # #3, due 3 May: overdue
        "Review conference 2",  # due 9 October: overdue
        "Your child's 18th birthday",
    ]
    assert "Today, Friday 20 November 2026" in page_text_of(items[4])
    # Each item says its date and its status in words, not colour alone.
    for item in items:
        assert item.select_one(".portal-timeline__date").get_text(strip=True)
        assert item.select_one(".govuk-tag").get_text(strip=True)
    late = items[5:7]
    assert page_text_of(late[0]).startswith("Was due by Sunday 3 May 2026")
    assert page_text_of(late[1]).startswith("Was due by Friday 9 October 2026")
    assert [i.select_one(".govuk-tag").get_text(strip=True) for i in late] == ["Overdue"] * 2
    assert all("portal-timeline__item--late" in i["class"] for i in late)
    assert "Time: 10am" in page_text_of(items[1])  # GOV.UK style: 12-hour in English


def test_the_sections_come_in_order(sign_in, get_page, today):
    """The first screen's four answers, then the plan in brief, the timeline, who is
    involved and how long plans last."""
    today("2026-11-20")
    sign_in(STATES["overdue-review-and-core-group"].data)
    soup = get_page("/en/my-plan")
    ids = [h["id"] for h in soup.select("h2[id]")]
    assert ids == [
        "next-meeting-title",
        "who-to-call-title",
        "my-actions-title",
        "later-meetings-title",
        "plan-contents-title",
        "your-plan",
        "timeline",
        "who-is-involved",
        "how-long",
    ]
    assert soup.select_one("a[href='/en/my-plan/young-person']")


def test_national_figures_are_the_published_ones(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(record())
    text = page_text_of(section(get_page("/en/my-plan"), "how-long"))
    assert "70.4% had lasted less than a year" in text
    assert "4.4% of them (2,710 plans) had lasted 2 years or more" in text
    assert "year ending 31 March 2025" in text


def test_stoke_has_no_legal_section_even_after_15_months(sign_in, get_page, today):
    state = STATES["stoke-senior-manager-review"]
    today(state.today)
    sign_in(state.data)
    assert LEGAL_HEADING not in page_text(get_page("/en/my-plan"))


@pytest.mark.parametrize(
    ("lang", "joined"), [("en", "Health <visitor>, A & B"), ("ar", "Health <visitor>، A & B")]
)
def test_a_members_role_and_agency_are_joined_in_the_readers_language(
    sign_in, get_page, today, lang, joined
):
    today("2026-11-20")
    data = record()
    data["core_group"][1] = {**data["core_group"][1], "role": "Health <visitor>", "agency": "A & B"}
    sign_in(data, lang=lang)
    soup = get_page(f"/{lang}/my-plan")
    rows = {
        " ".join(row.dt.get_text().split()): " ".join(row.dd.get_text().split())
        for row in section(soup, "who-is-involved").select(".govuk-summary-list__row")
    }
    assert rows["Jo Reedqz"] == joined, (
        "escaped text shows as written, joined by the language's comma"
    )
    assert rows["Anna Nowakqz"].startswith("Mother")
