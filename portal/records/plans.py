"""Saving and reading plan records."""

import datetime as dt
import unicodedata
from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal import clock
from portal.models import Plan, PlanDeletion, Role, User, db
from portal.planning import (
    EventKind,
    EventStatus,
    PlanRecord,
    Profile,
    compute_timeline,
    parse_record,
    record_to_dict,
)
from portal.planning.dates import age_between
from portal.planning.format import as_version_2
from portal.planning.visits import visit_columns
from portal.records.audit_trail import audit
from portal.records.stand_ins import stand_in_pointers
from portal.webhooks.outbox import changed_sections, record_change

REFERENCE_KEY_LENGTH = 40
CHILD_KEY_LENGTH = 100


class PlanNotFound(LookupError):
    pass


class DuplicateReference(ValueError):
    """A plan with this reference exists and the caller did not ask to update it."""


class VersionConflict(ValueError):
    """Someone else saved the plan after this edit began."""

    def __init__(self, current_version: int):
        super().__init__(
            f"the plan has changed since you opened it (now version {current_version})"
        )
        self.current_version = current_version


def get_plan(reference: str) -> Plan | None:
    return db.session.scalar(select(Plan).where(Plan.reference == reference))


# The stored record goes out as a plain dict: the plan forms (portal/professional)
# address its fields by keys known at run time.
def export_record(plan: Plan) -> dict[str, Any]:
    """The stored record, always as cp-plan/2 (a row stored as cp-plan/1 and not yet
    migrated is upgraded on the way out)."""
    return as_version_2(plan.record)


def create_plan(
    data: object,
    profiles: dict[str, Profile],
    *,
    actor: str,
    social_worker: User | None = None,
    languages: tuple[str, ...] | None = None,
    measurement_only: bool = False,
) -> Plan:
    """Validate and store a new plan in one transaction, with its audit row.

    Raises RecordInvalid (nothing stored) or DuplicateReference (the reference is taken).
    """
    return _store(
        data,
        profiles,
        actor=actor,
        may_create=True,
        may_replace=False,
        social_worker=social_worker,
        languages=languages,
        measurement_only=measurement_only,
    )


def replace_plan(
    data: object,
    profiles: dict[str, Profile],
    *,
    actor: str,
    reference: str | None = None,
    expected_version: int | None = None,
    social_worker: User | None = None,
    languages: tuple[str, ...] | None = None,
    match_owner: bool = True,
    create_missing: bool = False,
    measurement_only: bool = False,
) -> Plan:
    """Validate a whole record and store it over plan `reference` (by default the
    record's own), in one transaction with its audit row.

    `reference` pins the plan being edited (a PUT to one address, or a form), so a
    record cannot silently move to another plan's reference. `expected_version` refuses
    a save based on an older version. `create_missing` stores the record as a new plan
    when there is none to replace (an import that may replace).

    Raises RecordInvalid (nothing stored), PlanNotFound, VersionConflict or
    DuplicateReference (the record's new reference belongs to another plan).
    A whole record saved without `measurement_only` completes a plan that was marked
    so (portal/exchange/annex_a_import.py).
    """
    return _store(
        data,
        profiles,
        actor=actor,
        may_create=create_missing,
        may_replace=True,
        reference=reference,
        expected_version=expected_version,
        social_worker=social_worker,
        languages=languages,
        match_owner=match_owner,
        measurement_only=measurement_only,
    )


