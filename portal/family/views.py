"""The family's plan pages: the whole plan, and the same plan for a young person."""

from functools import partial

from flask import g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.family import bp
from portal.family.access import actor_for, current_link, family_page
from portal.family.family_actions import family_actions
from portal.family.guidance import how_long
from portal.family.next_meetings import meetings_soonest_first, next_meeting
from portal.family.page_cache import KEY_IN_ENVIRON, page_key
from portal.family.reading import read_plan
from portal.family.timeline_view import plan_age_in_months, timeline_view
from portal.languages import current_language
from portal.planning.format import free_text_pointers, own_words, shows_english
from portal.records import audit_view
from portal.workspace.labels import CATEGORY_NAMES

# The parents' guide "Categories" has one section per category, with these anchors.
CATEGORY_ANCHORS = {
    "neglect": "neglect",
    "emotional_abuse": "emotional-abuse",
    "physical_abuse": "physical-abuse",
    "sexual_abuse": "sexual-abuse",
}


def action_statuses() -> dict[str, tuple[str, str]]:
    return {
        "open": (_("To do"), "govuk-tag--blue"),
        "done": (_("Done"), "govuk-tag--green"),
        "dropped": (_("No longer needed"), "govuk-tag--grey"),
    }


def _own_words_context(record, pointers) -> dict:
    """What the page's macros need to show professionals' words in the page language
    (``family/_own_words.html``): each value by pointer, and whether to say once that
    some of them are in English."""
    language = current_language().code
    return {
        "own_words": partial(own_words, record, language),
        "shows_english": shows_english(record, language, pointers),
    }


def _roles(record) -> list[str]:
    """The young person's view shows, of the professionals' words, only the roles of
    the professionals (the child's own family are not listed there)."""
    return [
        f"/core_group/{i}/role" for i, member in enumerate(record.core_group) if not member.family
    ]


def _shared_context(reading) -> dict:
    """What both pages show. The record has already lost what this link hides
    (`read_plan`); `shows` lets a template leave out a section's heading too."""
    timeline = reading.timeline
    next_core_group = next_meeting(timeline.next_core_group, is_review=False)
    next_review = next_meeting(timeline.next_review_conference, is_review=True)
    return {
        "record": reading.record,
        "timeline": timeline,
        "next_core_group": next_core_group,
        "next_review": next_review,
        "meetings": meetings_soonest_first(next_core_group, next_review),
        "shows": g.live_link.visibility.shows,
    }


def _audited_page(page: str, render) -> str:
    """Audit this view and render the page, leaving the key it may be kept under for the
    layer in front (page_cache.py) to see: taken before rendering, which may start the
    session's CSRF secret (then the response sets a cookie and is not kept)."""
    link = g.live_link
    request.environ[KEY_IN_ENVIRON] = page_key(
        link, page, current_language().code, session.get("csrf_token")
    )
    audit_view(actor_for(link), link.plan_id, page)
    return render()


@bp.get("/<lang:lang>/my-plan")
@family_page
def plan():
    """The family's plan: what's next, the timeline, the plan itself and who is involved.
    A young person's link never opens it: it goes to their own view instead."""
    if g.live_link.visibility.young_person:
        return redirect(url_for("family.young_person"), code=303)

    def render() -> str:
        reading = read_plan(current_link().plan, g.live_link.visibility)
        return render_template(
            "family/plan.html",
            **_shared_context(reading),
            **_own_words_context(reading.record, free_text_pointers(reading.record)),
            timeline_view=timeline_view(reading.timeline),
            how_long=how_long(reading.timeline),
            category_names=CATEGORY_NAMES,
            category_anchors=CATEGORY_ANCHORS,
            action_statuses=action_statuses(),
            my_actions=family_actions(reading.record, reading.timeline.today, reading.family_names),
        )

    return _audited_page("plan", render)


@bp.get("/<lang:lang>/my-plan/young-person")
@family_page
def young_person():
    """The plan for the child or young person it is about, in their words: who helps
    them, their next meetings, and how to say what they think."""

    def render() -> str:
        reading = read_plan(current_link().plan, g.live_link.visibility)
        return render_template(
            "family/young_person.html",
            **_shared_context(reading),
            **_own_words_context(reading.record, _roles(reading.record)),
            plan_age=plan_age_in_months(reading.timeline),
            # The professionals only: a child's own family are not "helpers" to list.
            helpers=[member for member in reading.record.core_group if not member.family],
            young_person_link=g.live_link.visibility.young_person,
        )

    return _audited_page("young-person", render)
