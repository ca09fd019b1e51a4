"""The plan form: every field of cp-plan/2 as HTML form fields, and back again.

The field list comes from the one definition of the format (``plan_fields.py``,
from :mod:`portal.planning.format`): the rows of each repeating group have the fields of
its model, in the model's order, and the single fields are the model's own values and
those of its one-off groups (``child``, ``lead_social_worker``, ``visits``, ``ended``).
The professionals' translations (``translations``) are not edited here: the form
carries them unchanged in a hidden field, as JSON.

Field names are the record's JSON pointers with "-" for "/": `/core_group/1/name` is
the field `core_group-1-name`. So an error from the validator names its form field
directly, as long as the form's rows are the record's rows. That is why the form is
*compacted* before it is saved: removed rows and blank rows are dropped, the record is
built from what is left, and the same compacted form is shown again on an error (with
a blank row added at the end of each group, after the ones that line up).

The form keeps everything as the strings the user typed (a date as its three boxes, a
:class:`DateInput`); only `to_record` turns them into the record's types. A date whose
boxes are not a real date is not passed on: its own message (:meth:`PlanForm.date_errors`)
is shown instead, and the form is not saved. Repeating groups work without JavaScript: "Add another"
buttons post the form and get it back with one more blank row, saving nothing.
"""

import json
import re
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from portal.planning.format import FORMAT
from portal.professional.plan_fields import (
    ACTION_DATE_FIELDS,
    ACTION_FIELDS,
    GROUP_ORDER,
    PARAGRAPH_LISTS,
    ROW_DATE_FIELDS,
    ROW_FIELDS,
    ROW_LIST_FIELDS,
    SINGLE_DATE_FIELDS,
    SINGLE_FIELDS,
    date_name,
    field_id_for,
    field_label,
    pointer_tokens,
)
from portal.workspace.date_fields import DateInput, from_iso, read_date

__all__ = [
    "GROUP_ORDER",
    "PARAGRAPH_LISTS",
    "PlanForm",
    "add_target",
    "date_name",
    "field_id_for",
    "field_label",
    "is_date_field",
]


_INDEX = r"([0-9]{1,4})"  # rows are bounded by the request size; this bounds the index
_TRI_STATE = {"yes": True, "no": False}
_WHOLE_NUMBER = r"-?[0-9]{1,9}"
# The fullest plan form has a few hundred fields; this is ten times any real one.
MAX_FORM_FIELDS = 5000


