"""Plan list: what is due next, search keys, their indexes; and each user's team

`next_due` is the earliest of the stored due dates that is really due (a conditional
milestone is not); `reference_key` and `child_key` are the reference and the child's
first name with case and accents folded, for searching. All three follow from
columns and values already stored, so the backfill parses no record. The indexes are
built after the backfill: one build each instead of 150,000 index updates. The
single-column indexes on `ended` and `social_worker_id` go: each new index starts
with one of them, and left in place they drew SQLite's planner away from the better one.

Revision ID: aa6086d18d72
Revises: 3c9e5b7a1f40
Create Date: 2026-12-07 07:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "aa6086d18d72"
down_revision = "7e2b4d9c1a55"
branch_labels = None
depends_on = None

BATCH = 1000


def _key_type(length):
    # Byte-by-byte comparison on PostgreSQL too, so a prefix is one index range.
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team", sa.String(length=100), nullable=True))
        batch_op.create_index("ix_users_team", ["team"], unique=False)
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reference_key", _key_type(40), nullable=True))
        batch_op.add_column(sa.Column("child_key", _key_type(100), nullable=True))
    _backfill()
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_plans_list", ["ended", "next_due", "reference", "social_worker_id"], unique=False
        )
        batch_op.create_index(
            "ix_plans_worker_list",
            ["social_worker_id", "ended", "next_due", "reference"],
            unique=False,
        )
        batch_op.create_index(
            "ix_plans_child_key",
            ["ended", "child_key", "next_due", "reference", "social_worker_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_plans_reference_key",
            ["ended", "reference_key", "next_due", "reference", "social_worker_id"],
            unique=False,
        )
        # Both led the new indexes: kept, they would only tempt the planner away from them.
        batch_op.drop_index("ix_plans_ended")
        batch_op.drop_index("ix_plans_social_worker_id")


def _backfill():
    from portal.records.plans import CHILD_KEY_LENGTH, REFERENCE_KEY_LENGTH, next_due, search_key

    plans = sa.table(
        "plans",
        sa.column("id", sa.Integer()),
        sa.column("reference", sa.String()),
        sa.column("child_first_name", sa.String()),
        sa.column("ended", sa.Date()),
        sa.column("next_review_due", sa.Date()),
        sa.column("next_core_group_due", sa.Date()),
        sa.column("next_milestone_due", sa.Date()),
        sa.column("next_milestone_conditional", sa.Boolean()),
        sa.column("next_due", sa.Date()),
        sa.column("reference_key", sa.String()),
        sa.column("child_key", sa.String()),
    )
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(
                plans.c.id,
                plans.c.reference,
                plans.c.child_first_name,
                plans.c.ended,
                plans.c.next_review_due,
                plans.c.next_core_group_due,
                plans.c.next_milestone_due,
                plans.c.next_milestone_conditional,
            )
            .where(plans.c.id > last_id)
            .order_by(plans.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        updates = [
            {
                "plan_id": row.id,
                "new_next_due": None if row.ended is not None else next_due(row._asdict()),
                "new_reference_key": search_key(row.reference)[:REFERENCE_KEY_LENGTH],
                "new_child_key": search_key(row.child_first_name)[:CHILD_KEY_LENGTH],
            }
            for row in rows
        ]
        connection.execute(
            plans.update()
            .where(plans.c.id == sa.bindparam("plan_id"))
            .values(
                next_due=sa.bindparam("new_next_due"),
                reference_key=sa.bindparam("new_reference_key"),
                child_key=sa.bindparam("new_child_key"),
            ),
            updates,
        )
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index("ix_plans_social_worker_id", ["social_worker_id"], unique=False)
        batch_op.create_index("ix_plans_ended", ["ended"], unique=False)
        batch_op.drop_index("ix_plans_reference_key")
        batch_op.drop_index("ix_plans_child_key")
        batch_op.drop_index("ix_plans_worker_list")
        batch_op.drop_index("ix_plans_list")
        batch_op.drop_column("child_key")
        batch_op.drop_column("reference_key")
        batch_op.drop_column("next_due")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("ix_users_team")
        batch_op.drop_column("team")
