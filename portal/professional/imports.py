"""Reading an uploaded or pasted plan record: strict JSON, so what is stored is what was sent."""

import json

from portal.planning import FieldError
from portal.planning.record import N_

MAX_BYTES = 500_000  # a plan record is a few KB; the request limit is larger still

MSG_NOTHING = N_("Choose a JSON file or paste the plan record")
MSG_TOO_BIG = N_("The plan record is larger than %(max)s bytes")
MSG_NOT_UTF8 = N_("The file is not UTF-8 text")
MSG_BAD_JSON = N_("This is not valid JSON: %(reason)s (line %(line)s, column %(column)s)")
MSG_TOO_DEEP = N_("The JSON is nested too deeply")
MSG_CONSTANT = N_("The JSON contains %(value)s, which is not allowed")
MSG_REPEATED_KEY = N_("The JSON repeats the field name %(name)s inside one object")
MSG_LONG_NUMBER = N_("The JSON contains a number with more than %(max)s digits")
# No number in a plan record is longer; Python refuses to read over 4,300 digits anyway.
MAX_NUMBER_DIGITS = 20


class _Problem(Exception):
    def __init__(self, error: FieldError):
        self.error = error


def _reject_constant(value: str):
    raise _Problem(FieldError("", MSG_CONSTANT, {"value": value}))


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Problem(FieldError("", MSG_LONG_NUMBER, {"max": MAX_NUMBER_DIGITS}))
    return int(text)


def _no_repeated_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            shown = key if len(key) <= 40 else key[:40] + "…"
            raise _Problem(FieldError("", MSG_REPEATED_KEY, {"name": json.dumps(shown)}))
        result[key] = value
    return result


def read_plan_json(raw: bytes | str) -> tuple[object, list[FieldError]]:
    """(data, []) or (None, errors): rejects NaN, repeated names and deep nesting."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            return None, [FieldError("", MSG_TOO_BIG, {"max": MAX_BYTES})]
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, [FieldError("", MSG_NOT_UTF8)]
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None, [FieldError("", MSG_TOO_BIG, {"max": MAX_BYTES})]
    if not raw.strip():
        return None, [FieldError("", MSG_NOTHING)]
    try:
        data = json.loads(
            raw,
            parse_constant=_reject_constant,
            parse_int=_bounded_int,
            object_pairs_hook=_no_repeated_keys,
        )
    except _Problem as problem:
        return None, [problem.error]
    except json.JSONDecodeError as exc:
        params = {"reason": exc.msg, "line": exc.lineno, "column": exc.colno}
        return None, [FieldError("", MSG_BAD_JSON, params)]
    except RecursionError:
        return None, [FieldError("", MSG_TOO_DEEP)]
    return data, []
