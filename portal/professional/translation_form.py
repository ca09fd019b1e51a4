"""The Translations step: every free-text value of a plan, its English, and a box for
its translation into each language the family uses (cp-plan/2 ``translations``).

A box's field name is ``translation-<lang>-<field id>`` where the field id is the plan
form's (``/outcomes/0/goal`` is ``outcomes-0-goal``), so an error from the validator,
at ``/translations/<lang>/<pointer>/text``, names its box.

What a save means for each box:
- left empty: there is no translation (a stored one is removed);
- changed: a translation of the English as it is now;
- unchanged: the stored translation as it was, still marked with the English it was
  made from (so an out-of-date one stays out of date), unless its "still right" box
  is ticked: then it is a translation of today's English.
"""

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from portal.planning.format import (
    OwnWords,
    PlanRecord,
    free_text_pointers,
    own_words,
    record_to_dict,
    text_at,
)
from portal.planning.format.vocabulary import DEFAULT_LANGUAGE
from portal.professional.plan_fields import field_label, pointer_tokens

PREFIX = "translation"
STILL_RIGHT = "still-right"


def field_id(pointer: str) -> str:
    return "-".join(pointer_tokens(pointer))


def box_name(language: str, pointer: str) -> str:
    return f"{PREFIX}-{language}-{field_id(pointer)}"


def still_right_name(language: str, pointer: str) -> str:
    return f"{STILL_RIGHT}-{language}-{field_id(pointer)}"


def _typed(value: str) -> str:
    """Browsers send line breaks in text areas as CR LF; the record keeps LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _held_words(record: PlanRecord, language: str, pointer: str) -> OwnWords:
    """own_words at a pointer free_text_pointers gave, where the record holds text."""
    words = own_words(record, language, pointer)
    if words is None:
        raise LookupError(f"free_text_pointers gave {pointer}, which holds no text")
    return words


def family_languages(record: PlanRecord, added: tuple[str, ...] = ()) -> list[str]:
    """The languages to translate into: the family's own (unless English), any other
    the record already holds translations in, then those added on the page (another
    family member may read another language)."""
    languages = [record.language] if record.language != DEFAULT_LANGUAGE else []
    languages += sorted(code for code in record.translations if code not in languages)
    languages += [c for c in added if c != DEFAULT_LANGUAGE and c not in languages]
    return languages


@dataclass(frozen=True)
class Box:
    language: str
    name: str
    text: str  # stored, or as typed when the form comes back with errors
    out_of_date: bool
    translated_from: str | None  # the English an out-of-date translation was made from
    still_right_name: str
    still_right: bool


@dataclass(frozen=True)
class Row:
    pointer: str
    label: str
    english: str
    boxes: tuple[Box, ...]


def rows(
    record: PlanRecord, typed: MultiDict | None = None, added: tuple[str, ...] = ()
) -> list[Row]:
    """One row per free-text value, in the record's order, with a box per language."""
    found = []
    for pointer in free_text_pointers(record):
        boxes = []
        for language in family_languages(record, added):
            words = _held_words(record, language, pointer)
            name = box_name(language, pointer)
            stored = words.text if words.is_translated else ""
            out_of_date = words.state == "out_of_date"
            boxes.append(
                Box(
                    language=language,
                    name=name,
                    text=_typed(typed.get(name, "")) if typed is not None else stored,
                    out_of_date=out_of_date,
                    translated_from=words.translated_from if out_of_date else None,
                    still_right_name=still_right_name(language, pointer),
                    still_right=typed is not None
                    and bool(typed.get(still_right_name(language, pointer))),
                )
            )
        label = field_label(field_id(pointer))
        found.append(Row(pointer, label, text_at(record, pointer) or "", tuple(boxes)))
    return found


@dataclass(frozen=True)
class Progress:
    code: str
    done: int
    total: int
    out_of_date: int


def progress(record: PlanRecord, found: list[Row], added: tuple[str, ...] = ()) -> list[Progress]:
    """For each language: how many values have a translation, and how many of those
    are out of date (as stored, not as typed)."""
    result = []
    for code in family_languages(record, added):
        stored = [own_words(record, code, row.pointer) for row in found]
        translated = [w for w in stored if w is not None and w.is_translated]
        stale = sum(1 for w in translated if w.state == "out_of_date")
        result.append(Progress(code, len(translated), len(found), stale))
    return result


def posted_record(record: PlanRecord, data: MultiDict, added: tuple[str, ...] = ()) -> dict:
    """The whole record with its translations as the form says (see the module's note);
    everything else as stored."""
    translations: dict[str, dict[str, dict[str, str | None]]] = {}
    for language in family_languages(record, added):
        entries: dict[str, dict[str, str | None]] = {}
        for pointer in free_text_pointers(record):
            text = _typed(data.get(box_name(language, pointer), ""))
            if not text.strip():
                continue
            words = _held_words(record, language, pointer)
            unchanged = words.is_translated and text == words.text
            if unchanged and not data.get(still_right_name(language, pointer)):
                entries[pointer] = {"text": text, "english": words.translated_from}
            else:
                entries[pointer] = {"text": text, "english": words.english}
        if entries:
            translations[language] = entries
    return {**record_to_dict(record), "translations": translations}


def box_for_error(pointer: str) -> str | None:
    """The box an error at ``/translations/<lang>/<escaped pointer>[/text]`` is about."""
    tokens = pointer_tokens(pointer)
    if len(tokens) < 3 or tokens[0] != "translations":
        return None
    return box_name(tokens[1], tokens[2])
