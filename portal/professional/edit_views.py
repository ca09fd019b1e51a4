"""Writing plans: the plan form (new and edit) and importing a JSON record."""

from collections.abc import Sequence
from functools import partial

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from portal.config import settings
from portal.models import Role, User, db
from portal.planning import FieldError, RecordInvalid, validate_record
from portal.planning.format import N_
from portal.professional import bp
from portal.professional.imports import read_plan_json
from portal.professional.plan_fields import (
    GROUP_ORDER,
    PARAGRAPH_LISTS,
    date_name,
    field_id_for,
    field_label,
    is_date_field,
)
from portal.professional.plan_form import PlanForm
from portal.professional.plan_form_post import add_target, read_posted_plan_form
from portal.professional.plan_form_record import record_from_plan_form
from portal.records import (
    DuplicateReference,
    PlanNotFound,
    VersionConflict,
    create_plan,
    get_plan,
    replace_plan,
)
from portal.records.stand_ins import completion_record
from portal.workspace.auth import ALL_PLANS_ROLES, PLAN_ROLES, can_edit, login_required, plan_for
from portal.workspace.common import (
    actor,
    audit_now,
    error_message,
    language_name,
    profiles,
)
from portal.workspace.date_fields import DateInput
from portal.workspace.labels import (
    ACTION_STATUS_NAMES,
    ADD_BUTTONS,
    CATEGORY_NAMES,
    CONFERENCE_KIND_NAMES,
    DECISION_NAMES,
    END_REASON_NAMES,
    FAMILY_MEMBER_NAMES,
    FIELD_LABELS,
    MEETING_STATUS_NAMES,
    PROGRESS_NAMES,
    ROW_FIELD_LABELS,
    ROW_TITLES,
    YES_NO_NAMES,
)

MSG_DUPLICATE = N_("A plan with this reference already exists")
MSG_DUPLICATE_IMPORT = N_(
    "A plan with the reference %(reference)s already exists. To replace it, tick "
    "“Replace the existing plan with this reference”."
)
MSG_CANNOT_REPLACE = N_("You cannot replace the plan with the reference %(reference)s")
MSG_SOCIAL_WORKER = N_("Choose a social worker from the list")
MSG_LIMITED = N_(
    "Not saved yet: there have been too many saves in the last minute. Everything you "
    "typed is kept below. Wait a minute, then save again."
)


def _offered_languages() -> tuple[str, ...]:
    return settings().languages


def _social_workers() -> Sequence[User]:
    if g.professional.role not in ALL_PLANS_ROLES:
        return []
    return db.session.scalars(
        select(User).where(User.role == Role.SOCIAL_WORKER, User.active).order_by(User.email)
    ).all()


def _chosen_owner(value: str) -> tuple[User | None, bool]:
    """The plan's social worker: (user, ok). Social workers own what they create."""
    if g.professional.role == Role.SOCIAL_WORKER:
        return g.professional, True
    if not value:
        return None, True
    owner = next((u for u in _social_workers() if str(u.id) == value), None)
    return owner, owner is not None


def _error_lists(errors: list[FieldError], field_ids: list[str], dates: dict[str, DateInput]):
    """Errors by field id (shown at the field) and the summary (label: message, #id), in
    the order of the fields on the page, as the GOV.UK error summary pattern asks.

    A date mistyped in its boxes (`dates`) has its own message, naming the date and
    linking to the first wrong box; the validator's error for it (it got no date) is not
    shown. Any other error at a date links to its day box."""
    by_field: dict[str, str] = {}
    listed: list[tuple[int, str, str | None]] = []
    for date_id, date in dates.items():
        by_field[date_id] = _(date.error, field=date_name(date_id))
        listed.append((field_ids.index(date_id), by_field[date_id], f"#{date_id}-{date.wrong[0]}"))
    for error in errors:
        message = error_message(error)
        field_id = field_id_for(error.pointer, field_ids)
        if field_id is None:
            listed.append((-1, message, None))
            continue
        if field_id in dates:
            continue
        by_field.setdefault(field_id, message)
        text = _("%(field)s: %(message)s", field=field_label(field_id), message=message)
        href = f"#{field_id}-day" if is_date_field(field_id) else f"#{field_id}"
        listed.append((field_ids.index(field_id), text, href))
    listed.sort(key=lambda item: item[0])  # stable: errors of one field keep their order
    return by_field, [(text, href) for _position, text, href in listed]


