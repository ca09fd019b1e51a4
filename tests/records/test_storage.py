"""The records service against a real database: SQLite and PostgreSQL alike."""

import copy
import datetime as dt
import json

import pytest
from sqlalchemy import select, text

from portal.models import CalendarFeed, FamilyLink, Plan, db, utcnow
from portal.planning import RecordInvalid, parse_record, record_to_dict
from portal.records import (
    DuplicateReference,
    LinkCheck,
    PlanNotFound,
    VersionConflict,
    check_passcode,
    create_calendar_feed,
    create_family_link,
    create_plan,
    export_record,
    find_link,
    get_plan,
    hash_token,
    replace_plan,
    revoke_link,
)
from tests.records.helpers import (
    EXAMPLE_NAMES,
    all_stored_text,
    audit_rows,
    example,
    free_texts,
    row_counts,
)


def profiles(app):
    return app.extensions["profiles"]


def save(app, data, **kwargs):
    kwargs.setdefault("actor", "test")
    return create_plan(data, profiles(app), **kwargs)


def replace(app, data, **kwargs):
    kwargs.setdefault("actor", "test")
    return replace_plan(data, profiles(app), **kwargs)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_import_then_export_round_trips_the_spec_examples(store, name):
    data = example(name)
    expected = record_to_dict(parse_record(data, profiles(store)))
    plan = save(store, data)
    reference = plan.reference
    db.session.remove()  # read back from the database, not from the session's memory

    exported = export_record(get_plan(reference))
    assert exported == expected
    assert list(exported) == list(expected)  # the documented key order survives storage
    assert json.dumps(exported, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


def test_columns_beside_the_record_are_filled(store):
    plan = save(store, example("greenwich-ended"))
    db.session.remove()
    plan = get_plan("EX-0003")
    assert (plan.profile, plan.language, plan.child_first_name) == ("greenwich", "pt", "Leo")
    assert plan.started == dt.date(2025, 10, 6)
    assert (plan.ended, plan.end_reason) == (dt.date(2026, 7, 6), "no_longer_at_risk")
    assert plan.categories == "emotional_abuse"


def test_text_in_any_script_is_stored_exactly(store):
    data = example("england-new-plan")
    data["concerns"] = ["Zażółć gęślą jaźń", "بچے کی حفاظت", "শিশুর নিরাপত্তা", "tab\tand\nline"]
    save(store, data)
    db.session.remove()
    assert get_plan(data["reference"]).record["concerns"] == data["concerns"]


def test_an_update_that_changes_nothing_keeps_the_version(store):
    data = example("england-new-plan")
    save(store, data)
    assert replace(store, data, expected_version=1).version == 1


def test_update_with_the_current_version_makes_a_new_version(store):
    data = example("england-new-plan")
    plan = save(store, data)
    assert plan.version == 1
    changed = copy.deepcopy(data)
    changed["strengths"] = ["A new strength, recorded at the review."]
    plan = replace(store, changed, expected_version=1, reference=data["reference"])
    assert plan.version == 2
    db.session.remove()
    stored = get_plan(data["reference"])
    assert stored.version == 2
    assert stored.record["strengths"] == ["A new strength, recorded at the review."]
    assert [row.action for row in audit_rows()] == ["plan.create", "plan.update"]


def test_a_stale_version_is_refused_and_changes_nothing(store):
    data = example("england-new-plan")
    save(store, data)
    newer = copy.deepcopy(data)
    newer["strengths"] = ["Saved first by someone else."]
    replace(store, newer, expected_version=1)
    before = row_counts()
    stale = copy.deepcopy(data)
    stale["strengths"] = ["Written from an old copy."]
    with pytest.raises(VersionConflict) as caught:
        replace(store, stale, expected_version=1)
    assert caught.value.current_version == 2
    db.session.remove()
    assert get_plan(data["reference"]).record["strengths"] == ["Saved first by someone else."]
    assert row_counts() == before


def test_a_stale_edit_from_another_worker_is_refused(store, second_app):
    """Two servers: the second saves first, so the first one's edit is stale."""
    data = example("stoke-fifteen-months")
    save(store, data)
    newer = copy.deepcopy(data)
    newer["strengths"] = ["Saved first by the other worker."]
    with second_app.app_context():
        replace_plan(newer, profiles(second_app), actor="worker-2", expected_version=1)
    with pytest.raises(VersionConflict):
        replace(store, data, expected_version=1)


def test_an_existing_reference_is_refused_without_update(store):
    data = example("england-new-plan")
    save(store, data)
    before = row_counts()
    with pytest.raises(DuplicateReference):
        save(store, data)
    assert row_counts() == before
    assert get_plan(data["reference"]).version == 1


def test_an_update_cannot_take_another_plans_reference(store):
    first, second = example("england-new-plan"), example("stoke-fifteen-months")
    save(store, first)
    save(store, second)
    moved = copy.deepcopy(second)
    moved["reference"] = first["reference"]
    with pytest.raises(DuplicateReference):
        replace(store, moved, reference=second["reference"])
    assert get_plan(second["reference"]).record == record_to_dict(
        parse_record(second, profiles(store))
    )


def test_updating_a_missing_plan_is_refused(store):
    with pytest.raises(PlanNotFound):
        replace(store, example("england-new-plan"))
    assert row_counts()["plans"] == 0


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["conferences"].append(
            {"kind": "review", "date": "2026-02-30", "status": "held", "decision": "continue"}
        ),
        lambda d: d.update(profile="atlantis"),
        lambda d: d.pop("child"),
        lambda d: d["concerns"].append("x" * 5000),
    ],
    ids=["bad-date", "unknown-profile", "no-child", "too-long"],
)
def test_a_failed_import_stores_nothing_not_even_an_audit_row(store, breakage):
    save(store, example("stoke-fifteen-months"))
    before = row_counts()
    data = example("england-new-plan")
    data.setdefault("concerns", [])
    breakage(data)
    with pytest.raises(RecordInvalid) as caught:
        save(store, data)
    assert caught.value.errors and all(e.pointer.startswith("/") for e in caught.value.errors)
    assert row_counts() == before


