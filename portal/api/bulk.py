"""Bulk import: many cp-plan/2 records in one request, as NDJSON (one record a line).

Each line is stored or refused on its own, whole: a bad line changes nothing of
itself, and a good line is one transaction (the same as POST or PUT), so a failure
part-way through leaves every earlier line stored and no line half-stored. The answer
gives a result for every line: lines left when the time budget runs out are
`not_processed`, so an answer is always sent before the server's worker timeout.
"""

import re
import time

from flask import current_app, request
from sqlalchemy import select

from portal import records, strict_json
from portal.api import bp
from portal.api.auth import api_actor
from portal.api.body import MESSAGES
from portal.api.errors import ApiError, json_response
from portal.api.schema import BULK_RESULTS
from portal.config import settings
from portal.models import Plan, db
from portal.planning import RecordInvalid, parse_record, record_to_dict
from portal.planning.format.vocabulary import MAX_REFERENCE, REFERENCE
from portal.ratelimits import api_key_or_address, limiter
from portal.records import DuplicateReference, PlanNotFound, VersionConflict

#: What a line does to a plan that exists: `keep` (the default) refuses a line that
#: differs from it; `replace` replaces it, last writer wins.
EXISTING_MODES = ("keep", "replace")
REFERENCE_RE = re.compile(rb'"reference"\s*:\s*"(' + REFERENCE.encode("ascii") + rb')"')
NDJSON_TYPES = ("application/x-ndjson", "application/jsonl")
#: At most this many records, and this many bytes, in one request (413 beyond). A
#: request of 500 generated records took 5 to 8 s, and 21 s at worst on a busy shared
#: machine (docs/api.md): inside the server's 30 s worker timeout.
MAX_RECORDS = 500
MAX_BYTES = 8 * 1024 * 1024
#: A line longer than this is refused without reading it as JSON (the single-record
#: limit of POST and PUT).
MAX_LINE_BYTES = 1024 * 1024
#: Lines are taken on only while the request has run less than this many seconds; the
#: rest are answered `not_processed` (send them again), well inside the 30 s worker
#: timeout, after which the caller would get no result for lines already stored.
TIME_BUDGET_SECONDS = 20.0


def _lines() -> list[bytes]:
    if request.mimetype not in NDJSON_TYPES:
        raise ApiError(
            415, "Send the records as NDJSON, with `Content-Type: application/x-ndjson`."
        )
    # This door only (the app's limit is 1 MB), and one byte more: a chunked body (no
    # Content-Length) is not refused at the limit but cut there, so reading one byte
    # past it is how a longer one is told apart, and refused whole.
    request.max_content_length = MAX_BYTES + 1
    body = request.get_data(cache=False)
    if len(body) > MAX_BYTES:
        raise ApiError(413)
    lines = body.split(b"\n")
    while lines and not lines[-1].strip():
        lines.pop()  # the newline that ends the last record, and blank lines after it
    if not lines:
        raise ApiError(400, "The body is empty: send one plan record a line.")
    if len(lines) > MAX_RECORDS:
        raise ApiError(
            413, f"Send at most {MAX_RECORDS} records a request (this one has {len(lines)})."
        )
    return lines


def _stored_versions(lines: list[bytes]) -> dict[str, int]:
    """The current version of every plan the lines name, in one query (a reference is
    found without decoding: a line that hides it otherwise is simply looked up later)."""
    references = set()
    for line in lines:
        found = REFERENCE_RE.search(line[:MAX_LINE_BYTES])
        if found:
            references.add(found.group(1).decode("ascii"))
    return dict(
        db.session.execute(
            select(Plan.reference, Plan.version).where(Plan.reference.in_(references))
        ).all()
    )


def _failure(number: int, reference, pointer: str, message: str) -> dict:
    return {
        "line": number,
        "reference": reference,
        "result": "error",
        "errors": [{"pointer": pointer, "message": message}],
    }


def _not_processed(number: int, line: bytes) -> dict:
    found = REFERENCE_RE.search(line[:MAX_LINE_BYTES])
    return {
        "line": number,
        "reference": found.group(1).decode("ascii") if found else None,
        "result": "not_processed",
        "errors": [
            {
                "pointer": "",
                "message": "Not processed: the request ran out of time. Send this line again.",
            }
        ],
    }