def _render_form(
    form: PlanForm,
    *,
    plan=None,
    errors=(),
    dates=None,
    extra_errors=None,
    version=None,
    owner="",
    conflict=False,
    limited=False,
    status=200,
):
    field_ids = form.field_ids()
    by_field, summary = _error_lists(list(errors), field_ids + ["social_worker"], dates or {})
    for field_id, message in (extra_errors or {}).items():
        by_field[field_id] = message
        summary.append((message, f"#{field_id}"))
    workers = _social_workers()
    profile = profiles().get(form.fields.get("profile", ""))
    milestones = [(m.id, _(m.name)) for m in profile.all_milestones] if profile is not None else []
    return (
        render_template(
            "professional/plan_form.html",
            form=form,
            plan=plan,
            errors=by_field,
            summary=summary,
            version=version,
            conflict=conflict,
            limited=limited,
            msg_limited=MSG_LIMITED,
            owner=owner,
            social_workers=workers,
            owner_options=[(str(u.id), u.email) for u in workers],
            group_order=GROUP_ORDER,
            paragraph_lists=PARAGRAPH_LISTS,
            profile_options=[
                (p.id, _(p.name)) for p in sorted(profiles().values(), key=lambda p: p.name)
            ],
            language_options=[(code, language_name(code)) for code in _offered_languages()],
            milestone_options=milestones,
            labels=FIELD_LABELS,
            row_titles=ROW_TITLES,
            row_labels=ROW_FIELD_LABELS,
            add_buttons=ADD_BUTTONS,
            category_options=list(CATEGORY_NAMES.items()),
            kind_options=list(CONFERENCE_KIND_NAMES.items()),
            meeting_status_options=list(MEETING_STATUS_NAMES.items()),
            decision_options=list(DECISION_NAMES.items()),
            progress_options=list(PROGRESS_NAMES.items()),
            action_status_options=list(ACTION_STATUS_NAMES.items()),
            end_reason_options=list(END_REASON_NAMES.items()),
            family_options=list(FAMILY_MEMBER_NAMES.items()),
            yes_no_options=list(YES_NO_NAMES.items()),
        ),
        status,
    )


@bp.route("/plans/new", methods=["GET", "POST"])
@login_required(*PLAN_ROLES)
def new_plan():
    """Create a plan with the form."""
    if request.method == "GET":
        form = PlanForm.blank(settings().profile)
        return _render_form(form.with_blank_rows())
    form = read_posted_plan_form(request.form)
    owner_value = request.form.get("social_worker", "")
    if "add" in request.form:
        return _render_form(
            form.with_blank_rows(add_target(request.form["add"], form)), owner=owner_value
        )
    form = form.compacted()
    owner, owner_ok = _chosen_owner(owner_value)
    extra = {} if owner_ok else {"social_worker": _(MSG_SOCIAL_WORKER)}
    errors = validate_record(record_from_plan_form(form), profiles(), _offered_languages())
    if errors or extra or form.date_errors():
        return _render_form(
            form.with_blank_rows(),
            errors=errors,
            dates=form.date_errors(),
            extra_errors=extra,
            owner=owner_value,
            status=422,
        )
    try:
        saved = create_plan(
            record_from_plan_form(form),
            profiles(),
            actor=actor(),
            social_worker=owner,
            languages=_offered_languages(),
        )
    except RecordInvalid as invalid:
        return _render_form(
            form.with_blank_rows(), errors=invalid.errors, owner=owner_value, status=422
        )
    except DuplicateReference:
        errors = [FieldError("/reference", MSG_DUPLICATE)]
        return _render_form(form.with_blank_rows(), errors=errors, owner=owner_value, status=422)
    flash(_("The plan is saved."))
    return redirect(url_for("professional.plan", reference=saved.reference))


@bp.route("/plans/<reference:reference>/edit", methods=["GET", "POST"])
@login_required(*PLAN_ROLES)
def edit_plan(reference: str):
    """Change a plan with the form; a save based on an old version is refused."""
    plan = plan_for(g.professional, reference)
    if request.method == "GET":
        audit_now("professional.view_plan", plan, "edit")
        # A plan for measurement only shows its stand-ins empty, so the form asks for them.
        record = completion_record(plan.record) if plan.measurement_only else plan.record
        form = PlanForm.from_record(record)
        return _render_form(form.with_blank_rows(), plan=plan, version=plan.version)
    form = read_posted_plan_form(request.form)
    version_text = request.form.get("version", "")
    if not version_text.isascii() or not version_text.isdigit():
        abort(400)
    if "add" in request.form:
        target = add_target(request.form["add"], form)
        return _render_form(form.with_blank_rows(target), plan=plan, version=version_text)
    form = form.compacted()
    keep = {"plan": plan, "version": version_text}
    if form.date_errors():
        errors = validate_record(record_from_plan_form(form), profiles(), _offered_languages())
        return _render_form(
            form.with_blank_rows(), errors=errors, dates=form.date_errors(), status=422, **keep
        )
    try:
        saved = replace_plan(
            record_from_plan_form(form),
            profiles(),
            actor=actor(),
            expected_version=int(version_text),
            reference=plan.reference,
            match_owner=False,  # "Not assigned" here may be a choice made on the plan page
            languages=_offered_languages(),
        )
    except RecordInvalid as invalid:
        return _render_form(form.with_blank_rows(), errors=invalid.errors, status=422, **keep)
    except (VersionConflict, StaleDataError):
        return _render_form(form.with_blank_rows(), conflict=True, status=409, **keep)
    except DuplicateReference:
        errors = [FieldError("/reference", MSG_DUPLICATE)]
        return _render_form(form.with_blank_rows(), errors=errors, status=422, **keep)
    except PlanNotFound:
        abort(404)
    flash(_("The plan is saved."))
    return redirect(url_for("professional.plan", reference=saved.reference))


