"""A short run of the project's benchmark: gunicorn and wrk really serve all three pages."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from portal.config import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.skipif(
    shutil.which("wrk") is None and not os.environ.get("CI"),
    reason="wrk is not installed (make test installs it)",
)
def test_benchmark_runs_and_every_answer_is_ok(tmp_path):
    # The benchmark's servers keep their instance folder (render cache) in tmp_path.
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--duration", "1", "--rounds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={
            **os.environ,
            "PORTAL_CONTENT_DIR": str(ROOT / "content"),
            "PORTAL_INSTANCE_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "non-2xx responses: 0" in result.stdout
    for name in ("static", "guide", "plan"):
        match = re.search(rf"^{name}\s+(\d+)", result.stdout, re.MULTILINE)
        assert match and int(match.group(1)) > 0, result.stdout
    assert re.search(r"guide/static ratio: \d+\.\d+", result.stdout)
    assert re.search(r"plan/static ratio: \d+\.\d+", result.stdout)
    assert re.search(r"start-up: \d+\.\d+ s cold .*, \d+\.\d+ s warm", result.stdout)


def test_profiler_shows_a_plan_page_seen_again_answered_before_routing(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/profile.py", "plan", "--requests", "50"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PORTAL_INSTANCE_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"/en/my-plan: \d+\.\d+ ms a request", result.stdout)
    assert "FamilyPageCache._kept_response" in result.stdout
    assert "render_template" not in result.stdout
