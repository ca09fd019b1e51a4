"""Plan records, procedure profiles and the plan timeline (pure Python, no Flask).

Typical use::

    profiles = load_profiles()                      # once, at start-up
    record = parse_record(data, profiles)           # raises RecordInvalid
    timeline = compute_timeline(record, profiles[record.profile], today)
    payload = timeline_to_json(timeline)
"""

from .dates import add_months, add_span, add_working_days, is_working_day
from .format import (
    SUPPORTED_LANGUAGES,
    FieldError,
    PlanRecord,
    RecordInvalid,
    parse_record,
    record_to_dict,
    validate_record,
)
from .profiles import (
    IntervalChange,
    Milestone,
    Profile,
    ProfileInvalid,
    Source,
    Span,
    default_profiles_dir,
    load_profiles,
    timescales_fingerprint,
)
from .timeline import (
    Event,
    EventKind,
    EventStatus,
    PlanStatus,
    Timeline,
    compute_timeline,
    timeline_to_json,
)

__all__ = [
    "SUPPORTED_LANGUAGES",
    "Event",
    "EventKind",
    "EventStatus",
    "FieldError",
    "IntervalChange",
    "Milestone",
    "PlanRecord",
    "PlanStatus",
    "Profile",
    "ProfileInvalid",
    "RecordInvalid",
    "Source",
    "Span",
    "Timeline",
    "add_months",
    "add_span",
    "add_working_days",
    "compute_timeline",
    "default_profiles_dir",
    "is_working_day",
    "load_profiles",
    "parse_record",
    "record_to_dict",
    "timeline_to_json",
    "timescales_fingerprint",
    "validate_record",
]
