"""Emptying SQLite's write-ahead log after a deletion.

secure_delete zeroes a deleted row's pages in the database file, but the row's old
text stays in the write-ahead log until a checkpoint copies the log back and empties
it: every way plans are deleted (the retention rule, the API) calls this after its
commit.
"""

from sqlalchemy import text

from portal.models import db


def checkpoint_after_deletion() -> None:
    """On SQLite, copy the write-ahead log into the database and truncate it (commits).
    Nothing to do on PostgreSQL."""
    if db.engine.url.get_backend_name() != "sqlite":
        return
    db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    db.session.commit()
