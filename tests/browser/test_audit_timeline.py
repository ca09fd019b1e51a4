"""What a parent sees on a phone (375 px) for the timeline findings of the domain audit:
the 21-month policy's 24-month conference shown as "only if needed" (L1), and a manager's
review never recorded on an ended plan shown as "not recorded" (L15), in English, Arabic and
Urdu (right to left), with axe checks and screenshots."""

import datetime as dt

import pytest

from portal import clock
from portal.models import Plan, db
from portal.records import create_family_link, create_plan
from tests.browser.conftest import SCREENSHOTS
from tests.browser.portal_data import unique
from tests.family.plans import held_reviews, initial, record

pytestmark = pytest.mark.browser


def policy_at_22_months():
    reviews = held_reviews("2026-04-09", "2026-10-09", "2027-04-09", "2027-10-08")
    reviews[2]["progress"] = "insufficient"
    return record(profile="twenty-one-month-policy", conferences=[initial("2026-01-12"), *reviews])


def stoke_ended():
    reviews = held_reviews("2026-04-09", "2026-10-09", "2027-04-08", last_decision="end")
    reviews[1]["progress"] = "insufficient"
    return record(
        profile="stoke-on-trent",
        conferences=[initial("2026-01-12"), *reviews],
        ended={"date": "2027-04-08", "reason": "no_longer_at_risk"},
    )


def policy_open_after_21_months():
    reviews = held_reviews("2025-04-01", "2025-10-01", "2026-04-01", "2026-10-01")
    return record(
        profile="twenty-one-month-policy",
        start="2025-01-01",
        conferences=[initial("2025-01-01"), *reviews],
        core_group_meetings=[{"date": "2026-10-15", "status": "held"}],
    )


def open_past_18():
    data = record(
        start="2027-03-15",
        conferences=[initial("2027-03-15")],
        core_group_meetings=[{"date": "2027-03-25", "status": "held"}],
    )
    data["child"]["date_of_birth"] = "2009-06-01"
    return data


def family_link(app, data):
    with app.app_context():
        plan = create_plan(
            {**data, "reference": unique("AU")}, app.extensions["profiles"], actor="test"
        )
        new = create_family_link(db.session.get(Plan, plan.id), "Mother", 30, actor="test")
        return new.token, new.passcode


@pytest.mark.parametrize("lang", ["en", "ar", "ur"])
@pytest.mark.parametrize(
    ("name", "data", "today", "expected"),
    [
        ("exceptional", policy_at_22_months, "2027-11-01", "24-month conference"),
        ("not-recorded", stoke_ended, "2027-06-01", "Not recorded"),
        ("review-required", policy_open_after_21_months, "2027-05-01", "24-month conference"),
        (
            "past-18",
            open_past_18,
            "2027-07-10",
            "Your child has turned 18. The plan should have ended at the review around their "
            "birthday. Ask your social worker to confirm that it has ended.",
        ),
    ],
)
def test_a_parent_reads_the_timeline_on_a_phone(
    browser,
    browser_context_args,
    app,
    live_server,
    monkeypatch,
    axe_check,
    lang,
    name,
    data,
    today,
    expected,
):
    monkeypatch.setattr(clock, "today", lambda: dt.date.fromisoformat(today))
    token, passcode = family_link(app, data())
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 375, "height": 800}}
    )
    page = context.new_page()
    page.goto(f"{live_server}/{lang}/f/{token}")
    page.fill("#passcode", passcode)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/{lang}/my-plan")
    with app.test_request_context(f"/{lang}/"):
        from flask_babel import force_locale, gettext

        from portal.languages import locale_for

        with force_locale(locale_for(lang)):
            wanted = gettext(expected)
            overdue = gettext("Overdue")
    if name in ("review-required", "past-18"):
        # Late (due and not held): in view straight after "You are here", marked late and
        # in date order, never folded into what has happened.
        shown = page.locator(".portal-timeline:not(.portal-timeline-earlier .portal-timeline) > li")
        assert shown.first.get_attribute("id") == "you-are-here"
        texts = shown.all_inner_texts()
        is_late = [
            "portal-timeline__item--late" in (item.get_attribute("class") or "")
            for item in shown.all()
        ]
        late_run = is_late[1:].index(False) if False in is_late[1:] else len(is_late) - 1
        assert late_run >= 1 and not any(is_late[1 + late_run :])
        assert any(wanted in text and overdue in text for text in texts[1 : 1 + late_run])
    earlier = page.locator(".portal-timeline-earlier summary")
    if earlier.count():
        earlier.click()  # what has happened so far, folded
    items = page.locator(".portal-timeline__item").all_inner_texts()
    assert any(wanted in item for item in items), items
    if name == "not-recorded":
        assert overdue not in page.locator("main").inner_text()
    if name == "review-required":  # six months after the 21-month review have passed
        assert any(wanted in item and overdue in item for item in items), items
    # nothing runs off the side of a phone screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    axe_check(page, f"{name} {lang}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"audit-{name}-{lang}-first-screen.png"))
    page.locator(".portal-timeline__item", has_text=wanted).first.screenshot(
        path=str(SCREENSHOTS / f"audit-{name}-{lang}-item.png")
    )
    context.close()
