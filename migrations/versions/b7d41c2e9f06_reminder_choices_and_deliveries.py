"""Reminder choices and deliveries

A family member's consent to meeting reminders by email or text message, and one row
per reminder sent (or tried), which makes the reminder job idempotent.

Revision ID: b7d41c2e9f06
Revises: 5b8e1d0c7f32
Create Date: 2026-12-07 14:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7d41c2e9f06"
down_revision = "5b8e1d0c7f32"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reminder_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("two_hours_before", sa.Boolean(), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("chosen_by", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["family_links.id"],
            name=op.f("fk_reminder_choices_link_id_family_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_choices")),
        sa.UniqueConstraint("link_id", "channel", name=op.f("uq_reminder_choices_link_id")),
    )
    op.create_table(
        "reminder_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("meeting", sa.String(length=60), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("meeting_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["family_links.id"],
            name=op.f("fk_reminder_deliveries_link_id_family_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_deliveries")),
        sa.UniqueConstraint(
            "link_id",
            "channel",
            "meeting",
            "purpose",
            "fingerprint",
            name=op.f("uq_reminder_deliveries_link_id"),
        ),
    )
    op.create_index(
        "ix_reminder_deliveries_link_meeting", "reminder_deliveries", ["link_id", "meeting"]
    )


def downgrade():
    op.drop_index("ix_reminder_deliveries_link_meeting", table_name="reminder_deliveries")
    op.drop_table("reminder_deliveries")
    op.drop_table("reminder_choices")
