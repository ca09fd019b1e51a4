"""The ``cp-plan/1`` plan record: typed, validated, and written back out.

:func:`validate_record` checks any Python value (usually decoded JSON) against
``plan-format.md`` and returns every problem at once as :class:`FieldError`
objects, each naming the field by JSON pointer. It never raises. :func:`parse_record`
returns a frozen :class:`PlanRecord` or raises :class:`RecordInvalid`.
:func:`record_to_dict` writes the normalised ``cp-plan/1`` dict back out.

Error messages are English templates with ``%(name)s`` placeholders, marked with
``N_`` so that they can be extracted for translation (keyword ``N_``) and
translated where they are shown.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from .dates import eighteenth_birthday

__all__ = [
    "ACTION_STATUSES",
    "CATEGORIES",
    "DECISIONS",
    "END_REASONS",
    "FORMAT",
    "MEETING_STATUSES",
    "N_",
    "SUPPORTED_LANGUAGES",
    "Action",
    "Child",
    "Conference",
    "CoreGroupMeeting",
    "CoreGroupMember",
    "Ended",
    "FieldError",
    "LeadSocialWorker",
    "MilestoneDone",
    "Outcome",
    "PlanRecord",
    "RecordInvalid",
    "Visits",
    "parse_record",
    "record_to_dict",
    "validate_record",
]


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (gettext keyword ``N_``)."""
    return message


FORMAT = "cp-plan/1"
SUPPORTED_LANGUAGES = ("en", "pl", "ro", "ur", "ar", "bn", "pt")
DEFAULT_LANGUAGE = "en"
CATEGORIES = ("neglect", "emotional_abuse", "physical_abuse", "sexual_abuse")
CONFERENCE_KINDS = ("initial", "review")
MEETING_STATUSES = ("held", "scheduled", "cancelled")
DECISIONS = ("continue", "end")
ACTION_STATUSES = ("open", "done", "dropped")
END_REASONS = (
    "no_longer_at_risk",
    "moved_area",
    "turned_18",
    "looked_after",
    "ended_by_letter",
    "died",
    "left_uk",
)

# Limits: generous for real plans, small enough to stop abuse.
MAX_ITEMS = 200
MAX_PARAGRAPH = 2000
MAX_LINE = 200
MAX_FIRST_NAME = 100
MAX_PHONE = 40
MAX_EMAIL = 254
MAX_VISIT_DAYS = 365
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

_REFERENCE_RE = re.compile(r"[A-Za-z0-9/-]{1,40}")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_RE = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_RE = re.compile(r"\+?[0-9 ()-]+")
# Control characters and lone surrogates; paragraphs may hold tabs and line breaks.
_BAD_IN_LINE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_BAD_IN_PARAGRAPH = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_MAX_KEY_IN_POINTER = 100

# --- messages ------------------------------------------------------------------

