"""Reading an uploaded or pasted plan record: strict JSON, so what is stored is what was sent."""

from portal import strict_json
from portal.planning import FieldError
from portal.planning.format import N_
from portal.strict_json import Reason, Refused

MAX_BYTES = 500_000  # a plan record is a few KB; the request limit is larger still

MSG_NOTHING = N_("Choose a JSON file or paste the plan record")
MSG_TOO_BIG = N_("The plan record is larger than %(max)s bytes")
MSG_NOT_UTF8 = N_("The file is not UTF-8 text")
MSG_BAD_JSON = N_("This is not valid JSON: %(reason)s (line %(line)s, column %(column)s)")
MSG_TOO_DEEP = N_("The JSON is nested too deeply")
MSG_CONSTANT = N_("The JSON contains %(value)s, which is not allowed")
MSG_REPEATED_KEY = N_("The JSON repeats the field name %(name)s inside one object")
MSG_LONG_NUMBER = N_("The JSON contains a number with more than %(max)s digits")


_MESSAGES = {
    Reason.CONSTANT: MSG_CONSTANT,
    Reason.REPEATED_NAME: MSG_REPEATED_KEY,
    Reason.SYNTAX: MSG_BAD_JSON,
    Reason.TOO_DEEP: MSG_TOO_DEEP,
    Reason.LONG_NUMBER: MSG_LONG_NUMBER,
}


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
        return strict_json.loads(raw), []
    except Refused as refused:
        return None, [FieldError("", _MESSAGES[refused.reason], refused.params)]
