"""Review finding 4: two requests that create the same reference at once.

The second one used to reach the database's unique index, raise IntegrityError and end
as a 500 whose log line carried the statement's parameters: the child's name, the
categories and the record. Now it is the same 409 (or CLI message) as when the plan was
there first, and no statement parameter can reach a log.

The race is made deterministic: just before the first save writes, another thread (its
own app context and session, as another worker) stores the same reference and commits.
"""

import json
import logging
import threading

from sqlalchemy import event, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import ApiKey, Plan, db
from portal.records import create_plan, hash_token, new_token
from tests.records.helpers import example

CANARY = "LogCanaryChild"


def _canary_record() -> dict:
    record = example("england-new-plan")
    record["reference"] = "DUP-0001"
    record["child"]["first_name"] = CANARY
    return record


class _SomeoneElseFirst:
    """Before this thread's first flush of a new plan, store the same record from
    another thread and commit it."""

    def __init__(self, app, record):
        self.app, self.record = app, record
        self.thread_id = threading.get_ident()
        self.done = False

    def __call__(self, session, flush_context, instances):
        if self.done or threading.get_ident() != self.thread_id:
            return
        if not any(isinstance(obj, Plan) for obj in session.new):
            return
        self.done = True
        errors = []

        def other_worker():
            try:
                with self.app.app_context():
                    create_plan(self.record, self.app.extensions["profiles"], actor="other")
                    db.session.remove()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        thread = threading.Thread(target=other_worker)
        thread.start()
        thread.join(timeout=60)
        assert not errors, errors

    def __enter__(self):
        event.listen(Session, "before_flush", self)
        return self

    def __exit__(self, *exc):
        event.remove(Session, "before_flush", self)


def _api_key() -> str:
    key = new_token()
    db.session.add(ApiKey(name="race", key_hash=hash_token(key)))
    db.session.commit()
    return key


def test_duplicate_reference_race_api_answers_409_and_logs_no_plan_content(store, caplog):
    record = _canary_record()
    key = _api_key()
    client = store.test_client()
    caplog.set_level(logging.DEBUG)
    with _SomeoneElseFirst(store, record) as race:
        response = client.post(
            "/api/v1/plans",
            data=json.dumps(record),
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
    assert race.done, "the other worker never ran"
    assert response.status_code == 409, response.get_data(as_text=True)
    assert "already exists" in response.get_json()["error"]
    assert CANARY not in caplog.text
    db.session.remove()
    stored = db.session.scalars(select(Plan).where(Plan.reference == "DUP-0001")).all()
    assert len(stored) == 1 and stored[0].version == 1


def test_duplicate_reference_race_cli_gives_a_clear_message(store, tmp_path):
    record = _canary_record()
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    runner = store.test_cli_runner()
    with _SomeoneElseFirst(store, record) as race:
        result = runner.invoke(args=["plans", "import", str(path)])
    assert race.done
    assert result.exit_code != 0
    assert "already exists" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert CANARY not in result.output + result.stderr


def test_duplicate_reference_race_statement_parameters_never_in_error_text(store):
    create_plan(_canary_record(), store.extensions["profiles"], actor="test")
    row = db.session.execute(select(Plan.__table__).where(Plan.reference == "DUP-0001")).one()
    values = {k: v for k, v in row._mapping.items() if k != "id"}
    try:
        db.session.execute(insert(Plan.__table__).values(**values))
    except IntegrityError as exc:
        text = str(exc)
    else:  # pragma: no cover - the unique index must refuse it
        raise AssertionError("the duplicate reference was stored")
    finally:
        db.session.rollback()
    assert CANARY not in text
    assert "parameters hidden" in text