def _existing_mode() -> str:
    mode = request.args.get("existing", "keep")
    if mode not in EXISTING_MODES:
        raise ApiError(400, "`existing` must be `keep` or `replace`.")
    return mode


def _kept(number: int, data: object, reference: str, profiles: dict, languages) -> dict:
    """`existing=keep`: a line for a plan that exists is unchanged if it says the same,
    else refused, so a load never overwrites what staff wrote in the portal."""
    normalised = record_to_dict(parse_record(data, profiles, languages=languages))
    plan = records.get_plan(reference)
    if plan is not None and records.export_record(plan) == normalised:
        return {
            "line": number,
            "reference": reference,
            "result": "unchanged",
            "version": plan.version,
        }
    return _failure(
        number,
        reference,
        "/reference",
        "A plan with this reference exists and differs: send `existing=replace` to replace "
        "it, or PUT it with If-Match.",
    )


def _invalid(number: int, reference: str | None, exc: RecordInvalid) -> dict:
    return {
        "line": number,
        "reference": reference,
        "result": "error",
        "errors": [{"pointer": e.pointer, "message": e.message} for e in exc.errors],
    }


def _without_reference(number: int, data: object, profiles: dict, languages) -> dict:
    """A line with no usable reference (none, not text, or too long) is not a valid
    record, so nothing is stored: the record is only checked, for the line's errors."""
    try:
        parse_record(data, profiles, languages=languages)
    except RecordInvalid as exc:
        return _invalid(number, None, exc)
    raise AssertionError("a valid record has a reference of at most MAX_REFERENCE characters")


def _store_line(number: int, line: bytes, versions: dict[str, int], mode: str) -> dict:
    if len(line) > MAX_LINE_BYTES:
        return _failure(number, None, "", f"The line is longer than {MAX_LINE_BYTES} bytes.")
    try:
        data = strict_json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return _failure(number, None, "", "The line is not UTF-8 text.")
    except strict_json.Refused as refused:
        return _failure(number, None, "", MESSAGES[refused.reason].format(**refused.params))
    profiles = current_app.extensions["profiles"]
    languages = settings().languages
    reference = data.get("reference") if isinstance(data, dict) else None
    if not isinstance(reference, str) or len(reference) > MAX_REFERENCE:
        return _without_reference(number, data, profiles, languages)
    before = versions.get(reference)
    try:
        if before is None:
            try:
                records.create_plan(data, profiles, actor=api_actor(), languages=languages)
                versions[reference] = 1
                # From the record, not the stored row: reading the row after its commit
                # would be one more query per record, for what we know.
                return {"line": number, "reference": reference, "result": "created", "version": 1}
            except DuplicateReference:
                # Stored after the lookup (by this request's earlier lines or another).
                existing = records.get_plan(reference)
                if existing is None:
                    raise
                before = existing.version
        if mode == "keep":
            return _kept(number, data, reference, profiles, languages)
        plan = records.replace_plan(
            data, profiles, actor=api_actor(), reference=reference, languages=languages
        )
        versions[reference] = plan.version
        result = "updated" if plan.version != before else "unchanged"
    except RecordInvalid as exc:
        return _invalid(number, reference, exc)
    except (DuplicateReference, VersionConflict, PlanNotFound):
        # Another request stored or changed this reference while we read it.
        return _failure(
            number,
            reference,
            "/reference",
            "The plan changed while it was imported; send it again.",
        )
    return {"line": number, "reference": plan.reference, "result": result, "version": plan.version}


@bp.post("/plans/bulk")
@limiter.limit(
    # Up to MAX_RECORDS records each: a limit of their own, on top of the API's.
    lambda: settings().api_bulk_rate_limit,
    key_func=api_key_or_address,
    override_defaults=False,
)
def bulk_import():
    """Import or replace many plan records, one a line (NDJSON); a result per line."""
    started = time.monotonic()
    mode = _existing_mode()
    lines = _lines()
    versions = _stored_versions(lines)
    results = []
    for number, line in enumerate(lines, start=1):
        if number > 1 and time.monotonic() - started > TIME_BUDGET_SECONDS:
            results += [
                _not_processed(later, left)
                for later, left in enumerate(lines[number - 1 :], number)
            ]
            break
        results.append(_store_line(number, line, versions, mode))
    counts = dict.fromkeys(BULK_RESULTS, 0)
    for result in results:
        counts[result["result"]] += 1
    return json_response({"counts": counts, "results": results})
