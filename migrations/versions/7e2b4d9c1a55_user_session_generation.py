"""Staff sessions can be ended on the server: a session generation per user

A staff session carries the generation it was started in; signing out, a new
password and deactivation move the user's generation on, which ends every session
started before, on every device. Additive only.

Revision ID: 7e2b4d9c1a55
Revises: 3c9e5b7a1f40
Create Date: 2026-12-07 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7e2b4d9c1a55"
down_revision = "3c9e5b7a1f40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_generation")
