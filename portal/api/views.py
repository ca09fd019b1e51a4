"""API views: thin doors onto the records service and the timeline engine."""

import datetime as dt
import re

from flask import current_app, g, request, url_for
from sqlalchemy import func, select

from portal import clock, records
from portal.api import bp
from portal.api.auth import api_actor
from portal.api.body import json_body
from portal.api.changes import change_feed, timestamp
from portal.api.errors import ApiError, json_response
from portal.api.openapi import openapi_document
from portal.config import settings
from portal.models import ApiKey, Plan, db
from portal.planning import (
    FieldError,
    RecordInvalid,
    compute_timeline,
    parse_record,
    timeline_to_json,
    validate_record,
)
from portal.records import DuplicateReference, MeasurementOnly, PlanNotFound, VersionConflict
from portal.records import get_plan as find_plan

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: The query parameters each address understands; any other is refused, so that a
#: caller never believes a filter worked when it was ignored.
QUERY_PARAMETERS = {
    "api.plans": frozenset({"page", "per_page", "updated_since", "cursor"}),
    "api.timeline": frozenset({"today"}),
    "api.bulk_import": frozenset({"existing"}),
}


@bp.before_request
def _refuse_unknown_query_parameters() -> None:
    if request.endpoint is None:
        return  # no such address: its 404 says more than a 400 would
    unknown = sorted(set(request.args) - QUERY_PARAMETERS.get(request.endpoint, frozenset()))
    if unknown:
        names = ", ".join(f"`{name}`" for name in unknown)
        raise ApiError(400, f"Unknown query parameters: {names}.")


def _profiles() -> dict:
    return current_app.extensions["profiles"]


def _languages() -> tuple[str, ...]:
    """A family's language must be one this portal offers, whichever door the plan used."""
    return settings().languages


def _plan_or_404(reference: str) -> Plan:
    plan = find_plan(reference)
    if plan is None:
        raise ApiError(404, "There is no plan with this reference.")
    g.audit_plan_id = plan.id
    return plan


def _record_response(plan: Plan, status: int = 200, **headers):
    return json_response(plan.record, status, {"ETag": f'"{plan.version}"', **headers})


def _plan_links(reference: str) -> dict:
    return {
        "self": url_for("api.plan", reference=reference),
        "timeline": url_for("api.timeline", reference=reference),
    }


def _whole_number(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise ApiError(400, f"`{name}` must be a whole number from {low} to {high}.")
    return int(text)


def _today() -> dt.date:
    text = request.args.get("today")
    if text is None:
        return clock.today()
    try:
        if not _DATE_RE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "`today` must be a real date in the format YYYY-MM-DD.") from None


