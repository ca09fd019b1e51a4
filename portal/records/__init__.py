"""Plan records in the database: import, update, export, family links, audit.

Web views, the API and the CLI all go through these functions, so every write is one
transaction with the same rules whichever door it came in by.
"""

from portal.records.audit_trail import audit, audit_view, flush_view_audit
from portal.records.deletion import delete_plan, delete_plans
from portal.records.links import (
    LinkCheck,
    MeasurementOnly,
    check_passcode,
    create_calendar_feed,
    create_family_link,
    find_calendar_feed,
    find_link,
    revoke_link,
)
from portal.records.plans import (
    DuplicateReference,
    PlanNotFound,
    VersionConflict,
    create_plan,
    export_record,
    get_plan,
    replace_plan,
)
from portal.records.secrets import hash_token, new_token

__all__ = [
    "DuplicateReference",
    "LinkCheck",
    "MeasurementOnly",
    "PlanNotFound",
    "VersionConflict",
    "audit",
    "audit_view",
    "check_passcode",
    "create_calendar_feed",
    "create_family_link",
    "create_plan",
    "delete_plan",
    "delete_plans",
    "export_record",
    "find_calendar_feed",
    "find_link",
    "flush_view_audit",
    "get_plan",
    "hash_token",
    "new_token",
    "replace_plan",
    "revoke_link",
]
