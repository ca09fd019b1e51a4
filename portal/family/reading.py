"""Read a stored plan back into the typed record and its timeline as seen today."""

from dataclasses import dataclass

from flask import abort, current_app

from portal import clock
from portal.link_audience import Visibility, visible_record
from portal.models import Plan
from portal.planning import PlanRecord, RecordInvalid, Timeline, compute_timeline, parse_record


@dataclass(frozen=True)
class PlanReading:
    plan: Plan
    record: PlanRecord
    timeline: Timeline
    # The family's own core group members, even when this link does not show them:
    # what tells a parent's own actions apart (family_actions).
    family_names: tuple[str, ...] = ()


def read_plan(plan: Plan, visibility: Visibility) -> PlanReading:
    """The plan's record and timeline as this link may see them (hidden sections taken
    out first); a record that no longer reads is a server error.

    That can only happen if the portal's profiles changed under a stored plan. The log
    names the plan by id only: the errors themselves quote dates from the plan.
    """
    profiles = current_app.extensions["profiles"]
    try:
        whole = parse_record(plan.record, profiles)
        record = visible_record(whole, visibility)
        timeline = compute_timeline(record, profiles[record.profile], clock.today())
    except (RecordInvalid, KeyError, ValueError):
        current_app.logger.error("Stored plan %s could not be read for the family view", plan.id)
        abort(500)
    family_names = tuple(member.name for member in whole.core_group if member.family)
    return PlanReading(plan, record, timeline, family_names)
