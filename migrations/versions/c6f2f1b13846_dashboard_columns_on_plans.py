"""Dashboard columns on plans: next review, core group and milestone due dates, duration

The new columns are worked out from each stored record by the timeline engine, as
every later save does (portal/records/plans.py, schedule_columns). Adding them is
additive only; the backfill below fills them for plans stored before this revision.

Revision ID: c6f2f1b13846
Revises: bf288c468ede
Create Date: 2026-11-23 13:38:34.412801

"""

import sqlalchemy as sa
from alembic import op

from portal.database import profiles_for_migrations

# revision identifiers, used by Alembic.
revision = "c6f2f1b13846"
down_revision = "bf288c468ede"
branch_labels = None
depends_on = None

NEW_COLUMNS = {
    "next_review_due": sa.Date(),
    "next_core_group_due": sa.Date(),
    "last_review_date": sa.Date(),
    "next_milestone": sa.String(length=60),
    "next_milestone_due": sa.Date(),
    "next_milestone_conditional": sa.Boolean(),
    "duration_months": sa.Integer(),
}
BATCH = 1000


def upgrade():
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_review_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_core_group_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_review_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_milestone", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("next_milestone_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_milestone_conditional", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("duration_months", sa.Integer(), nullable=True))
    _backfill()
    # After the backfill: one index build instead of 150,000 index updates.
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_plans_dashboard",
            [
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
            ],
            unique=False,
        )


def _backfill():
    """Fill the new columns of existing plans. A record that no longer passes the rules
    (say its profile was withdrawn) keeps empty columns; `flask dashboard refresh`
    fills them once it is fixed."""
    from portal.planning import parse_record
    from portal.records.plans import schedule_columns

    plans = sa.table(
        "plans",
        sa.column("id", sa.Integer()),
        sa.column("record", sa.JSON()),
        *(sa.column(name, type_) for name, type_ in NEW_COLUMNS.items()),
    )
    connection = op.get_bind()
    profiles = profiles_for_migrations()
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
        for plan_id, record in rows:
            try:
                parsed = parse_record(record, profiles)
                columns = schedule_columns(parsed, profiles[parsed.profile])
            except (ValueError, KeyError, LookupError):
                continue
            # Only this revision's columns: a later revision may compute more.
            updates.append({"plan_id": plan_id, **{f"new_{n}": columns[n] for n in NEW_COLUMNS}})
        if updates:
            connection.execute(
                plans.update()
                .where(plans.c.id == sa.bindparam("plan_id"))
                .values({n: sa.bindparam(f"new_{n}") for n in NEW_COLUMNS}),
                updates,
            )
        last_id = rows[-1][0]


def downgrade():
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index("ix_plans_dashboard")
        batch_op.drop_column("duration_months")
        batch_op.drop_column("next_milestone_conditional")
        batch_op.drop_column("next_milestone_due")
        batch_op.drop_column("next_milestone")
        batch_op.drop_column("last_review_date")
        batch_op.drop_column("next_core_group_due")
        batch_op.drop_column("next_review_due")