def _text(value: str) -> str:
    """Browsers send line breaks in text areas as CR LF; the record keeps LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _blank(value) -> bool:
    if isinstance(value, DateInput):
        return value.blank
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return not value.strip()


@dataclass
class PlanForm:
    """The form's values as typed: single fields, categories and the repeating groups.

    Dates are :class:`DateInput` (the three boxes as typed). `groups["concerns"]` etc. are
    lists of strings; `groups["core_group"]` etc. are lists of dicts of strings;
    `groups["outcomes"]` is a list of {"goal": str, "actions": [...]}.
    """

    fields: dict[str, str | DateInput] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    groups: dict[str, list] = field(default_factory=dict)
    #: The record's translations as JSON, carried unchanged through the hidden field.
    translations: str = ""

    # --- reading --------------------------------------------------------------

    @classmethod
    def from_formdata(cls, data: MultiDict) -> "PlanForm":
        """The form as posted, without the rows whose "Remove" box was ticked."""
        form = cls(
            fields={
                name: read_date(data, name, required=False)
                if name in SINGLE_DATE_FIELDS
                else _text(data.get(name, ""))
                for name in SINGLE_FIELDS
            },
            categories=[c for c in data.getlist("categories") if isinstance(c, str)][:10],
            translations=data.get("translations", ""),
        )
        keys = list(data.keys())
        if len(keys) > MAX_FORM_FIELDS:
            # Far beyond any plan; refused before any work is done on it.
            raise RequestEntityTooLarge()
        rows = _row_numbers(keys)
        # Which posted row each kept row was: the translations follow their rows.
        origins: dict[str, list[int]] = {}
        for group in PARAGRAPH_LISTS:
            origins[group] = [
                i
                for i in sorted(rows.get((group, "paragraph"), ()))
                if not data.get(f"{group}-{i}-remove")
            ]
            form.groups[group] = [_text(data.get(f"{group}-{i}", "")) for i in origins[group]]
        for group, names in ROW_FIELDS.items():
            lists, dates = ROW_LIST_FIELDS[group], ROW_DATE_FIELDS[group]
            origins[group] = [
                i
                for i in sorted(rows.get((group, "row"), ()))
                if not data.get(f"{group}-{i}-remove")
            ]
            form.groups[group] = [
                {
                    name: (
                        [v for v in data.getlist(f"{group}-{i}-{name}") if isinstance(v, str)][:10]
                        if name in lists
                        else read_date(data, f"{group}-{i}-{name}", required=False)
                        if name in dates
                        else _text(data.get(f"{group}-{i}-{name}", ""))
                    )
                    for name in names
                }
                for i in origins[group]
            ]
        outcomes = []
        origins["outcomes"] = []
        for i in sorted(rows.get(("outcomes", "any"), ())):
            if data.get(f"outcomes-{i}-remove"):
                continue
            prefix = f"outcomes-{i}-actions"
            origins["outcomes"].append(i)
            origins[prefix] = [
                j
                for j in sorted(rows.get((prefix, "row"), ()))
                if not data.get(f"{prefix}-{j}-remove")
            ]
            actions = [
                {
                    name: read_date(data, f"{prefix}-{j}-{name}", required=False)
                    if name in ACTION_DATE_FIELDS
                    else _text(data.get(f"{prefix}-{j}-{name}", ""))
                    for name in ACTION_FIELDS
                }
                for j in origins[prefix]
            ]
            outcomes.append({"goal": _text(data.get(f"outcomes-{i}-goal", "")), "actions": actions})
        form.groups["outcomes"] = outcomes
        form.translations = _renumbered_translations(form.translations, origins)
        return form

    @classmethod
    def from_record(cls, record: dict) -> "PlanForm":
        """The form for a stored (normalised) cp-plan/2 record."""

        def s(value) -> str:
            if value is None:
                return ""
            if value is True:
                return "yes"
            if value is False:
                return "no"
            return str(value)

        def single(name: str):
            outer, _, inner = name.partition("-")
            value = record.get(outer) if not inner else (record.get(outer) or {}).get(inner)
            return from_iso(value) if name in SINGLE_DATE_FIELDS else s(value)

        translations = record.get("translations") or {}
        form = cls(
            fields={name: single(name) for name in SINGLE_FIELDS},
            categories=list(record.get("categories") or []),
            translations=json.dumps(translations, ensure_ascii=False) if translations else "",
        )
        for group in PARAGRAPH_LISTS:
            form.groups[group] = [s(p) for p in record.get(group) or []]
        for group, names in ROW_FIELDS.items():
            lists, dates = ROW_LIST_FIELDS[group], ROW_DATE_FIELDS[group]
            form.groups[group] = [
                {
                    name: [s(v) for v in item.get(name) or []]
                    if name in lists
                    else from_iso(item.get(name))
                    if name in dates
                    else s(item.get(name))
                    for name in names
                }
                for item in record.get(group) or []
            ]
        form.groups["outcomes"] = [
            {
                "goal": s(o.get("goal")),
                "actions": [
                    {
                        name: from_iso(a.get(name))
                        if name in ACTION_DATE_FIELDS
                        else s(a.get(name))
                        for name in ACTION_FIELDS
                    }
                    for a in o.get("actions") or []
                ],
            }
            for o in record.get("outcomes") or []
        ]
        return form

    @classmethod
    def blank(cls, profile: str, language: str = "en") -> "PlanForm":
        """A new plan: the initial conference row is started, since every plan has one."""
        form = cls.from_record({"profile": profile, "language": language})
        form.groups["conferences"] = [
            _blank_row("conferences") | {"kind": "initial", "status": "held"}
        ]
        return form

    # --- rows -----------------------------------------------------------------

    def compacted(self) -> "PlanForm":
        """Without blank rows: the form whose rows are exactly the record's rows."""
        groups = {g: [row for row in rows if not _blank(row)] for g, rows in self.groups.items()}
        groups["outcomes"] = [
            {"goal": o["goal"], "actions": [a for a in o["actions"] if not _blank(a)]}
            for o in groups.get("outcomes", [])
        ]
        return PlanForm(dict(self.fields), list(self.categories), groups, self.translations)

    def with_blank_rows(self, add: str | None = None) -> "PlanForm":
        """Ready to show: every group ends with a blank row, and `add` gets one more."""
        groups = {g: list(rows) for g, rows in self.groups.items()}
        for group in GROUP_ORDER:
            rows = groups.setdefault(group, [])
            extra = 1 if add == group else 0
            if not rows or not _blank(rows[-1]):
                extra += 1
            rows.extend(_blank_row(group) for _ in range(extra))
        outcomes = []
        for i, outcome in enumerate(groups["outcomes"]):
            actions = list(outcome["actions"])
            extra = 1 if add == f"outcomes-{i}-actions" else 0
            if not actions or not _blank(actions[-1]):
                extra += 1
            actions.extend(_blank_row("actions") for _ in range(extra))
            outcomes.append({"goal": outcome["goal"], "actions": actions})
        groups["outcomes"] = outcomes
        return PlanForm(dict(self.fields), list(self.categories), groups, self.translations)

    def field_ids(self) -> list[str]:
        """Every field id, in the order the form shows them."""
        ids = ["reference", "profile", "language", "child-first_name", "child-date_of_birth"]
        ids += ["categories"]
        ids += ["lead_social_worker-name", "lead_social_worker-phone", "lead_social_worker-email"]
        for group in GROUP_ORDER:
            for i, row in enumerate(self.groups.get(group, [])):
                if group in PARAGRAPH_LISTS:
                    ids.append(f"{group}-{i}")
                elif group == "outcomes":
                    ids.append(f"outcomes-{i}-goal")
                    for j, _ in enumerate(row["actions"]):
                        ids += [f"outcomes-{i}-actions-{j}-{name}" for name in ACTION_FIELDS]
                else:
                    ids += [f"{group}-{i}-{name}" for name in ROW_FIELDS[group]]
            if group == "outcomes":
                ids += ["contingency", "visits-every_days", "visits-unannounced"]
            if group == "conferences":
                ids += ["on_plan_since"]
            if group == "visit_log":
                ids += ["previous_plans"]
        ids += ["ended-date", "ended-reason"]
        return ids

    def date_errors(self) -> dict[str, DateInput]:
        """The dates whose boxes are not a real date, by field id, in the page's order."""
        dates: dict[str, DateInput] = {name: self.fields[name] for name in SINGLE_DATE_FIELDS}
        for group, names in ROW_DATE_FIELDS.items():
            for i, row in enumerate(self.groups.get(group, [])):
                dates |= {f"{group}-{i}-{name}": row[name] for name in names}
        for i, outcome in enumerate(self.groups.get("outcomes", [])):
            for j, action in enumerate(outcome["actions"]):
                prefix = f"outcomes-{i}-actions-{j}"
                dates |= {f"{prefix}-{name}": action[name] for name in ACTION_DATE_FIELDS}
        wrong = {field_id: date for field_id, date in dates.items() if date.error}
        order = {field_id: i for i, field_id in enumerate(self.field_ids())}
        return dict(sorted(wrong.items(), key=lambda item: order.get(item[0], -1)))

    # --- the record -----------------------------------------------------------

    def to_record(self) -> dict:
        """The cp-plan/2 dict for the validator. Blank text becomes null; values that are
        not what the format expects are passed on as typed, so the validator can name them.
        Translations whose pointer no longer addresses a text of the record (its row was
        removed) are left out; one whose row moved up stays, and shows as out of date
        where its English no longer matches.
        """
        f = self.fields

        def text(value) -> str | None:
            if isinstance(value, DateInput):
                return value.iso  # None when blank or not a real date (see date_errors)
            value = value.strip()
            return value or None

        def tri(value: str):
            return _TRI_STATE.get(value.strip()) if value.strip() in _TRI_STATE else text(value)

        def number(value: str):
            value = text(value)
            return int(value) if value is not None and re.fullmatch(_WHOLE_NUMBER, value) else value

        def row(group: str, values: dict) -> dict:
            item = {}
            for name in ROW_FIELDS[group]:
                value = values.get(name, "")
                if name in ROW_LIST_FIELDS[group]:
                    item[name] = list(value)
                elif name == "seen_alone":
                    item[name] = tri(value)
                else:
                    item[name] = text(value)
            return item

        every = number(f["visits-every_days"])
        visits = None
        if every is not None or text(f["visits-unannounced"]) is not None:
            visits = {"every_days": every, "unannounced": tri(f["visits-unannounced"])}
        ended = None
        if text(f["ended-date"]) is not None or text(f["ended-reason"]) is not None:
            ended = {"date": text(f["ended-date"]), "reason": text(f["ended-reason"])}
        g = self.groups
        record = {
            "format": FORMAT,
            "reference": text(f["reference"]),
            "profile": text(f["profile"]),
            "language": text(f["language"]) or "en",
            "child": {
                "first_name": text(f["child-first_name"]),
                "date_of_birth": text(f["child-date_of_birth"]),
            },
            "categories": list(self.categories),
            "lead_social_worker": {
                "name": text(f["lead_social_worker-name"]),
                "phone": text(f["lead_social_worker-phone"]),
                "email": text(f["lead_social_worker-email"]),
            },
            "core_group": [
                {
                    "name": text(m["name"]),
                    "role": text(m["role"]),
                    "agency": text(m["agency"]),
                    "family": tri(m["family"]),
                }
                for m in g.get("core_group", [])
            ],
        }
        for group in ("concerns", "child_needs", "parent_needs", "strengths"):
            record[group] = [text(p) for p in g.get(group, [])]
        record["outcomes"] = [
            {
                "goal": text(o["goal"]),
                "actions": [{k: text(a[k]) for k in ACTION_FIELDS} for a in o["actions"]],
            }
            for o in g.get("outcomes", [])
        ]
        record["assessments"] = [text(p) for p in g.get("assessments", [])]
        record["contingency"] = text(f["contingency"])
        record["visits"] = visits
        record["conferences"] = [row("conferences", c) for c in g.get("conferences", [])]
        record["on_plan_since"] = text(f["on_plan_since"])
        for group in ("core_group_meetings", "milestones_done", "visit_log"):
            record[group] = [row(group, item) for item in g.get(group, [])]
        record["previous_plans"] = number(f["previous_plans"])
        record["translations"] = _kept_translations(self.translations, record)
        record["ended"] = ended
        return record


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


