"""Reading a posted plan form: its fields as typed, without the rows whose "Remove" box
was ticked, and which group an "Add another" button names.

Rows are found from the posted field names in one pass (so the work grows with the
number of fields, not with fields × rows), and a post with far more fields than any
plan has is refused before any work is done on it.
"""

import re

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

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
)
from portal.professional.plan_form import PlanForm
from portal.professional.plan_form_translations import renumbered_translations
from portal.workspace.date_fields import read_date

_INDEX = r"([0-9]{1,4})"  # rows are bounded by the request size; this bounds the index
# The fullest plan form has a few hundred fields; this is ten times any real one.
MAX_FORM_FIELDS = 5000


def _text(value: str) -> str:
    """Browsers send line breaks in text areas as CR LF; the record keeps LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def read_posted_plan_form(data: MultiDict) -> PlanForm:
    """The form as posted, without the rows whose "Remove" box was ticked."""
    form = PlanForm(
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
            i for i in sorted(rows.get((group, "row"), ())) if not data.get(f"{group}-{i}-remove")
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
            j for j in sorted(rows.get((prefix, "row"), ())) if not data.get(f"{prefix}-{j}-remove")
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
    form.translations = renumbered_translations(form.translations, origins)
    return form


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


def add_target(value: str | None, form: PlanForm) -> str | None:
    """The group an "Add another" button names, if it is one the form has."""
    if value in GROUP_ORDER:
        return value
    match = re.fullmatch(rf"outcomes-{_INDEX}-actions", value or "")
    if match and int(match.group(1)) < len(form.groups.get("outcomes", [])):
        return value
    return None
