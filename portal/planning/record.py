"""The plan record, re-exported from :mod:`portal.planning.format` (its one definition)."""

import re

from .format import (
    FORMAT,
    SUPPORTED_LANGUAGES,
    Action,
    Child,
    Conference,
    CoreGroupMeeting,
    CoreGroupMember,
    Ended,
    FieldError,
    LeadSocialWorker,
    MilestoneDone,
    Outcome,
    PlanRecord,
    RecordInvalid,
    Visits,
    parse_record,
    record_to_dict,
    validate_record,
)
from .format.messages import *  # noqa: F403 - the MSG_* templates and N_
from .format.vocabulary import *  # noqa: F403 - the code lists and limits
from .format.vocabulary import EMAIL_ADDRESS

#: One rule for every email address the portal keeps (plans and accounts).
EMAIL_RE = re.compile(EMAIL_ADDRESS)

__all__ = [
    "EMAIL_RE",
    "FORMAT",
    "SUPPORTED_LANGUAGES",
    "Action",
    "Child",
    "Conference",
    "CoreGroupMeeting",
    "CoreGroupMember",
    "Ended",
    "FieldError",
    "LeadSocialWorker",
    "MilestoneDone",
    "Outcome",
    "PlanRecord",
    "RecordInvalid",
    "Visits",
    "parse_record",
    "record_to_dict",
    "validate_record",
]
