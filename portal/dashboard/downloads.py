"""CSV downloads: the filtered list of plans, and the measures for a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from flask import Response, abort, g, request
from flask_babel import gettext as _

from portal import clock
from portal.config import settings
from portal.dashboard import bp
from portal.dashboard.export import csv_response
from portal.dashboard.forms import read_day, read_list_request
from portal.dashboard.kept_figures import measured_trend
from portal.dashboard.periods import BANDS
from portal.dashboard.queries import (
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
from portal.workspace.auth import ALL_PLANS_ROLES, PLAN_ROLES, login_required
from portal.workspace.common import audit_now, milestone_names, profiles
from portal.workspace.labels import (
    BAND_NAMES,
    CATEGORY_NAMES,
    END_REASON_NAMES,
    TIMELINE_STATUS_NAMES,
)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def _share(fraction: float | None) -> str:
    """A percentage with one decimal, as a plain number a spreadsheet can sum."""
    return f"{fraction * 100:.1f}" if fraction is not None else ""


def _texts(names: dict) -> dict[str, str]:
    """Translate a table of names once per download, not once per cell (50,000 rows)."""
    return {key: str(text) for key, text in names.items()}


@bp.get("/plans.csv")
@login_required(*PLAN_ROLES)
def plans_csv() -> Response:
    """The list as filtered and sorted on the page, every page of it, as a CSV file."""
    user = g.professional
    workers = social_worker_options() if user.role in ALL_PLANS_ROLES else None
    worker_ids = {user_id for user_id, _email in workers} if workers is not None else None
    listing = read_list_request(request.args, profiles(), worker_ids)
    day = read_day(request.args, listing.errors, clock.today())
    if listing.errors:
        abort(400)
    conditions = list_conditions(listing.filters, scope_for(user), day)
    audit_now("dashboard.export_plans", detail=f"on:{day.isoformat()}")
    profile_names = {pid: _(profile.name) for pid, profile in profiles().items()}
    milestones = milestone_names()
    statuses: dict[str | None, str] = {None: ""}  # no status: an empty cell
    statuses.update(_texts(TIMELINE_STATUS_NAMES).items())
    bands, categories = _texts(BAND_NAMES), _texts(CATEGORY_NAMES)
    seen_alone = {True: _("Yes"), False: _("No"), None: ""}
    # Every account's email, read once: a CSV of 50,000 plans has a few dozen workers.
    emails = worker_emails(user_id for user_id, _email in social_worker_options())
    if user.role not in ALL_PLANS_ROLES:
        emails[user.id] = user.email

    def lines() -> Iterator[list[object]]:
        yield [
            _("Reference"),
            _("Child's first name"),
            _("Procedure profile"),
            _("Categories"),
            _("Started"),
            _("Months"),
            _("Days"),
            _("Duration"),
            _("Last review conference"),
            _("Next review due"),
            _("Review status"),
            _("Next core group due"),
            _("Core group status"),
            _("Next milestone"),
            _("Milestone due"),
            _("Milestone status"),
            _("Social worker"),
            _("Last visit"),
            _("Child seen alone"),
            _("Next visit due"),
            _("Visit status"),
        ]
        for stored in plan_rows(conditions, listing.sort, listing.order):
            row = plan_row(stored, day)
            yield [
                row.reference,
                row.child,
                profile_names.get(row.profile, row.profile),
                "; ".join(categories.get(c, c) for c in row.categories),
                _iso(row.started),
                row.months,
                row.days,
                bands[row.band],
                _iso(row.last_review),
                _iso(row.next_review_due),
                statuses[row.next_review_status],
                _iso(row.next_core_group_due),
                statuses[row.next_core_group_status],
                milestones.get((row.profile, row.milestone), row.milestone)
                if row.milestone
                else "",
                _iso(row.milestone_due),
                statuses[row.milestone_status],
                emails.get(row.worker_id, "") if row.worker_id is not None else "",
                _iso(row.last_visit),
                seen_alone[row.last_visit_seen_alone],
                _iso(row.next_visit_due),
                statuses[row.next_visit_status],
            ]

    return csv_response(lines(), f"plans-{day.isoformat()}.csv")


@bp.get("/measures.csv")
@login_required(*PLAN_ROLES, Role.ADMIN)
def measures_csv() -> Response:
    """The measures page's figures for the chosen day, one figure a line."""
    errors: dict[str, str] = {}
    day = read_day(request.args, errors, clock.today())
    if errors:
        abort(400)
    scope = scope_for(g.professional, aggregates=True)
    now, ended = snapshot(scope, day), endings(scope, day)
    points = measured_trend(
        g.professional, scope, day, clock.today(), settings().retention_months
    ).points
    national = national_figure()
    audit_now("dashboard.export_measures", detail=f"on:{day.isoformat()}")
    open_title = _("Open plans on %(date)s", date=day.isoformat())
    end_reasons = _texts(END_REASON_NAMES)
    ended_title = _(
        "Plans ended from %(first)s to %(last)s",
        first=_iso(ended.first_included),
        last=_iso(day),
    )
    rows: list[list[object]] = [
        [_("Measure"), _("Item"), _("Plans"), _("Out of"), _("Per cent")],
        [open_title, _("All open plans"), now.open_plans, "", ""],
        [
            open_title,
            _("Open 2 years or more"),
            now.long_plans,
            now.open_plans,
            _share(now.long_share),
        ],
        [open_title, _("Target for open 2 years or more"), "", "", _share(target_share())],
    ]
    rows += [
        [
            _("Open plans by duration"),
            BAND_NAMES[band.key],
            now.by_band[band.key],
            now.open_plans,
            _share(now.by_band[band.key] / now.open_plans if now.open_plans else None),
        ]
        for band in BANDS
    ]
    rows += [
        [_("Overdue"), _("Review conferences"), now.overdue_reviews, now.open_plans, ""],
        [_("Overdue"), _("Core group meetings"), now.overdue_core_groups, now.open_plans, ""],
        [_("Overdue"), _("Milestones"), now.overdue_milestones, now.open_plans, ""],
        [_("Overdue"), _("Statutory visits"), now.overdue_visits, now.open_plans, ""],
        [ended_title, _("All ended plans"), ended.total, "", ""],
    ]
    rows += [
        [
            ended_title,
            BAND_NAMES[band.key],
            ended.by_band[band.key],
            ended.total,
            _share(ended.by_band[band.key] / ended.total if ended.total else None),
        ]
        for band in BANDS
    ]
    rows += [
        [
            _("Why plans ended"),
            end_reasons.get(reason, reason),
            count,
            ended.total,
            _share(count / ended.total if ended.total else None),
        ]
        for reason, count in sorted(ended.by_reason.items())
    ]
    rows.append(
        [
            _("England, plans ended in %(year)s", year=national.year),
            _("Lasted 2 years or more"),
            national.plans,
            national.ended,
            _share(national.share),
        ]
    )
    rows += [
        [
            _("Open 2 years or more, month by month"),
            _iso(point.day),
            point.long_plans,
            point.open_plans,
            _share(point.long_share),
        ]
        for point in points
    ]
    return csv_response(rows, f"measures-{day.isoformat()}.csv")