def _store(
    data: object,
    profiles: dict[str, Profile],
    *,
    actor: str,
    may_create: bool,
    may_replace: bool,
    expected_version: int | None = None,
    reference: str | None = None,
    social_worker: User | None = None,
    languages: tuple[str, ...] | None = None,
    match_owner: bool = True,
    measurement_only: bool = False,
) -> Plan:
    """The one write path for plans (create_plan and replace_plan).

    A plan with no social worker responsible (an import, an API call, a form left on
    "Not assigned") is given the account whose email is the lead social worker's, when
    there is such an active social worker's account (`match_owner`).
    """
    kwargs = {"languages": languages} if languages else {}
    record = parse_record(data, profiles, **kwargs)
    normalised = record_to_dict(record)
    target_reference = reference or normalised["reference"]
    try:
        plan = get_plan(target_reference)
        unowned = social_worker is None and (plan is None or plan.social_worker_id is None)
        if unowned and match_owner:
            # Looked up before a new Plan joins the session (autoflush would store it
            # half-filled).
            social_worker = worker_by_email(normalised["lead_social_worker"].get("email"))
        if plan is None:
            if not may_create:
                raise PlanNotFound(target_reference)
            plan = Plan(reference=normalised["reference"], social_worker=social_worker)
            db.session.add(plan)
            action = "plan.create"
            previous = None
        else:
            if not may_replace:
                raise DuplicateReference(target_reference)
            if expected_version is not None and plan.version != expected_version:
                raise VersionConflict(plan.version)
            if normalised["reference"] != plan.reference and get_plan(normalised["reference"]):
                raise DuplicateReference(normalised["reference"])
            action = "plan.update"
            previous = export_record(plan)
            if plan.social_worker_id is None and social_worker is not None:
                plan.social_worker = social_worker
        old_reference, old_version = plan.reference, plan.version
        renamed = previous is not None and normalised["reference"] != old_reference
        sections = changed_sections(previous, normalised)
        _fill_columns(plan, normalised, profiles, record)
        if sections:
            plan.previous_reference = old_reference if renamed else None
        # A save that keeps a stand-in (a task form on a measurement-only plan) leaves
        # the mark; a whole record without them (the plan form, a PUT) completes it.
        plan.measurement_only = measurement_only or bool(
            plan.measurement_only and stand_in_pointers(normalised)
        )
        if plan.measurement_only:
            plan.end_reason = None  # the list does not say why; the record holds a stand-in
        db.session.flush()
        audit(actor, action, plan.id)
        if sections:  # saving an identical record is no change to tell anyone of
            kind = "created" if previous is None else "updated"
            record_change(
                plan.reference,
                plan.version,
                kind,
                sections,
                previous_reference=old_reference if renamed else None,
            )
        if renamed:
            # A case system syncing by reference must learn the old one is gone: the
            # feed reports it deleted, as if the plan had been deleted and made again.
            db.session.add(
                PlanDeletion(
                    reference=old_reference,
                    version=old_version,
                    deleted_at=clock.now(),
                    reason="renamed",
                )
            )
            record_change(old_reference, old_version, "deleted", [])
        db.session.commit()
    except IntegrityError:
        # Another request stored the same reference between our check and our insert:
        # the same answer as if it had been there first. Anything else is a real fault.
        db.session.rollback()
        if get_plan(normalised["reference"]) is not None:
            raise DuplicateReference(normalised["reference"]) from None
        raise
    except StaleDataError:
        # Another request saved this plan between our read and our write.
        db.session.rollback()
        current = get_plan(target_reference)
        if current is None:
            raise PlanNotFound(target_reference) from None
        raise VersionConflict(current.version) from None
    except Exception:
        db.session.rollback()
        raise
    return plan


def worker_by_email(email: str | None) -> User | None:
    """The active social worker's account with this email (any letter case), or None."""
    if not email:
        return None
    return db.session.scalar(
        select(User).where(
            func.lower(User.email) == email.strip().lower(),
            User.role == Role.SOCIAL_WORKER,
            User.active,
        )
    )


# `record` below is record_to_dict's plain dict (or the demo generator's).
def _fill_columns(
    plan: Plan,
    record: dict[str, Any],
    profiles: dict[str, Profile],
    parsed: PlanRecord | None = None,
) -> None:
    for column, value in plan_columns(record, profiles, parsed).items():
        setattr(plan, column, value)


