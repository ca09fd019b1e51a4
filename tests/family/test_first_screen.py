"""The plan page's first screen answers a parent's four questions: when and where is
the next meeting (weekday, date, time, place, with "Add to calendar"), who to call
(the social worker and the council's out-of-hours number, as tap-to-call links), what
the family must do (their open actions, the nearest due date first) and where the rest
is. The browser test (test_browser_phone.py) checks that it fits a phone's first screen."""

import datetime as dt

import pytest
from flask_babel import force_locale, format_date

from portal import create_app
from portal.languages import locale_for
from tests.conftest import migrated
from tests.conftest import test_settings as settings_for_tests
from tests.family.plans import PLACE, initial, record

OUT_OF_HOURS = "0300 123 9999"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return migrated(
        create_app(
            settings_for_tests(
                tmp_path_factory.mktemp("first-screen"), PORTAL_OUT_OF_HOURS_PHONE=OUT_OF_HOURS
            )
        )
    )


def action(text, who, by, status="open"):
    return {"action": text, "who": who, "by": by, "status": status}


def plan_with_a_booked_meeting():
    return record(
        conferences=[initial("2026-10-01")],
        core_group_meetings=[
            {"date": "2026-12-03", "time": "14:30", "place": PLACE, "status": "scheduled"}
        ],
        outcomes=[
            {
                "goal": "Goal qz.",
                "actions": [
                    action("Later qzlater.", "Anna Nowakqz", "2027-01-10"),
                    action("School's own qzschool.", "School", "2026-11-25"),
                    action("Whenever qznodate.", "anna nowakqz", None),
                    action("Already done qzdone.", "Anna Nowakqz", "2026-11-01", "done"),
                ],
            },
            {
                "goal": "Second goal qz.",
                "actions": [action("Sooner qzsooner.", "Anna Nowakqz and Jo", "2026-12-01")],
            },
        ],
    )


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def in_language(app, lang, render):
    with app.test_request_context(f"/{lang}/"), force_locale(locale_for(lang)):
        return render()


@pytest.mark.parametrize("lang", ["en", "pl", "ur", "bn"])
def test_the_next_meeting_with_weekday_time_place_and_calendar(
    app, sign_in, get_page, today, words, lang
):
    today("2026-11-20")
    sign_in(plan_with_a_booked_meeting(), lang)
    soup = get_page(f"/{lang}/my-plan")
    card = soup.select_one("#whats-next")
    first = card.select_one(".portal-next-meeting")
    assert first.h2.get_text(strip=True) == words(lang, "Next core group meeting")
    facts = [text_of(dd) for dd in first.select("dd")]
    weekday_date = in_language(app, lang, lambda: format_date(dt.date(2026, 12, 3), "full"))
    if lang == "en":
        weekday_date = "Thursday 3 December 2026"  # GOV.UK style: no comma
        assert facts[1] == "2:30pm"
    else:
        assert "14:30" in facts[1] or "২:৩০" in facts[1] or "2:30" in facts[1]
    assert facts[0] == weekday_date
    assert facts[2] == PLACE
    hrefs = [a["href"] for a in first.select("a")]
    assert f"/{lang}/my-plan/calendar/core-group-1.ics" in hrefs
    assert f"/{lang}/parents/core-group" in hrefs
    # The review conference after it is there too, briefly, with its own calendar file.
    second = soup.select_one("[aria-labelledby=later-meetings-title] .portal-next-meeting")
    assert second.h3.get_text(strip=True) == words(lang, "Next review conference")
    assert f"/{lang}/my-plan/calendar/review-conference-1.ics" in [
        a["href"] for a in second.select("a")
    ]


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_next_conference_says_who_chairs_it(sign_in, get_page, today, words, lang):
    today("2026-03-20")
    review = {
        "kind": "review",
        "date": "2026-04-09",
        "time": "10:00",
        "place": PLACE,
        "chair": "Kim Ashworthqz",
        "status": "scheduled",
    }
    sign_in(record(format="cp-plan/2", conferences=[initial("2026-01-12"), review]), lang)
    card = get_page(f"/{lang}/my-plan").select_one("#whats-next .portal-next-meeting")
    assert card.h2.get_text(strip=True) == words(lang, "Next review conference")
    labels = [text_of(dt) for dt in card.select("dt")]
    facts = dict(zip(labels, [text_of(dd) for dd in card.select("dd")], strict=True))
    assert facts[words(lang, "Chaired by")] == "Kim Ashworthqz"


def test_who_to_call_gives_tap_to_call_numbers(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(plan_with_a_booked_meeting())
    part = get_page("/en/my-plan").select_one("[aria-labelledby=who-to-call-title]")
    assert "Sam Patelqz" in text_of(part)
    calls = {a["href"]: a.get_text() for a in part.select("a[href^='tel:']")}
    assert calls == {"tel:01782000000": "01782 000 000", "tel:03001239999": OUT_OF_HOURS}


def test_a_social_worker_with_only_an_email_is_written_to(sign_in, get_page, today):
    today("2026-11-20")
    data = plan_with_a_booked_meeting()
    data["lead_social_worker"] = {"name": "Sam", "phone": None, "email": "sam@example.org"}
    sign_in(data)
    part = get_page("/en/my-plan").select_one("[aria-labelledby=who-to-call-title]")
    assert part.select_one("a[href='mailto:sam@example.org']")


def test_the_familys_open_actions_nearest_first(sign_in, get_page, today):
    today("2026-12-02")
    sign_in(plan_with_a_booked_meeting())
    part = get_page("/en/my-plan").select_one("[aria-labelledby=my-actions-title]")
    items = [text_of(li) for li in part.select("li")]
    assert [item.split()[0] for item in items] == ["Sooner", "Later", "Whenever"]
    assert "By Tuesday 1 December 2026 Overdue" in items[0]
    assert items[1].endswith("By Sunday 10 January 2027")
    assert items[2].endswith("No date set")
    # Other people's actions and finished ones are not the family's to do.
    assert "qzschool" not in text_of(part) and "qzdone" not in text_of(part)


def test_no_open_actions_is_said_plainly(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(record(outcomes=[]))
    part = get_page("/en/my-plan").select_one("[aria-labelledby=my-actions-title]")
    assert "The plan has no actions for your family that are still to do." in text_of(part)


def test_an_ended_plan_says_so_first(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(
        record(
            conferences=[
                initial("2026-01-12"),
                {"kind": "review", "date": "2026-04-09", "status": "held", "decision": "end"},
            ],
            ended={"date": "2026-04-09", "reason": "no_longer_at_risk"},
        )
    )
    soup = get_page("/en/my-plan")
    assert "There are no more meetings for this plan." in text_of(soup.select_one("#whats-next"))
    assert not soup.select_one("[aria-labelledby=my-actions-title]")
    assert soup.select_one("[aria-labelledby=who-to-call-title] a[href^='tel:']")
