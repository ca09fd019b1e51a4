"""Short forms for the everyday jobs on a plan, beside the full plan form.

Each task changes one part of the stored record (one conference, one core group
meeting, one visit, one milestone done, or the ending) and saves the whole record
through the same validator, so the rules are the full form's and nothing is stored
unless all of it is right. Errors the validator gives for the task's own row land on
the task's fields; any other error (a rule across the record) is listed at the top.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from portal.planning.format import FieldError
from portal.planning.format.vocabulary import ConferenceKind, MeetingStatus
from portal.workspace.date_fields import DateInput, from_iso, read_date
from portal.workspace.labels import (
    CATEGORY_NAMES,
    CONFERENCE_KIND_NAMES,
    DECISION_NAMES,
    END_REASON_NAMES,
    MEETING_STATUS_NAMES,
    PROGRESS_NAMES,
)

NEW_ROW = "new"
_YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class TaskField:
    """One question of a task form; `name` is also the key in the record's item."""

    name: str
    kind: str  # "date", "radios", "text", "time" or "checkboxes"
    label: object
    options: dict = field(default_factory=dict)
    hint: object = None
    #: A radio question that may be left unanswered ("Not recorded").
    optional: bool = False


@dataclass(frozen=True)
class Task:
    slug: str
    title: object
    button: object
    done: object  # the message after saving
    #: The record's list the task adds to (or changes a row of); None for the ending.
    group: str | None
    fields: tuple[TaskField, ...]
    #: New rows start with these answers (the common case, one click saved).
    defaults: dict = field(default_factory=dict)
    #: May change an existing row (a booked conference now held).
    edits_rows: bool = False


SEEN_ALONE_NAMES = {"yes": _l("Yes, seen alone"), "no": _l("No, not seen alone")}

TASKS = {
    task.slug: task
    for task in (
        Task(
            "conference",
            _l("Record a conference"),
            _l("Save the conference"),
            _l("The conference is recorded."),
            "conferences",
            (
                TaskField("kind", "radios", _l("Kind of conference"), CONFERENCE_KIND_NAMES),
                TaskField("status", "radios", _l("Status"), MEETING_STATUS_NAMES),
                TaskField("date", "date", _l("Date of the conference")),
                TaskField("time", "time", _l("Time"), hint=_l("For example, 14:30")),
                TaskField("place", "text", _l("Place")),
                TaskField("chair", "text", _l("Chair")),
                TaskField(
                    "decision",
                    "radios",
                    _l("Decision"),
                    DECISION_NAMES,
                    hint=_l("For a review conference that has been held"),
                    optional=True,
                ),
                TaskField(
                    "progress",
                    "radios",
                    _l("Progress since the last conference"),
                    PROGRESS_NAMES,
                    hint=_l("Some procedures escalate a plan when progress is not enough"),
                    optional=True,
                ),
                TaskField(
                    "categories",
                    "checkboxes",
                    _l("Categories decided at this conference"),
                    CATEGORY_NAMES,
                    hint=_l("Leave blank if they did not change"),
                ),
            ),
            defaults={"kind": ConferenceKind.REVIEW, "status": MeetingStatus.HELD},
            edits_rows=True,
        ),
        Task(
            "core-group",
            _l("Record a core group meeting"),
            _l("Save the meeting"),
            _l("The core group meeting is recorded."),
            "core_group_meetings",
            (
                TaskField("status", "radios", _l("Status"), MEETING_STATUS_NAMES),
                TaskField("date", "date", _l("Date of the meeting")),
                TaskField("time", "time", _l("Time"), hint=_l("For example, 14:30")),
                TaskField("place", "text", _l("Place")),
            ),
            defaults={"status": MeetingStatus.HELD},
        ),
        Task(
            "visit",
            _l("Record a visit"),
            _l("Save the visit"),
            _l("The visit is recorded."),
            "visit_log",
            (
                TaskField("date", "date", _l("Date of the visit")),
                TaskField(
                    "seen_alone",
                    "radios",
                    _l("Was the child seen alone?"),
                    SEEN_ALONE_NAMES,
                    optional=True,
                ),
            ),
        ),
        Task(
            "milestone",
            _l("Mark a milestone done"),
            _l("Save"),
            _l("The milestone is marked done."),
            "milestones_done",
            (
                TaskField("id", "radios", _l("Which milestone?")),
                TaskField("date", "date", _l("Date it was done")),
            ),
        ),
        Task(
            "end",
            _l("End the plan"),
            _l("End the plan"),
            _l("The plan is ended."),
            None,
            (
                TaskField("date", "date", _l("Date the plan ended")),
                TaskField("reason", "radios", _l("Why the plan ended"), END_REASON_NAMES),
            ),
        ),
    )
}


