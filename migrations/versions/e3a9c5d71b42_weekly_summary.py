"""Weekly summary for professionals

Each account's choice of a weekly email summary (the language it was chosen in), and
one row per summary sent (or tried) per ISO week, which makes it go once a week.

Revision ID: e3a9c5d71b42
Revises: b7d41c2e9f06
Create Date: 2026-12-07 15:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e3a9c5d71b42"
down_revision = "b7d41c2e9f06"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("weekly_summary", sa.String(length=8), nullable=True))
    op.create_table(
        "digest_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_digest_deliveries_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_deliveries")),
        sa.UniqueConstraint("user_id", "week", name=op.f("uq_digest_deliveries_user_id")),
    )


def downgrade():
    op.drop_table("digest_deliveries")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("weekly_summary")