MSG_REQUIRED = N_("Fill in this field")
MSG_EMPTY = N_("This cannot be empty")
MSG_TEXT = N_("This must be text")
MSG_OBJECT = N_("This must be a group of named fields (a JSON object)")
MSG_LIST = N_("This must be a list")
MSG_WHOLE_NUMBER = N_("This must be a whole number")
MSG_BOOLEAN = N_("This must be true or false")
MSG_TOO_LONG = N_("Use %(max)s characters or fewer")
MSG_TOO_MANY = N_("Use %(max)s items or fewer")
MSG_BAD_CHARACTERS = N_(
    "This text contains characters that cannot be stored, such as control characters"
)
MSG_UNKNOWN_FIELD = N_("This field is not part of the plan format: remove it")
MSG_UNREADABLE_FIELD_NAME = N_(
    "Remove the field with an unreadable or overlong name from this group of fields"
)
MSG_CHOICE = N_("Choose one of: %(choices)s")
MSG_DATE = N_("Enter a real date in the format YYYY-MM-DD, like 2026-03-31")
MSG_DATE_RANGE = N_("Enter a date between %(earliest)s and %(latest)s")
MSG_TIME = N_("Enter a time in the format HH:MM, like 09:30")
MSG_FORMAT = N_("The format must be %(expected)s")
MSG_REFERENCE = N_("Use 1 to 40 letters, digits, hyphens or slashes, like ST-2026-0001")
MSG_PHONE = N_("Enter a phone number using digits, spaces, brackets, hyphens and +")
MSG_EMAIL = N_("Enter an email address, like name@example.org")
MSG_CONTACT = N_("Give a phone number or an email address for the lead social worker")
MSG_NO_CATEGORY = N_("Choose at least one category")
MSG_REPEATED_CATEGORY = N_("Each category can be chosen only once")
MSG_VISIT_DAYS = N_("Enter a number of days from %(min)s to %(max)s")
MSG_NO_INITIAL = N_("Add the initial child protection conference, where the plan was made")
MSG_SECOND_INITIAL = N_("There can be only one initial conference: make this a review")
MSG_INITIAL_NOT_HELD = N_("The initial conference must be held: the plan starts on its date")
MSG_BEFORE_START = N_("This is before the initial conference on %(start)s")
MSG_DECISION_NOT_ALLOWED = N_("Only a held review conference has a decision: remove it")
MSG_DECISION_NEEDED = N_("Say what this review conference decided: continue or end")
MSG_END_BEFORE_START = N_("The plan cannot end before it started on %(start)s")
MSG_AFTER_END = N_("This is after the plan ended on %(end)s: mark it cancelled or remove it")
MSG_ENDED_MISSING = N_(
    "The review conference on %(date)s ended the plan: give the end date and reason"
)
MSG_END_DATE_MISMATCH = N_(
    "The review conference on %(date)s ended the plan, so the end date is %(date)s"
)
MSG_SAME_DAY_REVIEW = N_("Another review conference is already recorded on this date")
MSG_SAME_DAY_MEETING = N_("Another core group meeting is already recorded on this date")
MSG_REPEATED_MILESTONE = N_("This milestone is already marked as done")
MSG_ALREADY_ADULT = N_("The child was already 18 when the plan started on %(start)s")
MSG_NOT_YET_18 = N_("The child turns 18 on %(birthday)s, after this end date")
MSG_ROOT = N_("The plan must be a JSON object")
MSG_UNCHECKABLE = N_("This plan could not be checked: please check it is a cp-plan/1 record")


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. ``pointer`` is a JSON pointer ("" for the root)."""

    pointer: str
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template % self.params

    def as_dict(self) -> dict[str, str]:
        return {"pointer": self.pointer, "message": self.message}

    def __str__(self) -> str:
        return f"{self.pointer}: {self.message}" if self.pointer else self.message


class RecordInvalid(ValueError):
    """Raised by :func:`parse_record`; ``errors`` lists every problem."""

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


# --- the record ----------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    first_name: str
    date_of_birth: date | None = None


@dataclass(frozen=True)
class LeadSocialWorker:
    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class CoreGroupMember:
    name: str
    role: str
    agency: str | None = None
    family: bool | None = None


@dataclass(frozen=True)
class Action:
    action: str
    who: str
    by: date | None
    status: str


@dataclass(frozen=True)
class Outcome:
    goal: str
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Visits:
    every_days: int | None = None
    unannounced: bool | None = None


@dataclass(frozen=True)
class Conference:
    kind: str
    date: date
    status: str
    decision: str | None = None


@dataclass(frozen=True)
class CoreGroupMeeting:
    date: date
    status: str
    time: time | None = None
    place: str | None = None


@dataclass(frozen=True)
class MilestoneDone:
    id: str
    date: date


@dataclass(frozen=True)
class Ended:
    date: date
    reason: str


@dataclass(frozen=True)
class PlanRecord:
    reference: str
    profile: str
    child: Child
    categories: tuple[str, ...]
    lead_social_worker: LeadSocialWorker
    conferences: tuple[Conference, ...]
    language: str = DEFAULT_LANGUAGE
    core_group: tuple[CoreGroupMember, ...] = ()
    concerns: tuple[str, ...] = ()
    child_needs: tuple[str, ...] = ()
    parent_needs: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    assessments: tuple[str, ...] = ()
    contingency: str | None = None
    visits: Visits | None = None
    core_group_meetings: tuple[CoreGroupMeeting, ...] = ()
    milestones_done: tuple[MilestoneDone, ...] = ()
    ended: Ended | None = None
    format: str = FORMAT

    @property
    def initial_conference(self) -> Conference:
        return next(c for c in self.conferences if c.kind == "initial")

    @property
    def start(self) -> date:
        """The plan start: the date of the initial conference."""
        return self.initial_conference.date

    @property
    def is_open(self) -> bool:
        return self.ended is None


# --- validation ----------------------------------------------------------------

_MISSING = object()

_PLAN_FIELDS = (
    "format",
    "reference",
    "profile",
    "language",
    "child",
    "categories",
    "lead_social_worker",
    "core_group",
    "concerns",
    "child_needs",
    "parent_needs",
    "strengths",
    "outcomes",
    "assessments",
    "contingency",
    "visits",
    "conferences",
    "core_group_meetings",
    "milestones_done",
    "ended",
)
PLAN_REQUIRED_FIELDS = (
    "format",
    "reference",
    "profile",
    "child",
    "categories",
    "lead_social_worker",
    "conferences",
)
_PARAGRAPH_LISTS = ("concerns", "child_needs", "parent_needs", "strengths", "assessments")


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


class _Checker:
    """Walks a candidate record, collecting every error and building typed values.

    Each method returns the parsed value, or None when the value is absent or
    unusable (in which case an error was recorded if it mattered). The record is
    only assembled when no error was recorded, so the None of a failed field never
    reaches a PlanRecord.
    """

    def __init__(self, profiles: Mapping[str, Any], languages: Collection[str]):
        self.profiles = profiles
        self.languages = tuple(languages)
        self.errors: list[FieldError] = []

    def add(self, pointer: str, template: str, **params: Any) -> None:
        self.errors.append(FieldError(pointer, template, params))

    def has_error(self, pointer: str) -> bool:
        return any(e.pointer == pointer for e in self.errors)

    # generic shapes

    def obj(self, value, ptr: str, fields: tuple[str, ...], required: tuple[str, ...]):
        if not isinstance(value, dict):
            self.add(ptr, MSG_OBJECT)
            return None
        for key in value:
            if isinstance(key, str) and key in fields:
                continue
            if (
                isinstance(key, str)
                and len(key) <= _MAX_KEY_IN_POINTER
                and key.isprintable()
                and not _BAD_IN_LINE.search(key)
            ):
                self.add(f"{ptr}/{_escape(key)}", MSG_UNKNOWN_FIELD)
            else:
                self.add(ptr, MSG_UNREADABLE_FIELD_NAME)
        for key in required:
            if value.get(key) is None:
                self.add(f"{ptr}/{key}", MSG_REQUIRED)
        return value

    def items(self, value, ptr: str, *, required: bool = False):
        """A list (or None when absent/null and not required)."""
        if value is _MISSING or value is None:
            if required:
                self.add(ptr, MSG_REQUIRED)
            return None
        if not isinstance(value, list):
            self.add(ptr, MSG_LIST)
            return None
        if len(value) > MAX_ITEMS:
            self.add(ptr, MSG_TOO_MANY, max=MAX_ITEMS)
            return None
        return value

    def text(
        self,
        value,
        ptr: str,
        limit: int,
        *,
        required: bool = True,
        paragraph: bool = False,
    ) -> str | None:
        if value is _MISSING or value is None:
            return None  # a missing required field is reported by obj()
        if not isinstance(value, str):
            self.add(ptr, MSG_TEXT)
            return None
        if len(value) > limit:
            self.add(ptr, MSG_TOO_LONG, max=limit)
            return None
        bad = _BAD_IN_PARAGRAPH if paragraph else _BAD_IN_LINE
        if bad.search(value):
            self.add(ptr, MSG_BAD_CHARACTERS)
            return None
        if not value.strip():
            if required:
                self.add(ptr, MSG_EMPTY)
            return None  # an empty optional text is stored as null
        return value

    def choice(self, value, ptr: str, choices: Collection[str]) -> str | None:
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, str) or value not in choices:
            self.add(ptr, MSG_CHOICE, choices=", ".join(choices))
            return None
        return value

    def date(self, value, ptr: str) -> date | None:
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
            self.add(ptr, MSG_DATE)
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.add(ptr, MSG_DATE)
            return None
        if not EARLIEST_DATE <= parsed <= LATEST_DATE:
            self.add(
                ptr,
                MSG_DATE_RANGE,
                earliest=EARLIEST_DATE.isoformat(),
                latest=LATEST_DATE.isoformat(),
            )
            return None
        return parsed

    def time(self, value, ptr: str) -> time | None:
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, str) or not _TIME_RE.fullmatch(value):
            self.add(ptr, MSG_TIME)
            return None
        return time(int(value[:2]), int(value[3:]))

    def boolean(self, value, ptr: str) -> bool | None:
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, bool):
            self.add(ptr, MSG_BOOLEAN)
            return None
        return value

    # the record

    def plan(self, data) -> PlanRecord | None:
        if not isinstance(data, dict):
            self.add("", MSG_ROOT)
            return None
        d = self.obj(data, "", _PLAN_FIELDS, PLAN_REQUIRED_FIELDS)
        get = d.get

        fmt = get("format")
        if fmt is not None and not (isinstance(fmt, str) and fmt == FORMAT):
            self.add("/format", MSG_FORMAT, expected=FORMAT)

        reference = get("reference")
        if reference is not None and not (
            isinstance(reference, str) and _REFERENCE_RE.fullmatch(reference)
        ):
            self.add("/reference", MSG_REFERENCE)

        profile_id = self.choice(get("profile"), "/profile", sorted(self.profiles))
        profile = self.profiles.get(profile_id) if profile_id is not None else None
        language = self.choice(get("language", _MISSING), "/language", self.languages)

        child = self.child(get("child"))
        categories = self.categories(get("categories"))
        lead = self.lead(get("lead_social_worker"))

        members = []
        for i, m in enumerate(self.items(get("core_group", _MISSING), "/core_group") or ()):
            members.append(self.member(m, f"/core_group/{i}"))

        paragraphs = {}
        for name in _PARAGRAPH_LISTS:
            values = []
            for i, v in enumerate(self.items(get(name, _MISSING), f"/{name}") or ()):
                ptr = f"/{name}/{i}"
                if v is None:
                    self.add(ptr, MSG_EMPTY)
                values.append(self.text(v, ptr, MAX_PARAGRAPH, paragraph=True))
            paragraphs[name] = tuple(values)

        outcomes = []
        for i, o in enumerate(self.items(get("outcomes", _MISSING), "/outcomes") or ()):
            outcomes.append(self.outcome(o, f"/outcomes/{i}"))

        contingency = self.text(
            get("contingency", _MISSING),
            "/contingency",
            MAX_PARAGRAPH,
            required=False,
            paragraph=True,
        )
        visits = self.visits(get("visits", _MISSING))

        conferences: list[Conference | None] = []
        raw_confs = self.items(get("conferences"), "/conferences")
        for i, c in enumerate(raw_confs or ()):
            conferences.append(self.conference(c, f"/conferences/{i}"))

        meetings: list[CoreGroupMeeting | None] = []
        raw_meetings = self.items(get("core_group_meetings", _MISSING), "/core_group_meetings")
        for i, m in enumerate(raw_meetings or ()):
            meetings.append(self.meeting(m, f"/core_group_meetings/{i}"))

        done: list[MilestoneDone | None] = []
        raw_done = self.items(get("milestones_done", _MISSING), "/milestones_done")
        for i, m in enumerate(raw_done or ()):
            done.append(self.milestone_done(m, f"/milestones_done/{i}", profile))

        ended = None
        raw_ended = get("ended")
        if (
            raw_ended is not None
            and self.obj(raw_ended, "/ended", ("date", "reason"), ("date", "reason")) is not None
        ):
            ended = Ended(
                date=self.date(raw_ended.get("date"), "/ended/date"),
                reason=self.choice(raw_ended.get("reason"), "/ended/reason", END_REASONS),
            )

        self.cross_checks(
            child,
            conferences,
            meetings,
            done,
            ended,
            raw_ended,
            conferences_given=raw_confs is not None,
        )

        if self.errors:
            return None
        return PlanRecord(
            format=FORMAT,
            reference=reference,
            profile=profile_id,
            language=language or DEFAULT_LANGUAGE,
            child=child,
            categories=categories,
            lead_social_worker=lead,
            core_group=tuple(members),
            outcomes=tuple(outcomes),
            contingency=contingency,
            visits=visits,
            conferences=tuple(conferences),
            core_group_meetings=tuple(meetings),
            milestones_done=tuple(done),
            ended=ended,
            **paragraphs,
        )

    def child(self, value) -> Child | None:
        if value is None:
            return None
        if self.obj(value, "/child", ("first_name", "date_of_birth"), ("first_name",)) is None:
            return None
        first = self.text(value.get("first_name"), "/child/first_name", MAX_FIRST_NAME)
        dob = self.date(value.get("date_of_birth", _MISSING), "/child/date_of_birth")
        return Child(first, dob)

    def categories(self, value) -> tuple[str, ...]:
        items = self.items(value, "/categories")
        if items is None:
            return ()
        if not items:
            self.add("/categories", MSG_NO_CATEGORY)
        result: list[str] = []
        for i, v in enumerate(items):
            ptr = f"/categories/{i}"
            if v is None:
                self.add(ptr, MSG_CHOICE, choices=", ".join(CATEGORIES))
                continue
            c = self.choice(v, ptr, CATEGORIES)
            if c is not None and c in result:
                self.add(ptr, MSG_REPEATED_CATEGORY)
            result.append(c)
        return tuple(result)

    def lead(self, value) -> LeadSocialWorker | None:
        ptr = "/lead_social_worker"
        if value is None or self.obj(value, ptr, ("name", "phone", "email"), ("name",)) is None:
            return None
        name = self.text(value.get("name"), f"{ptr}/name", MAX_LINE)
        phone = self.text(value.get("phone", _MISSING), f"{ptr}/phone", MAX_PHONE, required=False)
        email = self.text(value.get("email", _MISSING), f"{ptr}/email", MAX_EMAIL, required=False)
        if phone is not None and not (
            _PHONE_RE.fullmatch(phone) and 6 <= sum(ch.isdigit() for ch in phone) <= 20
        ):
            self.add(f"{ptr}/phone", MSG_PHONE)
        if email is not None and not _EMAIL_RE.fullmatch(email):
            self.add(f"{ptr}/email", MSG_EMAIL)
        if (
            phone is None
            and email is None
            and not self.has_error(f"{ptr}/phone")
            and not self.has_error(f"{ptr}/email")
        ):
            self.add(ptr, MSG_CONTACT)
        return LeadSocialWorker(name, phone, email)

    def member(self, value, ptr: str) -> CoreGroupMember | None:
        fields = ("name", "role", "agency", "family")
        if self.obj(value, ptr, fields, ("name", "role")) is None:
            return None
        return CoreGroupMember(
            name=self.text(value.get("name"), f"{ptr}/name", MAX_LINE),
            role=self.text(value.get("role"), f"{ptr}/role", MAX_LINE),
            agency=self.text(
                value.get("agency", _MISSING), f"{ptr}/agency", MAX_LINE, required=False
            ),
            family=self.boolean(value.get("family", _MISSING), f"{ptr}/family"),
        )

    def outcome(self, value, ptr: str) -> Outcome | None:
        if self.obj(value, ptr, ("goal", "actions"), ("goal",)) is None:
            return None
        goal = self.text(value.get("goal"), f"{ptr}/goal", MAX_PARAGRAPH, paragraph=True)
        actions = []
        for i, a in enumerate(self.items(value.get("actions", _MISSING), f"{ptr}/actions") or ()):
            p = f"{ptr}/actions/{i}"
            if self.obj(a, p, ("action", "who", "by", "status"), ("action", "who", "status")):
                actions.append(
                    Action(
                        action=self.text(
                            a.get("action"), f"{p}/action", MAX_PARAGRAPH, paragraph=True
                        ),
                        who=self.text(a.get("who"), f"{p}/who", MAX_LINE),
                        by=self.date(a.get("by", _MISSING), f"{p}/by"),
                        status=self.choice(a.get("status"), f"{p}/status", ACTION_STATUSES),
                    )
                )
        return Outcome(goal, tuple(actions))

    def visits(self, value) -> Visits | None:
        if value is _MISSING or value is None:
            return None
        if self.obj(value, "/visits", ("every_days", "unannounced"), ()) is None:
            return None
        every = value.get("every_days")
        if every is not None and (
            isinstance(every, bool)
            or not isinstance(every, int)
            or not 1 <= every <= MAX_VISIT_DAYS
        ):
            if isinstance(every, int) and not isinstance(every, bool):
                self.add("/visits/every_days", MSG_VISIT_DAYS, min=1, max=MAX_VISIT_DAYS)
            else:
                self.add("/visits/every_days", MSG_WHOLE_NUMBER)
            every = None
        unannounced = self.boolean(value.get("unannounced", _MISSING), "/visits/unannounced")
        return Visits(every, unannounced)

    def conference(self, value, ptr: str) -> Conference | None:
        fields = ("kind", "date", "status", "decision")
        if self.obj(value, ptr, fields, ("kind", "date", "status")) is None:
            return None
        return Conference(
            kind=self.choice(value.get("kind"), f"{ptr}/kind", CONFERENCE_KINDS),
            date=self.date(value.get("date"), f"{ptr}/date"),
            status=self.choice(value.get("status"), f"{ptr}/status", MEETING_STATUSES),
            decision=self.choice(value.get("decision", _MISSING), f"{ptr}/decision", DECISIONS),
        )

    def meeting(self, value, ptr: str) -> CoreGroupMeeting | None:
        fields = ("date", "time", "place", "status")
        if self.obj(value, ptr, fields, ("date", "status")) is None:
            return None
        return CoreGroupMeeting(
            date=self.date(value.get("date"), f"{ptr}/date"),
            status=self.choice(value.get("status"), f"{ptr}/status", MEETING_STATUSES),
            time=self.time(value.get("time", _MISSING), f"{ptr}/time"),
            place=self.text(value.get("place", _MISSING), f"{ptr}/place", MAX_LINE, required=False),
        )

    def milestone_done(self, value, ptr: str, profile) -> MilestoneDone | None:
        if self.obj(value, ptr, ("id", "date"), ("id", "date")) is None:
            return None
        mid = value.get("id")
        if mid is not None and profile is not None:
            mid = self.choice(mid, f"{ptr}/id", profile.milestone_ids)
        elif mid is not None and not isinstance(mid, str):
            self.add(f"{ptr}/id", MSG_TEXT)
            mid = None
        return MilestoneDone(mid, self.date(value.get("date"), f"{ptr}/date"))

    # rules across fields

    def cross_checks(
        self, child, conferences, meetings, done, ended, raw_ended, *, conferences_given: bool
    ) -> None:
        # milestones marked done only once
        seen: set[str] = set()
        for i, m in enumerate(done):
            if m is None or m.id is None:
                continue
            if m.id in seen:
                self.add(f"/milestones_done/{i}/id", MSG_REPEATED_MILESTONE)
            seen.add(m.id)

        initials = [i for i, c in enumerate(conferences) if c is not None and c.kind == "initial"]
        kinds_ok = all(c is not None and c.kind is not None for c in conferences)
        if not initials:
            if kinds_ok and conferences_given:
                self.add("/conferences", MSG_NO_INITIAL)
            return
        for i in initials[1:]:
            self.add(f"/conferences/{i}/kind", MSG_SECOND_INITIAL)
        first = conferences[initials[0]]
        if first.status is not None and first.status != "held":
            self.add(f"/conferences/{initials[0]}/status", MSG_INITIAL_NOT_HELD)

        for i, c in enumerate(conferences):
            if c is None or c.kind is None or c.status is None:
                continue
            ptr = f"/conferences/{i}/decision"
            held_review = c.kind == "review" and c.status == "held"
            if c.decision is not None and not held_review:
                self.add(ptr, MSG_DECISION_NOT_ALLOWED)
            elif held_review and c.decision is None and not self.has_error(ptr):
                self.add(ptr, MSG_DECISION_NEEDED)

        start = first.date
        if start is None:
            return
        start_iso = start.isoformat()

        # nothing before the plan started
        for i, c in enumerate(conferences):
            if c is not None and i != initials[0] and c.date is not None and c.date < start:
                self.add(f"/conferences/{i}/date", MSG_BEFORE_START, start=start_iso)
        for i, m in enumerate(meetings):
            if m is not None and m.date is not None and m.date < start:
                self.add(f"/core_group_meetings/{i}/date", MSG_BEFORE_START, start=start_iso)
        for i, m in enumerate(done):
            if m is not None and m.date is not None and m.date < start:
                self.add(f"/milestones_done/{i}/date", MSG_BEFORE_START, start=start_iso)

        # two numbered conferences or meetings on one day
        self._same_day(
            (
                (f"/conferences/{i}/date", c)
                for i, c in enumerate(conferences)
                if c is not None and c.kind == "review"
            ),
            MSG_SAME_DAY_REVIEW,
        )
        self._same_day(
            ((f"/core_group_meetings/{i}/date", m) for i, m in enumerate(meetings)),
            MSG_SAME_DAY_MEETING,
        )

        # the end
        ending_reviews = sorted(
            (
                c.date
                for c in conferences
                if c is not None
                and c.kind == "review"
                and c.status == "held"
                and c.decision == "end"
                and c.date is not None
            ),
        )
        ending_review = ending_reviews[0] if ending_reviews else None
        end = None
        if ended is not None:
            end = ended.date
            if end is not None and end < start:
                self.add("/ended/date", MSG_END_BEFORE_START, start=start_iso)
                end = None
            if ending_review is not None and end is not None and end != ending_review:
                self.add("/ended/date", MSG_END_DATE_MISMATCH, date=ending_review.isoformat())
        elif ending_review is not None and raw_ended is None:
            self.add("/ended", MSG_ENDED_MISSING, date=ending_review.isoformat())
        if end is None and ended is None:
            end = ending_review
        if end is not None:
            for i, c in enumerate(conferences):
                if (
                    c is not None
                    and c.date is not None
                    and c.date > end
                    and c.status in ("held", "scheduled")
                ):
                    self.add(f"/conferences/{i}/date", MSG_AFTER_END, end=end.isoformat())
            for i, m in enumerate(meetings):
                if (
                    m is not None
                    and m.date is not None
                    and m.date > end
                    and m.status in ("held", "scheduled")
                ):
                    self.add(f"/core_group_meetings/{i}/date", MSG_AFTER_END, end=end.isoformat())

        # the child's age
        if child is not None and child.date_of_birth is not None:
            birthday = eighteenth_birthday(child.date_of_birth)
            if birthday < start:
                self.add("/child/date_of_birth", MSG_ALREADY_ADULT, start=start_iso)
            elif (
                ended is not None
                and ended.reason == "turned_18"
                and ended.date is not None
                and ended.date < birthday
            ):
                self.add("/ended/date", MSG_NOT_YET_18, birthday=birthday.isoformat())

    def _same_day(self, items, template: str) -> None:
        seen: set[date] = set()
        for ptr, item in items:
            if item is None or item.date is None or item.status not in ("held", "scheduled"):
                continue
            if item.date in seen:
                self.add(ptr, template)
            seen.add(item.date)


def validate_record(
    data: object,
    profiles: Mapping[str, Any],
    languages: Collection[str] = SUPPORTED_LANGUAGES,
) -> list[FieldError]:
    """Every problem with ``data`` as a cp-plan/1 record (empty list = valid).

    ``profiles`` maps profile ids to :class:`~portal.planning.profiles.Profile`
    objects (as returned by ``load_profiles``). Never raises.
    """
    return _check(data, profiles, languages)[1]


def parse_record(
    data: object,
    profiles: Mapping[str, Any],
    languages: Collection[str] = SUPPORTED_LANGUAGES,
) -> PlanRecord:
    """The typed record for ``data``; raises :class:`RecordInvalid` listing every problem."""
    record, errors = _check(data, profiles, languages)
    if errors or record is None:
        raise RecordInvalid(errors or [FieldError("", MSG_UNCHECKABLE)])
    return record


def _check(data, profiles, languages) -> tuple[PlanRecord | None, list[FieldError]]:
    checker = _Checker(profiles, languages)
    try:
        record = checker.plan(data)
    except Exception:  # noqa: BLE001 - validation must never raise on any input
        return None, checker.errors + [FieldError("", MSG_UNCHECKABLE)]
    return record, checker.errors


# --- writing back ----------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def record_to_dict(record: PlanRecord) -> dict[str, Any]:
    """The normalised cp-plan/1 dict, keys in the order of plan-format.md.

    Absent optional lists become ``[]``, absent optional values ``null``, the
    language defaults to ``en``, and ``decision`` appears on held reviews only.
    """
    conferences = []
    for c in record.conferences:
        item = {"kind": c.kind, "date": c.date.isoformat(), "status": c.status}
        if c.kind == "review" and c.status == "held":
            item["decision"] = c.decision
        conferences.append(item)
    visits = None
    if record.visits is not None:
        visits = {"every_days": record.visits.every_days, "unannounced": record.visits.unannounced}
    lead = record.lead_social_worker
    return {
        "format": FORMAT,
        "reference": record.reference,
        "profile": record.profile,
        "language": record.language,
        "child": {
            "first_name": record.child.first_name,
            "date_of_birth": _iso(record.child.date_of_birth),
        },
        "categories": list(record.categories),
        "lead_social_worker": {"name": lead.name, "phone": lead.phone, "email": lead.email},
        "core_group": [
            {"name": m.name, "role": m.role, "agency": m.agency, "family": m.family}
            for m in record.core_group
        ],
        "concerns": list(record.concerns),
        "child_needs": list(record.child_needs),
        "parent_needs": list(record.parent_needs),
        "strengths": list(record.strengths),
        "outcomes": [
            {
                "goal": o.goal,
                "actions": [
                    {"action": a.action, "who": a.who, "by": _iso(a.by), "status": a.status}
                    for a in o.actions
                ],
            }
            for o in record.outcomes
        ],
        "assessments": list(record.assessments),
        "contingency": record.contingency,
        "visits": visits,
        "conferences": conferences,
        "core_group_meetings": [
            {
                "date": m.date.isoformat(),
                "time": m.time.strftime("%H:%M") if m.time is not None else None,
                "place": m.place,
                "status": m.status,
            }
            for m in record.core_group_meetings
        ],
        "milestones_done": [
            {"id": m.id, "date": m.date.isoformat()} for m in record.milestones_done
        ],
        "ended": (
            {"date": record.ended.date.isoformat(), "reason": record.ended.reason}
            if record.ended is not None
            else None
        ),
    }