def test_a_failed_update_leaves_the_stored_record_as_it_was(store):
    data = example("england-new-plan")
    save(store, data)
    stored = copy.deepcopy(get_plan(data["reference"]).record)
    before = row_counts()
    broken = copy.deepcopy(data)
    broken["conferences"][0]["date"] = "not a date"
    with pytest.raises(RecordInvalid):
        replace(store, broken)
    db.session.remove()
    assert get_plan(data["reference"]).record == stored
    assert row_counts() == before


def test_link_tokens_and_passcodes_are_stored_only_as_hashes(store):
    plan = save(store, example("england-new-plan"))
    new = create_family_link(plan, "Mother", 90, actor="test")
    feed_token = create_calendar_feed(new.link, actor="test")
    digits = new.passcode.replace(" ", "")
    stored = all_stored_text()
    for secret in (new.token, new.passcode, digits, feed_token):
        leaks = [(table, column) for table, column, value in stored if secret in value]
        assert not leaks, f"a secret is stored in {leaks}"
    link = db.session.get(FamilyLink, new.link.id)
    assert link.token_hash == hash_token(new.token)
    assert link.passcode_hash.startswith("$argon2")
    feed = db.session.scalar(select(CalendarFeed))
    assert feed.token_hash == hash_token(feed_token)
    assert find_link(new.token).id == link.id
    assert check_passcode(link, new.passcode) is LinkCheck.OK


def test_lockout_holds_across_two_workers_on_one_database(store, second_app):
    plan = save(store, example("england-new-plan"))
    new = create_family_link(plan, "Father", 90, actor="test")
    token, passcode = new.token, new.passcode
    wrong = "0000 0000" if passcode != "0000 0000" else "1111 1111"

    def attempt(app, code):
        with app.app_context():
            try:
                return check_passcode(find_link(token), code)
            finally:
                db.session.remove()

    results = [attempt(store if n % 2 else second_app, wrong) for n in range(5)]
    assert results == [LinkCheck.WRONG] * 4 + [LinkCheck.LOCKED]
    # Locked for everyone now, even with the right passcode, on either worker.
    assert attempt(store, passcode) is LinkCheck.LOCKED
    assert attempt(second_app, passcode) is LinkCheck.LOCKED
    # After the lock-out time has passed, the right passcode works again.
    with store.app_context():
        later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=16)
        assert check_passcode(find_link(token), passcode, now=later) is LinkCheck.OK


def test_a_revoked_link_no_longer_opens(store):
    plan = save(store, example("england-new-plan"))
    new = create_family_link(plan, "Mother", 90, actor="test")
    revoke_link(new.link, actor="test")
    db.session.remove()
    assert find_link(new.token) is None


