"""Calendars: one meeting to download, and the private feed to subscribe to."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.models import AuditEvent, FamilyLink, db
from portal.records import revoke_link
from tests.family.conftest import csrf_from
from tests.family.plans import CHILD_NAME, CONCERN, PLACE, held_reviews, initial, record

UID = re.compile(
    r"^(\d+)-(initial-conference|review-conference|core-group)-(\d+)@family-plan-portal$"
)


def meetings_record():
    return record(
        conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
        core_group_meetings=[
            {"date": "2026-01-22", "time": "10:00", "place": PLACE, "status": "held"},
            {"date": "2026-03-01", "time": None, "place": None, "status": "cancelled"},
            {"date": "2026-12-03", "time": "14:30", "place": PLACE, "status": "scheduled"},
            {"date": "2027-01-05", "time": None, "place": None, "status": "scheduled"},
        ],
    )


def subscribe(client, lang="en") -> str:
    """Press "Subscribe to all your meetings"; returns the feed's path and query."""
    page = client.get(f"/{lang}/my-plan").get_data(as_text=True)
    response = client.post(
        f"/{lang}/my-plan/calendar/subscribe", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    address = re.search(r"<code>([^<]+)</code>", html).group(1).replace("&amp;", "&")
    webcal = re.search(r'href="(webcal://[^"]+)"', html).group(1).replace("&amp;", "&")
    assert webcal == "webcal://" + address.split("://", 1)[1]
    parts = urlsplit(address)
    assert re.fullmatch(r"/calendar/[A-Za-z0-9_-]{40,}\.ics", parts.path)
    return f"{parts.path}?{parts.query}"


def events(body: bytes) -> dict:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_subscribe_page(client, sign_in, get_page, today, lang):
    today("2026-11-20")
    sign_in(meetings_record(), lang)
    page = client.get(f"/{lang}/my-plan").get_data(as_text=True)
    response = client.post(
        f"/{lang}/my-plan/calendar/subscribe", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    from tests.fixtures.pages import check_page

    check_page(response.get_data(as_text=True), lang)


def test_subscribing_needs_the_csrf_token(client, sign_in):
    sign_in(meetings_record())
    assert client.post("/en/my-plan/calendar/subscribe").status_code == 400


def test_feed_is_valid_private_and_in_london_time(app, client, sign_in, today):
    today("2026-11-20")
    plan_id, link_id = sign_in(meetings_record())
    feed = subscribe(client)
    stranger = app.test_client()  # a calendar app: no session, only the address
    response = stranger.get(feed)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()

    # Nothing of the plan but dates, times and places.
    text = body.decode("utf-8").replace("\r\n ", "")  # unfold long lines
    for secret in (
        CHILD_NAME,
        CONCERN[:20],
        "alert",
        "neglect",
        "Neglect",
        "emotional",
        "Emotional",
        "Sam Patel",
        "sam.patel",
        "Anna",
        "FV-",
        "qz",
    ):
        assert secret not in text, secret

    found = events(body)
    for uid in found:
        assert UID.match(uid) and UID.match(uid).group(1) == str(plan_id), uid
    by_kind = {(m.group(2), int(m.group(3))) for m in map(UID.match, found)}
    assert by_kind == {
        ("initial-conference", 1),
        ("review-conference", 1),
        ("review-conference", 2),  # held; projected (overdue)
        ("core-group", 1),
        ("core-group", 2),
        ("core-group", 3),  # not the cancelled one
        # none projected after the last booked one: England sets no interval
    }
    booked = found[f"{plan_id}-core-group-2@family-plan-portal"]
    start = booked.decoded("DTSTART")
    assert start == dt.datetime(2026, 12, 3, 14, 30, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "Europe/London"
    assert booked["DTSTART"].params["TZID"] == "Europe/London"
    assert str(booked["SUMMARY"]) == "Core group meeting"
    assert str(booked["LOCATION"]) == PLACE
    assert "TZID:Europe/London" in text and "BEGIN:VTIMEZONE" in text
    # A summer meeting is in British Summer Time: 10:00 in London is 09:00 UTC.
    held = found[f"{plan_id}-core-group-1@family-plan-portal"].decoded("DTSTART")
    assert held.utcoffset() == dt.timedelta(0)  # 22 January: GMT
    # No time recorded: an all-day event.
    no_time = found[f"{plan_id}-core-group-3@family-plan-portal"].decoded("DTSTART")
    assert no_time == dt.date(2027, 1, 5)
    review = found[f"{plan_id}-review-conference-2@family-plan-portal"]
    assert review.decoded("DTSTART") == dt.date(2026, 10, 9)
    assert str(review["STATUS"]) == "TENTATIVE"
    assert "date not fixed yet" in str(review["SUMMARY"])

    with app.app_context():
        fetches = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "calendar.fetch", AuditEvent.plan_id == plan_id
            )
        ).all()
        assert [(f.actor, f.detail.startswith("feed:")) for f in fetches] == [
            (f"family-link:{link_id}", True)
        ]


def test_summer_meeting_times_are_british_summer_time(app, client, sign_in, today):
    today("2026-05-01")
    data = record(
        core_group_meetings=[
            {"date": "2026-06-10", "time": "10:00", "place": None, "status": "scheduled"}
        ]
    )
    plan_id, _ = sign_in(data)
    body = app.test_client().get(subscribe(client)).get_data()
    start = events(body)[f"{plan_id}-core-group-1@family-plan-portal"].decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert start.astimezone(dt.UTC).hour == 9


def test_uids_stay_the_same_when_a_date_is_booked(app, client, sign_in, today, save_plan):
    """A projected review that is later booked keeps its UID, so calendars update it."""
    today("2026-11-20")
    plan_id, _ = sign_in(meetings_record())
    feed = subscribe(client)
    before = events(app.test_client().get(feed).get_data())
    uid = f"{plan_id}-review-conference-2@family-plan-portal"
    assert before[uid].decoded("DTSTART") == dt.date(2026, 10, 9)

    from portal.models import Plan
    from portal.records import replace_plan

    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        data = {
            **plan.record,
            "conferences": [
                *plan.record["conferences"],
                {"kind": "review", "date": "2026-12-10", "status": "scheduled"},
            ],
        }
        replace_plan(data, app.extensions["profiles"], actor="test")
    after = events(app.test_client().get(feed).get_data())
    assert after[uid].decoded("DTSTART") == dt.date(2026, 12, 10)
    assert str(after[uid]["STATUS"]) == "CONFIRMED"


def test_feed_titles_use_the_language_chosen_when_subscribing(app, client, sign_in, words):
    sign_in(meetings_record(), "ur")
    feed = subscribe(client, "ur")
    assert feed.endswith("?lang=ur")
    body = app.test_client().get(feed).get_data().decode("utf-8")
    assert f"SUMMARY:{words('ur', 'Core group meeting')}" in body


def test_unknown_or_revoked_feed_is_a_404(app, client, sign_in):
    _, link_id = sign_in(meetings_record())
    feed = subscribe(client)
    stranger = app.test_client()
    assert stranger.get("/calendar/made-up-token.ics").status_code == 404
    assert stranger.get(feed).status_code == 200
    with app.app_context():
        revoke_link(db.session.get(FamilyLink, link_id), actor="test")
    assert stranger.get(feed).status_code == 404


def test_feed_stops_when_its_link_expires(app, client, sign_in, link_row):
    _, link_id = sign_in(meetings_record())
    feed = subscribe(client)
    link_row(link_id, expires_at=dt.datetime(2020, 1, 1))
    assert app.test_client().get(feed).status_code == 404


def test_one_meeting_download(client, sign_in, today):
    today("2026-11-20")
    plan_id, _ = sign_in(meetings_record())
    response = client.get("/en/my-plan/calendar/core-group-2.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="meeting.ics"'
    found = events(response.get_data())
    assert list(found) == [f"{plan_id}-core-group-2@family-plan-portal"]
    assert client.get("/en/my-plan/calendar/core-group-99.ics").status_code == 404
    assert client.get("/en/my-plan/calendar/anything.ics").status_code == 404


def test_one_meeting_download_needs_the_session(app, sign_in):
    sign_in(meetings_record())
    response = app.test_client().get("/en/my-plan/calendar/core-group-2.ics")
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/my-plan/session-ended"


def test_booked_meetings_remind_the_day_before_and_two_hours_before(app, client, sign_in, today):
    today("2026-11-20")
    sign_in(meetings_record())
    found = events(client.get(subscribe(client)).data)
    reminders = {
        uid.split("-", 1)[1].split("@")[0]: sorted(
            alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")
        )
        for uid, event in found.items()
    }
    # 3 December at 2:30pm: the day before and two hours before.
    # (The cancelled meeting has no number: the booked ones are 2 and 3.)
    assert reminders["core-group-2"] == [dt.timedelta(days=-1), dt.timedelta(hours=-2)]
    # 5 January with no time: all day, one reminder at 9am the day before.
    assert reminders["core-group-3"] == [dt.timedelta(hours=-15)]
    # The next review is not booked: a deadline, with no reminder to go anywhere.
    assert reminders["review-conference-2"] == []
    for event in found.values():
        for alarm in event.walk("VALARM"):
            assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
