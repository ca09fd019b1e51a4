"""A rename on the plan form leaves a tombstone for the old reference (the API's change
feed reports it deleted) and the plan remembers the reference it had."""

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.models import Plan, PlanDeletion, db
from tests.professional.conftest import edit_url, form_fields, full_record, plan_form, post


def test_a_rename_on_the_form_leaves_a_tombstone(app, client, get_page, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    old, new = plan["reference"], plan["reference"] + "-B"
    page = get_page(edit_url(old))
    data = MultiDict(form_fields(page, plan_form(page)))
    data["reference"] = new
    assert post(client, edit_url(old), data).status_code == 302
    with app.app_context():
        # The database is shared with other tests: only this plan's references count.
        tombstones = db.session.scalars(
            select(PlanDeletion).where(PlanDeletion.reference.in_((old, new)))
        ).all()
        assert [(t.reference, t.reason, t.version) for t in tombstones] == [(old, "renamed", 1)]
        renamed = db.session.scalar(select(Plan).where(Plan.reference == new))
        assert renamed.previous_reference == old and renamed.version == 2
