"""The plan form: every field of cp-plan/2 as HTML form fields, and back again.

The field list comes from the one definition of the format (``plan_fields.py``,
from :mod:`portal.planning.format`): the rows of each repeating group have the fields of
its model, in the model's order, and the single fields are the model's own values and
those of its one-off groups (``child``, ``lead_social_worker``, ``visits``, ``ended``).
The professionals' translations (``translations``) are not edited here: the form
carries them unchanged in a hidden field, as JSON (``plan_form_translations.py``).

Field names are the record's JSON pointers with "-" for "/": `/core_group/1/name` is
the field `core_group-1-name`. So an error from the validator names its form field
directly, as long as the form's rows are the record's rows. That is why the form is
*compacted* before it is saved: removed rows and blank rows are dropped, the record is
built from what is left, and the same compacted form is shown again on an error (with
a blank row added at the end of each group, after the ones that line up).

The form keeps everything as the strings the user typed (a date as its three boxes, a
:class:`DateInput`); only :func:`~portal.professional.plan_form_record.record_from_plan_form`
turns them into the record's types. A date whose boxes are not a real date is not passed
on: its own message (:meth:`PlanForm.date_errors`) is shown instead, and the form is not
saved. Repeating groups work without JavaScript: "Add another" buttons post the form and
get it back with one more blank row, saving nothing (reading a posted form:
``plan_form_post.py``).
"""

import json
from dataclasses import dataclass, field

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
from portal.workspace.date_fields import DateInput, from_iso


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

    @classmethod
    def from_record(cls, record: dict) -> "PlanForm":
        """The form for a stored (normalised) cp-plan/2 record."""

        def as_typed(value) -> str:
            """A stored value as the form shows it: yes/no for true/false, "" for null."""
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
            return from_iso(value) if name in SINGLE_DATE_FIELDS else as_typed(value)

        translations = record.get("translations") or {}
        form = cls(
            fields={name: single(name) for name in SINGLE_FIELDS},
            categories=list(record.get("categories") or []),
            translations=json.dumps(translations, ensure_ascii=False) if translations else "",
        )
        for group in PARAGRAPH_LISTS:
            form.groups[group] = [as_typed(p) for p in record.get(group) or []]
        for group, names in ROW_FIELDS.items():
            lists, dates = ROW_LIST_FIELDS[group], ROW_DATE_FIELDS[group]
            form.groups[group] = [
                {
                    name: [as_typed(v) for v in item.get(name) or []]
                    if name in lists
                    else from_iso(item.get(name))
                    if name in dates
                    else as_typed(item.get(name))
                    for name in names
                }
                for item in record.get(group) or []
            ]
        form.groups["outcomes"] = [
            {
                "goal": as_typed(o.get("goal")),
                "actions": [
                    {
                        name: from_iso(a.get(name))
                        if name in ACTION_DATE_FIELDS
                        else as_typed(a.get(name))
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

    def text_field(self, name: str) -> str:
        """A single field other than a date, as typed."""
        value = self.fields[name]
        if not isinstance(value, str):
            raise TypeError(f"{name} is a date field")
        return value

    def date_field(self, name: str) -> DateInput:
        """A single date field (SINGLE_DATE_FIELDS): its three boxes as typed."""
        value = self.fields[name]
        if not isinstance(value, DateInput):
            raise TypeError(f"{name} is not a date field")
        return value

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
        dates = {name: self.date_field(name) for name in SINGLE_DATE_FIELDS}
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
