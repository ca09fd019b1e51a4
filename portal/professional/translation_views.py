"""The Translations step of a plan: the professionals' words in the family's languages,
saved as the whole record through the same validation as every other change."""

from collections.abc import Sequence

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict

from portal.i18n import LANGUAGES
from portal.models import Plan
from portal.planning import FieldError, PlanRecord, RecordInvalid, parse_record
from portal.professional import bp
from portal.professional.translation_form import (
    Progress,
    box_for_error,
    family_languages,
    posted_record,
    progress,
    rows,
)
from portal.records import PlanNotFound, VersionConflict, replace_plan
from portal.workspace.auth import PLAN_ROLES, login_required, plan_for
from portal.workspace.common import actor, audit_now, error_message, language_name, profiles


def _languages() -> tuple[str, ...]:
    return tuple(current_app.config["PORTAL_LANGUAGES"])


def _translation_progress(plan: Plan) -> list[Progress] | None:
    """For the plan page's Translations step: the progress per language (None if the
    stored record no longer reads; the page says so elsewhere)."""
    try:
        record = parse_record(plan.record, profiles())
    except RecordInvalid:
        return None
    return progress(record, rows(record))


@bp.context_processor
def _translation_helpers():
    return {"translation_progress": _translation_progress}


def _added_languages() -> tuple[str, ...]:
    """Languages added on the page (`?language=ro`, then carried in the form): only
    those the portal offers."""
    offered = _languages()
    return tuple(dict.fromkeys(c for c in request.values.getlist("language") if c in offered))


def _render(
    plan: Plan,
    record: PlanRecord,
    *,
    typed: MultiDict[str, str] | None = None,
    errors: Sequence[FieldError] = (),
    conflict: bool = False,
    status: int = 200,
):
    added = _added_languages()
    found = rows(record, typed, added)
    shown = family_languages(record, added)
    labels = {
        box.name: f"{row.label}, {language_name(box.language)}"
        for row in found
        for box in row.boxes
    }
    by_box: dict[str, str] = {}
    summary: list[tuple[str, str | None]] = []
    for error in errors:
        message = error_message(error)
        box = box_for_error(error.pointer)
        if box not in labels:
            summary.append((message, None))
        elif box not in by_box:
            by_box[box] = message
            text = _("%(field)s: %(message)s", field=labels[box], message=message)
            summary.append((text, f"#{box}"))
    return (
        render_template(
            "professional/translations.html",
            plan=plan,
            record=record,
            rows=found,
            progress=progress(record, found, added),
            directions={code: LANGUAGES[code].direction for code in shown},
            shown_languages=shown,
            other_languages=[c for c in _languages() if c != "en" and c not in shown],
            errors=by_box,
            summary=summary,
            conflict=conflict,
            version=plan.version,
        ),
        status,
    )


@bp.route("/plans/<reference:reference>/translations", methods=["GET", "POST"])
@login_required(*PLAN_ROLES)
def plan_translations(reference: str):
    """Every free-text field with its English and its translations; save them all."""
    plan = plan_for(g.professional, reference)
    try:
        record = parse_record(plan.record, profiles())
    except RecordInvalid:
        abort(409)  # the stored record no longer passes the rules: the plan form says why
    if request.method == "GET":
        audit_now("professional.view_plan", plan, "translations")
        return _render(plan, record)
    version_text = request.form.get("version", "")
    if not version_text.isascii() or not version_text.isdigit():
        abort(400)
    if int(version_text) != plan.version:
        return _render(plan, record, typed=request.form, conflict=True, status=409)
    try:
        replace_plan(
            posted_record(record, request.form, _added_languages()),
            profiles(),
            actor=actor(),
            expected_version=int(version_text),
            reference=plan.reference,
            match_owner=False,
            languages=_languages(),
        )
    except RecordInvalid as invalid:
        return _render(plan, record, typed=request.form, errors=invalid.errors, status=422)
    except (VersionConflict, StaleDataError):
        return _render(plan, record, typed=request.form, conflict=True, status=409)
    except PlanNotFound:
        abort(404)
    flash(_("The translations are saved."))
    # To the top of the plan page, where the banner says the translations are saved.
    return redirect(url_for("professional.plan", reference=plan.reference))
