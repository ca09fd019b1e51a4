"""Killing the process in the middle of imports never leaves a partial plan (SQLite)."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from portal.config import ROOT
from portal.planning import load_profiles, parse_record

IMPORT_LOOP = textwrap.dedent(
    """
    import json, sys
    from portal import create_app
    from portal.records import create_plan
    app = create_app(
        {"DATABASE_URL": sys.argv[1], "PUBLIC_PAGE_CACHE": False, "INSTANCE_PATH": sys.argv[3]}
    )
    base = json.load(open(sys.argv[2]))
    with app.app_context():
        import flask_migrate
        flask_migrate.upgrade()
        print("ready", flush=True)
        for number in range(100000):
            record = dict(base, reference=f"KILL-{number}")
            create_plan(record, app.extensions["profiles"], actor="test")
    """
)

pytestmark = pytest.mark.slow


def _wait_for_plans(database, at_least, timeout=120):
    deadline = time.monotonic() + timeout
    engine = create_engine(f"sqlite:///{database}", poolclass=NullPool)
    while time.monotonic() < deadline:
        try:
            with engine.connect() as connection:
                if connection.execute(text("SELECT count(*) FROM plans")).scalar() >= at_least:
                    return
        except OperationalError:
            pass  # the table is not created yet, or a writer holds the lock
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} plans imported in {timeout} s")


def test_sigkill_during_imports_leaves_only_whole_plans(tmp_path):
    database = tmp_path / "portal.db"
    plan_file = ROOT / "tests" / "planning" / "examples" / "stoke-fifteen-months.plan.json"
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORT_LOOP, f"sqlite:///{database}", str(plan_file), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "PORTAL_ENV": "test", "SECRET_KEY": "x"},
    )
    assert process.stdout.readline().strip() == b"ready"
    _wait_for_plans(database, at_least=6)  # imports are under way, however busy the machine
    time.sleep(0.3)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    process.stdout.close()

    engine = create_engine(f"sqlite:///{database}", poolclass=NullPool)
    profiles = load_profiles()
    with engine.connect() as connection:
        plans = connection.execute(text("SELECT id, reference, record FROM plans")).all()
        audited = {
            row.plan_id
            for row in connection.execute(
                text("SELECT plan_id FROM audit_events WHERE action = 'plan.create'")
            )
        }
        integrity = connection.execute(text("PRAGMA integrity_check")).scalar()
    assert integrity == "ok"
    assert len(plans) > 5, "the test must kill the process mid-way, not before it started"
    for plan_id, reference, record in plans:
        stored = json.loads(record) if isinstance(record, str) else record
        assert stored["reference"] == reference
        parse_record(stored, profiles)  # every stored record is whole and valid
        assert plan_id in audited, "the audit row commits with the plan, or neither does"
    assert len(audited) == len(plans)