@dataclass
class TaskForm:
    """A task form's answers as typed, and where they go in the record."""

    task: Task
    #: The row of the task's group being changed, or None to add one.
    row: int | None
    #: Each answer as typed: the boxes ticked of a checkboxes question, else the text
    #: ("" when blank, "yes" or "no" for a yes-or-no question).
    values: dict[str, str | list[str]]
    dates: dict[str, DateInput]

    @classmethod
    def start(cls, task: Task, record: dict, row: int | None) -> "TaskForm":
        """The form as first shown: a row's stored answers, or the defaults."""
        if row is not None and task.group is not None:
            item = record[task.group][row]
        elif task.group is None:
            item = record.get("ended") or {}
        else:
            item = dict(task.defaults)
        values: dict[str, str | list[str]] = {}
        dates: dict[str, DateInput] = {}
        for f in task.fields:
            value = item.get(f.name)
            if f.kind == "date":
                dates[f.name] = from_iso(value)
            elif f.kind == "checkboxes":
                values[f.name] = list(value or [])
            elif value is True or value is False:
                values[f.name] = "yes" if value else "no"
            else:
                values[f.name] = "" if value is None else str(value)
        return cls(task, row, values, dates)

    @classmethod
    def posted(cls, task: Task, form: MultiDict[str, str], row: int | None) -> "TaskForm":
        values: dict[str, str | list[str]] = {}
        dates: dict[str, DateInput] = {}
        for f in task.fields:
            if f.kind == "date":
                dates[f.name] = read_date(form, f.name)
            elif f.kind == "checkboxes":
                values[f.name] = [v for v in form.getlist(f.name) if isinstance(v, str)][:10]
            else:
                values[f.name] = form.get(f.name, "").strip()
        return cls(task, row, values, dates)

    def item(self) -> dict:
        """The record's item: dates as ISO text (None when mistyped, the error is the
        date's own), blank answers as None, yes/no as true/false."""
        item: dict = {}
        for f in self.task.fields:
            if f.kind == "date":
                item[f.name] = self.dates[f.name].iso
                continue
            value = self.values[f.name]
            if isinstance(value, list):  # a checkboxes question's, and only theirs
                item[f.name] = list(value)
            elif f.name == "seen_alone":
                item[f.name] = _YES_NO.get(value)
            else:
                item[f.name] = value or None
        return item

    def applied_to(self, record: dict) -> dict:
        """A copy of `record` with this task's answers in it."""
        changed = dict(record)
        if self.task.group is None:
            changed["ended"] = self.item()
            return _cancel_meetings_after(changed, self.item()["date"])
        rows = list(record.get(self.task.group) or [])
        if self.row is None:
            rows.append(self.item())
        else:
            rows[self.row] = self.item()
        changed[self.task.group] = rows
        return changed

    def date_errors(self) -> dict[str, DateInput]:
        return {name: d for name, d in self.dates.items() if d.error}

    def split_errors(
        self, errors: list[FieldError], rows_before: int
    ) -> tuple[dict[str, FieldError], list[FieldError]]:
        """The validator's errors on this form's fields (by field name), and the rest."""
        index = self.row if self.row is not None else rows_before
        prefix = "/ended/" if self.task.group is None else f"/{self.task.group}/{index}/"
        names = {f.name for f in self.task.fields}
        own: dict[str, FieldError] = {}
        other: list[FieldError] = []
        for error in errors:
            pointer = error.pointer or ""
            name = pointer[len(prefix) :].split("/")[0] if pointer.startswith(prefix) else ""
            if name in names:
                own.setdefault(name, error)
            elif pointer == prefix.rstrip("/") and names:
                own.setdefault(self.task.fields[0].name, error)
            else:
                other.append(error)
        return own, other


def _cancel_meetings_after(record: dict, end: str | None) -> dict:
    """Booked meetings after the end date are cancelled with the ending: a plan that
    has ended has no meetings to come (the validator would otherwise refuse it)."""
    if end is None:
        return record
    for group in ("conferences", "core_group_meetings"):
        record[group] = [
            {**item, "status": MeetingStatus.CANCELLED}
            if item.get("status") == MeetingStatus.SCHEDULED and (item.get("date") or "") > end
            else item
            for item in record.get(group) or []
        ]
    return record


def chosen_row(task: Task, record: dict, value: str | None) -> tuple[int | None, bool]:
    """The row a task form changes: (row or None for a new one, valid). With no choice,
    a conference form records the first booked (scheduled) conference, if any."""
    if not task.edits_rows or task.group is None:
        return None, value in (None, "", NEW_ROW)
    rows = record.get(task.group) or []
    if value == NEW_ROW:
        return None, True
    if value in (None, ""):
        booked = [i for i, item in enumerate(rows) if item.get("status") == MeetingStatus.SCHEDULED]
        return (booked[0] if booked else None), True
    if value.isascii() and value.isdigit() and int(value) < len(rows):
        return int(value), True
    return None, False
