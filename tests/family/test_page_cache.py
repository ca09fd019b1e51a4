"""Rendered family pages are reused only while nothing they depend on has changed."""

from pathlib import Path

from portal.config import settings
from portal.family.access import LiveLink
from portal.family.page_cache import page_key
from portal.models import AuditEvent, Plan, db
from portal.records import create_plan, replace_plan
from portal.security import security_headers
from tests.family.plans import record


def audit_count(app, plan_id: int) -> int:
    with app.app_context():
        return db.session.query(AuditEvent).filter_by(plan_id=plan_id, action="family.view").count()


def test_a_changed_plan_is_shown_at_once_and_every_view_is_audited(app, client, sign_in, today):
    today("2026-03-01")
    data = record(concerns=["First concern, as written."])
    plan_id, _ = sign_in(data)
    # The first view starts the session's CSRF secret (it sets a cookie, so it is not
    # kept); the second is rendered and kept; the third is the kept page, byte for byte.
    # (Comparing the first with the second failed whenever a second passed between them:
    # a form token carries its time.)
    assert "First concern, as written." in client.get("/en/my-plan").get_data(as_text=True)
    kept = client.get("/en/my-plan").get_data(as_text=True)
    assert client.get("/en/my-plan").get_data(as_text=True) == kept
    assert audit_count(app, plan_id) == 3

    with app.app_context():
        stored = db.session.get(Plan, plan_id)
        changed = {**stored.record, "concerns": ["A new concern."]}
        replace_plan(
            changed,
            app.extensions["profiles"],
            actor="test",
            expected_version=stored.version,
        )
    after = client.get("/en/my-plan").get_data(as_text=True)
    assert "A new concern." in after and "First concern" not in after
    assert audit_count(app, plan_id) == 4


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


def _signed_in_client(app, data: dict):
    """A client of `app` signed in to a new plan; returns (client, plan id, link id)."""
    from portal.records import create_family_link
    from tests.family.conftest import csrf_from

    with app.app_context():
        plan = create_plan(data, app.extensions["profiles"], actor="test")
        new = create_family_link(plan, "Mother", 30, actor="test")
        plan_id, link_id, token, passcode = plan.id, new.link.id, new.token, new.passcode
    client = app.test_client()
    form = client.get(f"/en/f/{token}").get_data(as_text=True)
    answer = client.post(
        f"/en/f/{token}", data={"csrf_token": csrf_from(form), "passcode": passcode}
    )
    assert answer.headers["Location"] == "/en/my-plan"
    return client, plan_id, link_id


def test_a_page_seen_again_is_answered_before_routing_and_still_audited(
    app, client, sign_in, today, monkeypatch
):
    import portal.family.views

    today("2026-03-01")
    plan_id, _ = sign_in(record())
    client.get("/en/my-plan")  # the first view starts the session's CSRF secret: not kept
    kept = client.get("/en/my-plan")
    assert len(app.extensions["family_pages"]) >= 1

    def no_rendering(plan):
        raise AssertionError("a kept page was rendered again")

    monkeypatch.setattr(portal.family.views, "read_plan", no_rendering)
    again = client.get("/en/my-plan")
    assert again.status_code == 200 and again.data == kept.data
    # The same headers, but for the id of the request that rendered it (logs.py).
    assert "X-Request-Id" not in again.headers
    assert dict(again.headers) == {k: v for k, v in kept.headers if k != "X-Request-Id"}
    assert again.headers["Cache-Control"] == "no-store"
    for name, value in security_headers(settings(app).production).items():
        assert again.headers[name] == value
    assert audit_count(app, plan_id) == 3


def test_a_forged_or_old_session_cookie_is_not_answered_from_memory(
    app, client, sign_in, today, monkeypatch
):
    import itsdangerous

    today("2026-03-01")
    sign_in(record())
    client.get("/en/my-plan")
    assert client.get("/en/my-plan").status_code == 200
    cookie = client.get_cookie("session")
    forged = cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB")
    client.set_cookie("session", forged)
    assert client.get("/en/my-plan").status_code == 303

    client.set_cookie("session", cookie.value)
    assert client.get("/en/my-plan").status_code == 200
    two_hours_later = itsdangerous.TimestampSigner.get_timestamp(None) + 2 * 60 * 60
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: two_hours_later)
    assert client.get("/en/my-plan").status_code == 303


