"""Family links: sessions_ended_at, so signing out ends a session on the server too

Additive only: a link that nobody has signed out of keeps NULL, and every session
opened with it stays as it was.

Revision ID: 5d1e8a7c2b90
Revises: c6f2f1b13846
Create Date: 2026-11-23 17:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5d1e8a7c2b90"
down_revision = "c6f2f1b13846"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sessions_ended_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.drop_column("sessions_ended_at")
