"""What the plan page shows of the record, and where the record must never go:
escaped free text, no plan data in links, audit rows or log lines."""

import logging
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, db
from tests.family.conftest import page_text
from tests.family.plans import CHILD_NAME, PLACE, held_reviews, initial, record

FREE_TEXT_NOTE = (
    "Some parts of this plan are in English. You can ask your social worker for an interpreter."
)


def full_record():
    return record(
        conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
        core_group_meetings=[
            {"date": "2026-01-22", "time": "10:00", "place": PLACE, "status": "held"},
            {"date": "2026-12-03", "time": "14:30", "place": PLACE, "status": "scheduled"},
        ],
    )


# Words that only the record holds: none may leave it except on the page itself.
SECRETS = (
    CHILD_NAME,
    "qz",
    "Sam Patel",
    "sam.patel",
    "01782",
    "Family centre",
    "alert(1)",
    "Anna Nowak",
    "neglect",
    "emotional",
)


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_professional_text_is_shown_exactly_and_escaped(
    client, sign_in, get_page, today, words, lang
):
    today("2026-11-20")
    sign_in(full_record(), lang)
    html = client.get(f"/{lang}/my-plan").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "**bold**" in html and "<strong>bold" not in html
    soup = get_page(f"/{lang}/my-plan")
    free = soup.select(".portal-free-text")
    concern = next(el for el in free if "alert(1)" in el.get_text())
    # On a page in another language, untranslated words are marked as English.
    assert concern["dir"] == ("auto" if lang == "en" else "ltr")
    assert concern.get("lang") == (None if lang == "en" else "en")
    assert concern.get_text() == (
        "Zofiaxq has missed meals <script>alert(1)</script> and **bold** school days."
    )
    # Line breaks are kept (the stylesheet shows them with white-space: pre-line).
    assert any(el.get_text() == "Second worry line one.\nSecond worry line two." for el in free)
    # The note that some parts are in English is for readers of other languages.
    assert page_text(soup).count(words(lang, FREE_TEXT_NOTE)) == (0 if lang == "en" else 1)


def test_every_part_of_the_plan_is_shown(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(full_record())
    soup = get_page("/en/my-plan")
    text = page_text(soup)
    for words in (
        "Regular meals qzneeds.",
        "Help with money qzparent.",
        "Anna is warm qzstrength.",
        "Goes to school every day qzgoal.",
        "Walk to school qzaction.",
        "Parenting assessment qzassess.",
        "If things do not improve qzcontingency.",
    ):
        assert words in text
    categories = [a["href"] for a in soup.select("a[href*='/parents/categories']")]
    assert categories == [
        "/en/parents/categories#neglect",
        "/en/parents/categories#emotional-abuse",
    ]
    actions = soup.select(".portal-action")
    assert [a.select_one(".govuk-tag").get_text() for a in actions] == [
        "To do",
        "Done",
        "No longer needed",
    ]
    assert "27 February 2026" in actions[0].get_text()
    assert "No date set" in actions[2].get_text()
    assert "Your social worker will visit your child at least every 10 days." in text
    assert "Some visits may be unannounced" in text


def test_who_is_involved(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(full_record())
    soup = get_page("/en/my-plan")
    assert soup.select_one("a[href='tel:01782000000']").get_text() == "01782 000 000"
    assert soup.select_one("a[href='mailto:sam.patel@example.org']")
    rows = soup.select("#who-is-involved ~ dl")[-1].select(".govuk-summary-list__row")
    members = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in rows}
    assert members["Anna Nowakqz"] == "Mother Family"
    assert "Health visitor" in members["Jo Reedqz"] and "Community health" in members["Jo Reedqz"]
    assert "Family" not in members["Jo Reedqz"]


@pytest.mark.parametrize("page", ["my-plan", "my-plan/young-person"])
def test_no_plan_data_in_any_address_the_page_links_to(sign_in, get_page, today, page):
    today("2026-11-20")
    sign_in(full_record())
    soup = get_page(f"/en/{page}")
    addresses = [
        el.get(attr) for attr in ("href", "src", "action") for el in soup.select(f"[{attr}]")
    ]
    assert addresses
    for address in addresses:
        if address.startswith(("tel:", "mailto:")):
            continue  # the social worker's own contact details, by design
        # A fragment (#neglect) never leaves the browser: not sent, logged or referred.
        decoded = unquote(address.split("#", 1)[0]).casefold()
        for secret in (*SECRETS, "2026-", "fv-"):
            assert secret.casefold() not in decoded, address


def test_views_are_audited_without_plan_content(app, client, sign_in, today):
    today("2026-11-20")
    plan_id, link_id = sign_in(full_record())
    client.get("/en/my-plan")
    client.get("/en/my-plan/young-person")
    client.get("/en/my-plan/calendar/core-group-2.ics")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.plan_id == plan_id)).all()
        views = [(e.actor, e.action, e.detail) for e in events if e.action == "family.view"]
        assert views == [
            (f"family-link:{link_id}", "family.view", "plan"),
            (f"family-link:{link_id}", "family.view", "young-person"),
            (f"family-link:{link_id}", "family.view", "calendar-event"),
        ]
        every_value = " ".join(
            f"{e.actor} {e.action} {e.detail}" for e in db.session.scalars(select(AuditEvent))
        )
    for secret in SECRETS:
        assert secret.casefold() not in every_value.casefold()


