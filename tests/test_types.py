"""mypy passes on all of portal/ ([tool.mypy] in pyproject.toml), strict where the domain
code is (planning, content, records, the clock and the JSON reader)."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRICT = {
    "portal.clock",
    "portal.strict_json",
    "portal.content.*",
    "portal.planning.*",
    "portal.records.*",
}
# Strict modules that may still write Any, each with its reason in pyproject.toml.
MAY_WRITE_ANY = {
    "portal.planning.format.model",
    "portal.planning.format.types",
    "portal.planning.format.export",
    "portal.records.plans",
    "portal.content.render_cache",
}


def test_mypy_checks_all_of_portal_and_the_domain_code_strictly():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["files"] == ["portal"]
    assert config["check_untyped_defs"] is True
    assert config["warn_unused_ignores"] is True
    # imports are typed unless a library is listed as shipping no types
    assert "ignore_missing_imports" not in config
    strict = [o for o in config["overrides"] if o.get("disallow_untyped_defs")]
    assert {module for o in strict for module in o["module"]} >= STRICT


def test_the_domain_code_writes_no_any_but_where_pyproject_says_why():
    overrides = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "mypy"
    ]["overrides"]
    strict = [o for o in overrides if o.get("disallow_untyped_defs")]
    assert all(o.get("disallow_any_explicit") is True for o in strict)
    exempt = [o for o in overrides if o.get("disallow_any_explicit") is False]
    assert {module for o in exempt for module in o["module"]} == MAY_WRITE_ANY


def test_mypy_finds_no_type_errors():
    run = subprocess.run(
        # no cache written into the checkout (the suite keeps its files in temporary folders)
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found" in run.stdout
