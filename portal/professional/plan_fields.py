"""The plan form's fields, taken from the one definition of the plan format.

The rows of each repeating group have the fields of its model, in the model's order;
the single fields are the record's own values and those of its one-off groups
(``child``, ``lead_social_worker``, ``visits``, ``ended``). Field ids are the record's
JSON pointers with "-" for "/", so a validation error names its form field:
:func:`field_id_for` finds it, :func:`field_label` names it in the error summary.
"""

import datetime as dt
from typing import get_args, get_origin

from pydantic import BaseModel

from portal.planning.format import (
    Action,
    Conference,
    CoreGroupMeeting,
    CoreGroupMember,
    MilestoneDone,
    PlanRecord,
    Visit,
)
from portal.workspace.labels import FIELD_LABELS, ROW_DATE_NAMES, ROW_FIELD_LABELS, ROW_TITLES


def _is_list(model: type[BaseModel], name: str) -> bool:
    annotation = model.model_fields[name].annotation
    return get_origin(annotation) is tuple or any(
        get_origin(a) is tuple for a in get_args(annotation)
    )


def _is_date(model: type[BaseModel], name: str) -> bool:
    """A field typed in the three date boxes (day, month, year)."""
    annotation = model.model_fields[name].annotation
    return annotation is dt.date or dt.date in get_args(annotation)


def _model_of(name: str) -> type[BaseModel] | None:
    """The model of a one-off group of the record (``child``, ``visits``...), or None."""
    for arg in (
        PlanRecord.model_fields[name].annotation,
        *get_args(PlanRecord.model_fields[name].annotation),
    ):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


ROW_MODELS: dict[str, type[BaseModel]] = {
    "core_group": CoreGroupMember,
    "conferences": Conference,
    "core_group_meetings": CoreGroupMeeting,
    "milestones_done": MilestoneDone,
    "visit_log": Visit,
}
#: The fields of each row, in the model's order.
ROW_FIELDS = {group: tuple(model.model_fields) for group, model in ROW_MODELS.items()}
#: Row fields that hold a list (checkboxes): a conference's categories.
ROW_LIST_FIELDS = {
    group: tuple(name for name in ROW_FIELDS[group] if _is_list(model, name))
    for group, model in ROW_MODELS.items()
}
ACTION_FIELDS = tuple(Action.model_fields)
#: Row fields that are dates: a conference's date, an action's "by"...
ROW_DATE_FIELDS = {
    group: tuple(name for name in ROW_FIELDS[group] if _is_date(model, name))
    for group, model in ROW_MODELS.items()
}
ACTION_DATE_FIELDS = tuple(name for name in ACTION_FIELDS if _is_date(Action, name))
PARAGRAPH_LISTS = ("concerns", "child_needs", "parent_needs", "strengths", "assessments")
#: Record values the form does not show as fields of their own.
_NOT_SINGLE = {"format", "categories", "translations", *PARAGRAPH_LISTS, "outcomes", *ROW_MODELS}


def _single_fields() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The single fields, and those of them that are dates."""
    names: list[str] = []
    dates: list[str] = []
    for name in PlanRecord.model_fields:
        if name in _NOT_SINGLE:
            continue
        model = _model_of(name)
        if model is None:
            names.append(name)
            if _is_date(PlanRecord, name):
                dates.append(name)
        else:
            names += [f"{name}-{inner}" for inner in model.model_fields]
            dates += [f"{name}-{inner}" for inner in model.model_fields if _is_date(model, inner)]
    return tuple(names), tuple(dates)


#: The single fields, in the record's order: ``child-first_name`` is ``/child/first_name``.
SINGLE_FIELDS, SINGLE_DATE_FIELDS = _single_fields()
# Groups in the order the form shows them (also the order of field ids).
GROUP_ORDER = (
    "core_group",
    "concerns",
    "child_needs",
    "parent_needs",
    "strengths",
    "outcomes",
    "assessments",
    "conferences",
    "core_group_meetings",
    "milestones_done",
    "visit_log",
)


def pointer_tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def field_id_for(pointer: str, field_ids: list[str]) -> str | None:
    """The form field an error's JSON pointer belongs to, or the nearest one that holds it."""
    tokens = pointer_tokens(pointer)
    if not tokens:
        return None
    if tokens[0] == "categories":
        return "categories"
    if tokens == ["lead_social_worker"]:
        return "lead_social_worker-phone"  # "give a phone number or an email address"
    while tokens:
        candidate = "-".join(tokens)
        if candidate in field_ids:
            return candidate
        first = next((i for i in field_ids if i.startswith(candidate + "-")), None)
        if first is not None:
            return first
        tokens.pop()
    return None


def is_date_field(field_id: str) -> bool:
    """A field shown as three date boxes (``conferences-0-date``, ``ended-date``...)."""
    if field_id in SINGLE_DATE_FIELDS:
        return True
    parts = field_id.split("-")
    if parts[0] == "outcomes":
        return len(parts) == 5 and parts[4] in ACTION_DATE_FIELDS
    return len(parts) == 3 and parts[2] in ROW_DATE_FIELDS.get(parts[0], ())


def date_name(field_id: str) -> str:
    """The name of a date field in its own error messages: "Date of conference 2"."""
    parts = field_id.split("-")
    if parts[0] == "outcomes" and len(parts) == 5:
        return str(ROW_DATE_NAMES["actions"]) % {
            "outcome": int(parts[1]) + 1,
            "number": int(parts[3]) + 1,
        }
    if parts[0] in ROW_DATE_NAMES and len(parts) == 3:
        return str(ROW_DATE_NAMES[parts[0]]) % {"number": int(parts[1]) + 1}
    return field_label(field_id)


def field_label(field_id: str) -> str:
    """A label that names a field on its own, for the error summary."""
    if field_id in FIELD_LABELS:
        return str(FIELD_LABELS[field_id])
    parts = field_id.split("-")
    if parts[0] in PARAGRAPH_LISTS and len(parts) == 2:
        return str(ROW_TITLES[parts[0]]) % {"number": int(parts[1]) + 1}
    if parts[0] == "outcomes" and len(parts) >= 3:
        outcome = str(ROW_TITLES["outcomes"]) % {"number": int(parts[1]) + 1}
        if parts[2] == "goal":
            return f"{outcome}, {ROW_FIELD_LABELS['outcomes']['goal']}"
        if len(parts) == 5:
            action = str(ROW_TITLES["actions"]) % {"number": int(parts[3]) + 1}
            return f"{outcome}, {action}, {ROW_FIELD_LABELS['actions'][parts[4]]}"
    if parts[0] in ROW_FIELDS and len(parts) == 3:
        row = str(ROW_TITLES[parts[0]]) % {"number": int(parts[1]) + 1}
        return f"{row}, {ROW_FIELD_LABELS[parts[0]][parts[2]]}"
    return field_id
