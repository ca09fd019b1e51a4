"""The plan format's code lists, limits and formats: written once, used by the model,
the cross-field rules, the published JSON Schema, the form and the labels."""

from datetime import date

FORMAT = "cp-plan/2"
#: Every format id the portal reads; a cp-plan/1 record is a valid cp-plan/2 record.
READABLE_FORMATS = ("cp-plan/1", "cp-plan/2")
SUPPORTED_LANGUAGES = ("en", "pl", "ro", "ur", "ar", "bn", "pt")
DEFAULT_LANGUAGE = "en"

CATEGORIES = ("neglect", "emotional_abuse", "physical_abuse", "sexual_abuse")
FIRST_CONFERENCE_KINDS = ("initial", "transfer_in")
CONFERENCE_KINDS = ("initial", "transfer_in", "review")
MEETING_STATUSES = ("held", "scheduled", "cancelled")
DECISIONS = ("continue", "end")
PROGRESS = ("sufficient", "insufficient")
ACTION_STATUSES = ("open", "done", "dropped")
END_REASONS = (
    "no_longer_at_risk",
    "moved_area",
    "turned_18",
    "looked_after",
    "ended_by_letter",
    "died",
    "left_uk",
)

# Limits: generous for real plans, small enough to stop abuse.
MAX_ITEMS = 200
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
REFERENCE_PATTERN = r"^[A-Za-z0-9/-]{1,40}" + _END
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
