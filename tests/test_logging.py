"""Logs are JSON lines at INFO with the request's id, without tokens or plan text."""

import io
import json
import logging

from portal.logs import JsonLines


def _lines_of(app) -> io.StringIO:
    """Where the portal's own log handler writes, redirected to a buffer for the test."""
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonLines)]
    buffer = io.StringIO()
    handler.setStream(buffer)
    return buffer


def _read(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_a_request_logs_json_with_its_id_and_no_token(make_app):
    app = make_app()

    @app.get("/en/test-log/f/<token>")
    def logs_a_path(token):
        app.logger.warning("Could not answer /en/f/%s in time", token)
        return "ok"

    buffer = _lines_of(app)
    response = app.test_client().get(
        "/en/test-log/f/secret-token-123", headers={"X-Request-Id": "proxy-req-0001"}
    )
    assert response.headers["X-Request-Id"] == "proxy-req-0001"
    (line,) = [line for line in _read(buffer) if line["logger"] == app.logger.name]
    assert line["level"] == "WARNING" and line["request_id"] == "proxy-req-0001"
    assert line["message"] == "Could not answer /en/f/… in time"
    assert "secret-token-123" not in buffer.getvalue()


def test_a_request_id_that_is_not_a_plain_id_is_replaced(make_app):
    app = make_app()
    response = app.test_client().get("/en/glossary", headers={"X-Request-Id": "<script>"})
    assert response.headers["X-Request-Id"] != "<script>"
    assert len(response.headers["X-Request-Id"]) == 16


def test_operations_are_logged_with_ids_and_counts_only(make_app):
    app = make_app()
    buffer = _lines_of(app)
    result = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    lines = _read(buffer)
    audited = [line for line in lines if line["logger"] == "portal.operations"]
    assert audited and audited[0]["action"] == "retention.apply"
    assert audited[0]["actor"] == "cli" and audited[0]["detail"].startswith("deleted 0 plans")
    counted = [line for line in lines if line.get("count") is not None]
    assert counted and counted[0]["count"] == 0 and counted[0]["level"] == "INFO"


def test_search_words_never_reach_a_log(make_app):
    """A parent searches in their own words ("Jake hit"), a professional searches the plan
    list by a child's name: a request line logged by the server keeps neither."""
    make_app()
    buffer = _lines_of(None)
    server = logging.getLogger("werkzeug")
    for line in (
        "GET /en/search?q=Jake+was+hit HTTP/1.1",
        "GET /en/professional/plans?show=all&q=Jakub%20Nowak&page=2 HTTP/1.1",
    ):
        server.info('127.0.0.1 - - [07/Dec/2026 10:00:00] "%s" %s -', line, "200")
    logged = buffer.getvalue()
    assert "Jake" not in logged and "Jakub" not in logged and "Nowak" not in logged
    messages = [line["message"] for line in _read(buffer) if line["logger"] == "werkzeug"]
    assert '"GET /en/search?q=… HTTP/1.1"' in messages[0]
    assert "/en/professional/plans?show=all&q=…&page=2 " in messages[1]


def test_pages_kept_in_memory_never_repeat_another_requests_id(make_app):
    """The first reader of a page (who may choose their own id, as a proxy does) must not
    give every later reader that id: later answers from memory carry none."""
    app = make_app()
    client = app.test_client()
    first = client.get("/en/glossary", headers={"X-Request-Id": "first-reader-0001"})
    assert first.headers["X-Request-Id"] == "first-reader-0001"
    assert "/en/glossary" in app.extensions["public_pages"].entries
    later = client.get("/en/glossary", headers={"X-Request-Id": "later-reader-0002"})
    assert later.status_code == 200 and later.data == first.data
    assert later.headers.get("X-Request-Id") != "first-reader-0001"


LOGGING_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _extras_in_portal() -> tuple[dict[str, set[str]], list[str]]:
    """Every key given to a logging call's `extra=` as a dict literal, by where it is;
    and the calls that pass something else (a name), which a test must check another way."""
    import ast
    from pathlib import Path

    portal = Path(__file__).resolve().parent.parent / "portal"
    keys: dict[str, set[str]] = {}
    other: list[str] = []
    for path in sorted(portal.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in LOGGING_METHODS
            ):
                continue
            for keyword in node.keywords:
                if keyword.arg != "extra":
                    continue
                where = f"{path.relative_to(portal.parent).as_posix()}:{node.lineno}"
                if isinstance(keyword.value, ast.Dict):
                    keys[where] = {ast.literal_eval(key) for key in keyword.value.keys if key}
                else:
                    other.append(where.partition(":")[0])
    return keys, other


def test_every_extra_the_portal_logs_is_a_field_the_log_writes():
    """A name left out of FIELDS would be dropped without a word: each one the code passes
    must be listed (and so checked to be an id, a count or a kind of failure)."""
    from portal.logs import FIELDS
    from portal.records.audit_trail import _row

    keys, other = _extras_in_portal()
    assert keys, "the scan found no extra= at all"
    missing = {where: names - set(FIELDS) for where, names in keys.items() if names - set(FIELDS)}
    assert missing == {}
    # The audit trail passes its row by name: its keys are checked here instead.
    assert other == ["portal/records/audit_trail.py"]
    assert set(_row("cli", "retention.apply", 1, "deleted 0 plans")) <= set(FIELDS)


def test_extras_not_in_the_list_are_left_out():
    record = logging.LogRecord("x", logging.WARNING, "f", 1, "Reminder not sent", (), None)
    record.delivery, record.failure, record.plan_text = 7, "timeout", "Jake was hit"
    line = json.loads(JsonLines().format(record))
    assert (line["delivery"], line["failure"]) == (7, "timeout")
    assert "plan_text" not in line
