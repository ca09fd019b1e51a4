"""The plan list every professional lands on: 50 plans a page by what is due next, with
search and filters; and a manager giving the ticked plans to a social worker."""

import math
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from portal import clock
from portal.models import Plan, db
from portal.professional import bp
from portal.professional.plan_list import (
    NOT_ASSIGNED,
    PAGE_SIZE,
    count_and_page_ids,
    page_rows,
    read_list_request,
    show_choices,
    worker_choices,
)
from portal.records import audit
from portal.workspace.auth import PLAN_ROLES, login_required
from portal.workspace.common import actor, audit_now, profiles
from portal.workspace.labels import END_REASON_NAMES

#: Who may give many plans to a social worker at once, from the list.
ASSIGN_ROLES = ("manager",)
# The list to go back to after assigning (page 1: the plans may have left the filter).
LIST_ARGS = ("q", "show", "status", "worker")


@bp.get("/plans")
@login_required(*PLAN_ROLES)
def plans():
    """The plans this professional works with, 50 a page, by what is due next."""
    return _plan_list(request.args)


def _plan_list(args, assign_errors=None, ticked=(), assign_to="", status=200):
    user = g.professional
    workers = worker_choices(user)
    listing = read_list_request(args, user, workers)
    choices = show_choices(user)
    total, rows, pages = 0, [], 1
    if not listing.errors:
        total, ids = count_and_page_ids(user, listing)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        if listing.page > pages:
            listing.errors["page"] = _("There are only %(pages)s pages", pages=pages)
        else:
            rows = page_rows(ids, clock.today())
    can_assign = user.role in ASSIGN_ROLES and bool(workers)
    if can_assign and args.get("tick") == "all":
        # "Tick every plan on this page" works without JavaScript: the page comes back ticked.
        ticked = [row.reference for row in rows]
    # Opening the list shows children's names: that is a view of family data too.
    audit_now("professional.list_plans", detail=f"plans:{len(rows)} of {total}")
    return render_template(
        "professional/plans.html",
        listing=listing,
        show_choices=choices,
        args=lambda **changes: listing.args(choices[0], **changes),
        rows=rows,
        total=total,
        pages=pages,
        first_shown=(listing.page - 1) * PAGE_SIZE + 1,
        last_shown=(listing.page - 1) * PAGE_SIZE + len(rows),
        summary=[
            (message, f"#{key}" if key != "page" else None)
            for key, message in listing.errors.items()
        ],
        profiles=profiles(),
        end_reason_names=END_REASON_NAMES,
        worker_options=workers,
        not_assigned=NOT_ASSIGNED,
        can_assign=can_assign,
        assign_errors=assign_errors or {},
        assign_summary=[(m, f"#{k}") for k, m in (assign_errors or {}).items()],
        ticked=set(ticked),
        assign_to=assign_to,
    ), (400 if listing.errors else status)


@bp.post("/plans/assign")
@login_required(*ASSIGN_ROLES)
def assign_plans():
    """A manager gives the plans ticked on one page of the list to one social worker
    (or to nobody), in one transaction, each change audited."""
    # dict[str, Any]: how url_for types the values it is given
    back: dict[str, Any] = {
        name: value for name in LIST_ARGS if (value := request.form.get(name, ""))
    }
    references = [r for r in request.form.getlist("plan") if isinstance(r, str)][:PAGE_SIZE]
    chosen = request.form.get("assign_to", "")
    workers = dict(worker_choices(g.professional))
    errors = {}
    if not references:
        errors["plan"] = _("Tick the plans to assign")
    if chosen != NOT_ASSIGNED and chosen not in workers:
        errors["assign_to"] = _("Choose a social worker from the list")
    if errors:
        return _plan_list(back, errors, references, chosen, status=422)
    found = db.session.scalars(select(Plan).where(Plan.reference.in_(references))).all()
    worker_id = None if chosen == NOT_ASSIGNED else int(chosen)
    for plan in found:
        plan.social_worker_id = worker_id
        audit(actor(), "plan.assign", plan.id, f"user:{worker_id}" if worker_id else "none")
    db.session.commit()
    if worker_id is None:
        message = ngettext(
            "%(num)s plan is now not assigned.", "%(num)s plans are now not assigned.", len(found)
        )
    else:
        message = ngettext(
            "%(num)s plan is now assigned to %(email)s.",
            "%(num)s plans are now assigned to %(email)s.",
            len(found),
            email=workers[chosen],
        )
    flash(message)
    return redirect(url_for("professional.plans", **back))
