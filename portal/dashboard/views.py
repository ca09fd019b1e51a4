"""Dashboard pages: the list of open plans, the measures, and plans reaching 9-24 months."""

from __future__ import annotations

import datetime as dt
import math

from flask import abort, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _

from portal import clock
from portal.config import settings
from portal.dashboard import bp
from portal.dashboard.census_download import year_containing
from portal.dashboard.chart import trend_chart
from portal.dashboard.forms import ListRequest, day_input, read_day, read_list_request, read_page
from portal.dashboard.kept_figures import measured_trend
from portal.dashboard.periods import (
    APPROACHING_MONTHS,
    APPROACHING_WINDOW,
    BANDS,
    band_on,
    milestones_at,
    months_between,
)
from portal.dashboard.queries import (
    PAGE_SIZE,
    SORTS,
    approaching_conditions,
    approaching_rows,
    count_plans,
    endings,
    list_conditions,
    plan_rows,
    scope_for,
    snapshot,
    social_worker_options,
    worker_emails,
)
from portal.dashboard.rows import national_figure, plan_row, target_share
from portal.models import Role
from portal.planning import add_months
from portal.workspace.auth import ALL_PLANS_ROLES, PLAN_ROLES, login_required
from portal.workspace.common import audit_now, milestone_name, profiles
from portal.workspace.date_fields import DateInput
from portal.workspace.labels import (
    APPROACHING_TITLES,
    BAND_NAMES,
    BAND_TAGS,
    CATEGORY_NAMES,
    END_REASON_NAMES,
    OVERDUE_NAMES,
    SORT_NAMES,
    TIMELINE_STATUS_NAMES,
    TIMELINE_STATUS_TAGS,
)

APPROACHING_PREVIEW = 10  # rows per length on the overview; "show all" pages by 50


def percent(fraction: float | None) -> str:
    if fraction is None:
        return "–"  # no plans to take a share of: the figure does not apply
    return format_percent(fraction, "#,##0.0%")


def number(value: int) -> str:
    return format_decimal(value)


def duration_text(months: int, days: int) -> str:
    return _(
        "%(months)s, %(days)s",
        months=ngettext("%(num)s month", "%(num)s months", months),
        days=ngettext("%(num)s day", "%(num)s days", days),
    )


@bp.context_processor
def _dashboard_helpers():
    return {
        "percent": percent,
        "number": number,
        "duration_text": duration_text,
        "band_names": BAND_NAMES,
        "band_tags": BAND_TAGS,
        "status_names": TIMELINE_STATUS_NAMES,
        "status_tags": TIMELINE_STATUS_TAGS,
        "profile_name": lambda pid: _(profiles()[pid].name) if pid in profiles() else pid,
        "milestone_name": milestone_name,
    }


# Fields the pages show; an error about anything else (a sort or page number from an
# edited link) is listed without a link, as there is no field to jump to.
FORM_FIELDS = {"band", "overdue", "profile", "worker", "category", "on"}


def _summary(errors: dict[str, str]) -> list[tuple[str, str | None]]:
    return [(message, _error_link(key)) for key, message in errors.items()]


def _error_link(key: str) -> str | None:
    if key == "on":  # the first of the date's boxes that is wrong
        wrong = day_input(request.args).wrong
        return f"#on-{wrong[0] if wrong else 'day'}"
    return f"#{key}" if key in FORM_FIELDS else None


def _day_or_errors(errors: dict[str, str]) -> tuple[dt.date, DateInput, str]:
    """The day counted on; the date's boxes as typed; and the day for the page's links
    ("" for today, or when what was typed is refused)."""
    day = read_day(request.args, errors, clock.today())
    typed = day_input(request.args)
    chosen = day.isoformat() if not typed.blank and "on" not in errors else ""
    return day, typed, chosen


@bp.get("/")
@login_required(*PLAN_ROLES, Role.ADMIN)
def index() -> ResponseReturnValue:
    """Open plans: how long each has run and what is due next, filtered and sorted."""
    user = g.professional
    if user.role not in PLAN_ROLES:
        # Administrators manage accounts and see counts, never a list of children.
        return redirect(url_for("dashboard.measures"))
    workers = social_worker_options() if user.role in ALL_PLANS_ROLES else None
    worker_ids = {user_id for user_id, _email in workers} if workers is not None else None
    listing = read_list_request(request.args, profiles(), worker_ids)
    day, on_date, listing.on = _day_or_errors(listing.errors)
    context = {
        "listing": listing,
        "day": day,
        "on_date": on_date,
        "on_args": {"on": listing.on} if listing.on else {},
        "worker_options": None
        if workers is None
        else [("none", _("No social worker assigned"))]
        + [(str(user_id), email) for user_id, email in workers],
        "profile_options": [(pid, _(p.name)) for pid, p in sorted(profiles().items())],
        "category_names": CATEGORY_NAMES,
        "overdue_names": OVERDUE_NAMES,
        "sort_names": SORT_NAMES,
        "sorts": SORTS,
    }
    if listing.errors:
        return _list_page(context, status=400)
    scope = scope_for(user)
    conditions = list_conditions(listing.filters, scope, day)
    total = count_plans(conditions)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if listing.page > pages:
        listing.errors["page"] = ngettext(
            "There is only %(num)s page", "There are only %(num)s pages", pages
        )
        return _list_page(context, status=404)
    rows = [
        plan_row(row, day)
        for row in plan_rows(conditions, listing.sort, listing.order, listing.page)
    ]
    # The list names children: opening it is a view of family data.
    audit_now("dashboard.list", detail=f"plans:{len(rows)} page:{listing.page}")
    context.update(
        rows=rows,
        worker_names=worker_emails(row.worker_id for row in rows),
        total=total,
        pages=pages,
        snapshot=snapshot(scope, day),
        target=target_share(),
        first_shown=(listing.page - 1) * PAGE_SIZE + 1,
        last_shown=(listing.page - 1) * PAGE_SIZE + len(rows),
    )
    return _list_page(context)


