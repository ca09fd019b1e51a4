"""The fixed vocabularies are StrEnums, written once; every code has its label, and the
code lists the format checks against are the same codes."""

import pytest

from portal.models import Role
from portal.planning import EventKind, EventStatus
from portal.planning.events import NOT_RECORDED
from portal.planning.format import vocabulary as v
from portal.workspace import auth, labels

TABLES = [
    (Role, labels.ROLE_NAMES),
    (v.Category, labels.CATEGORY_NAMES),
    (v.ConferenceKind, labels.CONFERENCE_KIND_NAMES),
    (v.MeetingStatus, labels.MEETING_STATUS_NAMES),
    (v.Decision, labels.DECISION_NAMES),
    (v.Progress, labels.PROGRESS_NAMES),
    (v.ActionStatus, labels.ACTION_STATUS_NAMES),
    (v.EndReason, labels.END_REASON_NAMES),
    (EventKind, labels.EVENT_NAMES),
]


@pytest.mark.parametrize(("vocabulary", "names"), TABLES, ids=lambda x: getattr(x, "__name__", ""))
def test_every_code_has_exactly_one_label(vocabulary, names):
    assert list(names) == list(vocabulary)


def test_a_label_is_found_by_the_code_as_stored():
    # Records and the database hold plain strings; the tables are keyed by the enums.
    assert labels.END_REASON_NAMES["turned_18"] is labels.END_REASON_NAMES[v.EndReason.TURNED_18]
    assert labels.ROLE_NAMES["social-worker"] is labels.ROLE_NAMES[Role.SOCIAL_WORKER]


def test_the_format_checks_against_the_same_codes_as_plain_strings():
    assert tuple(v.Category) == v.CATEGORIES
    assert tuple(v.EndReason) == v.END_REASONS
    assert tuple(v.ConferenceKind) == v.CONFERENCE_KINDS
    assert set(v.FIRST_CONFERENCE_KINDS) == set(v.ConferenceKind) - {v.ConferenceKind.REVIEW}
    assert all(type(code) is str for code in v.END_REASONS + v.MEETING_STATUSES)


def test_timeline_statuses_include_every_recorded_status():
    assert set(v.MeetingStatus) <= set(labels.TIMELINE_STATUS_NAMES)
    assert set(labels.TIMELINE_STATUS_NAMES) == set(labels.TIMELINE_STATUS_TAGS)


def test_every_timeline_status_and_the_shown_ones_have_a_label_and_a_tag():
    assert list(labels.TIMELINE_STATUS_NAMES) == [*EventStatus, NOT_RECORDED, labels.AIM_PASSED]
    assert (
        labels.TIMELINE_STATUS_TAGS["overdue"] == labels.TIMELINE_STATUS_TAGS[EventStatus.OVERDUE]
    )


def test_the_role_groups_are_made_of_roles():
    assert tuple(Role) == auth.ROLES
    assert set(auth.ALL_PLANS_ROLES) < set(auth.PLAN_ROLES) < set(Role)
    assert Role.ADMIN not in auth.PLAN_ROLES
