"""The weekly summary for professionals: real mail to a real SMTP server, once a week
from Monday 07:00 (England), references and dates only."""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from portal.models import Plan, User, db
from portal.models.outgoing import DigestDelivery
from portal.records import create_plan
from portal.reminders.digest import due_items, week_of
from portal.workspace.auth import create_user, set_password
from tests.family import plans
from tests.professional.conftest import PASSWORD, post, sign_in, unique
from tests.reminders.conftest import plan_record, sender_settings
from tests.reminders.servers import free_port

MONDAY_7AM = "2027-01-11T07:00"  # Monday 11 January 2027, GMT


def send(app, now: str) -> dict:
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--now", now])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def account(app, role="social-worker", *, team=None, summary="en", active=True) -> int:
    with app.app_context():
        user = create_user(f"{unique(role)}@example.org", role)
        set_password(user, PASSWORD)
        user.team, user.weekly_summary, user.active = team, summary, active
        db.session.commit()
        return user.id


def plan_of(app, worker_id: int | None, **changes) -> str:
    with app.app_context():
        worker = db.session.get(User, worker_id) if worker_id else None
        plan = create_plan(
            plan_record(**changes), app.extensions["profiles"], actor="test", social_worker=worker
        )
        return plan.reference


def mails_to(smtp, user_id, app):
    with app.app_context():
        email = db.session.get(User, user_id).email
    return [mail for mail in smtp.mailbox.messages if mail["To"] == email]


def test_week_starts_on_monday_at_seven_in_england():
    assert week_of(dt.datetime(2027, 1, 11, 6, 59)) is None
    assert week_of(dt.datetime(2027, 1, 11, 7, 0)) == "2027-W02"
    assert week_of(dt.datetime(2027, 1, 17, 23, 59)) == "2027-W02"
    assert week_of(dt.datetime(2027, 1, 10, 12, 0)) == "2027-W01"
    # Summer time: 07:00 in England is 06:00 UTC.
    assert week_of(dt.datetime(2027, 6, 7, 5, 59)) is None
    assert week_of(dt.datetime(2027, 6, 7, 6, 0)) == "2027-W23"


def test_a_worker_gets_one_summary_a_week_by_smtp(reminder_app, smtp):
    worker = account(reminder_app)
    reference = plan_of(reminder_app, worker)
    other = plan_of(reminder_app, account(reminder_app, summary=None))
    assert send(reminder_app, "2027-01-11T06:45") == {"sent": 0, "failed": 0, "skipped": 0}
    assert send(reminder_app, MONDAY_7AM) == {"sent": 1, "failed": 0, "skipped": 0}
    assert send(reminder_app, "2027-01-13T12:00") == {"sent": 0, "failed": 0, "skipped": 0}
    [mail] = smtp.mailbox.messages
    assert mail == mails_to(smtp, worker, reminder_app)[0]
    assert mail["From"] == "reminders@council.example.org"
    assert mail["Subject"].startswith("Your plans this week: ")
    assert mail["List-Unsubscribe"] is None  # staff stop it when signed in
    body = mail.get_content()
    with reminder_app.app_context():
        plan = db.session.query(Plan).filter_by(reference=reference).one()
        items = due_items(plan, dt.date(2027, 1, 11))
    assert items, "the example plan has something due or overdue"
    for item in items:
        assert f"{reference}: " in body
        assert item.due.strftime("%A %-d %B %Y") in body
    overdue = [i for i in items if i.due < dt.date(2027, 1, 11)]
    assert mail["Subject"] == (
        f"Your plans this week: {len(overdue)} overdue, "
        f"{len(items) - len(overdue)} due in the next 14 days"
    )
    assert f"https://plans.example.gov.uk/en/professional/plans/{reference}" in body
    assert other not in body
    # Never the child's name, a worry, a category or a person's name.
    for secret in (plans.CHILD_NAME, "missed meals", "Second worry", "neglect", "Nowakqz"):
        assert secret not in body and secret not in mail["Subject"]
    # The next week, the next summary.
    assert send(reminder_app, "2027-01-18T07:15")["sent"] == 1
    with reminder_app.app_context():
        weeks = sorted(r.week for r in db.session.query(DigestDelivery).filter_by(user_id=worker))
    assert weeks == ["2027-W02", "2027-W03"]


def test_visits_and_escalation_steps_are_listed(reminder_app, smtp):
    worker = account(reminder_app)
    reference = plan_of(
        reminder_app,
        worker,
        visits={"every_days": 10, "unannounced": None},
        visit_log=[{"date": "2027-01-05"}, {"date": "2026-12-20"}],
    )
    with reminder_app.app_context():
        plan = db.session.query(Plan).filter_by(reference=reference).one()
        kinds = {item.kind: item.due for item in due_items(plan, dt.date(2027, 1, 11))}
    assert kinds["visit"] == dt.date(2027, 1, 15)
    send(reminder_app, MONDAY_7AM)
    body = mails_to(smtp, worker, reminder_app)[0].get_content()
    assert f"{reference}: Visit, due Friday 15 January 2027." in body


