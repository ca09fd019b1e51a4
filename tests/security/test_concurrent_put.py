"""Review finding 10: two PUTs of one plan at the same moment.

The second write used to meet SQLAlchemy's StaleDataError (the version had moved under
it) and answer 500. With If-Match it is now 412 with the current ETag; without If-Match
the replacement is unconditional, as documented, so it is written again over the other
and answers 200.

The race is made deterministic: just before this request's write, another thread (as
another worker) saves the same plan and commits.
"""

import json
import threading

from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.models import ApiKey, Plan, db
from portal.records import create_plan, get_plan, hash_token, new_token, replace_plan
from tests.records.helpers import example


class _SavedMeanwhile:
    def __init__(self, app, record):
        self.app, self.record = app, record
        self.thread_id = threading.get_ident()
        self.done = False

    def __call__(self, session, flush_context, instances):
        if self.done or threading.get_ident() != self.thread_id:
            return
        if not any(isinstance(obj, Plan) for obj in session.dirty):
            return
        self.done = True

        def other_worker():
            with self.app.app_context():
                replace_plan(self.record, self.app.extensions["profiles"], actor="other")
                db.session.remove()

        thread = threading.Thread(target=other_worker)
        thread.start()
        thread.join(timeout=60)

    def __enter__(self):
        event.listen(Session, "before_flush", self)
        return self

    def __exit__(self, *exc):
        event.remove(Session, "before_flush", self)


def _setup(store):
    record = example("england-new-plan")
    create_plan(record, store.extensions["profiles"], actor="test")
    key = new_token()
    db.session.add(ApiKey(name="race", key_hash=hash_token(key)))
    db.session.commit()
    other = json.loads(json.dumps(record))
    other["child"]["first_name"] = "Meanwhile"
    mine = json.loads(json.dumps(record))
    mine["child"]["first_name"] = "Mine"
    return record["reference"], key, other, mine


def _put(store, reference, key, body, **headers):
    return store.test_client().put(
        f"/api/v1/plans/{reference}",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", **headers},
    )


def test_concurrent_put_with_if_match_is_412_not_500(store):
    reference, key, other, mine = _setup(store)
    with _SavedMeanwhile(store, other) as race:
        response = _put(store, reference, key, mine, **{"If-Match": '"1"'})
    assert race.done
    assert response.status_code == 412, response.get_data(as_text=True)
    assert response.headers["ETag"] == '"2"'
    db.session.remove()
    plan = get_plan(reference)
    assert plan.version == 2 and plan.record["child"]["first_name"] == "Meanwhile"


def test_concurrent_put_with_if_match_star_is_200_not_500(store):
    reference, key, other, mine = _setup(store)
    with _SavedMeanwhile(store, other) as race:
        response = _put(store, reference, key, mine, **{"If-Match": "*"})
    assert race.done
    assert response.status_code == 200, response.get_data(as_text=True)
    db.session.remove()
    plan = get_plan(reference)
    assert plan.version == 3 and plan.record["child"]["first_name"] == "Mine"