def test_signing_out_forgets_the_members_pages(app, client, sign_in, today):
    from tests.family.conftest import csrf_from

    today("2026-03-01")
    _, link_id = sign_in(record())
    client.get("/en/my-plan")
    page = client.get("/en/my-plan").get_data(as_text=True)
    cache = app.extensions["family_pages"]
    assert any(key[0] == link_id for key in cache.keys())  # noqa: SIM118 - a cache, not a dict
    client.post("/en/my-plan/sign-out", data={"csrf_token": csrf_from(page)})
    assert not any(key[0] == link_id for key in cache.keys())  # noqa: SIM118


def test_a_sign_out_on_another_server_drops_the_pages_kept_here(
    app, client, sign_in, link_row, today
):
    """Another server signed the member out: it wrote `sessions_ended_at`, and this
    process's memory was never told. The first refused request drops the link's pages."""
    import datetime as dt

    today("2026-03-01")
    _, link_id = sign_in(record())
    client.get("/en/my-plan")
    assert client.get("/en/my-plan").status_code == 200
    cache = app.extensions["family_pages"]
    assert any(key[0] == link_id for key in cache.keys())  # noqa: SIM118 - a cache, not a dict
    link_row(link_id, sessions_ended_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    assert client.get("/en/my-plan").status_code == 303
    assert not any(key[0] == link_id for key in cache.keys())  # noqa: SIM118


def test_without_the_database_a_kept_page_is_not_shown(make_app, tmp_path):
    from tests.fixtures.database import sqlite_file_unreachable

    app = make_app()
    client, _, _ = _signed_in_client(app, {**record(), "reference": "DB-GONE-1"})
    client.get("/en/my-plan")
    assert client.get("/en/my-plan").status_code == 200
    with sqlite_file_unreachable(app, tmp_path):
        answer = client.get("/en/my-plan")
        assert answer.status_code == 503
        assert "Traceback" not in answer.get_data(as_text=True)
    assert client.get("/en/my-plan").status_code == 200


def test_memory_is_bounded(make_app, monkeypatch):
    import portal.family.page_cache

    monkeypatch.setattr(portal.family.page_cache, "MAX_PAGES", 2)
    app = make_app()
    client, _, _ = _signed_in_client(app, {**record(), "reference": "BOUND-1"})
    client.get("/en/my-plan")
    for lang in ("en", "pl", "ro"):
        assert client.get(f"/{lang}/my-plan").status_code == 200
    assert len(app.extensions["family_pages"]) == 2


def test_can_be_switched_off(make_app):
    app = make_app(FAMILY_PAGE_CACHE=False)
    assert "family_pages" not in app.extensions
    client, _, _ = _signed_in_client(app, {**record(), "reference": "OFF-1"})
    assert client.get("/en/my-plan").status_code == 200


DECISION = Path(__file__).parents[2] / "docs/decisions/0001-response-and-render-caches.md"


def test_the_decision_record_names_everything_the_page_key_holds(today):
    """The record is where a maintainer learns what a kept family page may depend on, so
    it lists the key as the code builds it (it once left out the plan's id and who the
    link is for and what it hides)."""
    day = today("2026-03-01")
    link = LiveLink(id=11, plan_id=22, plan_version=33, view="family", hidden="concerns")
    in_words = {
        11: "the link's id",
        "plan": "the page",
        22: "the plan's id",
        33: "version",
        link.visibility.key: "who the link is for and what it hides",
        "pl": "the language",
        day: "the date in England",
        "secret": "CSRF secret",
    }
    assert list(page_key(link, "plan", "pl", "secret")) == list(in_words)
    family_cache = DECISION.read_text(encoding="utf-8").split("## Family page cache")[1]
    key = " ".join(family_cache.split("- **Invalidation:**")[0].split())
    assert "`page_key`" in key
    for words in in_words.values():
        assert words in key, words