def test_a_manager_gets_their_teams_plans(reminder_app, smtp):
    north = account(reminder_app, team="Team North", summary=None)
    south = account(reminder_app, team="Team South", summary=None)
    manager = account(reminder_app, "manager", team="Team North", summary="en")
    ours = plan_of(reminder_app, north)
    theirs = plan_of(reminder_app, south)
    assert send(reminder_app, MONDAY_7AM)["sent"] == 1
    body = mails_to(smtp, manager, reminder_app)[0].get_content()
    assert "Plans in your team, Team North" in body
    assert ours in body and theirs not in body


def test_not_chosen_inactive_and_other_roles_get_nothing(reminder_app, smtp):
    plan_of(reminder_app, account(reminder_app, summary=None))
    plan_of(reminder_app, account(reminder_app, active=False))
    account(reminder_app, "chair")
    account(reminder_app, "admin")
    assert send(reminder_app, MONDAY_7AM) == {"sent": 0, "failed": 0, "skipped": 0}
    assert smtp.mailbox.messages == []


def test_the_summary_is_in_the_language_it_was_chosen_in(reminder_app, smtp):
    worker = account(reminder_app, summary="pl")
    plan_of(reminder_app, worker)
    send(reminder_app, MONDAY_7AM)
    mail = mails_to(smtp, worker, reminder_app)[0]
    assert mail["Content-Language"] == "pl"
    assert mail["Subject"].startswith("Twoje plany w tym tygodniu")
    assert "/pl/professional/weekly-summary" in mail.get_content()


def test_a_failed_summary_is_tried_again_with_back_off(tmp_path):
    from portal import create_app
    from tests.conftest import migrated, test_settings

    class Closed:  # a port nothing listens on
        port = free_port()

    app = migrated(
        create_app(
            test_settings(
                tmp_path, PORTAL_BASE_URL="https://plans.example.gov.uk", **sender_settings(Closed)
            )
        )
    )
    worker = account(app)
    plan_of(app, worker)
    assert send(app, MONDAY_7AM) == {"sent": 0, "failed": 1, "skipped": 0}
    assert send(app, "2027-01-11T07:03")["failed"] == 0  # not before 5 minutes
    assert send(app, "2027-01-11T07:05")["failed"] == 1
    with app.app_context():
        [row] = db.session.query(DigestDelivery).all()
        assert (row.status, row.attempts, row.error) == (
            "failed",
            2,
            "smtp: ConnectionRefusedError",
        )


def choose(client, value):
    return post(client, "/en/professional/weekly-summary", {"weekly_summary": value})


@pytest.mark.parametrize("role", ["social-worker", "manager"])
def test_choosing_the_summary(reminder_app, role):
    user_id = account(reminder_app, role, team="Team North", summary=None)
    with reminder_app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
    client = reminder_app.test_client()
    assert sign_in(client, user).status_code == 302
    page = client.get(
        "/en/professional/plans" if role != "manager" else "/en/professional/weekly-summary"
    )
    assert 'href="/en/professional/weekly-summary"' in page.get_data(as_text=True)
    missing = choose(client, "")
    assert missing.status_code == 422
    soup = BeautifulSoup(missing.get_data(as_text=True), "html.parser")
    assert soup.select_one(".govuk-error-summary a")["href"] == "#weekly_summary"
    assert soup.select_one("#weekly_summary-error").text.strip() == "Error: Choose yes or no"
    assert choose(client, "yes").status_code == 302
    with reminder_app.app_context():
        assert db.session.get(User, user_id).weekly_summary == "en"
    page = client.get("/en/professional/weekly-summary").get_data(as_text=True)
    assert "You will get the summary by email every Monday." in page
    assert BeautifulSoup(page, "html.parser").select_one("#weekly_summary").has_attr("checked")
    assert choose(client, "no").status_code == 302
    with reminder_app.app_context():
        assert db.session.get(User, user_id).weekly_summary is None


def test_a_manager_without_a_team_is_told_why(reminder_app):
    user_id = account(reminder_app, "manager", summary=None)
    with reminder_app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
    client = reminder_app.test_client()
    sign_in(client, user)
    refused = choose(client, "yes")
    assert refused.status_code == 422
    assert "Ask an administrator to add you to a team first" in refused.get_data(as_text=True)
    with reminder_app.app_context():
        assert db.session.get(User, user_id).weekly_summary is None


def test_the_page_needs_csrf_and_a_summary_role(reminder_app):
    user_id = account(reminder_app, summary=None)
    with reminder_app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
    client = reminder_app.test_client()
    sign_in(client, user)
    assert (
        client.post("/en/professional/weekly-summary", data={"weekly_summary": "yes"}).status_code
        == 400
    )
    admin_id = account(reminder_app, "admin", summary=None)
    with reminder_app.app_context():
        admin = db.session.get(User, admin_id)
        db.session.expunge(admin)
    other = reminder_app.test_client()
    sign_in(other, admin)
    assert other.get("/en/professional/weekly-summary").status_code == 403
