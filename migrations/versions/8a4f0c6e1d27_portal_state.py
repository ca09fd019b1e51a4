"""Portal state: which timescales the dashboard's stored due dates were worked out with

Every stored plan's due dates were worked out (by saves, or by the dashboard columns'
backfill) with the profiles as they are now, so that is what is recorded.

Revision ID: 8a4f0c6e1d27
Revises: 5d1e8a7c2b90
Create Date: 2026-11-23 17:30:00.000000

"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from portal.database import profiles_for_migrations

# revision identifiers, used by Alembic.
revision = "8a4f0c6e1d27"
down_revision = "5d1e8a7c2b90"
branch_labels = None
depends_on = None


def upgrade():
    from portal.planning import timescales_fingerprint

    state = op.create_table(
        "portal_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_portal_state")),
    )
    op.bulk_insert(
        state,
        [
            {
                "key": "dashboard_timescales",
                "value": timescales_fingerprint(profiles_for_migrations()),
                "updated_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            }
        ],
    )


def downgrade():
    op.drop_table("portal_state")
