"""Reminder fixtures: an app whose senders are real servers on 127.0.0.1, and plans with
a booked meeting whose members chose reminders."""

import datetime as dt

import pytest

from portal.models import FamilyLink, Plan, db
from portal.reminders.choices import email_address, set_choice, uk_mobile
from tests.conftest import migrated, test_settings
from tests.family import plans
from tests.reminders.servers import NotifyServer, SmtpServer


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def notify():
    with NotifyServer() as server:
        yield server


def sender_settings(smtp=None, notify=None) -> dict:
    settings = {}
    if smtp is not None:
        settings.update(
            PORTAL_MAIL_HOST="127.0.0.1",
            PORTAL_MAIL_PORT=smtp.port,
            PORTAL_MAIL_TLS="none",
            PORTAL_MAIL_USERNAME="",
            PORTAL_MAIL_PASSWORD="",
            PORTAL_MAIL_FROM="reminders@council.example.org",
        )
    if notify is not None:
        settings.update(
            PORTAL_NOTIFY_API_KEY=notify.api_key,
            PORTAL_NOTIFY_BASE_URL=notify.base_url,
            PORTAL_NOTIFY_SMS_TEMPLATE="f33517ff-2a88-4f6e-b855-c550268ce08a",
            PORTAL_NOTIFY_EMAIL_TEMPLATE="",
        )
    return settings


@pytest.fixture
def reminder_app(tmp_path, smtp, notify):
    from portal import create_app

    return migrated(
        create_app(
            test_settings(
                tmp_path,
                PORTAL_BASE_URL="https://plans.example.gov.uk",
                **sender_settings(smtp, notify),
            )
        )
    )


# A core group meeting on Tuesday 12 January 2027 at 10:00 (GMT), in a plan that began
# in 2026: its reminder is due from 10:00 on Monday 11 January.
MEETING = {"date": "2027-01-12", "time": "10:00", "place": plans.PLACE, "status": "scheduled"}


def plan_record(language="en", **changes) -> dict:
    data = plans.record(start="2026-10-05", language=language, **changes)
    data["format"] = "cp-plan/2"
    data.setdefault("core_group_meetings", [])
    if "core_group_meetings" not in changes:
        data["core_group_meetings"] = [
            {"date": "2026-10-19", "status": "held"},
            dict(MEETING),
        ]
    return data


@pytest.fixture
def member(reminder_app):
    """Store a plan, make a member's link and record their choices; returns the link id."""
    from portal.records import create_family_link, create_plan

    def make(data: dict, *, sms=None, email=None, two_hours=False, label="Mother") -> int:
        with reminder_app.app_context():
            plan = create_plan(data, reminder_app.extensions["profiles"], actor="test")
            new = create_family_link(plan, label, 365, actor="test")
            for channel, address in (
                ("sms", sms and uk_mobile(sms)),
                ("email", email and email_address(email)),
            ):
                if address:
                    set_choice(
                        new.link,
                        channel,
                        address,
                        two_hours_before=two_hours,
                        chosen_by="professional",
                        actor="test",
                    )
            db.session.commit()
            return new.link.id

    return make


def change_record(app, link_id: int, change) -> None:
    """Edit a stored plan's record through the records service, as a professional would."""
    import copy

    from portal.records import replace_plan

    with app.app_context():
        plan = db.session.get(FamilyLink, link_id).plan
        data = copy.deepcopy(plan.record)
        change(data)
        replace_plan(data, app.extensions["profiles"], actor="test")


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


__all__ = ["Plan"]
