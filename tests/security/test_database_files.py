"""Review finding 13: portal.db and its -wal were world-readable (0644), and a deleted
plan's text was still in portal.db-wal after `retention apply`.

The database file is now created 0600 (SQLite gives its -wal and -shm the same mode),
as is a backup; SQLite overwrites deleted rows (`secure_delete`), and retention ends
with a WAL checkpoint that empties the log.
"""

import datetime as dt
import os
import stat

from portal.models import db
from portal.records import create_plan
from tests.records.helpers import example, migrated_app, plans_last_changed_at

CANARY = "RetentionCanaryChild"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _sqlite_app(tmp_path):
    old = os.umask(0o022)  # the usual umask, which made 0644 files
    try:
        app = migrated_app(tmp_path / "instance", DATABASE_URL=f"sqlite:///{tmp_path}/portal.db")
        with app.app_context():
            record = example("greenwich-ended")
            record["child"]["first_name"] = CANARY
            create_plan(record, app.extensions["profiles"], actor="test")
    finally:
        os.umask(old)
    return app, record["reference"]


def test_database_files_are_owner_only(tmp_path):
    app, _ = _sqlite_app(tmp_path)
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        assert (tmp_path / "portal.db-wal").exists()
        for name in ("portal.db", "portal.db-wal", "portal.db-shm"):
            assert _mode(tmp_path / name) == 0o600, name
        backup = tmp_path / "copy.db"
        result = app.test_cli_runner().invoke(args=["backup", str(backup)])
        assert result.exit_code == 0, result.output
        assert _mode(backup) == 0o600
        db.engine.dispose()


def test_database_files_retention_leaves_no_deleted_text(tmp_path):
    app, _reference = _sqlite_app(tmp_path)
    with app.app_context():
        files = [tmp_path / "portal.db", tmp_path / "portal.db-wal"]
        assert any(CANARY.encode() in f.read_bytes() for f in files if f.exists())
        plans_last_changed_at(dt.datetime(2020, 1, 1))  # unchanged since long ago
        result = app.test_cli_runner().invoke(args=["retention", "apply", "--months", "1", "--yes"])
        assert result.exit_code == 0, result.output
        assert "Deleted 1 plans" in result.output
        for f in files:
            if f.exists():
                assert CANARY.encode() not in f.read_bytes(), f.name
        db.engine.dispose()
