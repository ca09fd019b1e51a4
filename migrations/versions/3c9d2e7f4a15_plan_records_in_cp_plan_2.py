"""Stored plan records in cp-plan/2

Every stored record that still says cp-plan/1 is rewritten as the normalised
cp-plan/2 record that means the same (the version 2 fields empty or null), so that
exports, the API and the plan form all see one format. Nothing else changes: the
plan's version, due dates and audit trail stay as they were.

Revision ID: 3c9d2e7f4a15
Revises: aa6086d18d72
Create Date: 2026-12-07 12:30:00.000000

"""

import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c9d2e7f4a15"
down_revision = "aa6086d18d72"
branch_labels = None
depends_on = None

plans = sa.table("plans", sa.column("id", sa.Integer), sa.column("record", sa.JSON))


def upgrade():
    from portal.planning.format import as_version_2

    bind = op.get_bind()
    rows = bind.execute(sa.select(plans.c.id, plans.c.record)).all()
    for plan_id, record in rows:
        if isinstance(record, str):
            record = json.loads(record)
        if not isinstance(record, dict) or record.get("format") != "cp-plan/1":
            continue
        bind.execute(
            plans.update().where(plans.c.id == plan_id).values(record=as_version_2(record))
        )


def downgrade():
    # cp-plan/2 records without the version 2 values are cp-plan/1 records but for the
    # format id; records that use version 2 values cannot be made version 1.
    pass
