"""Family links: who the link is for (view), what it hides, and when it was last opened

Existing links keep the whole family view with nothing hidden, as before; their
last-opened date is unknown (NULL) until they are next opened.

Revision ID: 4b7e1c9d2a63
Revises: 3c9d2e7f4a15
Create Date: 2026-12-07 14:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4b7e1c9d2a63"
down_revision = "3c9d2e7f4a15"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("view", sa.String(length=20), nullable=False, server_default="family")
        )
        batch_op.add_column(
            sa.Column("hidden", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("last_opened_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.drop_column("last_opened_at")
        batch_op.drop_column("hidden")
        batch_op.drop_column("view")