def _check_if_match(plan: Plan) -> int | None:
    """Refuse a replacement or deletion without If-Match (428), and one whose If-Match is neither
    `*` nor the plan's current version (412): an unconditional PUT from a case-system
    sync could wipe what staff typed into the portal since the sync last read it.

    Returns the version the caller based the edit on (None for `*`), so that a save
    racing with another one is refused too."""
    if "If-Match" not in request.headers:
        raise ApiError(428, headers={"ETag": f'"{plan.version}"'})
    if request.if_match.star_tag:
        return None
    if not request.if_match.contains(str(plan.version)):  # strong comparison, as RFC 9110
        raise ApiError(412, headers={"ETag": f'"{plan.version}"'})
    return plan.version


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3.1 description."""
    return json_response(openapi_document(current_app))


@bp.post("/plans")
def import_plan():
    """Import a new plan record."""
    data = json_body()
    try:
        plan = records.create_plan(data, _profiles(), actor=api_actor(), languages=_languages())
    except RecordInvalid as exc:
        raise ApiError(422, errors=exc.errors) from None
    except DuplicateReference:
        raise ApiError(
            409, "A plan with this reference already exists: use PUT on its address."
        ) from None
    g.audit_plan_id = plan.id
    return _record_response(plan, 201, Location=url_for("api.plan", reference=plan.reference))


def _item(row) -> dict:
    return {
        "reference": row.reference,
        "profile": row.profile,
        "language": row.language,
        "started": row.started.isoformat(),
        "ended": row.ended.isoformat() if row.ended else None,
        "version": row.version,
        "updated_at": timestamp(row.updated_at),
        "deleted": False,
        "links": _plan_links(row.reference),
    } | ({"previous_reference": row.previous_reference} if row.previous_reference else {})


_LIST_COLUMNS = (
    Plan.id,
    Plan.reference,
    Plan.profile,
    Plan.language,
    Plan.started,
    Plan.ended,
    Plan.version,
    Plan.updated_at,
    Plan.previous_reference,
)


@bp.get("/plans")
def plans():
    """Plans in the order they were added, a page at a time; or, with `updated_since`
    or `cursor`, the plans changed since a time, oldest change first, by cursor."""
    per_page = _whole_number("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    if "updated_since" in request.args or "cursor" in request.args:
        if "page" in request.args:
            raise ApiError(400, "`page` cannot be used with `updated_since` or `cursor`.")
        return change_feed(per_page, _LIST_COLUMNS, _item)
    page = _whole_number("page", 1, 1, 1_000_000)
    total = db.session.execute(select(func.count(Plan.id))).scalar_one()  # one row
    rows = db.session.execute(
        select(*_LIST_COLUMNS).order_by(Plan.id).limit(per_page).offset((page - 1) * per_page)
    ).all()

    def page_link(number: int) -> str:
        return url_for("api.plans", page=number, per_page=per_page)

    return json_response(
        {
            "items": [_item(row) for row in rows],
            "page": page,
            "per_page": per_page,
            "total": total,
            "links": {
                "self": page_link(page),
                "next": page_link(page + 1) if page * per_page < total else None,
                "prev": page_link(page - 1) if page > 1 else None,
            },
        }
    )


@bp.get("/plans/<path:reference>")
def plan(reference: str):
    """One plan record, as stored (normalised cp-plan/2)."""
    found = _plan_or_404(reference)
    if found.measurement_only:
        # Its record holds stand-ins (docs/data-exchange.md): a PUT of the whole record
        # with If-Match (the version is in the list) completes it.
        raise ApiError(409, str(MeasurementOnly(found.reference)))
    return _record_response(found)


@bp.put("/plans/<path:reference>")
def replace_plan(reference: str):
    """Replace a plan record; If-Match makes the replacement safe against lost updates."""
    plan = _plan_or_404(reference)
    expected = _check_if_match(plan)
    data = json_body()
    if isinstance(data, dict) and data.get("reference") != reference:
        errors = [
            e for e in validate_record(data, _profiles(), _languages()) if e.pointer != "/reference"
        ]
        mismatch = FieldError("/reference", "The reference must match the plan's address")
        raise ApiError(422, errors=[mismatch, *errors])
    # With `If-Match: *` the replacement is unconditional: if another save slipped in
    # between our read and our write, write again over it (last writer wins), once.
    attempts = 1 if expected is not None else 2
    for attempt in range(attempts):
        try:
            plan = records.replace_plan(
                data,
                _profiles(),
                actor=api_actor(),
                expected_version=expected,
                reference=reference,
                languages=_languages(),
            )
            break
        except RecordInvalid as exc:
            raise ApiError(422, errors=exc.errors) from None
        except VersionConflict as exc:
            if attempt + 1 < attempts:
                continue
            raise ApiError(412, headers={"ETag": f'"{exc.current_version}"'}) from None
        except PlanNotFound:
            raise ApiError(404, "There is no plan with this reference.") from None
    return _record_response(plan)


@bp.delete("/plans/<path:reference>")
def delete_plan(reference: str):
    """Delete a plan and its family links; the change feed then lists a tombstone."""
    if not db.session.scalar(select(ApiKey.may_delete).where(ApiKey.id == g.api_key_id)):
        raise ApiError(403, "This API key may not delete plans.")
    plan = _plan_or_404(reference)
    expected = _check_if_match(plan)
    try:
        records.delete_plan(reference, actor=api_actor(), expected_version=expected)
    except VersionConflict as exc:
        raise ApiError(412, headers={"ETag": f'"{exc.current_version}"'}) from None
    except PlanNotFound:
        raise ApiError(404, "There is no plan with this reference.") from None
    return current_app.response_class(status=204)


@bp.get("/plans/<path:reference>/timeline")
def timeline(reference: str):
    """The plan's timeline on a given day (today in England by default)."""
    plan = _plan_or_404(reference)
    today = _today()
    try:
        record = parse_record(plan.record, _profiles())
    except RecordInvalid as exc:
        # Only possible if a profile changed under a stored plan: say so, plainly.
        raise ApiError(
            409,
            "The stored plan no longer passes the checks of its procedure profile: "
            "send it again with PUT after correcting it.",
            errors=exc.errors,
        ) from None
    result = compute_timeline(record, _profiles()[record.profile], today)
    return json_response(timeline_to_json(result))
