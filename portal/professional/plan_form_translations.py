"""The professionals' translations, carried through the plan form unchanged (a hidden
field, as JSON), follow their rows: when rows are removed or move up, each translation
stays with the text it translates, so it never lands on another row's text (another
person's, say).

Each translation is keyed by the JSON pointer of its English text. Two steps keep it
there: on reading the post, :func:`renumbered_translations` gives each pointer its row's
new number (the form numbers rows 0, 1, 2… each time it is drawn); on making the record,
:func:`kept_translations` follows any whose English is now at another row of the same
field.

The field is read with the portal's strict JSON reader, like every other JSON it takes
in. What it refuses (NaN, a pointer given twice, nesting too deep to walk, anything not
JSON) is not what the form sent out: it goes to the validator as the text it is, so the
save is refused with an error at ``/translations`` and nothing is stored. Reading it as
"no translations" instead would quietly delete the plan's stored translations on save,
and keeping the last of a repeated pointer would guess; a professional expects neither.
"""

import json

from portal import strict_json
from portal.professional.plan_fields import pointer_tokens


def _text_at(record: dict, pointer) -> str | None:
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        return None
    value = record
    for token in pointer_tokens(pointer):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value if isinstance(value, str) else None


def _pointers_like(value, tokens: list[str], prefix: str = ""):
    """The pointers of the texts at the same field as ``tokens``, in any row."""
    if not tokens:
        if isinstance(value, str):
            yield prefix
        return
    head, rest = tokens[0], tokens[1:]
    if head.isdigit() and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _pointers_like(item, rest, f"{prefix}/{i}")
    elif isinstance(value, dict) and head in value:
        yield from _pointers_like(value[head], rest, f"{prefix}/{head}")


def _renumbered(pointer: str, origins: dict[str, list[int]]) -> str | None:
    """A translation's pointer with its rows' new numbers; None if its row was removed.

    `origins[group]` lists, in order, the posted row number each kept row had (the form
    numbers rows 0, 1, 2… each time it is drawn, so a number says only where a row was).
    """
    tokens = pointer_tokens(pointer)
    if len(tokens) < 2 or tokens[0] not in origins or not tokens[1].isdigit():
        return pointer
    kept = origins[tokens[0]]
    old = int(tokens[1])
    if old not in kept:
        return None
    tokens[1] = str(kept.index(old))
    actions = f"outcomes-{old}-actions"
    if (
        tokens[0] == "outcomes"
        and len(tokens) > 3
        and tokens[2] == "actions"
        and actions in origins
    ):
        if not tokens[3].isdigit() or int(tokens[3]) not in origins[actions]:
            return None
        tokens[3] = str(origins[actions].index(int(tokens[3])))
    return "/" + "/".join(token.replace("~", "~0").replace("/", "~1") for token in tokens)


def renumbered_translations(carried: str, origins: dict[str, list[int]]) -> str:
    """The carried translations (JSON) with each one's pointer following its row: a row
    removed takes its translations with it, and a row that moved up takes them along,
    so a translation never lands on the text of another row (another person's, say)."""
    if not carried.strip():
        return carried
    try:
        translations = strict_json.loads(carried)
    except strict_json.Refused:
        return carried  # not what the form sent out: the validator names it
    if not isinstance(translations, dict):
        return carried
    out: dict = {}
    for language, entries in translations.items():
        if not isinstance(entries, dict):
            out[language] = entries
            continue
        moved = {}
        for pointer, entry in entries.items():
            new = _renumbered(pointer, origins) if isinstance(pointer, str) else pointer
            if new is not None:
                moved[new] = entry
        out[language] = moved
    return json.dumps(out, ensure_ascii=False)


def _rows_followed(entries: dict, record: dict) -> dict:
    """One language's translations after the form's rows were removed or moved: each
    stays with its text. A translation whose English is no longer at its pointer moves
    to the one place of the same field (another row) that holds exactly that English;
    if there is none, it stays where it was, shown to the family as out of date, unless
    its pointer holds no text any more or another translation moved there."""
    exact: dict[str, object] = {}
    moved: dict[str, object] = {}
    stale: dict[str, object] = {}
    for pointer, entry in entries.items():
        english = entry.get("english") if isinstance(entry, dict) else None
        now = _text_at(record, pointer)
        if not isinstance(english, str) or now == english:
            if now is not None:
                exact[pointer] = entry
            continue
        tokens = pointer_tokens(pointer)
        targets = [p for p in _pointers_like(record, tokens) if _text_at(record, p) == english]
        if len(targets) == 1:
            moved.setdefault(targets[0], entry)
        elif now is not None:
            stale[pointer] = entry
    return {**stale, **moved, **exact}


def kept_translations(carried: str, record: dict):
    """The carried translations, each kept with its text as rows are removed (see
    :func:`_rows_followed`). Anything that is not the JSON the form sent out goes to the
    validator as it is."""
    if not carried.strip():
        return {}
    try:
        translations = strict_json.loads(carried)
    except strict_json.Refused:
        return carried  # see the module's docstring: refused whole, by the validator
    if not isinstance(translations, dict):
        return translations
    kept = {}
    for language, entries in translations.items():
        if not isinstance(entries, dict):
            kept[language] = entries
            continue
        entries = _rows_followed(entries, record)
        if entries:
            kept[language] = entries
    return kept