def _list_page(context: dict, status: int = 200) -> tuple[str, int]:
    listing: ListRequest = context["listing"]
    context.setdefault("rows", None)
    context["summary"] = _summary(listing.errors)
    return render_template("dashboard/index.html", **context), status


@bp.get("/measures")
@login_required(*PLAN_ROLES, Role.ADMIN)
def measures() -> ResponseReturnValue:
    """Counts for a chosen day: open plans, the two-year share, endings, overdue, trend."""
    errors: dict[str, str] = {}
    day, on_date, _chosen = _day_or_errors(errors)
    context = {
        "day": day,
        "on_date": on_date,
        "errors": errors,
        "summary": _summary(errors),
    }
    if errors:
        return render_template("dashboard/measures.html", **context), 400
    scope = scope_for(g.professional, aggregates=True)
    measured = measured_trend(
        g.professional, scope, day, clock.today(), settings().retention_months
    )
    points = measured.points
    target = target_share()
    context.update(
        snapshot=snapshot(scope, day),
        endings=endings(scope, day),
        points=points,
        chart=trend_chart([p.long_share for p in points], target),
        target=target,
        national=national_figure(),
        bands=BANDS,
        end_reason_names=END_REASON_NAMES,
        retention_months=settings().retention_months,
        incomplete_before=measured.incomplete_before,
        uncertain_days=measured.uncertain,
        census_year=year_containing(day).label,
    )
    audit_now("dashboard.measures")
    return render_template("dashboard/measures.html", **context)


@bp.get("/approaching")
@login_required(*PLAN_ROLES)
def approaching() -> ResponseReturnValue:
    """Open plans reaching 9, 15, 21 and 24 months in the next 8 weeks, and what then."""
    errors: dict[str, str] = {}
    day, on_date, on_value = _day_or_errors(errors)
    only = request.args.get("months", "").strip()
    if only and only not in {str(m) for m in APPROACHING_MONTHS}:
        errors["months"] = _("Choose 9, 15, 21 or 24 months")
    page = read_page(request.args, errors)
    sections: list[dict] = []
    context = {
        "day": day,
        "last_day": day + APPROACHING_WINDOW,
        "errors": errors,
        "on_date": on_date,
        "on_value": on_value,
        "single": bool(only),
        "summary": _summary(errors),
        "sections": sections,
        "page": page,
        "pages": 1,
    }
    if errors:
        return render_template("dashboard/approaching.html", **context), 400
    scope = scope_for(g.professional)
    shown = 0
    for months in (int(only),) if only else APPROACHING_MONTHS:
        conditions = approaching_conditions(scope, day, months)
        total = count_plans(conditions)
        limit = PAGE_SIZE if only else APPROACHING_PREVIEW
        if only:
            pages = max(1, math.ceil(total / PAGE_SIZE))
            context["pages"] = pages
            if page > pages:
                abort(404)
        rows = approaching_rows(conditions, limit, (page - 1) * limit if only else 0)
        shown += len(rows)
        sections.append(_approaching_section(months, total, rows, day))
    audit_now("dashboard.approaching", detail=f"plans:{shown}")
    return render_template("dashboard/approaching.html", **context)


def _approaching_section(months: int, total: int, rows, day: dt.date) -> dict:
    all_profiles = profiles()
    at_point = {pid: milestones_at(p, months) for pid, p in sorted(all_profiles.items())}
    return {
        "months": months,
        "title": APPROACHING_TITLES[months],
        "total": total,
        "rows": [
            {
                "reference": row.reference,
                "child": row.child_first_name,
                "profile": row.profile,
                "started": row.started,
                "reaches": add_months(row.started, months),
                "band": band_on(row.started, day).key,
                "months_now": months_between(row.started, day),
                "milestones": at_point.get(row.profile, []),
            }
            for row in rows
        ],
        "guidance": [(pid, ms) for pid, ms in at_point.items() if ms],
    }


from portal.dashboard import downloads  # noqa: E402,F401  (CSV routes register on import)