def _renumbered_translations(carried: str, origins: dict[str, list[int]]) -> str:
    """The carried translations (JSON) with each one's pointer following its row: a row
    removed takes its translations with it, and a row that moved up takes them along,
    so a translation never lands on the text of another row (another person's, say)."""
    if not carried.strip():
        return carried
    try:
        translations = json.loads(carried)
    except ValueError:
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
    exact, moved, stale = {}, {}, {}
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


def _kept_translations(carried: str, record: dict):
    """The carried translations, each kept with its text as rows are removed (see
    :func:`_rows_followed`). Anything that is not the JSON the form sent out goes to the
    validator as it is."""
    if not carried.strip():
        return {}
    try:
        translations = json.loads(carried)
    except ValueError:
        return carried
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


_ROW_KEY = re.compile(rf"([a-z_]+)-{_INDEX}(?:-(.+))?")
_DATE_PART = r"(?:-(?:day|month|year))?"  # a date's three boxes: `date-day`...
_ACTION_KEY = re.compile(rf"actions-{_INDEX}-[a-z_]+{_DATE_PART}")
_NAME = re.compile(rf"[a-z_]+{_DATE_PART}")


def _row_numbers(keys: list[str]) -> dict[tuple[str, str], set[int]]:
    """The row numbers in the posted field names, in one pass over the names (so the
    work grows with the number of fields, not with fields × rows).

    `(group, "paragraph")`: `concerns-3`; `(group, "row")`: `core_group-3-name` and
    `outcomes-1-actions-3-who` (group `outcomes-1-actions`); `("outcomes", "any")`:
    any `outcomes-3-...` field.
    """
    found: dict[tuple[str, str], set[int]] = {}
    for key in keys:
        match = _ROW_KEY.fullmatch(key)
        if match is None:
            continue
        group, number, rest = match.group(1), int(match.group(2)), match.group(3)
        if rest is None:
            found.setdefault((group, "paragraph"), set()).add(number)
            continue
        if _NAME.fullmatch(rest):
            found.setdefault((group, "row"), set()).add(number)
        if group == "outcomes":
            found.setdefault((group, "any"), set()).add(number)
            action = _ACTION_KEY.fullmatch(rest)
            if action is not None:
                found.setdefault((f"outcomes-{number}-actions", "row"), set()).add(
                    int(action.group(1))
                )
    return found


