"""The one strict JSON reader: what is stored is exactly what was sent.

The API, the command line and the professional's upload all read plan records with
`loads`. It refuses what `json.loads` would quietly accept or change: NaN and Infinity
(not JSON), a field name repeated inside one object (only the last value would be kept)
nesting too deep to walk, and integers longer than any plan record holds (Python
would spend seconds on, or refuse, one of thousands of digits). Each caller turns a
`Refused` into its own message, in its own words and language; the reason and its
parameters never repeat more than the first 40 characters of a name.
"""

import json
from dataclasses import dataclass, field
from enum import StrEnum


class Reason(StrEnum):
    CONSTANT = "constant"  # params: value (NaN, Infinity, -Infinity)
    REPEATED_NAME = "repeated-name"  # params: name, JSON-quoted, at most 40 characters
    SYNTAX = "syntax"  # params: reason, line, column
    TOO_DEEP = "too-deep"
    LONG_NUMBER = "long-number"  # params: max (digits)


# No number in a plan record is longer; Python refuses to read over 4,300 digits anyway.
MAX_NUMBER_DIGITS = 20


@dataclass
class Refused(ValueError):
    reason: Reason
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.reason}: {self.params}"


def _reject_constant(value: str) -> object:
    raise Refused(Reason.CONSTANT, {"value": value})


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise Refused(Reason.LONG_NUMBER, {"max": MAX_NUMBER_DIGITS})
    return int(text)


def _pairs_without_repeats(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            shown = key if len(key) <= 40 else key[:40] + "…"
            raise Refused(Reason.REPEATED_NAME, {"name": json.dumps(shown)})
        result[key] = value
    return result


def loads(text: str) -> object:
    """The decoded value, or `Refused` saying why not."""
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_bounded_int,
            object_pairs_hook=_pairs_without_repeats,
        )
    except json.JSONDecodeError as exc:
        params = {"reason": exc.msg, "line": exc.lineno, "column": exc.colno}
        raise Refused(Reason.SYNTAX, params) from None
    except RecursionError:
        raise Refused(Reason.TOO_DEEP) from None
