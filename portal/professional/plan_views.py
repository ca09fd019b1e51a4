"""Plan views: one plan's page, family links, export, and sharing guides (the list is in
``plan_list_views.py``)."""

import datetime as dt
import json
from collections.abc import Sequence

from flask import (
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from portal import clock
from portal.config import settings
from portal.content import SECTIONS
from portal.content.library import ContentLibrary
from portal.i18n import LANGUAGES
from portal.languages import current_language
from portal.link_audience import FAMILY
from portal.models import FamilyLink, Plan, Role, User, db, utcnow
from portal.planning.visits import visit_summary
from portal.professional import bp
from portal.professional.link_options import (
    hidden_names,
    read_audience,
    section_names,
    short_view_names,
    view_names,
)
from portal.professional.measurement_only import export_refused, link_refused
from portal.records import create_family_link, export_record, revoke_link
from portal.records.stand_ins import stand_in_pointers
from portal.sharing import absolute_url, qr_svg
from portal.workspace.auth import (
    ALL_PLANS_ROLES,
    PLAN_ROLES,
    login_required,
    plan_for,
)
from portal.workspace.common import (
    actor,
    audit_now,
    language_name,
    milestone_name,
    profiles,
    timeline_of,
)
from portal.workspace.labels import (
    ACTION_STATUS_NAMES,
    CATEGORY_NAMES,
    DECISION_NAMES,
    END_REASON_NAMES,
    EVENT_NAMES,
    TIMELINE_STATUS_NAMES,
    TIMELINE_STATUS_TAGS,
)

DEFAULT_LINK_DAYS = 90
MAX_LINK_DAYS = 365
MAX_LABEL = 100


def _as_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@bp.context_processor
def _plan_helpers():
    return {
        "as_date": _as_date,
        "language_name": language_name,
        "milestone_name": milestone_name,
        "format_number": format_decimal,
    }


def _plan_page(
    plan: Plan,
    *,
    share_errors: dict[str, str] | None = None,
    label: str = "",
    days: str = "",
    view: str | None = FAMILY,
    hidden: frozenset[str] = frozenset(),
    status: int = 200,
) -> tuple[str, int]:
    timeline = timeline_of(plan)
    links = db.session.scalars(
        select(FamilyLink).where(FamilyLink.plan_id == plan.id).order_by(FamilyLink.created_at)
    ).all()
    social_workers: Sequence[User] = []
    if g.professional.role in ALL_PLANS_ROLES:
        social_workers = db.session.scalars(
            select(User).where(User.role == Role.SOCIAL_WORKER, User.active).order_by(User.email)
        ).all()
    share_errors = share_errors or {}
    return (
        render_template(
            "professional/plan.html",
            plan=plan,
            record=plan.record,
            visit_summary=visit_summary(plan.record),
            stand_ins=stand_in_pointers(plan.record) if plan.measurement_only else (),
            profile=profiles().get(plan.profile),
            timeline=timeline,
            links=links,
            now=utcnow(),
            today=clock.today(),
            share_errors=share_errors,
            share_summary=[(m, f"#{k}") for k, m in share_errors.items()],
            label=label,
            days=days or str(DEFAULT_LINK_DAYS),
            max_days=MAX_LINK_DAYS,
            link_view=view,
            link_hidden=hidden,
            view_names=view_names(),
            short_view_names=short_view_names(),
            section_names=section_names(),
            hidden_names=hidden_names,
            social_workers=social_workers,
            guide_options=guide_options(),
            language_options=language_options(),
            # Guides open in the family's language, when this portal offers it.
            guide_language=(plan.language if plan.language in settings().languages else "en"),
            category_names=CATEGORY_NAMES,
            decision_names=DECISION_NAMES,
            action_status_names=ACTION_STATUS_NAMES,
            end_reason_names=END_REASON_NAMES,
            event_names=EVENT_NAMES,
            status_names=TIMELINE_STATUS_NAMES,
            status_tags=TIMELINE_STATUS_TAGS,
        ),
        status,
    )


@bp.get("/plans/<reference:reference>")
@login_required(*PLAN_ROLES)
def plan(reference: str):
    """One plan: the record, its timeline, and the family's links."""
    found = plan_for(g.professional, reference)
    audit_now("professional.view_plan", found)
    return _plan_page(found)


@bp.post("/plans/<reference:reference>/links")
@login_required(*PLAN_ROLES)
def share_plan(reference: str):
    """Create a family member's link and passcode, and show them this once."""
    found = plan_for(g.professional, reference)
    if found.measurement_only:
        return _plan_page(found, share_errors=link_refused(), status=409)
    label = request.form.get("label", "").strip()
    days_text = request.form.get("days", "").strip()
    view, hidden, errors = read_audience(request.form)
    if not label:
        errors["label"] = _("Enter who the link is for, for example Mother")
    elif len(label) > MAX_LABEL:
        errors["label"] = _("Use %(max)s characters or fewer", max=MAX_LABEL)
    days = int(days_text) if days_text.isascii() and days_text.isdigit() else None
    if days is None or not 1 <= days <= MAX_LINK_DAYS:
        errors["days"] = _("Enter a number of days from 1 to %(max)s", max=MAX_LINK_DAYS)
    # A view or number of days that is None always comes with its error.
    if errors or view is None or days is None:
        return _plan_page(
            found,
            share_errors=errors,
            label=label,
            days=days_text,
            view=view,
            hidden=hidden,
            status=422,
        )
    new = create_family_link(
        found, label, days, actor=actor(), created_by=g.professional, view=view, hidden=hidden
    )
    url = absolute_url(url_for("family.open_link", token=new.token))
    # The token and passcode are only in this response, never in a URL, cookie or log.
    return render_template(
        "professional/link_created.html",
        plan=found,
        link=new.link,
        url=url,
        passcode=new.passcode,
        qr=qr_svg(url, _("QR code for the private link")),
        short_view_names=short_view_names(),
        hidden_names=hidden_names,
    )


@bp.post("/plans/<reference:reference>/links/<int(max=2147483647):link_id>/revoke")
@login_required(*PLAN_ROLES)
def revoke_family_link(reference: str, link_id: int):
    """Stop a family link at once (and its calendar feeds)."""
    found = plan_for(g.professional, reference)
    link = db.session.get(FamilyLink, link_id)
    if link is None or link.plan_id != found.id:
        abort(404)
    if link.revoked_at is None:
        revoke_link(link, actor=actor())
    flash(_("The link is revoked. It has stopped working."))
    return redirect(url_for("professional.plan", reference=found.reference))


@bp.post("/plans/<reference:reference>/social-worker")
@login_required(*ALL_PLANS_ROLES)
def assign_plan(reference: str):
    """Managers and chairs choose the social worker a plan belongs to."""
    found = plan_for(g.professional, reference)
    chosen = request.form.get("social_worker", "")
    worker = None
    if chosen:
        valid_id = chosen.isascii() and chosen.isdigit() and len(chosen) <= 9
        worker = db.session.get(User, int(chosen)) if valid_id else None
        if worker is None or worker.role != Role.SOCIAL_WORKER or not worker.active:
            abort(400)
    found.social_worker_id = worker.id if worker is not None else None
    audit_now("plan.assign", found, f"user:{worker.id}" if worker is not None else "none")
    flash(_("The plan's social worker is changed."))
    return redirect(url_for("professional.plan", reference=found.reference))


@bp.get("/plans/<reference:reference>/export")
@login_required(*PLAN_ROLES)
def export_plan(reference: str):
    """Download the stored record as a cp-plan/2 JSON file."""
    found = plan_for(g.professional, reference)
    if found.measurement_only:
        return _plan_page(found, share_errors=export_refused(), status=409)
    audit_now("plan.export", found)
    body = json.dumps(export_record(found), ensure_ascii=False, indent=2) + "\n"
    response = make_response(body)
    response.mimetype = "application/json"
    filename = found.reference.replace("/", "-") + ".json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- sharing guides --------------------------------------------------------------


def guide_options() -> list[tuple[str, list[tuple[str, str]]]]:
    """Guides to share, by section, titled in the reader's language where translated."""
    library = current_app.extensions["content"]
    lang = current_language().code
    groups = []
    for section in SECTIONS:
        pages = library.section_pages(lang, section)
        if pages:
            groups.append((section, [(f"{section}/{p.slug}", p.title) for p in pages]))
    return groups


def language_options() -> list[tuple[str, str]]:
    return [(code, LANGUAGES[code].native_name) for code in settings().languages]


@bp.get("/share-guide")
@login_required(*PLAN_ROLES)
def share_guide() -> tuple[str, int]:
    """A guide's address in the family's language, as a link and a QR code."""
    library: ContentLibrary = current_app.extensions["content"]
    chosen = request.args.get("guide", "")
    language = request.args.get("language", "")
    errors: dict[str, str] = {}
    result = None
    if chosen or language:
        section, _sep, slug = chosen.partition("/")
        page = library.page("en", section, slug) if section in SECTIONS else None
        if page is None:
            errors["guide"] = _("Choose a guide")
        if language not in settings().languages:
            errors["language"] = _("Choose a language")
        if not errors and page is not None:  # no page always comes with its error
            url = absolute_url(url_for("public.guide", lang=language, section=section, slug=slug))
            translated = library.page(language, section, slug)
            result = {
                "url": url,
                "title": (translated or page).title,
                "translated": translated is not None,
                "language": LANGUAGES[language],
                "qr": qr_svg(url, _("QR code for the guide")),
            }
    return render_template(
        "professional/share_guide.html",
        guide_options=guide_options(),
        language_options=language_options(),
        chosen=chosen,
        language=language,
        errors=errors,
        summary=[(m, f"#{k}") for k, m in errors.items()],
        result=result,
    ), (422 if errors else 200)
