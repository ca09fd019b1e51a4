"""The published JSON Schema (2020-12, as OpenAPI 3.1 uses) of a plan record,
generated from the model: the same types, limits and patterns the validator uses.

A schema cannot say what the rules across fields check; those are listed in the
schema's description and reported as errors like any other.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from functools import lru_cache
from typing import overload

from .model import PlanRecord
from .vocabulary import translation_languages

RULES_IN_WORDS = (
    "A child protection plan record (cp-plan/2; cp-plan/1 records are read too and "
    "written back as cp-plan/2). Besides this schema the portal checks rules across "
    "fields and rejects a record that breaks any of them: exactly one first conference "
    "here, initial or transfer_in, held; on_plan_since with a transfer_in conference "
    "only, on or before it; nothing before the first conference; held reviews need a "
    "decision, and only they have a decision or progress; only held conferences have "
    "categories; an ending review needs a matching `ended`; nothing held or scheduled "
    "after the end; turned_18 from one month before the 18th birthday; milestone ids "
    "come from the plan's profile; each translation's pointer addresses a free-text "
    "field the record holds (those marked x-free-text)."
)


# A JSON Schema fragment: an object; its values are any JSON.
_Fragment = dict[str, object]


@overload
def _inline(schema: _Fragment, defs: dict[str, _Fragment]) -> _Fragment: ...
@overload
def _inline(schema: object, defs: dict[str, _Fragment]) -> object: ...
def _inline(schema: object, defs: dict[str, _Fragment]) -> object:
    """Replace every local $ref by its definition (the models are not recursive)."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            target = defs[schema["$ref"].rsplit("/", 1)[-1]]
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            return {**_inline(target, defs), **_inline(rest, defs)}
        return {k: _inline(v, defs) for k, v in schema.items() if k != "title"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


@lru_cache(maxsize=1)
def _model_schema() -> _Fragment:
    raw = PlanRecord.model_json_schema()
    defs = raw.pop("$defs", {})
    schema: _Fragment = _inline(raw, defs)
    return schema


def _inject(schema: object, choices: dict[str, list[str]]) -> None:
    if isinstance(schema, dict):
        key = schema.pop("x-choices-from", None)
        if key is not None:
            nullable = isinstance(schema.get("type"), list)
            schema["enum"] = [*choices[key], None] if nullable else list(choices[key])
        for value in schema.values():
            _inject(value, choices)
    elif isinstance(schema, list):
        for value in schema:
            _inject(value, choices)


def plan_record_schema(profiles: Collection[str], languages: Collection[str]) -> _Fragment:
    """The record schema for a deployment with these profile ids and languages."""
    schema = copy.deepcopy(_model_schema())
    choices = {
        "profiles": sorted(profiles),
        "languages": list(languages),
        "translation_languages": list(translation_languages(languages)),
    }
    _inject(schema, choices)
    if not choices["translation_languages"]:
        # An English-only portal takes no translations: said as "no keys", since an
        # empty enum of key names is not a valid schema by the letter of the spec.
        properties = schema["properties"]
        if isinstance(properties, dict) and isinstance(properties["translations"], dict):
            translations = properties["translations"]
            del translations["propertyNames"]
            translations["maxProperties"] = 0
    schema["description"] = RULES_IN_WORDS
    return schema
