"""Reading a request body as JSON, strictly, so that what is stored is what was sent."""

import json

from flask import request

from portal.api.errors import ApiError


class _Rejected(ValueError):
    pass


def _reject_constant(value: str):
    raise _Rejected(f"The body contains {value}, which is not allowed in JSON.")


MAX_NUMBER_DIGITS = 20  # no number in a plan record is longer


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Rejected(f"The body contains a number with more than {MAX_NUMBER_DIGITS} digits.")
    return int(text)


def _pairs_without_repeats(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            # A repeated name would silently keep only the last value: refuse instead.
            raise _Rejected("The body repeats a field name inside one object.")
        result[key] = value
    return result


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
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_bounded_int,
            object_pairs_hook=_pairs_without_repeats,
        )
    except _Rejected as exc:
        raise ApiError(400, str(exc)) from None
    except json.JSONDecodeError as exc:
        message = f"The body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        raise ApiError(400, message) from None
    except RecursionError:
        raise ApiError(400, "The body's JSON is nested too deeply.") from None
