"""Rules across fields, run over a record whose every field is valid.

Each rule is a function ``(record, context) -> iterable of FieldError``: one per
rule of ``plan-format.md`` and ``docs/timeline-decisions.md`` ("Validation").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from ..dates import add_months, eighteenth_birthday
from ..profiles import Profile
from . import messages as m
from .messages import FieldError, escape
from .model import Conference, Group, PlanRecord
from .types import is_free_text, is_list_of_free_text
from .vocabulary import (
    MAX_TRANSLATIONS,
    ConferenceKind,
    Decision,
    EndReason,
    MeetingStatus,
    translation_languages,
)

_MAX_KEY_IN_POINTER = 100


@dataclass(frozen=True)
class Context:
    profiles: Mapping[str, Profile]
    languages: tuple[str, ...]


def _repeats(values: Iterable[object]) -> Iterator[int]:
    seen: set[object] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield i
        seen.add(value)


def categories(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    for i in _repeats(record.categories):
        yield FieldError(f"/categories/{i}", m.MSG_REPEATED_CATEGORY)
    for c, conference in enumerate(record.conferences):
        for i in _repeats(conference.categories):
            yield FieldError(f"/conferences/{c}/categories/{i}", m.MSG_REPEATED_CATEGORY)


def contact(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    lead = record.lead_social_worker
    if lead.phone is None and lead.email is None:
        yield FieldError("/lead_social_worker", m.MSG_CONTACT)


def milestones_done(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    profile = ctx.profiles.get(record.profile)
    ids = profile.milestone_ids if profile is not None else ()
    seen: set[str] = set()
    for i, done in enumerate(record.milestones_done):
        if done.id not in ids:
            yield FieldError(f"/milestones_done/{i}/id", m.MSG_CHOICE, {"choices": ", ".join(ids)})
        elif done.id in seen:
            yield FieldError(f"/milestones_done/{i}/id", m.MSG_REPEATED_MILESTONE)
        seen.add(done.id)


def first_conference(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    """Exactly one first conference here, initial or transfer-in, held."""
    firsts = [i for i, c in enumerate(record.conferences) if c.is_first]
    if not firsts:
        yield FieldError("/conferences", m.MSG_NO_INITIAL)
        return
    kinds = {record.conferences[i].kind for i in firsts}
    for i in firsts[1:]:
        message = (
            m.MSG_SECOND_INITIAL
            if kinds == {ConferenceKind.INITIAL}
            else m.MSG_INITIAL_AND_TRANSFER
        )
        yield FieldError(f"/conferences/{i}/kind", message)
    first = record.conferences[firsts[0]]
    if first.status != MeetingStatus.HELD:
        message = (
            m.MSG_INITIAL_NOT_HELD
            if first.kind == ConferenceKind.INITIAL
            else m.MSG_TRANSFER_NOT_HELD
        )
        yield FieldError(f"/conferences/{firsts[0]}/status", message)


def what_each_conference_records(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    """Decisions and progress on held reviews only; categories on held conferences only."""
    for i, c in enumerate(record.conferences):
        if c.decision is not None and not c.is_held_review:
            yield FieldError(f"/conferences/{i}/decision", m.MSG_DECISION_NOT_ALLOWED)
        elif c.is_held_review and c.decision is None:
            yield FieldError(f"/conferences/{i}/decision", m.MSG_DECISION_NEEDED)
        if c.progress is not None and not c.is_held_review:
            yield FieldError(f"/conferences/{i}/progress", m.MSG_PROGRESS_NOT_ALLOWED)
        if c.categories and c.status != MeetingStatus.HELD:
            yield FieldError(
                f"/conferences/{i}/categories", m.MSG_CONFERENCE_CATEGORIES_NOT_ALLOWED
            )


def _first(record: PlanRecord) -> tuple[int, Conference] | tuple[None, None]:
    return next(((i, c) for i, c in enumerate(record.conferences) if c.is_first), (None, None))


def on_plan_since(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    _, first = _first(record)
    if first is None:
        return
    if first.kind != ConferenceKind.TRANSFER_IN:
        if record.on_plan_since is not None:
            yield FieldError("/on_plan_since", m.MSG_ON_PLAN_SINCE_NOT_ALLOWED)
    elif record.on_plan_since is None:
        yield FieldError("/on_plan_since", m.MSG_ON_PLAN_SINCE_NEEDED)
    elif record.on_plan_since > first.date:
        yield FieldError(
            "/on_plan_since", m.MSG_ON_PLAN_SINCE_AFTER, {"start": first.date.isoformat()}
        )


def nothing_before_the_start(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    index, first = _first(record)
    if first is None:
        return
    start = first.date
    message = m.MSG_BEFORE_START if first.kind == ConferenceKind.INITIAL else m.MSG_BEFORE_TRANSFER
    params = {"start": start.isoformat()}
    for i, c in enumerate(record.conferences):
        if i != index and c.date < start:
            yield FieldError(f"/conferences/{i}/date", message, params)
    for i, meeting in enumerate(record.core_group_meetings):
        if meeting.date < start:
            yield FieldError(f"/core_group_meetings/{i}/date", message, params)
    for i, done in enumerate(record.milestones_done):
        if done.date < start:
            yield FieldError(f"/milestones_done/{i}/date", message, params)
    since = (
        record.on_plan_since
        if first.kind == ConferenceKind.TRANSFER_IN and record.on_plan_since
        else start
    )
    for i, visit in enumerate(record.visit_log):
        if visit.date < since:
            yield FieldError(
                f"/visit_log/{i}/date", m.MSG_VISIT_BEFORE_START, {"start": since.isoformat()}
            )


def one_a_day(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    """Two numbered review conferences, or core group meetings, cannot share a day."""
    series = (
        (
            "conferences",
            [c if c.kind == ConferenceKind.REVIEW else None for c in record.conferences],
            m.MSG_SAME_DAY_REVIEW,
        ),
        ("core_group_meetings", list(record.core_group_meetings), m.MSG_SAME_DAY_MEETING),
    )
    for name, items, message in series:
        seen: set[date] = set()
        for i, item in enumerate(items):
            if item is None or item.status not in (MeetingStatus.HELD, MeetingStatus.SCHEDULED):
                continue
            if item.date in seen:
                yield FieldError(f"/{name}/{i}/date", message)
            seen.add(item.date)


def the_end(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    _, first = _first(record)
    if first is None:
        return
    start = first.date
    ending = sorted(
        c.date for c in record.conferences if c.is_held_review and c.decision == Decision.END
    )
    ending_review = ending[0] if ending else None
    end = None
    if record.ended is not None:
        end = record.ended.date
        if end < start:
            yield FieldError("/ended/date", m.MSG_END_BEFORE_START, {"start": start.isoformat()})
            end = None
        elif ending_review is not None and end != ending_review:
            yield FieldError(
                "/ended/date", m.MSG_END_DATE_MISMATCH, {"date": ending_review.isoformat()}
            )
    elif ending_review is not None:
        yield FieldError("/ended", m.MSG_ENDED_MISSING, {"date": ending_review.isoformat()})
        end = ending_review
    if end is None:
        return
    params = {"end": end.isoformat()}
    for i, c in enumerate(record.conferences):
        if c.date > end and c.status in (MeetingStatus.HELD, MeetingStatus.SCHEDULED):
            yield FieldError(f"/conferences/{i}/date", m.MSG_AFTER_END, params)
    for i, meeting in enumerate(record.core_group_meetings):
        if meeting.date > end and meeting.status in (MeetingStatus.HELD, MeetingStatus.SCHEDULED):
            yield FieldError(f"/core_group_meetings/{i}/date", m.MSG_AFTER_END, params)


def the_childs_age(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    _, first = _first(record)
    if first is None or record.child.date_of_birth is None:
        return
    birthday = eighteenth_birthday(record.child.date_of_birth)
    if birthday < first.date:
        yield FieldError(
            "/child/date_of_birth", m.MSG_ALREADY_ADULT, {"start": first.date.isoformat()}
        )
        return
    ended = record.ended
    earliest = add_months(birthday, -1)
    if ended is not None and ended.reason == EndReason.TURNED_18 and ended.date < earliest:
        yield FieldError(
            "/ended/date",
            m.MSG_TURNED_18_TOO_EARLY,
            {"birthday": birthday.isoformat(), "earliest": earliest.isoformat()},
        )


# --- translations ---------------------------------------------------------------


def free_text_pointers(group: Group, prefix: str = "") -> Iterator[str]:
    """The JSON pointer of every free-text value the record holds."""
    for name, info in type(group).model_fields.items():
        value = getattr(group, name)
        pointer = f"{prefix}/{name}"
        if value is None:
            continue
        if is_free_text(info.metadata):
            yield pointer
        elif isinstance(value, Group):
            yield from free_text_pointers(value, pointer)
        elif isinstance(value, tuple):
            items_free = is_list_of_free_text(info.annotation)
            for i, item in enumerate(value):
                if isinstance(item, Group):
                    yield from free_text_pointers(item, f"{pointer}/{i}")
                elif items_free:
                    yield f"{pointer}/{i}"


def _readable_key(key: str) -> bool:
    return len(key) <= _MAX_KEY_IN_POINTER and key.isprintable()


def translations(record: PlanRecord, ctx: Context) -> Iterator[FieldError]:
    if not record.translations:
        return
    allowed = translation_languages(ctx.languages)
    free = set(free_text_pointers(record))
    for language, entries in record.translations.items():
        if not _readable_key(language):
            yield FieldError("/translations", m.MSG_UNREADABLE_FIELD_NAME)
            continue
        where = f"/translations/{escape(language)}"
        if language not in allowed:
            yield FieldError(where, m.MSG_TRANSLATION_LANGUAGE, {"choices": ", ".join(allowed)})
            continue
        if len(entries) > MAX_TRANSLATIONS:
            yield FieldError(where, m.MSG_TOO_MANY, {"max": MAX_TRANSLATIONS})
            continue
        for pointer in entries:
            if not _readable_key(pointer):
                yield FieldError(where, m.MSG_UNREADABLE_FIELD_NAME)
            elif pointer not in free:
                yield FieldError(f"{where}/{escape(pointer)}", m.MSG_TRANSLATION_POINTER)


RULES = (
    contact,
    categories,
    milestones_done,
    first_conference,
    what_each_conference_records,
    on_plan_since,
    nothing_before_the_start,
    one_a_day,
    the_end,
    the_childs_age,
    translations,
)


def check_rules(record: PlanRecord, ctx: Context) -> list[FieldError]:
    errors: list[FieldError] = []
    for rule in RULES:
        errors.extend(rule(record, ctx))
    return errors
