"""The cp-plan/2 record as pydantic models: the one definition of the plan format.

Field order is the order of ``plan-format.md``. Every field type comes from
``types.py`` (its check and its JSON Schema together). The models are frozen: a
parsed record is a value. Rules across fields live in ``rules.py``.
"""

from datetime import date as Date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from . import messages as m
from .types import (
    Choice,
    Email,
    IsoDate,
    Items,
    OptionalDate,
    OptionalFlag,
    OptionalTime,
    OptionalWholeNumber,
    Phone,
    Reference,
    Required,
    Text,
)
from .vocabulary import (
    ACTION_STATUSES,
    CATEGORIES,
    CONFERENCE_KINDS,
    DECISIONS,
    DEFAULT_LANGUAGE,
    END_REASONS,
    FIRST_CONFERENCE_KINDS,
    MAX_FIRST_NAME,
    MAX_LINE,
    MAX_PARAGRAPH,
    MAX_PREVIOUS_PLANS,
    MAX_VISIT_DAYS,
    MEETING_STATUSES,
    PROGRESS,
    READABLE_FORMATS,
    ConferenceKind,
    MeetingStatus,
)

Line = Text(MAX_LINE)
OptionalLine = Text(MAX_LINE, required=False)
FreeLine = Text(MAX_LINE, free_text=True)
OptionalFreeLine = Text(MAX_LINE, required=False, free_text=True)
Paragraph = Text(MAX_PARAGRAPH, paragraph=True, free_text=True, null_message=m.MSG_EMPTY)
OptionalParagraph = Text(MAX_PARAGRAPH, paragraph=True, required=False, free_text=True)
Category = Choice(CATEGORIES)


class Group(BaseModel):
    """A JSON object of the format: unknown fields are refused; values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Child(Group):
    first_name: Text(MAX_FIRST_NAME)
    date_of_birth: OptionalDate = None


class LeadSocialWorker(Group):
    name: Line
    phone: Phone = None
    email: Email = None


class CoreGroupMember(Group):
    name: Line
    role: FreeLine
    agency: OptionalFreeLine = None
    family: OptionalFlag = None


class Action(Group):
    action: Paragraph
    who: FreeLine
    by: OptionalDate = None
    status: Choice(ACTION_STATUSES)


class Outcome(Group):
    goal: Paragraph
    actions: Items(Action) = ()


class Visits(Group):
    every_days: OptionalWholeNumber(1, MAX_VISIT_DAYS, m.MSG_VISIT_DAYS) = None
    unannounced: OptionalFlag = None


class Conference(Group):
    kind: Choice(CONFERENCE_KINDS)
    date: IsoDate
    status: Choice(MEETING_STATUSES)
    decision: Choice(DECISIONS, required=False) = None
    progress: Choice(PROGRESS, required=False) = None
    time: OptionalTime = None
    place: OptionalFreeLine = None
    chair: OptionalLine = None
    categories: Items(Category, uniqueItems=True) = ()

    @property
    def is_first(self) -> bool:
        """The first conference in this authority: initial or transfer-in."""
        return self.kind in FIRST_CONFERENCE_KINDS

    @property
    def is_held_review(self) -> bool:
        return self.kind == ConferenceKind.REVIEW and self.status == MeetingStatus.HELD


class CoreGroupMeeting(Group):
    date: IsoDate
    time: OptionalTime = None
    place: OptionalFreeLine = None
    status: Choice(MEETING_STATUSES)


class MilestoneDone(Group):
    id: Text(MAX_LINE)
    date: IsoDate


class Visit(Group):
    date: IsoDate
    seen_alone: OptionalFlag = None


class Translation(Group):
    text: Text(MAX_PARAGRAPH, paragraph=True)
    english: Text(MAX_PARAGRAPH, paragraph=True)


class Ended(Group):
    date: IsoDate
    reason: Choice(END_REASONS)


def _no_translations(value):
    return {} if value is None else value


Translations = Annotated[
    dict[str, dict[str, Translation]],
    BeforeValidator(_no_translations),
    Field(json_schema_extra=lambda schema: schema.update(type=["object", "null"])),
]


class PlanRecord(Group):
    """A child protection plan record (cp-plan/2; cp-plan/1 records read as the same)."""

    format: Choice(READABLE_FORMATS)
    reference: Reference
    profile: Choice(context_key="profiles")
    language: Choice(context_key="languages", required=False, default=DEFAULT_LANGUAGE) = (
        DEFAULT_LANGUAGE
    )
    child: Required(Child)
    categories: Items(Category, required=True, min_message=m.MSG_NO_CATEGORY, uniqueItems=True)
    lead_social_worker: Required(LeadSocialWorker)
    core_group: Items(CoreGroupMember) = ()
    concerns: Items(Paragraph) = ()
    child_needs: Items(Paragraph) = ()
    parent_needs: Items(Paragraph) = ()
    strengths: Items(Paragraph) = ()
    outcomes: Items(Outcome) = ()
    assessments: Items(Paragraph) = ()
    contingency: OptionalParagraph = None
    visits: Visits | None = None
    conferences: Items(Conference, required=True)
    on_plan_since: OptionalDate = None
    core_group_meetings: Items(CoreGroupMeeting) = ()
    milestones_done: Items(MilestoneDone) = ()
    visit_log: Items(Visit) = ()
    previous_plans: OptionalWholeNumber(0, MAX_PREVIOUS_PLANS, m.MSG_PREVIOUS_PLANS) = None
    translations: Translations = {}
    ended: Ended | None = None

    @property
    def first_conference(self) -> Conference:
        """The initial conference, or the transfer-in conference of a transferred plan."""
        return next(c for c in self.conferences if c.is_first)

    @property
    def initial_conference(self) -> Conference:
        return self.first_conference

    @property
    def start(self) -> Date:
        """The plan start here (S): the date of the first conference in this authority."""
        return self.first_conference.date

    @property
    def transferred_in(self) -> Date | None:
        """The transfer-in conference's date, or None for a plan that began here."""
        first = self.first_conference
        return first.date if first.kind == ConferenceKind.TRANSFER_IN else None

    @property
    def on_plan_from(self) -> Date:
        """On a plan since (P): ``on_plan_since`` for a transferred-in plan, else the start."""
        if self.transferred_in is not None and self.on_plan_since is not None:
            return self.on_plan_since
        return self.start

    @property
    def is_open(self) -> bool:
        return self.ended is None

    def translation(self, language: str, pointer: str) -> Any:
        """The stored translation of the free text at ``pointer``, or None."""
        return self.translations.get(language, {}).get(pointer)
