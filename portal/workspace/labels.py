"""Words the workspace (plans, forms and the dashboard) shows for its codes and fields,
translated in one place: each code list's table is keyed by its vocabulary."""

from flask_babel import lazy_gettext as _l

from portal.models import Role
from portal.planning.events import NOT_RECORDED, EventKind, EventStatus
from portal.planning.format.vocabulary import (
    ActionStatus,
    Category,
    ConferenceKind,
    Decision,
    EndReason,
    MeetingStatus,
    Progress,
)

ROLE_NAMES = {
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.CHAIR: _l("Conference chair"),
    Role.MANAGER: _l("Manager"),
    Role.ADMIN: _l("Administrator"),
}

CATEGORY_NAMES = {
    Category.NEGLECT: _l("Neglect"),
    Category.EMOTIONAL_ABUSE: _l("Emotional abuse"),
    Category.PHYSICAL_ABUSE: _l("Physical abuse"),
    Category.SEXUAL_ABUSE: _l("Sexual abuse"),
}

CONFERENCE_KIND_NAMES = {
    ConferenceKind.INITIAL: _l("Initial conference"),
    ConferenceKind.TRANSFER_IN: _l("Transfer-in conference"),
    ConferenceKind.REVIEW: _l("Review conference"),
}

PROGRESS_NAMES = {
    Progress.SUFFICIENT: _l("Enough progress"),
    Progress.INSUFFICIENT: _l("Not enough progress"),
}

MEETING_STATUS_NAMES = {
    MeetingStatus.HELD: _l("Held"),
    MeetingStatus.SCHEDULED: _l("Scheduled"),
    MeetingStatus.CANCELLED: _l("Cancelled"),
}

DECISION_NAMES = {
    Decision.CONTINUE: _l("Continue the plan"),
    Decision.END: _l("End the plan"),
}

ACTION_STATUS_NAMES = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.DROPPED: _l("Dropped"),
}

END_REASON_NAMES = {
    EndReason.NO_LONGER_AT_RISK: _l("No longer at risk of significant harm"),
    EndReason.MOVED_AREA: _l("Moved to another area"),
    EndReason.TURNED_18: _l("Turned 18"),
    EndReason.LOOKED_AFTER: _l("Became looked after"),
    EndReason.ENDED_BY_LETTER: _l("Ended by letter"),
    EndReason.DIED: _l("Died"),
    EndReason.LEFT_UK: _l("Left the UK"),
}

# Tri-state answers (true, false or not recorded) shown as selects.
FAMILY_MEMBER_NAMES = {"yes": _l("Family member"), "no": _l("Professional")}
YES_NO_NAMES = {"yes": _l("Yes"), "no": _l("No")}

# Shown in the workspace only (never in the contract's JSON): a conference held only if
# needed, past its local aim but not yet past the review limit.
AIM_PASSED = "aim_passed"

# Timeline statuses and the GOV.UK tag colour that goes with each.
TIMELINE_STATUS_NAMES = {
    EventStatus.HELD: MEETING_STATUS_NAMES[MeetingStatus.HELD],
    EventStatus.SCHEDULED: MEETING_STATUS_NAMES[MeetingStatus.SCHEDULED],
    EventStatus.CANCELLED: MEETING_STATUS_NAMES[MeetingStatus.CANCELLED],
    EventStatus.UPCOMING: _l("Upcoming"),
    EventStatus.OVERDUE: _l("Overdue"),
    EventStatus.DONE: ACTION_STATUS_NAMES[ActionStatus.DONE],
    EventStatus.CONDITIONAL: _l("Conditional"),
    # a milestone of an ended plan that fell due and was not recorded (Event.shown_status)
    NOT_RECORDED: _l("Not recorded"),
    # a conference held only if needed, past its local aim, before the review limit
    AIM_PASSED: _l("Aim date passed"),
}
TIMELINE_STATUS_TAGS = {
    EventStatus.HELD: "govuk-tag--green",
    EventStatus.DONE: "govuk-tag--green",
    EventStatus.SCHEDULED: "govuk-tag--blue",
    EventStatus.UPCOMING: "govuk-tag--light-blue",
    EventStatus.OVERDUE: "govuk-tag--red",
    EventStatus.CONDITIONAL: "govuk-tag--yellow",
    EventStatus.CANCELLED: "govuk-tag--grey",
    NOT_RECORDED: "govuk-tag--grey",
    AIM_PASSED: "govuk-tag--yellow",
}

# Labels of the plan form's single fields, by field id (the JSON pointer with "-").
FIELD_LABELS = {
    "reference": _l("Reference"),
    "profile": _l("Procedure profile"),
    "language": _l("Family's language"),
    "child-first_name": _l("Child's first name"),
    "child-date_of_birth": _l("Child's date of birth"),
    "categories": _l("Categories"),
    "lead_social_worker-name": _l("Lead social worker's name"),
    "lead_social_worker-phone": _l("Lead social worker's phone"),
    "lead_social_worker-email": _l("Lead social worker's email"),
    "contingency": _l("Contingency plan"),
    "visits-every_days": _l("Visits every (days)"),
    "visits-unannounced": _l("Unannounced visits"),
    "on_plan_since": _l("On a plan since"),
    "previous_plans": _l("Number of previous plans"),
    "ended-date": _l("Date the plan ended"),
    "ended-reason": _l("Why the plan ended"),
}

