"""pydantic's validation errors as our FieldErrors: a JSON pointer from ``loc`` and one
of our translated message templates from the error ``type``.

Our own field types raise ``PydanticCustomError("portal", template, {...})``, which
carries the template; pydantic's built-in errors (missing field, unknown field, not
an object...) map to the templates of the same meaning. Errors are read without the
input, so a message never repeats what the user typed.
"""

from __future__ import annotations

from pydantic import ValidationError

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


def _key(error: FieldError) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """What makes two errors the same (FieldError's params are a dict, not hashable)."""
    return (
        error.pointer,
        error.template,
        tuple(sorted((k, repr(v)) for k, v in error.params.items())),
    )


def capped(errors: list[FieldError]) -> list[FieldError]:
    """``errors`` without repeats, in order, and at most MAX_ERRORS of them followed by
    one error saying how many more there are. Linear time: a record with very many
    wrong fields must not hold a worker."""
    seen: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
    unique: list[FieldError] = []
    for error in errors:
        key = _key(error)
        if key not in seen:
            seen.add(key)
            unique.append(error)
    if len(unique) <= MAX_ERRORS:
        return unique
    more = len(unique) - MAX_ERRORS
    return [*unique[:MAX_ERRORS], FieldError("", m.MSG_MORE_ERRORS, {"count": more})]


def field_errors(exc: ValidationError) -> list[FieldError]:
    """Our errors for ``exc``, in pydantic's order (the format's field order), without
    repeats, at most MAX_ERRORS of them (see :func:`capped`)."""
    result: list[FieldError] = []
    for error in exc.errors(include_url=False, include_input=False, include_context=True):
        loc = tuple(error["loc"])
        kind = error["type"]
        ctx = dict(error.get("ctx") or {})
        if kind == "portal":
            template = ctx.pop("template")
            found = FieldError(pointer(loc), template, ctx)
        elif kind in _UNREADABLE_KEY or (kind == "extra_forbidden" and not _readable(loc[-1])):
            found = FieldError(pointer(loc[:-1] if loc else loc), m.MSG_UNREADABLE_FIELD_NAME)
        elif kind == "model_type" and not loc:
            found = FieldError("", m.MSG_ROOT)
        else:
            template = _BUILT_IN.get(kind, m.MSG_UNCHECKABLE)
            params = {"max": ctx["max_length"]} if kind == "too_long" else {}
            found = FieldError(pointer(loc), template, params)
        result.append(found)
    return capped(result)
