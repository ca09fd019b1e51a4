"""The reminder job end to end: real mail to a real SMTP server, text messages to a local
server that checks each request as GOV.UK Notify's API would."""

import json
import re

import pytest

from portal.models import db
from portal.models.outgoing import ReminderChoice, ReminderDelivery
from tests.family import plans
from tests.reminders.conftest import MEETING, change_record, plan_record

DAY_BEFORE = "2027-01-11T10:00"  # 24 hours before the meeting (GMT = England in January)


def send(app, now: str) -> dict:
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--now", now])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def sms_bodies(notify) -> list[str]:
    return [
        body["personalisation"]["message"]
        for path, body in notify.state.sent
        if path.endswith("/sms")
    ]


def test_nothing_is_due_before_the_day_before(reminder_app, member, smtp, notify):
    member(plan_record(), sms="07700 900123", email="anna@example.org")
    assert send(reminder_app, "2027-01-11T09:45") == {"sent": 0, "failed": 0, "skipped": 0}
    assert smtp.mailbox.messages == [] and notify.state.sent == []


def test_two_runs_send_one_message_per_channel(reminder_app, member, smtp, notify):
    member(plan_record(), sms="07700 900123", email="anna@example.org")
    assert send(reminder_app, DAY_BEFORE) == {"sent": 2, "failed": 0, "skipped": 0}
    assert send(reminder_app, "2027-01-11T10:15") == {"sent": 0, "failed": 0, "skipped": 0}
    assert len(smtp.mailbox.messages) == 1
    assert notify.state.rejected == []
    [(path, body)] = notify.state.sent
    assert path == "/v2/notifications/sms"
    assert body["phone_number"] == "+447700900123"
    assert body["template_id"] == "f33517ff-2a88-4f6e-b855-c550268ce08a"
    text = body["personalisation"]["message"]
    assert text.startswith(
        "Reminder: a meeting about your family's plan is on Tuesday 12 January 2027 at 10am, "
        "Family centre, Room 2. Details: https://plans.example.gov.uk/r/"
    )
    assert text.endswith("Reply STOP to stop these reminders.")
    mail = smtp.mailbox.messages[0]
    assert mail["To"] == "anna@example.org"
    assert mail["From"] == "reminders@council.example.org"
    assert mail["Subject"] == "Reminder: meeting on Tuesday 12 January 2027"
    assert mail["Content-Language"] == "en"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<https://plans\.example\.gov\.uk/en/reminders/stop/[\w.-]+>", mail["List-Unsubscribe"]
    )
    assert "Tuesday 12 January 2027 at 10am, Family centre, Room 2" in mail.get_content()
    with reminder_app.app_context():
        rows = db.session.query(ReminderDelivery).all()
        assert sorted((r.channel, r.purpose, r.status, r.attempts) for r in rows) == [
            ("email", "day-before", "sent", 1),
            ("sms", "day-before", "sent", 1),
        ]


def test_the_details_address_opens_the_passcode_page_of_that_link(reminder_app, member, notify):
    link_id = member(plan_record(), sms="07700900123")
    send(reminder_app, DAY_BEFORE)
    address = re.search(r"https://plans\.example\.gov\.uk(/r/\S+)", sms_bodies(notify)[0]).group(1)
    client = reminder_app.test_client()
    opened = client.get(address)
    assert opened.status_code == 302 and opened.headers["Location"].startswith("/en/r/")
    page = client.get(opened.headers["Location"])
    assert page.status_code == 200 and "Enter your passcode" in page.get_data(as_text=True)
    # A stopped link's reminders lead nowhere; a forged address too.
    from portal.models import FamilyLink
    from portal.records import revoke_link

    with reminder_app.app_context():
        revoke_link(db.session.get(FamilyLink, link_id), actor="test")
    assert client.get(address).status_code == 404
    assert client.get(address[:-3] + "abc").status_code == 404


