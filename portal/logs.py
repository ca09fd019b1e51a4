"""Logging: one JSON object a line on standard error, at INFO, with the request's id.

- Every line carries `time`, `level`, `logger`, `message` and, inside a request,
  `request_id` (the proxy's `X-Request-Id` when it is a plain id, or a new one); the
  response carries the same id back in `X-Request-Id`, so a report can be matched with
  the server's lines. Pages answered from memory (the public and family page caches) carry
  no id: the id kept with them was another request's.
- Private link tokens never reach a log: `ScrubTokens` cuts them out of every line's
  message, whichever library wrote it (the same rule as `errors.loggable_path`). Nor do
  the words people search for (`?q=`): a parent may type their child's name or what
  happened, and a professional searches the plan list by the child's name.
- Operations are logged with counts and identifiers only, never plan text: every audited
  action (`records.audit_trail.audit`: sign-ins and sign-outs, imports, exports, assignments,
  retention), the retention command's counts, and a reminder that failed (its delivery
  row's id and the kind of failure).
- What a caller adds with `extra=` is written only if its name is in `FIELDS`, a list of
  identifiers, counts and failure kinds: an unknown name is left out rather than written,
  so plan text cannot reach a log by someone passing it as an extra. A test reads every
  `extra=` in portal/ and fails on a name that is not listed, so a new id is added here
  (and checked to be an id) instead of being dropped without a word.
"""

import json
import logging
import logging.config
import re
import secrets
import sys

from flask import Flask, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-Id"
_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Fields a caller may add with `extra=`: identifiers, counts and kinds of failure, never
# text a person wrote. `detail` is the audit row's ("link:12 sms"); `delivery` a reminder
# delivery row's id; `failure` a sender's `SendFailed.kind` ("smtp: SMTPException").
FIELDS = ("action", "actor", "plan_id", "detail", "count", "delivery", "failure")


# errors.SECRET_PATH's rule for a whole path, within a line of text: a token ends at
# a slash, a space, a quote, a query or a fragment.
SECRET_IN_TEXT = re.compile(r"/(f|r|calendar|set-password|reminders/stop)/[^/\s\"'?#]+")
# A search's words in a logged address (a request line, a path with its query).
SEARCH_WORDS_IN_TEXT = re.compile(r"([?&]q=)[^&\s\"'#]+")


def scrub(text: str) -> str:
    return SEARCH_WORDS_IN_TEXT.sub(r"\1…", SECRET_IN_TEXT.sub(r"/\1/…", text))


class ScrubTokens(logging.Filter):
    """Cuts private link tokens out of a line before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


class AddRequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id := getattr(record, "request_id", None):  # set by AddRequestId
            line["request_id"] = request_id
        for name in FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def configure() -> None:
    """Root logger at INFO, one JSON-lines handler on standard error (idempotent)."""
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {
                "scrub": {"()": ScrubTokens},
                "request_id": {"()": AddRequestId},
            },
            "formatters": {"json": {"()": JsonLines}},
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "stream": sys.stderr,
                    "formatter": "json",
                    "filters": ["scrub", "request_id"],
                }
            },
            "root": {"level": "INFO", "handlers": ["stderr"]},
        }
    )


def init_app(app: Flask) -> None:
    configure()

    @app.before_request
    def _request_id() -> None:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if _PLAIN_ID.fullmatch(given) else secrets.token_hex(8)

    @app.after_request
    def _send_request_id(response):
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        return response
