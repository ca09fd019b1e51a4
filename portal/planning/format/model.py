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
    REQUIRED,
    Email,
    IsoDate,
    OptionalDate,
    OptionalFlag,
    OptionalTime,
    Phone,
    Reference,
    choice,
    is_free_text,
    is_list_of_free_text,
    items,
    text,
    whole_number,
)
from .vocabulary import (
    DEFAULT_LANGUAGE,
    FIRST_CONFERENCE_KINDS,
    MAX_FIRST_NAME,
    MAX_LINE,
    MAX_PARAGRAPH,
    MAX_PREVIOUS_PLANS,
    MAX_TRANSLATIONS,
    MAX_VISIT_DAYS,
    READABLE_FORMATS,
    ActionStatus,
    Category,
    ConferenceKind,
    Decision,
    EndReason,
    MeetingStatus,
    Progress,
)

Line = Annotated[str, text(MAX_LINE)]
OptionalLine = Annotated[str | None, text(MAX_LINE, required=False)]
FreeLine = Annotated[str, text(MAX_LINE, free_text=True)]
OptionalFreeLine = Annotated[str | None, text(MAX_LINE, required=False, free_text=True)]
Paragraph = Annotated[
    str, text(MAX_PARAGRAPH, paragraph=True, free_text=True, null_message=m.MSG_EMPTY)
]
OptionalParagraph = Annotated[
    str | None, text(MAX_PARAGRAPH, paragraph=True, required=False, free_text=True)
]
CategoryCode = Annotated[Category, choice(Category)]


def _mark_free_text(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """``x-free-text`` on the group's own free-text fields, and on the items of its lists
    of free text (what ``translations`` may address: ``/concerns/0``)."""
    for name, info in model.model_fields.items():
        if is_free_text(info.metadata):
            schema["properties"][name]["x-free-text"] = True
        elif is_list_of_free_text(info.annotation):
            schema["properties"][name]["items"]["x-free-text"] = True


class Group(BaseModel):
    """A JSON object of the format: unknown fields are refused; values are frozen."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, hide_input_in_errors=True, json_schema_extra=_mark_free_text
    )


class Child(Group):
    first_name: Annotated[str, text(MAX_FIRST_NAME)]
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
    status: Annotated[ActionStatus, choice(ActionStatus)]


class Outcome(Group):
    goal: Paragraph
    actions: Annotated[tuple[Action, ...], items()] = ()


class Visits(Group):
    every_days: Annotated[int | None, whole_number(1, MAX_VISIT_DAYS, m.MSG_VISIT_DAYS)] = None
    unannounced: OptionalFlag = None


class Conference(Group):
    kind: Annotated[ConferenceKind, choice(ConferenceKind)]
    date: IsoDate
    status: Annotated[MeetingStatus, choice(MeetingStatus)]
    decision: Annotated[Decision | None, choice(Decision, required=False)] = None
    progress: Annotated[Progress | None, choice(Progress, required=False)] = None
    time: OptionalTime = None
    place: OptionalFreeLine = None
    chair: OptionalLine = None
    categories: Annotated[tuple[CategoryCode, ...], items(unique=True)] = ()

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
    status: Annotated[MeetingStatus, choice(MeetingStatus)]


class MilestoneDone(Group):
    id: Line
    date: IsoDate


class Visit(Group):
    date: IsoDate
    seen_alone: OptionalFlag = None


class Translation(Group):
    text: Annotated[str, text(MAX_PARAGRAPH, paragraph=True)]
    english: Annotated[str, text(MAX_PARAGRAPH, paragraph=True)]


class Ended(Group):
    date: IsoDate
    reason: Annotated[EndReason, choice(EndReason)]


def _no_translations(value: object) -> object:
    return {} if value is None else value


def _translations_schema(schema: dict[str, Any]) -> None:
    """What the ``translations`` rule checks of the languages and their number of
    pointers, said in the schema (which pointers a record may hold, it cannot say).
    The languages are the deployment's, injected like the record's ``language``."""
    schema["type"] = ["object", "null"]  # null: no translations
    schema["propertyNames"] = {"type": "string", "x-choices-from": "translation_languages"}
    schema["additionalProperties"]["maxProperties"] = MAX_TRANSLATIONS


Translations = Annotated[
    dict[str, dict[str, Translation]],
    BeforeValidator(_no_translations),
    Field(json_schema_extra=_translations_schema),
]


class PlanRecord(Group):
    """A child protection plan record (cp-plan/2; cp-plan/1 records read as the same)."""

    format: Annotated[str, choice(READABLE_FORMATS)]
    reference: Reference
    profile: Annotated[str, choice(context_key="profiles")]
    language: Annotated[
        str, choice(context_key="languages", required=False, default=DEFAULT_LANGUAGE)
    ] = DEFAULT_LANGUAGE
    child: Annotated[Child, REQUIRED]
    categories: Annotated[
        tuple[CategoryCode, ...],
        items(required=True, min_message=m.MSG_NO_CATEGORY, unique=True),
    ]
    lead_social_worker: Annotated[LeadSocialWorker, REQUIRED]
    core_group: Annotated[tuple[CoreGroupMember, ...], items()] = ()
    concerns: Annotated[tuple[Paragraph, ...], items()] = ()
    child_needs: Annotated[tuple[Paragraph, ...], items()] = ()
    parent_needs: Annotated[tuple[Paragraph, ...], items()] = ()
    strengths: Annotated[tuple[Paragraph, ...], items()] = ()
    outcomes: Annotated[tuple[Outcome, ...], items()] = ()
    assessments: Annotated[tuple[Paragraph, ...], items()] = ()
    contingency: OptionalParagraph = None
    visits: Visits | None = None
    conferences: Annotated[
        tuple[Conference, ...], items(required=True, min_message=m.MSG_NO_INITIAL)
    ]
    on_plan_since: OptionalDate = None
    core_group_meetings: Annotated[tuple[CoreGroupMeeting, ...], items()] = ()
    milestones_done: Annotated[tuple[MilestoneDone, ...], items()] = ()
    visit_log: Annotated[tuple[Visit, ...], items()] = ()
    previous_plans: Annotated[
        int | None, whole_number(0, MAX_PREVIOUS_PLANS, m.MSG_PREVIOUS_PLANS)
    ] = None
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

    def translation(self, language: str, pointer: str) -> Translation | None:
        """The stored translation of the free text at ``pointer``, or None."""
        return self.translations.get(language, {}).get(pointer)
