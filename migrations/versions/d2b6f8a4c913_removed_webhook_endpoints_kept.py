"""Removed webhook endpoints are kept (marked removed, secret wiped) with their delivery log

Revision ID: d2b6f8a4c913
Revises: a81c3e5f9d20
Create Date: 2026-12-07 19:05:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d2b6f8a4c913"
down_revision = "a81c3e5f9d20"
branch_labels = None
depends_on = None


def upgrade():
    # An address removed and later added again has two rows: unique among the live
    # ones only, which the code checks.
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))
        batch.drop_constraint("uq_webhook_endpoints_url", type_="unique")


def downgrade():
    op.execute("DELETE FROM webhook_endpoints WHERE removed_at IS NOT NULL")
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.create_unique_constraint("uq_webhook_endpoints_url", ["url"])
        batch.drop_column("removed_at")
