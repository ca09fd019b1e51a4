"""The plan format's code lists, limits and formats: written once, used by the model,
the cross-field rules, the published JSON Schema, the form and the labels."""

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

FORMAT = "cp-plan/2"
#: Every format id the portal reads; a cp-plan/1 record is a valid cp-plan/2 record.
READABLE_FORMATS = ("cp-plan/1", "cp-plan/2")
SUPPORTED_LANGUAGES = ("en", "pl", "ro", "ur", "ar", "bn", "pt")
DEFAULT_LANGUAGE = "en"


def translation_languages(languages: Iterable[str]) -> tuple[str, ...]:
    """The languages a record's ``translations`` may be in: the deployment's, but
    English, which is what the professionals' own words are written in."""
    return tuple(language for language in languages if language != DEFAULT_LANGUAGE)


class Category(StrEnum):
    NEGLECT = "neglect"
    EMOTIONAL_ABUSE = "emotional_abuse"
    PHYSICAL_ABUSE = "physical_abuse"
    SEXUAL_ABUSE = "sexual_abuse"


class ConferenceKind(StrEnum):
    INITIAL = "initial"
    TRANSFER_IN = "transfer_in"
    REVIEW = "review"


class MeetingStatus(StrEnum):
    """Of a conference or a core group meeting, as recorded."""

    HELD = "held"
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Decision(StrEnum):
    """What a held review conference decided."""

    CONTINUE = "continue"
    END = "end"


class Progress(StrEnum):
    """What a held review found of the plan's progress."""

    SUFFICIENT = "sufficient"
    INSUFFICIENT = "insufficient"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class EndReason(StrEnum):
    NO_LONGER_AT_RISK = "no_longer_at_risk"
    MOVED_AREA = "moved_area"
    TURNED_18 = "turned_18"
    LOOKED_AFTER = "looked_after"
    ENDED_BY_LETTER = "ended_by_letter"
    DIED = "died"
    LEFT_UK = "left_uk"


def codes(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """The codes of a vocabulary as plain strings, in order (what records store)."""
    return tuple(member.value for member in vocabulary)


CATEGORIES = codes(Category)
FIRST_CONFERENCE_KINDS = (ConferenceKind.INITIAL.value, ConferenceKind.TRANSFER_IN.value)
CONFERENCE_KINDS = codes(ConferenceKind)
MEETING_STATUSES = codes(MeetingStatus)
DECISIONS = codes(Decision)
PROGRESS = codes(Progress)
ACTION_STATUSES = codes(ActionStatus)
END_REASONS = codes(EndReason)

# Limits: generous for real plans, small enough to stop abuse.
MAX_ITEMS = 200
MAX_REFERENCE = 40
MAX_PARAGRAPH = 2000
MAX_LINE = 200
MAX_FIRST_NAME = 100
MAX_PHONE = 40
MAX_EMAIL = 254
MAX_VISIT_DAYS = 365
MAX_PREVIOUS_PLANS = 99
MAX_TRANSLATIONS = 2000  # pointers per language
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

# Patterns, anchored the way JSON Schema applies them (a search), and ending with
# "(?![\s\S])" rather than "$", which in Python also matches before a final line break.
_END = r"(?![\s\S])"
#: A reference, unanchored (the bulk import finds one in a line without parsing it).
REFERENCE = rf"[A-Za-z0-9/-]{{1,{MAX_REFERENCE}}}"
REFERENCE_PATTERN = "^" + REFERENCE + _END
#: A real calendar date from 1900-01-01 to 2199-12-31, leap years included.
DATE_PATTERN = (
    r"^(?:(?:19|20|21)[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:(?:19|21)(?:[02468][48]|[13579][26]|[2468]0)|20(?:[02468][048]|[13579][26]))-02-29)"
    + _END
)
DATE_SHAPE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}" + _END
TIME_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]" + _END
# An address and nothing else: no "?" or "%" that would add headers (`?bcc=`) to the
# family page's mailto: link, no quotes or angle brackets. Letters may be any script's.
EMAIL_ADDRESS = r"[\w.!#$&'*+/=^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"
EMAIL_PATTERN = "^" + EMAIL_ADDRESS + _END
#: Digits, spaces, brackets, hyphens and a leading +, with 6 to 20 digits.
PHONE_PATTERN = r"^\+?[ ()-]*(?:[0-9][ ()-]*){6,20}" + _END
# Text: no control characters or lone surrogates (paragraphs may hold tab and line
# breaks); required text must contain something visible.
LINE_PATTERN = r"^[^\x00-\x1f\x7f\ud800-\udfff]*" + _END
PARAGRAPH_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]*" + _END
VISIBLE_LINE_PATTERN = (
    r"^[^\x00-\x1f\x7f\ud800-\udfff]*[^\s\x00-\x1f\x7f\ud800-\udfff]"
    r"[^\x00-\x1f\x7f\ud800-\udfff]*" + _END
)
VISIBLE_PARAGRAPH_PATTERN = (
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]*[^\s\x00-\x1f\x7f\ud800-\udfff]"
    r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]*" + _END
)