def plan_columns(
    record: dict[str, Any], profiles: dict[str, Profile], parsed: PlanRecord | None = None
) -> dict[str, object]:
    """The Plan columns for a normalised record: what lists and the dashboard filter by.

    The one mapping from record to columns (saves and the bulk demo generator use it).
    `parsed` is the same record as parse_record returned it, when the caller has it
    already: parsing 150,000 generated records twice would double the time.
    """
    ended = record.get("ended")
    if parsed is None:
        parsed = parse_record(record, profiles)
    return {
        "reference": record["reference"],
        "profile": record["profile"],
        "language": record.get("language") or "en",
        "child_first_name": record["child"]["first_name"],
        # Folding can lengthen text ("ß" is "ss"): the keys are cut to their columns.
        "reference_key": search_key(record["reference"])[:REFERENCE_KEY_LENGTH],
        "child_key": search_key(record["child"]["first_name"])[:CHILD_KEY_LENGTH],
        "categories": ",".join(record["categories"]),
        # on a plan since: for a transferred-in plan, the day it began elsewhere
        "started": parsed.on_plan_from,
        "ended": dt.date.fromisoformat(ended["date"]) if ended else None,
        "end_reason": ended["reason"] if ended else None,
        "record": record,
        **schedule_columns(parsed, profiles[parsed.profile]),
        **visit_columns(record),
    }


class ScheduleColumns(TypedDict):
    """The dashboard's stored dates of a plan (Plan columns of the same names)."""

    next_review_due: dt.date | None
    next_core_group_due: dt.date | None
    last_review_date: dt.date | None
    next_milestone: str | None
    next_milestone_due: dt.date | None
    next_milestone_conditional: bool | None
    duration_months: int | None
    next_due: dt.date | None


def schedule_columns(record: PlanRecord, profile: Profile) -> ScheduleColumns:
    """The dashboard's stored dates, worked out by the timeline engine.

    None of them depends on the day it is computed: due dates follow from the dates in
    the record and the profile's rules only, so the values stay right until the record
    (or the profile) changes. Whether something is overdue is decided when counting,
    by comparing a due date with the day asked about.
    """
    timeline = compute_timeline(record, profile, clock.today())
    held_reviews = [
        e.date
        for e in timeline.of_kind(EventKind.REVIEW_CONFERENCE)
        if e.status == EventStatus.HELD and e.date is not None
    ]
    columns: ScheduleColumns = {
        "next_review_due": None,
        "next_core_group_due": None,
        "last_review_date": max(held_reviews) if held_reviews else None,
        "next_milestone": None,
        "next_milestone_due": None,
        "next_milestone_conditional": None,
        "duration_months": None,
        "next_due": None,
    }
    if timeline.ended is not None:
        columns["duration_months"] = age_between(timeline.started, timeline.ended)[0]
        return columns
    review = timeline.next_review_conference
    if review is not None:
        # A conference held only if needed (the 21-month policy's 24-month one) has a local
        # aim; what is due is a review by the national six-month limit
        # (docs/timeline-rules.md, "What the workspace shows").
        columns["next_review_due"] = review.review_required_by or review.due
    if timeline.next_core_group is not None:
        columns["next_core_group_due"] = timeline.next_core_group.due
    pending = [m for m in timeline.milestones if m.status != EventStatus.DONE]
    if pending:
        first = min(pending, key=lambda m: m.due or dt.date.max)  # milestones have a due date
        columns["next_milestone"] = first.id
        columns["next_milestone_due"] = first.due
        columns["next_milestone_conditional"] = first.status == EventStatus.CONDITIONAL
    columns["next_due"] = next_due(columns)
    return columns


def next_due(columns: ScheduleColumns) -> dt.date | None:
    """The earliest date that is really due: a conditional milestone waits on a review
    that is not held yet, so its date is only provisional and does not count."""
    dates = [columns["next_review_due"], columns["next_core_group_due"]]
    if not columns["next_milestone_conditional"]:
        dates.append(columns["next_milestone_due"])
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def search_key(text: str) -> str:
    """Text as the plan list searches it: accents and case folded, spaces squeezed.

    "Zoë" and "ZOE" both become "zoe", so a worker need not type the accent. Letters
    that are not a base letter plus an accent (Polish "ł", Arabic, Bengali) are kept.
    """
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.casefold())
