"""The field types of the plan format, each defined once.

Every field of the model is an ``Annotated`` type: a real Python type (``str``, a code
list's ``StrEnum``, ``date``...) with a :class:`FieldRules` that carries both its check
(a validator that raises our own translated message) and its JSON Schema (built from
the same constants and patterns). So the published schema accepts exactly what the
validator accepts, field by field; only the rules across fields (``rules.py``) are
beyond a schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from datetime import date, time
from enum import StrEnum
from typing import Annotated, NoReturn, cast, get_args, get_origin

from annotated_types import GroupedMetadata
from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonDict, JsonValue
from pydantic_core import PydanticCustomError

from . import messages as m
from .vocabulary import (
    DATE_PATTERN,
    DATE_SHAPE_PATTERN,
    EARLIEST_DATE,
    EMAIL_PATTERN,
    LATEST_DATE,
    LINE_PATTERN,
    MAX_EMAIL,
    MAX_ITEMS,
    MAX_PHONE,
    PARAGRAPH_PATTERN,
    PHONE_PATTERN,
    REFERENCE_PATTERN,
    TIME_PATTERN,
    VISIBLE_LINE_PATTERN,
    VISIBLE_PARAGRAPH_PATTERN,
    codes,
)

# A JSON Schema fragment, as pydantic's schema hooks take it.
Schema = JsonDict
Check = Callable[[object], object]
ContextCheck = Callable[[object, ValidationInfo], object]


class FieldRules(GroupedMetadata):
    """What pydantic applies to a field: its check, then its JSON Schema (or the field
    settings of a list). ``free_text`` marks a free-text field that ``translations``
    may address (the model marks it ``x-free-text`` in the schema)."""

    def __init__(
        self,
        check: Check | ContextCheck,
        schema: Schema | None = None,
        *,
        field: FieldInfo | None = None,
        free_text: bool = False,
    ) -> None:
        self.check = check
        self.schema = schema
        self.field = field
        self.free_text = free_text

    def __iter__(self) -> Iterator[object]:
        yield BeforeValidator(self.check)
        if self.schema is not None:
            yield WithJsonSchema(self.schema)
        if self.field is not None:
            yield self.field


def is_free_text(metadata: Collection[object]) -> bool:
    """Whether a field with this metadata holds free text."""
    return any(isinstance(rules, FieldRules) and rules.free_text for rules in metadata)


def is_list_of_free_text(annotation: object) -> bool:
    """Whether a field of this type (``tuple[Paragraph, ...]``) is a list of free text."""
    args = get_args(annotation)
    item = args[0] if get_origin(annotation) is tuple and args else None
    return get_origin(item) is Annotated and is_free_text(get_args(item)[1:])


def fail(template: str, **params: object) -> NoReturn:
    """Raise a validation error carrying one of our message templates."""
    raise PydanticCustomError("portal", template, {"template": template, **params})


def _search(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda value: compiled.search(value) is not None


def _nullable(schema: Schema) -> Schema:
    return {**schema, "type": [schema["type"], "null"]}


# --- text ----------------------------------------------------------------------


def _text_check(limit: int, paragraph: bool, required: bool, null_message: str) -> Check:
    clean = _search(PARAGRAPH_PATTERN if paragraph else LINE_PATTERN)
    visible = _search(VISIBLE_PARAGRAPH_PATTERN if paragraph else VISIBLE_LINE_PATTERN)

    def check(value: object) -> str | None:
        if value is None:
            if required:
                fail(null_message)
            return None
        if not isinstance(value, str):
            fail(m.MSG_TEXT)
        if len(value) > limit:
            fail(m.MSG_TOO_LONG, max=limit)
        if not clean(value):
            fail(m.MSG_BAD_CHARACTERS)
        if not visible(value):
            if required:
                fail(m.MSG_EMPTY)
            return None  # an empty optional text is stored as null
        return value

    return check


def text(
    limit: int,
    *,
    paragraph: bool = False,
    required: bool = True,
    free_text: bool = False,
    null_message: str = m.MSG_REQUIRED,
) -> FieldRules:
    """Plain text up to ``limit`` characters; a paragraph may hold tabs and line breaks.

    Required text must contain something visible; optional blank text becomes null
    (the field's type is then ``str | None``).
    """
    schema: Schema
    if required:
        pattern = VISIBLE_PARAGRAPH_PATTERN if paragraph else VISIBLE_LINE_PATTERN
        schema = {"type": "string", "maxLength": limit, "pattern": pattern}
    else:
        pattern = PARAGRAPH_PATTERN if paragraph else LINE_PATTERN
        schema = _nullable({"type": "string", "maxLength": limit, "pattern": pattern})
    if paragraph:
        schema["description"] = "Plain text; shown escaped, never as HTML"
    check = _text_check(limit, paragraph, required, null_message)
    return FieldRules(check, schema, free_text=free_text)


# nothing but white space (the schema's pattern and the check are the same text)
BLANK_PATTERN = r"^\s*(?![\s\S])"


def _pattern_check(pattern: str, message: str, required: bool, limit: int | None = None) -> Check:
    ok = _search(pattern)

    def check(value: object) -> str | None:
        if value is None:
            if required:
                fail(m.MSG_REQUIRED)
            return None
        if not isinstance(value, str):
            fail(m.MSG_TEXT if limit else message)
        if limit is not None and len(value) > limit:
            fail(m.MSG_TOO_LONG, max=limit)
        if limit is not None and _search(BLANK_PATTERN)(value):
            return None  # blank optional contact detail: not given
        if not ok(value):
            fail(message)
        return value

    return check


def patterned(
    pattern: str, message: str, *, required: bool = True, limit: int | None = None
) -> FieldRules:
    """Text that must match ``pattern`` (optional contact details may be blank: null)."""
    schema: Schema = {"type": "string", "pattern": pattern}
    if limit is not None:
        # blank optional text is accepted (and stored as null), so the pattern allows it
        schema = {
            "type": "string",
            "maxLength": limit,
            "anyOf": [{"pattern": pattern}, {"pattern": BLANK_PATTERN}],
        }
    if not required:
        schema = _nullable(schema)
    return FieldRules(_pattern_check(pattern, message, required, limit), schema)


Reference = Annotated[str, patterned(REFERENCE_PATTERN, m.MSG_REFERENCE)]
Email = Annotated[
    str | None, patterned(EMAIL_PATTERN, m.MSG_EMAIL, required=False, limit=MAX_EMAIL)
]
Phone = Annotated[
    str | None, patterned(PHONE_PATTERN, m.MSG_PHONE, required=False, limit=MAX_PHONE)
]


# --- choices -------------------------------------------------------------------


def _choice_check(
    choices: Collection[str] | None, context_key: str | None, required: bool, default: str | None
) -> ContextCheck:
    def check(value: object, info: ValidationInfo) -> object:
        if value is None:
            if required:
                fail(m.MSG_REQUIRED)
            return default
        allowed: Collection[str] = (
            choices if choices is not None else (info.context or {}).get(context_key, ())
        )
        if not isinstance(value, str) or value not in allowed:
            fail(m.MSG_CHOICE, choices=", ".join(allowed))
        return value

    return check


def choice(
    choices: type[StrEnum] | Collection[str] | None = None,
    *,
    context_key: str | None = None,
    required: bool = True,
    default: str | None = None,
) -> FieldRules:
    """One of ``choices`` (a code list's ``StrEnum``, whose members the field then
    holds, or plain strings), or of the list passed in the validation context
    (profiles, languages: they depend on the deployment and are injected into the
    schema)."""
    if isinstance(choices, type):
        choices = codes(choices)
    schema: Schema = {"type": "string"}
    if choices is not None:
        schema["enum"] = list(choices)
    if context_key is not None:
        schema["x-choices-from"] = context_key
    if not required:
        schema = _nullable(schema)
        if "enum" in schema:
            # set to a list just above
            schema["enum"] = [*cast(list[JsonValue], schema["enum"]), None]
    return FieldRules(_choice_check(choices, context_key, required, default), schema)


# --- dates, times, numbers, yes/no -------------------------------------------------


_real_date = _search(DATE_PATTERN)
_date_shape = _search(DATE_SHAPE_PATTERN)


def parse_date(value: object) -> date:
    """A YYYY-MM-DD date from 1900 to 2199, or a validation error with our message."""
    if not isinstance(value, str) or not _date_shape(value):
        fail(m.MSG_DATE)
    if not _real_date(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            fail(m.MSG_DATE)
        fail(m.MSG_DATE_RANGE, earliest=EARLIEST_DATE.isoformat(), latest=LATEST_DATE.isoformat())
    return date.fromisoformat(value)


def _date_check(required: bool) -> Check:
    def check(value: object) -> date | None:
        if value is None:
            if required:
                fail(m.MSG_REQUIRED)
            return None
        if isinstance(value, date):
            return value
        return parse_date(value)

    return check


_DATE_SCHEMA: Schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
IsoDate = Annotated[date, FieldRules(_date_check(True), _DATE_SCHEMA)]
OptionalDate = Annotated[date | None, FieldRules(_date_check(False), _nullable(_DATE_SCHEMA))]

_time_ok = _search(TIME_PATTERN)


def _time_check(value: object) -> time | None:
    if value is None:
        return None
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not _time_ok(value):
        fail(m.MSG_TIME)
    return time(int(value[:2]), int(value[3:]))


_TIME_SCHEMA: Schema = {
    "type": ["string", "null"],
    "pattern": TIME_PATTERN,
    "description": "HH:MM, UK local time",
}
OptionalTime = Annotated[time | None, FieldRules(_time_check, _TIME_SCHEMA)]


def _number_check(low: int, high: int, message: str) -> Check:
    def check(value: object) -> int | None:
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON does not tell 14 from 14.0
        if isinstance(value, bool) or not isinstance(value, int):
            fail(m.MSG_WHOLE_NUMBER)
        if not low <= value <= high:
            fail(message, min=low, max=high)
        return value

    return check


def whole_number(low: int, high: int, message: str) -> FieldRules:
    """An optional whole number from ``low`` to ``high`` (the field's type: ``int | None``)."""
    schema: Schema = {"type": ["integer", "null"], "minimum": low, "maximum": high}
    return FieldRules(_number_check(low, high, message), schema)


def _flag_check(value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        fail(m.MSG_BOOLEAN)
    return value


OptionalFlag = Annotated[bool | None, FieldRules(_flag_check, {"type": ["boolean", "null"]})]


# --- lists and groups ----------------------------------------------------------------


def _not_null(value: object) -> object:
    if value is None:
        fail(m.MSG_REQUIRED)
    return value


#: A group of fields that must be given (null counts as missing).
REQUIRED = BeforeValidator(_not_null)


def _list_check(required: bool, min_message: str | None) -> Check:
    def check(value: object) -> object:
        if value is None:
            if required:
                fail(m.MSG_REQUIRED)
            return ()
        if not isinstance(value, (list, tuple)):
            fail(m.MSG_LIST)
        if len(value) > MAX_ITEMS:
            fail(m.MSG_TOO_MANY, max=MAX_ITEMS)
        if min_message is not None and not value:
            fail(min_message)
        return value

    return check


def items(
    *, required: bool = False, min_message: str | None = None, unique: bool = False
) -> FieldRules:
    """A list of up to MAX_ITEMS items, held as a tuple (an optional list may be null:
    no items). ``unique`` says in the schema that no item may repeat (a rule across
    fields checks it, with its own message)."""
    # The limit is written into the schema here, not given to pydantic as max_length:
    # the check above enforces it, and pydantic would publish it as "maxLength", a
    # string keyword that says nothing about an array.
    schema_extra: Schema = {"maxItems": MAX_ITEMS}
    if unique:
        schema_extra["uniqueItems"] = True
    if min_message is not None:
        schema_extra["minItems"] = 1
    if not required:
        # null is read as "no items"
        def nullable(schema: Schema) -> None:
            schema["type"] = ["array", "null"]
            schema.update(schema_extra)

        field = Field(json_schema_extra=nullable)
    else:
        field = Field(json_schema_extra=schema_extra)
    return FieldRules(_list_check(required, min_message), field=field)