def test_a_family_page_checks_its_link_in_one_read_that_leaves_no_transaction_behind(store):
    from portal.family.access import LiveLink, live_link

    plan = save(store, example("england-new-plan"))
    new = create_family_link(plan, "Mother", 90, actor="test")
    expected = LiveLink(new.link.id, plan.id, plan.version)
    session = {
        "family_link_id": expected.id,
        "family_link_key": new.link.token_hash,
        "family_signed_in_at": utcnow().isoformat(),
    }
    db.session.close()  # the session gives its connection back: the pool has one to lend
    assert live_link(session) == expected
    assert live_link({**session, "family_link_id": expected.id + 1000}) is None
    assert live_link({**session, "family_link_id": str(expected.id)}) is None
    assert live_link({**session, "family_link_key": "0" * 64}) is None, "another link's id"
    assert live_link({"family_link_id": expected.id}) is None, "a session naming only an id"
    # The read ran outside a transaction; the connection it gave back to the pool (the
    # one the session takes next) must be back to normal: a change rolled back is undone.
    db.session.execute(text("UPDATE plans SET version = version + 10"))
    db.session.rollback()
    db.session.close()
    assert live_link(session) == expected

    # Signing out ends sessions begun before it, not those begun after.
    db.session.get(FamilyLink, expected.id).sessions_ended_at = utcnow()
    db.session.commit()
    assert live_link(session) is None
    unknown_age = {k: v for k, v in session.items() if k != "family_signed_in_at"}
    assert live_link(unknown_age) is None, "a session of unknown age"
    later = {**session, "family_signed_in_at": utcnow().isoformat()}
    assert live_link(later) == expected
    revoke_link(db.session.get(FamilyLink, expected.id), actor="test")
    assert live_link(later) is None


def _plan_with_links(app, name):
    plan = save(app, example(name))
    for label in ("Mother", "Young person"):
        new = create_family_link(plan, label, 30, actor="test")
        create_calendar_feed(new.link, actor="test")
    return plan


def test_deleting_a_plan_deletes_its_links_and_feeds(store):
    keep = _plan_with_links(store, "stoke-fifteen-months")
    gone = _plan_with_links(store, "england-new-plan")
    assert row_counts()["family_links"] == 4 and row_counts()["calendar_feeds"] == 4
    db.session.delete(gone)
    db.session.commit()
    counts = row_counts()
    assert (counts["plans"], counts["family_links"], counts["calendar_feeds"]) == (1, 2, 2)
    assert {link.plan_id for link in db.session.scalars(select(FamilyLink))} == {keep.id}


def test_the_database_itself_cascades_a_plan_delete(store):
    """Deleting with SQL, not through the ORM: the foreign keys do the work."""
    _plan_with_links(store, "stoke-fifteen-months")
    gone = _plan_with_links(store, "england-new-plan")
    db.session.execute(text("DELETE FROM plans WHERE id = :id"), {"id": gone.id})
    db.session.commit()
    counts = row_counts()
    assert (counts["plans"], counts["family_links"], counts["calendar_feeds"]) == (1, 2, 2)


def test_audit_rows_carry_no_plan_content(store):
    data = example("stoke-fifteen-months")
    plan = save(store, data)
    changed = copy.deepcopy(data)
    changed["strengths"] = ["Mum has kept every appointment since the review."]
    replace(store, changed, expected_version=1)
    new = create_family_link(plan, "Mother", 30, actor="test")
    check_passcode(new.link, "9999 9999")
    check_passcode(new.link, new.passcode)
    create_calendar_feed(new.link, actor="test")
    revoke_link(new.link, actor="test")
    rows = audit_rows()
    assert {row.action for row in rows} >= {
        "plan.create",
        "plan.update",
        "link.create",
        "family.passcode_wrong",
        "family.passcode_ok",
        "calendar.create",
        "link.revoke",
    }
    texts = [t for t in free_texts(data) + free_texts(changed) if len(t) >= 3]
    assert texts, "the example should have free text to look for"
    for row in rows:
        logged = " ".join(str(v) for v in (row.actor, row.action, row.detail) if v)
        assert row.plan_id in (None, plan.id)
        for value in texts + [data["child"]["first_name"], new.token, new.passcode]:
            assert value not in logged, f"audit row {row.action} holds plan content"


def test_plans_are_found_by_their_indexed_columns(store):
    for name in EXAMPLE_NAMES:
        save(store, example(name))
    open_plans = db.session.scalars(select(Plan.reference).where(Plan.ended.is_(None))).all()
    assert sorted(open_plans) == ["EX-0001", "EX-0002", "EX-0004"]
    assert store.config["TEST_BACKEND"] in ("sqlite", "postgresql")
