"""Measurement-only plans and kept monthly figures

A plan loaded from an Annex A list is marked "for measurement only" until a
professional completes it; the dashboard trend's figures are kept per month end, so
the retention rule's deletions do not lower it.

Revision ID: 9d4f2a6c8e17
Revises: c4f7a2e9b318
Create Date: 2026-12-07 17:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9d4f2a6c8e17"
down_revision = "c4f7a2e9b318"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plans") as batch:
        batch.add_column(
            sa.Column("measurement_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "kept_figures",
        sa.Column("month_end", sa.Date(), nullable=False),
        sa.Column("open_plans", sa.Integer(), nullable=False),
        sa.Column("long_plans", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("kept_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("month_end", name=op.f("pk_kept_figures")),
    )


def downgrade():
    op.drop_table("kept_figures")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("measurement_only")
