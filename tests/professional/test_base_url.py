"""A warning when PORTAL_BASE_URL names another port than the one being served."""

import json
import logging

import click
import pytest

from portal import create_app
from portal.base_url import mismatch
from tests.conftest import test_settings as settings_for


@pytest.mark.parametrize(
    ("base_url", "port", "warns"),
    [
        ("http://127.0.0.1:5000", 5301, True),
        ("http://localhost:5000/", "5301", True),
        ("http://[::1]:8000", 8001, True),
        ("http://127.0.0.1", 8080, True),  # no port in the address: 80
        ("http://127.0.0.1:5301", 5301, False),
        ("http://127.0.0.1", 80, False),
        # A public address is behind a proxy: the port served differs by design.
        ("https://portal.example.org", 8000, False),
        ("http://127.0.0.1:5000", None, False),
        ("http://127.0.0.1:5000", "not a port", False),
    ],
)
def test_which_addresses_and_ports_disagree(base_url, port, warns):
    warning = mismatch(base_url, port)
    assert (warning is not None) is warns
    if warns:
        assert f"served on port {int(port)}" in warning
        assert f"PORTAL_BASE_URL={'http://127.0.0.1:' + str(int(port))}" in warning


def test_flask_run_on_another_port_warns_at_start_up(tmp_path, caplog, capsys):
    command = click.Command("run", params=[click.Option(["--port"], type=int)])
    context = click.Context(command, info_name="run")
    context.params = {"port": 5301}
    with context, caplog.at_level(logging.WARNING):
        create_app(settings_for(tmp_path, PORTAL_BASE_URL="http://127.0.0.1:5000"))
    err = capsys.readouterr().err
    # the portal's own JSON log line (its handler replaces the root's, caplog's too) ...
    logged = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert any(
        entry["level"] == "WARNING" and "served on port 5301" in entry["message"]
        for entry in logged
    ), err
    # ... and a plain line for the person who typed the command
    assert "Warning: PORTAL_BASE_URL is http://127.0.0.1:5000" in err


def test_flask_run_on_the_right_port_says_nothing(tmp_path, caplog, capsys):
    command = click.Command("run", params=[click.Option(["--port"], type=int)])
    context = click.Context(command, info_name="run")
    context.params = {"port": 5301}
    with context, caplog.at_level(logging.WARNING):
        create_app(settings_for(tmp_path, PORTAL_BASE_URL="http://127.0.0.1:5301"))
    assert "PORTAL_BASE_URL" not in caplog.text
    assert "PORTAL_BASE_URL" not in capsys.readouterr().err


class Gathered(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_another_server_warns_at_its_first_request_only(make_app):
    app = make_app(
        TESTING=False, PASSWORD_HASHING="standard", PORTAL_BASE_URL="http://127.0.0.1:5000"
    )
    gathered = Gathered()
    app.logger.addHandler(gathered)  # the portal's logger does not pass records up
    client = app.test_client()
    client.get("/healthz", base_url="http://127.0.0.1:5301")
    client.get("/healthz", base_url="http://127.0.0.1:5301")
    app.logger.removeHandler(gathered)
    warnings = [r for r in gathered.records if "PORTAL_BASE_URL" in r.getMessage()]
    assert len(warnings) == 1
    assert "served on port 5301" in warnings[0].getMessage()
