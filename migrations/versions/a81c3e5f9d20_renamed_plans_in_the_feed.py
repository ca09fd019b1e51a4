"""A plan renamed by staff: the reference it had, for the change feed and webhook notices

Revision ID: a81c3e5f9d20
Revises: 9d4f2a6c8e17
Create Date: 2026-12-07 19:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a81c3e5f9d20"
down_revision = "9d4f2a6c8e17"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("previous_reference", sa.String(length=40), nullable=True))
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.add_column(sa.Column("previous_reference", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.drop_column("previous_reference")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("previous_reference")