def test_failed_sends_are_retried_later_and_counted(reminder_app, member, notify):
    member(plan_record(), sms="07700900123")
    notify.state.fail_next = 1
    assert send(reminder_app, DAY_BEFORE) == {"sent": 0, "failed": 1, "skipped": 0}
    # Not again at once: the next try is 5 minutes later.
    assert send(reminder_app, "2027-01-11T10:04") == {"sent": 0, "failed": 0, "skipped": 0}
    assert send(reminder_app, "2027-01-11T10:05") == {"sent": 1, "failed": 0, "skipped": 0}
    assert send(reminder_app, "2027-01-11T10:30") == {"sent": 0, "failed": 0, "skipped": 0}
    assert len(notify.state.sent) == 1
    with reminder_app.app_context():
        [row] = db.session.query(ReminderDelivery).all()
        assert (row.status, row.attempts, row.error) == ("sent", 2, None)


def test_a_failed_reminder_is_logged_with_its_delivery_and_the_kind_of_failure(
    reminder_app, member, notify
):
    from tests.test_logging import _lines_of, _read

    member(plan_record(), sms="07700900123")
    buffer = _lines_of(reminder_app)
    notify.state.fail_next = 1
    assert send(reminder_app, DAY_BEFORE)["failed"] == 1
    with reminder_app.app_context():
        [row] = db.session.query(ReminderDelivery).all()
        delivery, kind = row.id, row.error
    (line,) = [line for line in _read(buffer) if line["message"] == "Reminder not sent"]
    assert line["level"] == "WARNING"
    assert (line["delivery"], line["failure"]) == (delivery, kind)
    assert kind and kind.startswith("notify")


def test_a_moved_meeting_sends_a_correction(reminder_app, member, notify):
    link_id = member(plan_record(), sms="07700900123")
    send(reminder_app, DAY_BEFORE)

    def move(data):
        data["core_group_meetings"][1] = {**MEETING, "date": "2027-01-19", "time": "14:30"}

    change_record(reminder_app, link_id, move)
    assert send(reminder_app, "2027-01-11T12:00")["sent"] == 1
    assert send(reminder_app, "2027-01-11T12:15")["sent"] == 0
    correction = sms_bodies(notify)[1]
    assert correction.startswith(
        "Change: the meeting about your family's plan is now on Tuesday 19 January 2027 at 2:30pm"
    )


def test_a_cancelled_meeting_sends_a_cancellation(reminder_app, member, notify):
    link_id = member(plan_record(), sms="07700900123")
    send(reminder_app, DAY_BEFORE)

    def cancel(data):
        data["core_group_meetings"][1]["status"] = "cancelled"

    change_record(reminder_app, link_id, cancel)
    assert send(reminder_app, "2027-01-11T12:00")["sent"] == 1
    assert sms_bodies(notify)[1].startswith(
        "A meeting about your family's plan on Tuesday 12 January 2027 is cancelled. "
        "Your social worker will tell you the new date."
    )
    assert send(reminder_app, "2027-01-11T13:00")["sent"] == 0


def test_a_stop_reply_ends_text_messages(reminder_app, member, notify):
    member(plan_record(), sms="07700900123", email="anna@example.org")
    notify.state.received_texts.append(
        {
            "id": "3d0b9c4e-0000-4000-8000-000000000001",
            "user_number": "447700900123",
            "notify_number": "07900000000",
            "created_at": "2099-01-01T00:00:00.000000Z",
            "service_id": notify.state.service_id,
            "content": "Stop",
        }
    )
    assert send(reminder_app, DAY_BEFORE) == {"sent": 1, "failed": 0, "skipped": 0}
    assert notify.state.sent == []  # the email went, the text message did not
    with reminder_app.app_context():
        assert [c.channel for c in db.session.query(ReminderChoice)] == ["email"]


