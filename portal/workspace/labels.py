"""Words the workspace shows for the plan format's codes and fields, translated in one place."""

from flask_babel import lazy_gettext as _l

ROLE_NAMES = {
    "social-worker": _l("Social worker"),
    "chair": _l("Conference chair"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}

CATEGORY_NAMES = {
    "neglect": _l("Neglect"),
    "emotional_abuse": _l("Emotional abuse"),
    "physical_abuse": _l("Physical abuse"),
    "sexual_abuse": _l("Sexual abuse"),
}

CONFERENCE_KIND_NAMES = {
    "initial": _l("Initial conference"),
    "transfer_in": _l("Transfer-in conference"),
    "review": _l("Review conference"),
}

PROGRESS_NAMES = {
    "sufficient": _l("Enough progress"),
    "insufficient": _l("Not enough progress"),
}

MEETING_STATUS_NAMES = {
    "held": _l("Held"),
    "scheduled": _l("Scheduled"),
    "cancelled": _l("Cancelled"),
}

DECISION_NAMES = {
    "continue": _l("Continue the plan"),
    "end": _l("End the plan"),
}

ACTION_STATUS_NAMES = {
    "open": _l("Open"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}

END_REASON_NAMES = {
    "no_longer_at_risk": _l("No longer at risk of significant harm"),
    "moved_area": _l("Moved to another area"),
    "turned_18": _l("Turned 18"),
    "looked_after": _l("Became looked after"),
    "ended_by_letter": _l("Ended by letter"),
    "died": _l("Died"),
    "left_uk": _l("Left the UK"),
}

# Tri-state answers (true, false or not recorded) shown as selects.
FAMILY_MEMBER_NAMES = {"yes": _l("Family member"), "no": _l("Professional")}
YES_NO_NAMES = {"yes": _l("Yes"), "no": _l("No")}

# Timeline statuses and the GOV.UK tag colour that goes with each.
TIMELINE_STATUS_NAMES = {
    "held": _l("Held"),
    "scheduled": _l("Scheduled"),
    "cancelled": _l("Cancelled"),
    "upcoming": _l("Upcoming"),
    "overdue": _l("Overdue"),
    "done": _l("Done"),
    "conditional": _l("Conditional"),
    # a milestone of an ended plan that fell due and was not recorded (Event.shown_status)
    "not_recorded": _l("Not recorded"),
}
TIMELINE_STATUS_TAGS = {
    "held": "govuk-tag--green",
    "done": "govuk-tag--green",
    "scheduled": "govuk-tag--blue",
    "upcoming": "govuk-tag--light-blue",
    "overdue": "govuk-tag--red",
    "conditional": "govuk-tag--yellow",
    "cancelled": "govuk-tag--grey",
    "not_recorded": "govuk-tag--grey",
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
    "initial_conference": _l("Initial child protection conference"),
    "transfer_in_conference": _l("Transfer-in conference"),
    "review_conference": _l("Review conference %(number)s"),
    "core_group": _l("Core group meeting %(number)s"),
    "milestone": _l("Milestone"),
    "plan_end": _l("Plan ended"),
}