@pytest.fixture
def all_logs(caplog, monkeypatch):
    """Capture every logger at DEBUG. Loggers that an earlier test left disabled (Alembic's
    fileConfig disables existing loggers when another test migrates a database) are
    switched back on for this test only."""
    for logger in [
        logging.getLogger(),
        *(
            item
            for item in logging.root.manager.loggerDict.values()
            if isinstance(item, logging.Logger)
        ),
    ]:
        monkeypatch.setattr(logger, "disabled", False)
    caplog.set_level(logging.DEBUG)
    return caplog


def test_plan_text_never_reaches_the_logs(
    app, client, sign_in, save_plan, make_link, enter_passcode, today, all_logs
):
    from portal.models import FamilyLink
    from portal.records import revoke_link

    caplog = all_logs
    today("2026-11-20")
    plan_id, link_id = sign_in(full_record())
    for url in (
        "/en/my-plan",
        "/ur/my-plan",
        "/en/my-plan/young-person",
        "/en/my-plan/calendar/core-group-2.ics",
        "/en/my-plan/calendar/nothing-9.ics",
    ):
        client.get(url)
    _, token, _passcode = make_link(plan_id)
    enter_passcode(token, "0000 0000")
    with app.app_context():
        revoke_link(db.session.get(FamilyLink, link_id), actor="test")
    client.get("/en/my-plan")  # the session ends, and that is logged
    assert caplog.records, "the test should see some log lines"
    logged = caplog.text.casefold()
    for secret in SECRETS:
        assert secret.casefold() not in logged


def test_a_record_that_no_longer_reads_is_a_plain_error(app, client, sign_in, today, all_logs):
    """If the portal's profiles changed under a stored plan, the family sees an error page,
    and the log names the plan by id only."""
    from portal.models import Plan

    today("2026-11-20")
    plan_id, _ = sign_in(full_record())
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        plan.record = {**plan.record, "profile": "no-such-profile"}
        db.session.commit()
    response = client.get("/en/my-plan")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Traceback" not in html and CHILD_NAME not in html
    assert f"Stored plan {plan_id} could not be read" in all_logs.text
    assert CHILD_NAME not in all_logs.text


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_young_person_view(sign_in, get_page, today, words, lang):
    today("2026-11-20")
    sign_in(full_record(), lang)
    soup = get_page(f"/{lang}/my-plan/young-person")
    links = {a["href"] for a in soup.select("a[href]")}
    for slug in (
        "what-is-a-plan",
        "not-your-fault",
        "your-core-group",
        "having-your-say",
        "how-long-it-lasts",
        "who-to-talk-to",
    ):
        assert f"/{lang}/young-people/{slug}" in links
    assert "tel:08001111" in links
    assert "tel:01782000000" in links
    text = page_text(soup)
    assert words(lang, "It is not your fault") in text
    assert "Anna Nowakqz" in text and "Jo Reedqz" in text
    assert words.date(lang, "2026-12-03") in text  # the booked core group meeting
    # Simpler words: the worries written for adults are not on this page.
    assert "alert(1)" not in text
    assert soup.select_one("meta[name=robots]")["content"].startswith("noindex")


def test_print_leaves_out_navigation_and_controls(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(full_record())
    soup = get_page("/en/my-plan")
    for form in soup.select("main form"):
        assert form.find_parent(class_="portal-no-print") or "portal-no-print" in form.get(
            "class", []
        ), form
    for link in soup.select("a[href$='.ics']"):
        assert link.find_parent(class_="portal-no-print")
