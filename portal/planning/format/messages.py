"""Error messages of the plan format, and the error types.

Messages are English templates with ``%(name)s`` placeholders, marked with ``N_`` so
that they can be extracted for translation (keyword ``N_``) and translated where they
are shown. A message never repeats what the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (gettext keyword ``N_``)."""
    return message


MSG_REQUIRED = N_("Fill in this field")
MSG_EMPTY = N_("This cannot be empty")
MSG_TEXT = N_("This must be text")
MSG_OBJECT = N_("This must be a group of named fields (a JSON object)")
MSG_LIST = N_("This must be a list")
MSG_WHOLE_NUMBER = N_("This must be a whole number")
MSG_BOOLEAN = N_("This must be true or false")
MSG_TOO_LONG = N_("Use %(max)s characters or fewer")
MSG_TOO_MANY = N_("Use %(max)s items or fewer")
MSG_BAD_CHARACTERS = N_(
    "This text contains characters that cannot be stored, such as control characters"
)
MSG_UNKNOWN_FIELD = N_("This field is not part of the plan format: remove it")
MSG_UNREADABLE_FIELD_NAME = N_(
    "Remove the field with an unreadable or overlong name from this group of fields"
)
MSG_CHOICE = N_("Choose one of: %(choices)s")
MSG_DATE = N_("Enter a real date in the format YYYY-MM-DD, like 2026-03-31")
MSG_DATE_RANGE = N_("Enter a date between %(earliest)s and %(latest)s")
MSG_TIME = N_("Enter a time in the format HH:MM, like 09:30")
MSG_FORMAT = N_("The format must be %(expected)s")
MSG_REFERENCE = N_("Use 1 to 40 letters, digits, hyphens or slashes, like ST-2026-0001")
MSG_PHONE = N_("Enter a phone number using digits, spaces, brackets, hyphens and +")
MSG_EMAIL = N_("Enter an email address, like name@example.org")
MSG_CONTACT = N_("Give a phone number or an email address for the lead social worker")
MSG_NO_CATEGORY = N_("Choose at least one category")
MSG_REPEATED_CATEGORY = N_("Each category can be chosen only once")
MSG_VISIT_DAYS = N_("Enter a number of days from %(min)s to %(max)s")
MSG_NO_INITIAL = N_("Add the initial child protection conference, where the plan was made")
MSG_SECOND_INITIAL = N_("There can be only one initial conference: make this a review")
MSG_INITIAL_NOT_HELD = N_("The initial conference must be held: the plan starts on its date")
MSG_BEFORE_START = N_("This is before the initial conference on %(start)s")
MSG_DECISION_NOT_ALLOWED = N_("Only a held review conference has a decision: remove it")
MSG_DECISION_NEEDED = N_("Say what this review conference decided: continue or end")
MSG_END_BEFORE_START = N_("The plan cannot end before it started on %(start)s")
MSG_AFTER_END = N_("This is after the plan ended on %(end)s: mark it cancelled or remove it")
MSG_ENDED_MISSING = N_(
    "The review conference on %(date)s ended the plan: give the end date and reason"
)
MSG_END_DATE_MISMATCH = N_(
    "The review conference on %(date)s ended the plan, so the end date is %(date)s"
)
MSG_SAME_DAY_REVIEW = N_("Another review conference is already recorded on this date")
MSG_SAME_DAY_MEETING = N_("Another core group meeting is already recorded on this date")
MSG_REPEATED_MILESTONE = N_("This milestone is already marked as done")
MSG_ALREADY_ADULT = N_("The child was already 18 when the plan started on %(start)s")
MSG_ROOT = N_("The plan must be a JSON object")
MSG_UNCHECKABLE = N_("This plan could not be checked: please check it is a cp-plan/2 record")

# cp-plan/2
MSG_TURNED_18_TOO_EARLY = N_(
    "The child turns 18 on %(birthday)s: a plan can end for this reason from "
    "%(earliest)s, a month before"
)
MSG_INITIAL_AND_TRANSFER = N_(
    "A plan has one first conference here: an initial conference or a transfer-in "
    "conference, not both. Make this a review"
)
MSG_TRANSFER_NOT_HELD = N_(
    "The transfer-in conference must be held: the plan starts here on its date"
)
MSG_BEFORE_TRANSFER = N_("This is before the transfer-in conference on %(start)s")
MSG_ON_PLAN_SINCE_NEEDED = N_(
    "on_plan_since: give the date the child's plan began in the previous authority"
)
MSG_ON_PLAN_SINCE_NOT_ALLOWED = N_(
    "on_plan_since is only for a plan transferred in from another authority: remove it"
)
MSG_ON_PLAN_SINCE_AFTER = N_(
    "on_plan_since must be on or before the transfer-in conference on %(start)s"
)
MSG_PROGRESS_NOT_ALLOWED = N_("progress: only a held review conference records progress: remove it")
MSG_CONFERENCE_CATEGORIES_NOT_ALLOWED = N_(
    "categories: only a held conference decides categories: remove them"
)
MSG_PREVIOUS_PLANS = N_("previous_plans: enter a whole number from %(min)s to %(max)s")
MSG_TRANSLATION_LANGUAGE = N_("translations: the language must be one of: %(choices)s")
MSG_TRANSLATION_POINTER = N_(
    "translations: this pointer must address a free-text field of this plan, like "
    "/concerns/0 or /contingency"
)
MSG_VISIT_BEFORE_START = N_("visit_log: this visit is before the plan began on %(start)s")
MSG_MORE_ERRORS = N_("…and %(count)s more problems: correct these first, then check the plan again")


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. ``pointer`` is a JSON pointer ("" for the root)."""

    pointer: str
    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template % self.params

    def as_dict(self) -> dict[str, str]:
        return {"pointer": self.pointer, "message": self.message}

    def __str__(self) -> str:
        return f"{self.pointer}: {self.message}" if self.pointer else self.message


class RecordInvalid(ValueError):
    """Raised by :func:`parse_record`; ``errors`` lists every problem."""

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


def escape(key: str) -> str:
    """A key as one JSON pointer token."""
    return key.replace("~", "~0").replace("/", "~1")