def test_an_old_stop_reply_does_not_end_a_newer_choice(reminder_app, member, notify):
    member(plan_record(), sms="07700900123")
    notify.state.received_texts.append(
        {
            "id": "3d0b9c4e-0000-4000-8000-000000000002",
            "user_number": "447700900123",
            "created_at": "2020-01-01T00:00:00.000000Z",
            "content": "STOP",
        }
    )
    assert send(reminder_app, DAY_BEFORE)["sent"] == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # A weekday cannot follow "w" or "é" in every case (w środę, no sábado): the
        # message names the date after a dash, as "termin:" does in Polish.
        ("pl", "rodziny – termin: wtorek, 12 stycznia 2027, godz. 10:00, Family centre"),
        ("pt", "família – terça-feira, 12 de janeiro de 2027, às 10:00, Family centre"),
        ("ar", "الثلاثاء"),
        ("bn", "মঙ্গলবার"),
    ],
)
def test_the_message_is_in_the_plans_language(reminder_app, member, notify, language, expected):
    member(plan_record(language=language), sms="07700900123")
    send(reminder_app, DAY_BEFORE)
    [text] = sms_bodies(notify)
    assert expected in text
    assert "Reminder" not in text  # translated, not English


def test_the_preview_shows_what_would_be_sent_without_sending(reminder_app, member, notify, smtp):
    link_id = member(plan_record(), sms="07700900123", two_hours=True)
    with reminder_app.app_context():
        from portal.models import FamilyLink

        reference = db.session.get(FamilyLink, link_id).plan.reference
    result = reminder_app.test_cli_runner().invoke(
        args=["reminders", "preview", reference, "--now", "2027-01-01T09:00"]
    )
    assert result.exit_code == 0, result.output
    assert "Mother: sms to 07•••••••23 (en)" in result.output
    assert "2027-01-11 10:00 (day-before)" in result.output
    assert "2027-01-12 08:00 (two-hours)" in result.output
    assert "Tuesday 12 January 2027 at 10am" in result.output
    assert notify.state.sent == [] and smtp.mailbox.messages == []


def test_without_senders_the_job_sends_nothing_and_says_so(make_app, tmp_path):
    app = make_app()
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--now", DAY_BEFORE])
    assert result.exit_code == 0
    assert json.loads(result.stdout.strip()) == {"sent": 0, "failed": 0, "skipped": 0}
    assert "Reminders are off" in result.stderr


def test_a_bad_now_is_refused_naming_the_option(reminder_app):
    result = reminder_app.test_cli_runner().invoke(args=["reminders", "send", "--now", "tomorrow"])
    assert result.exit_code == 2
    assert "--now" in result.output


def test_no_message_names_the_child_or_any_worry(reminder_app, member, notify, smtp):
    """200 generated plans in every language, each worry naming the child: no message
    (subject or body) holds the child's name or any words of a worry."""
    import datetime as dt
    import random

    from portal.demo.generate import random_record
    from portal.i18n import LANGUAGES

    rng = random.Random(20270111)  # noqa: S311 - repeatable test data
    names, worries = set(), set()
    for index in range(200):
        data = random_record(
            rng,
            f"GEN-R-{index:04d}",
            "england",
            list(LANGUAGES)[index % 7],
            dt.date(2027, 1, 4),
            False,
        )
        name = data["child"]["first_name"] = f"Kidq{index:03d}x"
        worry = f"{name} worryq{index:03d} about home"
        data["concerns"] = [worry]
        data["conferences"] = [c for c in data["conferences"] if c["status"] == "held"]
        data["core_group_meetings"] = [
            *[m for m in data["core_group_meetings"] if m["status"] == "held"],
            {**MEETING, "place": f"Room {index}"},
        ]
        names.add(name)
        worries.add(f"worryq{index:03d}")
        member(
            data,
            sms="07700900123" if index % 2 else None,
            email=None if index % 2 else "p@example.org",
        )
    summary = send(reminder_app, DAY_BEFORE)
    assert summary == {"sent": 200, "failed": 0, "skipped": 0}
    texts = sms_bodies(notify) + [m["Subject"] + m.get_content() for m in smtp.mailbox.messages]
    assert len(texts) == 200
    for text in texts:
        assert "Room " in text  # the place is there
        assert not any(name in text for name in names)
        assert not any(worry in text for worry in worries)
    assert plans.CHILD_NAME not in " ".join(texts)
