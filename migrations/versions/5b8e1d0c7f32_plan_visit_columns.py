"""Statutory visits on plans: last visit, seen alone, next visit due

The three columns come from the stored record (`visit_log` and `visits.every_days`,
read by portal/planning/visits.py), filled here in batches. `next_visit_due` joins the
dashboard's covering index, so counting overdue visits reads the index alone, as the
other overdue counts do; the index is rebuilt once, after the backfill.

Revision ID: 5b8e1d0c7f32
Revises: 4b7e1c9d2a63
Create Date: 2026-12-07 15:00:00.000000

"""

import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b8e1d0c7f32"
down_revision = "4b7e1c9d2a63"
branch_labels = None
depends_on = None

BATCH = 1000
DASHBOARD_BEFORE = [
    "started",
    "ended",
    "next_review_due",
    "next_core_group_due",
    "next_milestone_due",
    "next_milestone_conditional",
    "social_worker_id",
    "profile",
    "categories",
    "reference",
]
DASHBOARD_AFTER = DASHBOARD_BEFORE[:6] + ["next_visit_due"] + DASHBOARD_BEFORE[6:]


def upgrade():
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_visit", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_visit_seen_alone", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("next_visit_due", sa.Date(), nullable=True))
        batch_op.drop_index("ix_plans_dashboard")
    _backfill()
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index("ix_plans_dashboard", DASHBOARD_AFTER, unique=False)


def _backfill():
    from portal.planning.visits import visit_columns

    plans = sa.table(
        "plans",
        sa.column("id", sa.Integer()),
        sa.column("record", sa.JSON()),
        sa.column("last_visit", sa.Date()),
        sa.column("last_visit_seen_alone", sa.Boolean()),
        sa.column("next_visit_due", sa.Date()),
    )
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(plans.c.id, plans.c.record)
            .where(plans.c.id > last_id)
            .order_by(plans.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        updates = []
        for row in rows:
            record = json.loads(row.record) if isinstance(row.record, str) else row.record
            try:
                columns = visit_columns(record if isinstance(record, dict) else {})
            except (TypeError, ValueError, KeyError):
                continue  # a record that cannot be read keeps empty columns
            updates.append({"plan_id": row.id, **{f"new_{k}": v for k, v in columns.items()}})
        if updates:
            connection.execute(
                plans.update()
                .where(plans.c.id == sa.bindparam("plan_id"))
                .values(
                    last_visit=sa.bindparam("new_last_visit"),
                    last_visit_seen_alone=sa.bindparam("new_last_visit_seen_alone"),
                    next_visit_due=sa.bindparam("new_next_visit_due"),
                ),
                updates,
            )
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index("ix_plans_dashboard")
        batch_op.drop_column("next_visit_due")
        batch_op.drop_column("last_visit_seen_alone")
        batch_op.drop_column("last_visit")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index("ix_plans_dashboard", DASHBOARD_BEFORE, unique=False)
