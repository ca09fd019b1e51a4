"""The professionals' own words in a reader's language (cp-plan/2 ``translations``).

A free-text value of the record is addressed by its JSON pointer (``/concerns/0``,
``/outcomes/1/actions/0/action``). For a reader's language it is either translated
(the stored translation was made from the English the record holds now), translated
but out of date (the English has changed since), or only in English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .model import Group, PlanRecord
from .vocabulary import DEFAULT_LANGUAGE

State = Literal["english", "translated", "out_of_date"]


def text_at(record: PlanRecord, pointer: str) -> str | None:
    """The free text the record holds at ``pointer``, or None if it holds none there.

    Pointers are of field names and list indexes only (no "~" escapes are needed)."""
    value: object = record
    for token in pointer.split("/")[1:]:
        if isinstance(value, Group) and token in type(value).model_fields:
            value = getattr(value, token)
        elif isinstance(value, tuple) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class OwnWords:
    """What a reader in ``language`` sees of one free-text value."""

    pointer: str
    english: str  # what the record says now
    state: State
    language: str  # the language of ``text``
    text: str  # the translation, or the English where there is none
    translated_from: str | None = None  # the English the translation was made from

    @property
    def is_translated(self) -> bool:
        return self.state != "english"


def own_words(record: PlanRecord, language: str, pointer: str) -> OwnWords | None:
    """The value at ``pointer`` as a reader in ``language`` sees it (None: no value)."""
    english = text_at(record, pointer)
    if english is None:
        return None
    stored = record.translation(language, pointer) if language != DEFAULT_LANGUAGE else None
    if stored is None:
        return OwnWords(pointer, english, "english", DEFAULT_LANGUAGE, english)
    state: State = "translated" if stored.english == english else "out_of_date"
    return OwnWords(pointer, english, state, language, stored.text, stored.english)


def shows_english(record: PlanRecord, language: str, pointers: Iterable[str]) -> bool:
    """Whether a page in ``language`` showing these pointers shows any of them in English
    only, or beside an out-of-date translation (it then says so once)."""
    if language == DEFAULT_LANGUAGE:
        return False
    for pointer in pointers:
        words = own_words(record, language, pointer)
        if words is not None and words.state != "translated":
            return True
    return False
