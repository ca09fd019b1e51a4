"""The code passes the project's linter and formatter, as `make lint` checks them."""

import subprocess
import sys

from portal.config import ROOT

PATHS = ["portal", "tests", "bench", "migrations", "deploy"]


def test_ruff_finds_nothing_to_mend():
    for command in (["check", *PATHS], ["format", "--check", *PATHS]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
