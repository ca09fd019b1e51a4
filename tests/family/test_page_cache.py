"""Rendered family pages are reused only while nothing they depend on has changed."""

from portal.models import AuditEvent, Plan, db
from portal.records import save_record
from tests.family.plans import record


def audit_count(app, plan_id: int) -> int:
    with app.app_context():
        return db.session.query(AuditEvent).filter_by(plan_id=plan_id, action="family.view").count()


def test_a_changed_plan_is_shown_at_once_and_every_view_is_audited(app, client, sign_in, today):
    today("2026-03-01")
    data = record(concerns=["First concern, as written."])
    plan_id, _ = sign_in(data)
    first = client.get("/en/my-plan").get_data(as_text=True)
    assert "First concern, as written." in first
    assert client.get("/en/my-plan").get_data(as_text=True) == first
    assert audit_count(app, plan_id) == 2

    with app.app_context():
        stored = db.session.get(Plan, plan_id)
        changed = {**stored.record, "concerns": ["A new concern."]}
        save_record(
            changed,
            app.extensions["profiles"],
            actor="test",
            update=True,
            expected_version=stored.version,
        )
    after = client.get("/en/my-plan").get_data(as_text=True)
    assert "A new concern." in after and "First concern" not in after
    assert audit_count(app, plan_id) == 3


def test_a_new_day_and_another_language_render_afresh(client, sign_in, today):
    today("2026-03-01")
    sign_in(record())
    march = client.get("/en/my-plan").get_data(as_text=True)
    today("2026-06-01")
    june = client.get("/en/my-plan").get_data(as_text=True)
    assert march != june
    urdu = client.get("/ur/my-plan").get_data(as_text=True)
    assert 'lang="ur"' in urdu


def test_a_stopped_link_is_refused_even_with_a_page_in_memory(client, sign_in, link_row, today):
    import datetime as dt

    today("2026-03-01")
    _, link_id = sign_in(record())
    assert client.get("/en/my-plan").status_code == 200
    link_row(link_id, revoked_at=dt.datetime(2026, 1, 1))
    assert client.get("/en/my-plan").status_code == 303


def test_view_rows_are_written_in_batches_within_a_moment(make_app):
    import time

    from portal.records import audit_view, flush_view_audit

    app = make_app(AUDIT_VIEWS_IN_BATCHES=True)

    def rows() -> int:
        with app.app_context():
            return db.session.query(AuditEvent).filter_by(action="family.view").count()

    with app.test_request_context("/en/my-plan"):
        for _ in range(3):
            audit_view("family-link:1", 1, "plan")
    deadline = time.monotonic() + 5
    while rows() < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rows() == 3, "the background writer stores the rows by itself"
    with app.test_request_context("/en/my-plan"):
        audit_view("family-link:1", 1, "plan")
    flush_view_audit(app)
    assert rows() == 4
