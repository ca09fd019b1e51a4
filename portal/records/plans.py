"""Saving and reading plan records."""

import datetime as dt

from sqlalchemy import select

from portal.models import Plan, User, db
from portal.planning import parse_record, record_to_dict
from portal.records.audit import audit


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


def export_record(plan: Plan) -> dict:
    return plan.record


def save_record(
    data: object,
    profiles: dict,
    *,
    actor: str,
    update: bool = False,
    create: bool = True,
    expected_version: int | None = None,
    reference: str | None = None,
    social_worker: User | None = None,
    languages: tuple[str, ...] | None = None,
) -> Plan:
    """Validate and store a whole plan record in one transaction.

    Raises RecordInvalid (nothing stored), DuplicateReference, PlanNotFound or
    VersionConflict. `reference` pins the plan being edited (a PUT to one address, or a
    form), so a record cannot silently move to another plan's reference.
    """
    kwargs = {"languages": languages} if languages else {}
    record = parse_record(data, profiles, **kwargs)
    normalised = record_to_dict(record)
    target_reference = reference or normalised["reference"]
    try:
        plan = get_plan(target_reference)
        if plan is None:
            if not create:
                raise PlanNotFound(target_reference)
            plan = Plan(reference=normalised["reference"], social_worker=social_worker)
            db.session.add(plan)
            action = "plan.create"
        else:
            if not update:
                raise DuplicateReference(target_reference)
            if expected_version is not None and plan.version != expected_version:
                raise VersionConflict(plan.version)
            if normalised["reference"] != plan.reference and get_plan(normalised["reference"]):
                raise DuplicateReference(normalised["reference"])
            action = "plan.update"
        _fill_columns(plan, normalised)
        db.session.flush()
        audit(actor, action, plan.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return plan


def _fill_columns(plan: Plan, record: dict) -> None:
    initial = next(c for c in record["conferences"] if c["kind"] == "initial")
    ended = record.get("ended")
    plan.reference = record["reference"]
    plan.profile = record["profile"]
    plan.language = record.get("language") or "en"
    plan.child_first_name = record["child"]["first_name"]
    plan.categories = ",".join(record["categories"])
    plan.started = dt.date.fromisoformat(initial["date"])
    plan.ended = dt.date.fromisoformat(ended["date"]) if ended else None
    plan.end_reason = ended["reason"] if ended else None
    plan.record = record