@bp.errorhandler(429)
def too_many_saves(error: HTTPException) -> ResponseReturnValue:
    """A save refused by the rate limit (portal/ratelimits.py) gives the plan form back
    with everything typed, rather than a page that loses it. Nothing was stored: the
    limit is checked before the view runs."""
    from portal.errors import http_error_page
    from portal.workspace.auth import load_current_user

    if g.get("professional") is None:
        load_current_user()
    user = g.get("professional")
    kept = request.endpoint in (
        "professional.new_plan",
        "professional.edit_plan",
        "professional.save_task",
    )
    if request.method != "POST" or not kept or user is None or user.role not in PLAN_ROLES:
        return http_error_page(error, saved_nothing=request.method == "POST")
    if request.endpoint == "professional.save_task":
        from portal.professional.task_views import limited_task_form

        return limited_task_form()
    form = read_posted_plan_form(request.form)
    plan = None
    if request.endpoint == "professional.edit_plan":
        # The edit route matched (its endpoint is known), so its arguments are set.
        plan = plan_for(user, (request.view_args or {})["reference"])
    return _render_form(
        form.with_blank_rows(),
        plan=plan,
        version=request.form.get("version", "") if plan is not None else None,
        owner=request.form.get("social_worker", ""),
        limited=True,
        status=429,
    )


@bp.route("/plans/import", methods=["GET", "POST"])
@login_required(*PLAN_ROLES)
def import_plan() -> ResponseReturnValue:
    """Add a plan, or replace one, from a cp-plan/2 (or cp-plan/1) JSON file or pasted text."""
    if request.method == "GET":
        return _render_import()
    upload = request.files.get("plan_file")
    pasted = request.form.get("plan_json", "")
    replace = request.form.get("replace") == "yes"
    owner_value = request.form.get("social_worker", "")
    raw = upload.read() if upload is not None and upload.filename else None
    source = "plan_file" if raw else "plan_json"
    keep = {"pasted": pasted, "replace": replace, "owner": owner_value, "source": source}
    data, errors = read_plan_json(raw if raw else pasted)
    if not errors:
        errors = validate_record(data, profiles(), _offered_languages())
    owner, owner_ok = _chosen_owner(owner_value)
    if errors or not owner_ok:
        extra = {} if owner_ok else {"social_worker": _(MSG_SOCIAL_WORKER)}
        return _render_import(errors, extra=extra, **keep)
    if not isinstance(data, dict):  # never: validate_record refuses anything else
        raise TypeError("a valid plan record is a JSON object")
    existing = get_plan(data["reference"])
    if existing is not None and not replace:
        return _render_import(
            [FieldError("/reference", MSG_DUPLICATE_IMPORT, {"reference": data["reference"]})],
            **keep,
        )
    if existing is not None and not can_edit(g.professional, existing):
        return _render_import(
            [FieldError("/reference", MSG_CANNOT_REPLACE, {"reference": data["reference"]})], **keep
        )
    store = (
        partial(replace_plan, create_missing=True)  # replaced, or new if it has just gone
        if replace
        else create_plan
    )
    try:
        saved = store(
            data, profiles(), actor=actor(), social_worker=owner, languages=_offered_languages()
        )
    except RecordInvalid as invalid:
        return _render_import(invalid.errors, **keep)
    except DuplicateReference:
        return _render_import(
            [FieldError("/reference", MSG_DUPLICATE_IMPORT, {"reference": data["reference"]})],
            **keep,
        )
    audit_now("plan.import", saved, "replace" if existing is not None else "new")
    flash(_("The plan is imported.") if existing is None else _("The plan is replaced."))
    return redirect(url_for("professional.plan", reference=saved.reference))


def _render_import(
    errors=(), *, extra=None, pasted="", replace=False, owner="", source="plan_file"
):
    summary = []
    for error in errors:
        message = error_message(error)
        text = f"{error.pointer}: {message}" if error.pointer else message
        summary.append((text, f"#{source}"))
    for field_id, message in (extra or {}).items():
        summary.append((message, f"#{field_id}"))
    failed = bool(summary)
    return render_template(
        "professional/import_plan.html",
        summary=summary,
        field_error=_("The plan record has problems: see the list above") if errors else None,
        source=source,
        extra=extra or {},
        pasted=pasted,
        replace=replace,
        owner=owner,
        social_workers=_social_workers(),
        owner_options=[(str(u.id), u.email) for u in _social_workers()],
    ), (422 if failed else 200)