def _blank_row(group: str):
    if group in PARAGRAPH_LISTS:
        return ""
    if group == "outcomes":
        return {"goal": "", "actions": []}
    if group == "actions":
        return {name: DateInput() if name in ACTION_DATE_FIELDS else "" for name in ACTION_FIELDS}
    return {
        name: []
        if name in ROW_LIST_FIELDS[group]
        else DateInput()
        if name in ROW_DATE_FIELDS[group]
        else ""
        for name in ROW_FIELDS[group]
    }


def is_date_field(field_id: str) -> bool:
    """A field shown as three date boxes (``conferences-0-date``, ``ended-date``...)."""
    if field_id in SINGLE_DATE_FIELDS:
        return True
    parts = field_id.split("-")
    if parts[0] == "outcomes":
        return len(parts) == 5 and parts[4] in ACTION_DATE_FIELDS
    return len(parts) == 3 and parts[2] in ROW_DATE_FIELDS.get(parts[0], ())


def add_target(value: str | None, form: PlanForm) -> str | None:
    """The group an "Add another" button names, if it is one the form has."""
    if value in GROUP_ORDER:
        return value
    match = re.fullmatch(rf"outcomes-{_INDEX}-actions", value or "")
    if match and int(match.group(1)) < len(form.groups.get("outcomes", [])):
        return value
    return None
