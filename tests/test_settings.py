"""The typed settings: one list (portal/config.py), the README's table kept the same,
every value checked at start-up with a message naming its variable."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from portal.config import ROOT, Environment, Settings, environment_variables, settings


def readme_settings() -> dict[str, str]:
    """The README's settings table: variable -> its default column."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([^|]*) \|", section, flags=re.MULTILINE)
    return {name: default.strip() for name, default in rows}


def documented(default: object) -> str | None:
    """How a default is written in the README, where it is a plain value."""
    if isinstance(default, bool):
        return "1" if default else "0"
    if isinstance(default, Path):
        return default.relative_to(ROOT).as_posix() + "/"
    if isinstance(default, int | float) or (isinstance(default, str) and default):
        return str(default)
    return None  # worked out when loaded: the README says how


def test_the_readme_lists_exactly_the_settings_the_portal_reads():
    assert set(readme_settings()) == set(environment_variables())


@pytest.mark.parametrize("variable", sorted(environment_variables()))
def test_the_readme_gives_each_plain_default(variable):
    written = documented(environment_variables()[variable])
    if written is not None:
        assert f"`{written}`" in readme_settings()[variable]


def test_defaults_are_safe_for_local_use(tmp_path):
    loaded = Settings.load({"PORTAL_INSTANCE_DIR": str(tmp_path)})
    assert loaded.env is Environment.DEVELOPMENT
    assert not loaded.production
    assert loaded.database_url == f"sqlite:///{tmp_path.resolve() / 'portal.db'}"
    assert loaded.base_url == "http://127.0.0.1:5000"
    assert loaded.languages == ("en", "pl", "ro", "ur", "ar", "bn", "pt")
    assert (tmp_path / "secret_key").read_text() == loaded.secret_key
    assert loaded.content_cache_file == tmp_path.resolve() / "content-cache.json"


def test_values_are_read_typed(tmp_path):
    loaded = Settings.load(
        {
            "PORTAL_INSTANCE_DIR": str(tmp_path),
            "PORT": "5301",
            "PORTAL_LANGUAGES": "ur, pl",
            "PORTAL_PROXY_COUNT": "1",
            "PORTAL_RETENTION_MONTHS": "24",
            "PORTAL_TWO_YEAR_TARGET": "3.5",
            "FAMILY_PAGE_CACHE": "no",
            "PORTAL_AUTHORITY_NAME": "  Westshire Council ",
        }
    )
    assert loaded.base_url == "http://127.0.0.1:5301"
    assert loaded.languages == ("en", "ur", "pl")
    assert (loaded.proxy_count, loaded.retention_months) == (1, 24)
    assert loaded.two_year_target == 3.5
    assert loaded.family_page_cache is False
    assert loaded.authority_name == "Westshire Council"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PORTAL_ENV", "staging", "PORTAL_ENV must be development, production or test"),
        ("PORT", "http", "PORT must be a whole number"),
        ("PORTAL_PROXY_COUNT", "-1", "PORTAL_PROXY_COUNT must be a whole number"),
        ("PORTAL_RETENTION_MONTHS", "a year", "PORTAL_RETENTION_MONTHS must be a whole number"),
        ("PORTAL_TWO_YEAR_TARGET", "101", "PORTAL_TWO_YEAR_TARGET must be a percentage"),
        ("PORTAL_LANGUAGES", "en,xx", "PORTAL_LANGUAGES names unknown languages: xx"),
        ("AUDIT_VIEWS_IN_BATCHES", "sometimes", "AUDIT_VIEWS_IN_BATCHES must be 1 or 0"),
    ],
)
def test_a_value_that_cannot_be_used_stops_the_start_naming_its_variable(
    tmp_path, variable, value, message
):
    with pytest.raises(RuntimeError, match=re.escape(message)):
        Settings.load({"PORTAL_INSTANCE_DIR": str(tmp_path), variable: value})


def test_the_app_config_carries_the_same_values(make_app):
    app = make_app(PORTAL_PROFILE="stoke-on-trent", FAMILY_PAGE_CACHE=False)
    loaded = settings(app)
    assert loaded.profile == app.config["PORTAL_PROFILE"] == "stoke-on-trent"
    assert loaded.family_page_cache is app.config["FAMILY_PAGE_CACHE"] is False
    assert loaded.env is Environment.TEST
    assert app.config["SESSION_COOKIE_SECURE"] is loaded.production is False
    assert loaded.languages == app.config["PORTAL_LANGUAGES"]


def test_overrides_are_given_their_types(tmp_path):
    loaded = Settings.load(
        {},
        {
            "INSTANCE_PATH": tmp_path,
            "PORTAL_ENV": "test",
            "PORTAL_LANGUAGES": ["en", "ar"],
            "CONTENT_DIR": str(ROOT / "content"),
            "CONTENT_CACHE_FILE": None,
        },
    )
    assert loaded.env is Environment.TEST
    assert loaded.languages == ("en", "ar")
    assert loaded.content_dir == ROOT / "content"
    assert loaded.content_cache_file is None


def make_run_environment(**given: str) -> list[dict[str, str]]:
    """The environment each command of `make run` (the demo load, the server) starts with,
    when the caller's environment has `given` in it."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry_run = subprocess.run(
        [make, "-n", "--no-print-directory", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    prefixes = [
        line.split(" .venv/bin/flask ")[0]
        for line in dry_run.splitlines()
        if " .venv/bin/flask demo load " in line or " .venv/bin/flask run " in line
    ]
    assert len(prefixes) == 2, dry_run
    environments = []
    for prefix in prefixes:
        printed = subprocess.run(
            ["sh", "-c", f"{prefix} env"],
            env={"PATH": os.environ["PATH"], **given},
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
        pairs = (line.split("=", 1) for line in printed.splitlines() if "=" in line)
        environments.append(dict(pairs))
    return environments


def test_make_run_serves_a_sample_council_unless_set():
    """The demo shows the family pages as a council's copy does: a sample name and numbers
    from the range kept for drama, each replaced by the caller's own, even an empty one."""
    for env in make_run_environment():
        assert env["PORTAL_ENV"] == "development"
        assert env["PORTAL_AUTHORITY_NAME"] == "Sample Borough Council"
        assert env["PORTAL_AUTHORITY_PHONE"] == "01632 960000"
        assert env["PORTAL_OUT_OF_HOURS_PHONE"] == "01632 960999"
    for env in make_run_environment(PORTAL_AUTHORITY_NAME="Westshire", PORTAL_AUTHORITY_PHONE=""):
        assert env["PORTAL_AUTHORITY_NAME"] == "Westshire"
        assert env["PORTAL_AUTHORITY_PHONE"] == ""
