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
def test_subscribe_page(client, sign_in, get_page, today, words, lang):
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
    # It says the phone will remind them (the feed's VALARMs), in their language.
    reminders = words(lang, REMINDERS)
    assert reminders in " ".join(response.get_data(as_text=True).split())
    assert (lang == "en") == (reminders == REMINDERS)


REMINDERS = (
    "When a meeting is booked, your phone will usually remind you the day before, "
    "and again two hours before if its time is set."
)


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


def conference_record():
    """A review conference booked with its time and place, a core group meeting booked,
    and the next meetings after them not booked yet (deadlines)."""
    return record(
        profile="twenty-one-month-policy",
        conferences=[
            initial("2026-01-12"),
            *held_reviews("2026-04-09"),
            {
                "kind": "review",
                "date": "2026-10-08",
                "time": "13:30",
                "place": "Civic Centre, Room 4",
                "status": "scheduled",
            },
        ],
        core_group_meetings=[
            {"date": "2026-09-30", "time": "10:00", "place": PLACE, "status": "scheduled"},
        ],
    )


GUIDE = {"review-conference": "conferences", "initial-conference": "conferences"}
NOT_FIXED = (
    "The date is not fixed yet. This is the latest date it should happen by. Your social "
    "worker will tell you the exact date."
)


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_every_event_says_what_it_is_and_links_its_guide(app, client, sign_in, today, words, lang):
    today("2026-09-20")
    plan_id, _ = sign_in(conference_record(), lang)
    body = app.test_client().get(subscribe(client, lang)).get_data()
    found = events(body)
    explained = {
        "initial-conference": "The meeting where your child's plan was made.",
        "review-conference": "A meeting to check how the plan is going and if it is still needed.",
        "core-group": "The core group meets to check that the plan is being carried out.",
    }
    assert len(found) >= 5
    for uid, event in found.items():
        kind = UID.match(uid).group(2)
        description = str(event["DESCRIPTION"])
        base = app.config["PORTAL_BASE_URL"]
        guide = f"{base}/{lang}/parents/{GUIDE.get(kind, 'core-group')}"
        assert words(lang, explained[kind]) in description, uid
        assert words(lang, "Read about this meeting: %(address)s", address=guide) in description
        assert CHILD_NAME not in description and "Sam Patel" not in description

    # The booked review conference: its time and place, busy, with reminders.
    booked = found[f"{plan_id}-review-conference-2@family-plan-portal"]
    start = booked.decoded("DTSTART")
    assert start == dt.datetime(2026, 10, 8, 13, 30, tzinfo=start.tzinfo)
    assert str(booked["LOCATION"]) == "Civic Centre, Room 4"
    assert str(booked["STATUS"]) == "CONFIRMED" and "TRANSP" not in booked
    assert len(booked.walk("VALARM")) == 2
    assert words(lang, "If you cannot go, tell your social worker as soon as you can.") in str(
        booked["DESCRIPTION"]
    )

    # A meeting held already asks nothing of the family.
    held = found[f"{plan_id}-initial-conference-1@family-plan-portal"]
    assert words(lang, "If you cannot go, tell your social worker as soon as you can.") not in (
        str(held["DESCRIPTION"])
    )

    # The meetings not booked yet are deadlines: free time, tentative, titled as not
    # fixed, no reminder, and never busy all day.
    unbooked = [e for e in found.values() if str(e["STATUS"]) == "TENTATIVE"]
    assert {UID.match(str(e["UID"])).group(2) for e in unbooked} == {
        "review-conference",
        "core-group",
    }
    for event in unbooked:
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert not event.walk("VALARM")
        titles = {
            words(lang, "%(meeting)s (date not fixed yet)", meeting=words(lang, meeting))
            for meeting in ("Review conference", "Core group meeting")
        }
        assert str(event["SUMMARY"]) in titles
        assert words(lang, NOT_FIXED) in str(event["DESCRIPTION"])
        assert isinstance(event.decoded("DTSTART"), dt.date)
    for event in found.values():
        all_day = not isinstance(event.decoded("DTSTART"), dt.datetime)
        busy = str(event.get("TRANSP", "OPAQUE")) == "OPAQUE"
        assert not (all_day and busy and str(event["STATUS"]) == "TENTATIVE")


def test_the_feed_reads_the_same_in_a_second_parser(app, client, sign_in, today):
    """vobject, written apart from icalendar, reads the feed to the same events: the
    same UIDs, starts (London time), places, descriptions and reminders."""
    import vobject

    today("2026-09-20")
    sign_in(conference_record())
    body = app.test_client().get(subscribe(client)).get_data()
    ours = events(body)
    calendar = vobject.readOne(body.decode("utf-8"), validate=True)
    theirs = {str(e.uid.value): e for e in calendar.vevent_list}
    assert set(theirs) == set(ours)
    for uid, event in theirs.items():
        start = event.dtstart.value
        assert start == ours[uid].decoded("DTSTART"), uid
        if isinstance(start, dt.datetime):
            assert start.utcoffset() == ours[uid].decoded("DTSTART").utcoffset()
        assert event.summary.value == str(ours[uid]["SUMMARY"])
        assert event.description.value == str(ours[uid]["DESCRIPTION"])
        if "LOCATION" in ours[uid]:
            assert event.location.value == str(ours[uid]["LOCATION"])
        alarms = [c for c in event.getChildren() if c.name == "VALARM"]
        assert len(alarms) == len(ours[uid].walk("VALARM")), uid
        for alarm in alarms:
            assert alarm.action.value == "DISPLAY" and alarm.trigger.value < dt.timedelta(0)
    # One download is read the same way.
    one = client.get("/en/my-plan/calendar/review-conference-2.ics").get_data().decode()
    assert len(vobject.readOne(one, validate=True).vevent_list) == 1
