"""What a plan "for measurement only" holds where an Annex A list had nothing.

Such a plan (loaded by portal/exchange/annex_a_import.py) must still be a whole plan
record, which needs a child's first name and a way to reach the social worker. Until a
professional completes it, the record holds these stand-ins, the plan is marked
`measurement_only`, and no family link can be made for it.
"""

from collections.abc import Mapping
from typing import cast

from portal.planning.format.record_dict import EndedDict, StoredRecord

STAND_IN_WORKER = "Not recorded"
STAND_IN_EMAIL = "not-recorded@example.invalid"  # .invalid never delivers (RFC 2606)
#: The list says a plan ended, not why; the plan's end reason column is left empty.
STAND_IN_END_REASON = "no_longer_at_risk"


def stand_in_pointers(record: Mapping[str, object]) -> tuple[str, ...]:
    """The fields of `record` still holding a stand-in. The child's first name stands
    in as the reference: an identifier, never a made-up name."""
    record = cast(StoredRecord, record)  # as stored: by record_to_dict, or cp-plan/1
    lead = record.get("lead_social_worker") or {}
    pointers = []
    if (record.get("child") or {}).get("first_name") == record.get("reference"):
        pointers.append("/child/first_name")
    if lead.get("name") == STAND_IN_WORKER:
        pointers.append("/lead_social_worker/name")
    if lead.get("email") == STAND_IN_EMAIL:
        pointers.append("/lead_social_worker/email")
    return tuple(pointers)


def completion_record(record: Mapping[str, object]) -> dict[str, object]:
    """A measurement-only `record` with its stand-ins emptied (and an ended plan's
    reason), for the plan form to ask for them."""
    record = cast(StoredRecord, record)  # as stored: by record_to_dict, or cp-plan/1
    blanks = stand_in_pointers(record)
    child = dict(record.get("child") or {})
    lead = dict(record.get("lead_social_worker") or {})
    if "/child/first_name" in blanks:
        child["first_name"] = ""
    if "/lead_social_worker/name" in blanks:
        lead["name"] = ""
    if "/lead_social_worker/email" in blanks:
        lead.pop("email", None)
    completed = {**record, "child": child, "lead_social_worker": lead}
    if record.get("ended"):
        # The list says when a plan ended, never why: the stand-in reason is not offered.
        # not None: checked just above
        completed["ended"] = {**cast(EndedDict, record["ended"]), "reason": ""}
    return completed
