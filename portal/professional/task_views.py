"""The short task forms: one page each, saving one change and going back to the plan."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from portal.planning.format import N_, FieldError, RecordInvalid
from portal.planning.format.vocabulary import MeetingStatus
from portal.professional import bp
from portal.professional.edit_views import MSG_LIMITED
from portal.professional.tasks import NEW_ROW, TASKS, Task, TaskForm, chosen_row
from portal.records import PlanNotFound, VersionConflict, export_record, replace_plan
from portal.workspace.auth import PLAN_ROLES, login_required, plan_for
from portal.workspace.common import actor, audit_now, error_message, profiles, timeline_of

MSG_CHANGED = N_(
    "Someone else saved this plan since you opened this form. Nothing was saved. "
    "What you typed is kept: check the plan, then save again."
)


def _task(slug: str) -> Task:
    task = TASKS.get(slug)
    if task is None:
        abort(404)
    return task


def _options(task: Task, plan, record: dict) -> dict[str, dict]:
    """Each question's choices; a milestone form offers the profile's milestones that
    are not marked done yet."""
    options = {f.name: dict(f.options) for f in task.fields}
    if task.slug == "milestone":
        profile = profiles().get(plan.profile)
        done = {m.get("id") for m in record.get("milestones_done") or []}
        options["id"] = {
            m.id: _(m.name)
            for m in (profile.all_milestones if profile is not None else ())
            if m.id not in done
        }
    return options


def _render(task, plan, form: TaskForm, *, errors=None, other=(), conflict=False, limited=False):
    errors = dict(errors or {})
    summary: list[tuple[str, str | None]] = []
    for f in task.fields:
        if f.kind == "date" and form.dates[f.name].error:
            date = form.dates[f.name]
            message = _(date.error, field=str(f.label))
            errors[f.name] = message
            summary.append((message, f"#{f.name}-{date.wrong[0]}"))
        elif f.name in errors:
            errors[f.name] = _("%(field)s: %(message)s", field=f.label, message=errors[f.name])
            summary.append((errors[f.name], f"#{f.name}"))
    summary += [(message, None) for message in other]
    record = export_record(plan)
    rows = record.get(task.group) or [] if task.group else []
    status = 409 if conflict else 429 if limited else 422 if summary else 200
    return render_template(
        "professional/task_form.html",
        task=task,
        plan=plan,
        form=form,
        options=_options(task, plan, record),
        errors=errors,
        summary=summary,
        conflict=conflict,
        limited=limited,
        msg_changed=MSG_CHANGED,
        msg_limited=MSG_LIMITED,
        version=plan.version,
        row_value=NEW_ROW if form.row is None else str(form.row),
        editing=rows[form.row] if form.row is not None and form.row < len(rows) else None,
        booked=[
            (i, item)
            for i, item in enumerate(rows)
            if item.get("status") == MeetingStatus.SCHEDULED
        ]
        if task.edits_rows
        else [],
    ), status


@bp.get("/plans/<reference:reference>/record/<slug>")
@login_required(*PLAN_ROLES)
def record_task(reference: str, slug: str):
    """A short form for one job on the plan."""
    task = _task(slug)
    plan = plan_for(g.professional, reference)
    record = export_record(plan)
    row, ok = chosen_row(task, record, request.args.get("row"))
    if not ok:
        abort(404)
    audit_now("professional.view_plan", plan, f"task:{task.slug}")
    return _render(task, plan, TaskForm.start(task, record, row))


@bp.post("/plans/<reference:reference>/record/<slug>")
@login_required(*PLAN_ROLES)
def save_task(reference: str, slug: str):
    """Save the task's one change to the plan, or give the form back with what is wrong."""
    task = _task(slug)
    plan = plan_for(g.professional, reference)
    record = export_record(plan)
    row, ok = chosen_row(task, record, request.form.get("row") or NEW_ROW)
    version = request.form.get("version", "")
    if not ok or not version.isascii() or not version.isdigit():
        abort(400)
    form = TaskForm.posted(task, request.form, row)
    if int(version) != plan.version:
        return _render(task, plan, form, conflict=True)
    rows_before = len(record.get(task.group) or []) if task.group else 0
    try:
        saved = replace_plan(
            form.applied_to(record),
            profiles(),
            actor=actor(),
            expected_version=plan.version,
            reference=plan.reference,
            match_owner=False,
        )
    except RecordInvalid as invalid:
        return _with_errors(task, plan, form, invalid.errors, rows_before)
    except (VersionConflict, StaleDataError):
        return _render(task, plan, form, conflict=True)
    except PlanNotFound:
        abort(404)
    flash(_(task.done))
    if task.slug == "conference":
        _prompt_next_review(saved)
    return redirect(url_for("professional.plan", reference=saved.reference) + "#timeline")


def _prompt_next_review(plan) -> None:
    """After a conference, the next step: booking the review that is now due next."""
    timeline = timeline_of(plan)
    upcoming = timeline.next_review_conference if timeline is not None else None
    if upcoming is not None and upcoming.projected:
        flash(
            _(
                "The next review conference is due by %(date)s. When it is booked, "
                "record it with “Record a conference”.",
                date=format_date(upcoming.due, "long"),
            ),
            "important",
        )


def _with_errors(task, plan, form: TaskForm, errors: list[FieldError], rows_before: int):
    own, other = form.split_errors(errors, rows_before)
    # A date mistyped in its boxes has its own message; the validator's is for "blank".
    by_field = {
        name: error_message(error) for name, error in own.items() if name not in form.date_errors()
    }
    return _render(task, plan, form, errors=by_field, other=[error_message(e) for e in other])


def limited_task_form() -> ResponseReturnValue:
    """The task form as posted, when the save limit refused it (nothing stored)."""
    # The save route matched (its endpoint is known), so its arguments are set.
    view_args = request.view_args or {}
    task = _task(view_args["slug"])
    plan = plan_for(g.professional, view_args["reference"])
    row, ok = chosen_row(task, export_record(plan), request.form.get("row") or NEW_ROW)
    if not ok:
        abort(400)
    return _render(task, plan, TaskForm.posted(task, request.form, row), limited=True)