# Each repeating group: the title of one row (numbered from 1) and the labels of its fields.
ROW_TITLES = {
    "core_group": _l("Core group member %(number)s"),
    "concerns": _l("Concern %(number)s"),
    "child_needs": _l("Child's need %(number)s"),
    "parent_needs": _l("Parents' need %(number)s"),
    "strengths": _l("Strength %(number)s"),
    "assessments": _l("Assessment %(number)s"),
    "outcomes": _l("Outcome %(number)s"),
    "actions": _l("Action %(number)s"),
    "conferences": _l("Conference %(number)s"),
    "core_group_meetings": _l("Core group meeting %(number)s"),
    "milestones_done": _l("Milestone done %(number)s"),
    "visit_log": _l("Visit %(number)s"),
}

ROW_FIELD_LABELS = {
    "core_group": {
        "name": _l("Name"),
        "role": _l("Role"),
        "agency": _l("Agency"),
        "family": _l("Family member or professional"),
    },
    "outcomes": {"goal": _l("Goal")},
    "actions": {
        "action": _l("What will be done"),
        "who": _l("Who will do it"),
        "by": _l("By when"),
        "status": _l("Status"),
    },
    "conferences": {
        "kind": _l("Kind"),
        "date": _l("Date"),
        "status": _l("Status"),
        "decision": _l("Decision"),
        "progress": _l("Progress"),
        "time": _l("Time"),
        "place": _l("Place"),
        "chair": _l("Chair"),
        "categories": _l("Categories"),
    },
    "core_group_meetings": {
        "date": _l("Date"),
        "time": _l("Time"),
        "place": _l("Place"),
        "status": _l("Status"),
    },
    "milestones_done": {"id": _l("Milestone"), "date": _l("Date done")},
    "visit_log": {"date": _l("Date"), "seen_alone": _l("Child seen alone")},
}

# The name of a row's date in its error messages ("Date of visit 2 must be a real date").
ROW_DATE_NAMES = {
    "conferences": _l("Date of conference %(number)s"),
    "core_group_meetings": _l("Date of core group meeting %(number)s"),
    "milestones_done": _l("Date milestone %(number)s was done"),
    "visit_log": _l("Date of visit %(number)s"),
    "actions": _l("Due date of outcome %(outcome)s, action %(number)s"),
}

ADD_BUTTONS = {
    "core_group": _l("Add another core group member"),
    "concerns": _l("Add another concern"),
    "child_needs": _l("Add another need of the child"),
    "parent_needs": _l("Add another need of the parents"),
    "strengths": _l("Add another strength"),
    "assessments": _l("Add another assessment"),
    "outcomes": _l("Add another outcome"),
    "actions": _l("Add another action"),
    "conferences": _l("Add another conference"),
    "core_group_meetings": _l("Add another core group meeting"),
    "milestones_done": _l("Add another milestone"),
    "visit_log": _l("Add another visit"),
}

EVENT_NAMES = {
    EventKind.INITIAL_CONFERENCE: _l("Initial child protection conference"),
    EventKind.TRANSFER_IN_CONFERENCE: CONFERENCE_KIND_NAMES[ConferenceKind.TRANSFER_IN],
    EventKind.REVIEW_CONFERENCE: _l("Review conference %(number)s"),
    EventKind.CORE_GROUP: _l("Core group meeting %(number)s"),
    EventKind.MILESTONE: _l("Milestone"),
    EventKind.PLAN_END: _l("Plan ended"),
}

# The dashboard's own codes: duration bands, overdue choices, sorts.
BAND_NAMES = {
    "under-3": _l("Under 3 months"),
    "3-9": _l("3 to 9 months"),
    "9-15": _l("9 to 15 months"),
    "15-21": _l("15 to 21 months"),
    "21-24": _l("21 to 24 months"),
    "24-plus": _l("24 months and over"),
}

# The longer the plan, the stronger the colour: drift should catch the eye.
BAND_TAGS = {
    "under-3": "govuk-tag--grey",
    "3-9": "govuk-tag--grey",
    "9-15": "govuk-tag--blue",
    "15-21": "govuk-tag--yellow",
    "21-24": "govuk-tag--orange",
    "24-plus": "govuk-tag--red",
}

OVERDUE_NAMES = {
    "any": _l("Anything overdue"),
    "review": _l("Review conference overdue"),
    "core-group": _l("Core group meeting overdue"),
    "milestone": _l("Milestone overdue"),
    "visit": _l("Visit overdue"),
}

SORT_NAMES = {
    "duration": _l("Duration"),
    "next-review": _l("Next review"),
    "reference": FIELD_LABELS["reference"],
}

APPROACHING_TITLES = {
    9: _l("Reaching 9 months"),
    15: _l("Reaching 15 months"),
    21: _l("Reaching 21 months"),
    24: _l("Reaching 24 months"),
}
