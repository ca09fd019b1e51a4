"""pydantic's validation errors as our FieldErrors: a JSON pointer from ``loc`` and one
of our translated message templates from the error ``type``.

Our own field types raise ``PydanticCustomError("portal", template, {...})``, which
carries the template; pydantic's built-in errors (missing field, unknown field, not
an object...) map to the templates of the same meaning. Errors are read without the
input, so a message never repeats what the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from . import messages as m
from .messages import FieldError, escape

_MAX_KEY_IN_POINTER = 100
#: At most this many errors are listed for one record, then one "...and N more": a
#: record with thousands of wrong fields gets a short answer, quickly.
MAX_ERRORS = 100

_BUILT_IN = {
    "missing": m.MSG_REQUIRED,
    "extra_forbidden": m.MSG_UNKNOWN_FIELD,
    "model_type": m.MSG_OBJECT,
    "model_attributes_type": m.MSG_OBJECT,
    "dict_type": m.MSG_OBJECT,
    "list_type": m.MSG_LIST,
    "tuple_type": m.MSG_LIST,
    "string_type": m.MSG_TEXT,
    "too_long": m.MSG_TOO_MANY,
}
_UNREADABLE_KEY = ("invalid_key", "string_unicode")


def _readable(key: object) -> bool:
    return (
        isinstance(key, str)
        and len(key) <= _MAX_KEY_IN_POINTER
        and key.isprintable()
        and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in key)
    )


def pointer(loc: tuple[int | str, ...]) -> str:
    return "".join(f"/{escape(str(token))}" for token in loc)


_Key = tuple[tuple[str, ...], str, tuple[tuple[str, str], ...]]


def _key(loc: tuple[int | str, ...], template: str, params: Mapping[str, object]) -> _Key:
    """What makes two errors the same: their pointer (``loc``'s tokens, which escape
    one to one), template and parameters (a dict is not hashable, so compared as text)."""
    return tuple(map(str, loc)), template, tuple(sorted((k, repr(v)) for k, v in params.items()))


def _more(count: int) -> FieldError:
    return FieldError("", m.MSG_MORE_ERRORS, {"count": count})


def capped(errors: list[FieldError]) -> list[FieldError]:
    """``errors`` without repeats, in order, and at most MAX_ERRORS of them followed by
    one error saying how many more there are. Linear time: a record with very many
    wrong fields must not hold a worker."""
    seen: set[_Key] = set()
    unique: list[FieldError] = []
    for error in errors:
        key = _key((error.pointer,), error.template, error.params)
        if key not in seen:
            seen.add(key)
            unique.append(error)
    if len(unique) <= MAX_ERRORS:
        return unique
    return [*unique[:MAX_ERRORS], _more(len(unique) - MAX_ERRORS)]


def _ours(error: ErrorDetails) -> tuple[tuple[int | str, ...], str, dict[str, object]]:
    """One pydantic error as the location, template and parameters of ours."""
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if kind == "portal":
        template = ctx.pop("template")
        return loc, template, ctx
    if kind in _UNREADABLE_KEY or (kind == "extra_forbidden" and not _readable(loc[-1])):
        return (loc[:-1] if loc else loc), m.MSG_UNREADABLE_FIELD_NAME, {}
    if kind == "model_type" and not loc:
        return (), m.MSG_ROOT, {}
    template = _BUILT_IN.get(kind, m.MSG_UNCHECKABLE)
    return loc, template, ({"max": ctx["max_length"]} if kind == "too_long" else {})


def field_errors(exc: ValidationError) -> list[FieldError]:
    """Our errors for ``exc``, in pydantic's order (the format's field order), without
    repeats, at most MAX_ERRORS of them and then how many more (as :func:`capped`).
    Only the errors listed are built: a record can have a hundred thousand."""
    seen: set[_Key] = set()
    result: list[FieldError] = []
    more = 0
    for error in exc.errors(include_url=False, include_input=False, include_context=True):
        loc, template, params = _ours(error)
        key = _key(loc, template, params)
        if key in seen:
            continue
        seen.add(key)
        if len(result) < MAX_ERRORS:
            result.append(FieldError(pointer(loc), template, params))
        else:
            more += 1
    return [*result, _more(more)] if more else result
