"""Reading a request body as JSON, strictly, so that what is stored is what was sent."""

from flask import request

from portal import strict_json
from portal.api.errors import ApiError
from portal.strict_json import Reason, Refused

MESSAGES = {
    Reason.CONSTANT: "The body contains {value}, which is not allowed in JSON.",
    Reason.REPEATED_NAME: "The body repeats a field name inside one object.",
    Reason.SYNTAX: "The body is not valid JSON: {reason} (line {line}, column {column}).",
    Reason.TOO_DEEP: "The body's JSON is nested too deeply.",
    Reason.LONG_NUMBER: "The body contains a number with more than {max} digits.",
}


def json_body() -> object:
    """The decoded body, or ApiError 415 (not JSON), 413 (too large) or 400 (unreadable).

    The size limit is the app's MAX_CONTENT_LENGTH, enforced by get_data itself.
    """
    if not request.is_json:
        raise ApiError(415)
    raw = request.get_data(cache=False)
    if not raw.strip():
        raise ApiError(400, "The body is empty: send the plan record as JSON.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "The body is not UTF-8 text.") from None
    try:
        return strict_json.loads(text)
    except Refused as refused:
        raise ApiError(400, MESSAGES[refused.reason].format(**refused.params)) from None
