"""The plan record as a dict: the normalised cp-plan/2 record that
:func:`~.export.record_to_dict` builds and the database keeps, and a stored record
as read back (a row written as cp-plan/1 and not upgraded yet lacks the keys cp-plan/2
added). Codes are the model's ``StrEnum`` members when built, plain strings when read
back: ``str`` either way.
"""

from typing import NotRequired, TypedDict


class ChildDict(TypedDict):
    first_name: str
    date_of_birth: str | None


class LeadSocialWorkerDict(TypedDict):
    name: str
    phone: str | None
    email: str | None


class CoreGroupMemberDict(TypedDict):
    name: str
    role: str
    agency: str | None
    family: bool | None


class ActionDict(TypedDict):
    action: str
    who: str
    by: str | None
    status: str


class OutcomeDict(TypedDict):
    goal: str
    actions: list[ActionDict]


class VisitsDict(TypedDict):
    every_days: int | None
    unannounced: bool | None


class _ConferenceFields(TypedDict):
    """A conference's keys but its categories."""

    kind: str
    date: str
    status: str
    decision: NotRequired[str | None]
    progress: NotRequired[str | None]
    time: NotRequired[str | None]
    place: NotRequired[str | None]
    chair: NotRequired[str | None]


class ConferenceDict(_ConferenceFields):
    """Built key by key, in the format's order; ``decision`` and ``progress`` on held
    reviews only, ``categories`` on held conferences only."""

    categories: NotRequired[list[str]]


class CoreGroupMeetingDict(TypedDict):
    date: str
    time: str | None
    place: str | None
    status: str


class MilestoneDoneDict(TypedDict):
    id: str
    date: str


class VisitDict(TypedDict):
    date: str
    seen_alone: bool | None


class TranslationDict(TypedDict):
    text: str
    english: str


class EndedDict(TypedDict):
    date: str
    reason: str


class StoredConference(_ConferenceFields):
    """A stored conference as read back: a cp-plan/1 row may lack what cp-plan/2 always
    writes, and may hold null categories."""

    categories: NotRequired[list[str] | None]


class _RecordFields(TypedDict):
    """The keys of every stored record, cp-plan/1 or 2."""

    format: str
    reference: str
    profile: str
    language: str
    child: ChildDict
    categories: list[str]
    lead_social_worker: LeadSocialWorkerDict
    core_group: list[CoreGroupMemberDict]
    concerns: list[str]
    child_needs: list[str]
    parent_needs: list[str]
    strengths: list[str]
    outcomes: list[OutcomeDict]
    assessments: list[str]
    contingency: str | None
    visits: VisitsDict | None
    core_group_meetings: list[CoreGroupMeetingDict]
    milestones_done: list[MilestoneDoneDict]
    ended: EndedDict | None


class PlanRecordDict(_RecordFields):
    """A normalised cp-plan/2 record, as record_to_dict builds it."""

    conferences: list[ConferenceDict]
    on_plan_since: str | None
    visit_log: list[VisitDict]
    previous_plans: int | None
    translations: dict[str, dict[str, TranslationDict]]


class StoredRecord(_RecordFields):
    """A record as stored: cp-plan/2, or a cp-plan/1 row not upgraded yet."""

    conferences: list[StoredConference]
    on_plan_since: NotRequired[str | None]
    visit_log: NotRequired[list[VisitDict]]
    previous_plans: NotRequired[int | None]
    translations: NotRequired[dict[str, dict[str, TranslationDict]]]
