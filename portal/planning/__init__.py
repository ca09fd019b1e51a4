"""Plan records, procedure profiles and the plan timeline (pure Python, no Flask)."""

from .dates import add_months, add_span, add_working_days, is_working_day
from .profiles import (
    IntervalChange,
    Milestone,
    Profile,
    ProfileInvalid,
    Source,
    Span,
    default_profiles_dir,
    load_profiles,
)
from .record import (
    SUPPORTED_LANGUAGES,
    FieldError,
    PlanRecord,
    RecordInvalid,
    parse_record,
    record_to_dict,
    validate_record,
)

__all__ = [
    "SUPPORTED_LANGUAGES",
    "FieldError",
    "IntervalChange",
    "Milestone",
    "PlanRecord",
    "Profile",
    "ProfileInvalid",
    "RecordInvalid",
    "Source",
    "Span",
    "add_months",
    "add_span",
    "add_working_days",
    "default_profiles_dir",
    "is_working_day",
    "load_profiles",
    "parse_record",
    "record_to_dict",
    "validate_record",
]
