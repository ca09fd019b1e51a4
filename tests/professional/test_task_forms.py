"""The short task forms: one change saved through the validator, or nothing stored."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from portal import clock
from portal.planning.dates import add_months
from portal.workspace.date_fields import PARTS
from tests.family.plans import held_reviews, initial, record
from tests.professional.conftest import form_fields, post, unique

TODAY = clock.today()
START = add_months(TODAY, -9)
FIRST_REVIEW = add_months(START, 3)
#: The day the second review is recorded as held, typed in three boxes.
HELD = TODAY - dt.timedelta(days=6)
HELD_BOXES = (str(HELD.day), str(HELD.month), str(HELD.year))


def _stoke_plan(second_review: dt.date | None = None):
    """A Stoke-on-Trent plan after its first review, 9 months old: review #2 decides the
    line manager review (it applies only when progress is not enough)."""
    reviews = [FIRST_REVIEW] + ([second_review] if second_review else [])
    return record(
        profile="stoke-on-trent",
        reference=unique("TF"),
        start=START.isoformat(),
        conferences=[initial(START.isoformat()), *held_reviews(*map(str, reviews))],
    )


def _task_page(client, reference, slug, **args):
    response = client.get(f"/en/professional/plans/{reference}/record/{slug}", query_string=args)
    return response, BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _post_task(client, reference, slug, answers: dict, **args):
    """Post the task form as a browser would: its own fields, with `answers` typed in."""
    _response, soup = _task_page(client, reference, slug, **args)
    form = soup.select_one("main form")
    data = dict(form_fields(soup, form))
    data.update(answers)
    return post(client, f"/en/professional/plans/{reference}/record/{slug}", data)


def _date(name, day, month, year):
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


@pytest.fixture
def worker_plan(signed_in, store_plan):
    def make(data):
        user = signed_in("social-worker")
        return store_plan(data, owner=user)["reference"]

    return make


def test_recording_insufficient_progress_makes_the_line_manager_review_due(
    client, worker_plan, stored
):
    reference = worker_plan(_stoke_plan())
    response = _post_task(
        client,
        reference,
        "conference",
        {**_date("date", *HELD_BOXES), "decision": "continue", "progress": "insufficient"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{reference}#timeline")
    plan = stored(reference)
    review = plan.record["conferences"][-1]
    assert review == {
        "kind": "review",
        "date": HELD.isoformat(),
        "status": "held",
        "decision": "continue",
        "progress": "insufficient",
        "time": None,
        "place": None,
        "chair": None,
        "categories": [],
    }
    assert plan.version == 2
    # The dashboard's stored next milestone is the line manager review, no longer waiting.
    assert plan.next_milestone == "line-manager-review"
    assert plan.next_milestone_conditional is False
    page = client.get(f"/en/professional/plans/{reference}").get_data(as_text=True)
    assert "The conference is recorded." in page
    # The next step is prompted: the third review, 6 months after this one.
    due = add_months(HELD, 6)
    assert f"The next review conference is due by {due.day} {due:%B %Y}." in page


def test_a_booked_conference_is_the_one_recorded(client, worker_plan, stored):
    booked = {"kind": "review", "date": str(HELD), "status": "scheduled", "place": "Room 4"}
    data = _stoke_plan()
    data["conferences"].append(booked)
    reference = worker_plan(data)
    response, soup = _task_page(client, reference, "conference")
    text = " ".join(soup.select_one("main").get_text(" ").split())
    assert f"booked for {HELD.day} {HELD:%B %Y}" in text
    assert soup.select_one("#date-day")["value"] == str(HELD.day)
    assert soup.select_one("#place")["value"] == "Room 4"
    response = _post_task(
        client, reference, "conference", {"status": "held", "decision": "continue"}
    )
    assert response.status_code == 302
    conferences = stored(reference).record["conferences"]
    assert len(conferences) == 3  # changed in place, not added again
    assert conferences[-1]["status"] == "held" and conferences[-1]["place"] == "Room 4"


@pytest.mark.parametrize(
    ("typed", "message", "marked"),
    [
        (("", "", ""), "Date of the conference: enter a day, month and year", set(PARTS)),
        (("3", "", "2026"), "Date of the conference must include a month", {"month"}),
        (("31", "2", "2026"), "Date of the conference must be a real date", set(PARTS)),
        (("3", "12", "26"), "the year must be 4 numbers", {"year"}),
        (("x", "12", "2026"), "Date of the conference must be a real date", {"day"}),
    ],
)
def test_a_mistyped_date_names_the_date_and_stores_nothing(
    client, worker_plan, stored, typed, message, marked
):
    reference = worker_plan(_stoke_plan())
    response = _post_task(
        client,
        reference,
        "conference",
        {**_date("date", *typed), "decision": "continue", "progress": "insufficient"},
    )
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = soup.select_one(".govuk-error-summary").get_text(" ")
    assert message in summary
    link = soup.select_one(".govuk-error-summary__list a")["href"]
    assert link.lstrip("#").split("-")[-1] in marked
    assert {
        i["id"].split("-")[-1] for i in soup.select(".govuk-date-input .govuk-input--error")
    } == marked
    # What was typed is kept.
    assert soup.select_one("#date-day")["value"] == typed[0]
    assert soup.select_one("#progress-2").has_attr("checked")
    assert stored(reference).version == 1


def test_a_month_may_be_typed_as_a_word(client, worker_plan, stored):
    reference = worker_plan(_stoke_plan())
    response = _post_task(
        client,
        reference,
        "conference",
        {**_date("date", HELD_BOXES[0], f"{HELD:%b}", HELD_BOXES[2]), "decision": "continue"},
    )
    assert response.status_code == 302
    assert stored(reference).record["conferences"][-1]["date"] == HELD.isoformat()


def test_a_review_that_ends_the_plan_asks_for_the_ending(client, worker_plan, stored):
    reference = worker_plan(_stoke_plan())
    response = _post_task(
        client, reference, "conference", {**_date("date", *HELD_BOXES), "decision": "end"}
    )
    # A rule across the record: listed at the top, without a link to a field of this form.
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    items = soup.select(".govuk-error-summary__list li")
    assert items and all(li.select_one("a") is None for li in items)
    assert stored(reference).version == 1


def test_rules_of_the_whole_plan_are_listed_and_nothing_is_stored(client, worker_plan, stored):
    reference = worker_plan(_stoke_plan())
    # Progress on a booked conference is refused by the format's rules, on its field.
    response = _post_task(
        client,
        reference,
        "conference",
        {**_date("date", *HELD_BOXES), "status": "scheduled", "progress": "insufficient"},
    )
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("#progress-error") is not None
    assert soup.select_one(".govuk-error-summary a[href='#progress']") is not None
    assert stored(reference).version == 1


def test_a_held_review_needs_its_decision(client, worker_plan, stored):
    reference = worker_plan(_stoke_plan())
    response = _post_task(
        client, reference, "conference", {**_date("date", *HELD_BOXES), "decision": ""}
    )
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "Decision:" in soup.select_one("#decision-error").get_text()
    assert stored(reference).version == 1


def test_core_group_meeting_and_visit_are_added(client, worker_plan, stored):
    reference = worker_plan(_stoke_plan())
    response = _post_task(
        client,
        reference,
        "core-group",
        {**_date("date", *HELD_BOXES), "time": "10:30", "place": "School"},
    )
    assert response.status_code == 302
    response = _post_task(
        client, reference, "visit", {**_date("date", *HELD_BOXES), "seen_alone": "yes"}
    )
    assert response.status_code == 302
    saved = stored(reference).record
    assert saved["core_group_meetings"][-1] == {
        "date": HELD.isoformat(),
        "time": "10:30",
        "place": "School",
        "status": "held",
    }
    assert saved["visit_log"] == [{"date": HELD.isoformat(), "seen_alone": True}]


def test_a_bad_time_is_named(client, worker_plan, stored):
    reference = worker_plan(_stoke_plan())
    response = _post_task(
        client, reference, "core-group", {**_date("date", *HELD_BOXES), "time": "25:00"}
    )
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("#time-error").get_text().startswith("Error: Time:")
    assert stored(reference).version == 1


def test_a_milestone_is_marked_done(client, worker_plan, stored):
    reference = worker_plan(_stoke_plan(second_review=HELD))
    response, soup = _task_page(client, reference, "milestone")
    choices = [i["value"] for i in soup.select("input[name=id]")]
    assert "line-manager-review" in choices
    response = _post_task(
        client,
        reference,
        "milestone",
        {"id": "line-manager-review", **_date("date", *HELD_BOXES)},
    )
    assert response.status_code == 302
    saved = stored(reference).record
    assert saved["milestones_done"] == [{"id": "line-manager-review", "date": HELD.isoformat()}]
    _response, soup = _task_page(client, reference, "milestone")
    assert "line-manager-review" not in [i["value"] for i in soup.select("input[name=id]")]


def test_ending_the_plan_cancels_later_booked_meetings(client, worker_plan, stored):
    data = _stoke_plan()
    booked = str(TODAY + dt.timedelta(days=20))
    data["core_group_meetings"] = [{"date": booked, "status": "scheduled"}]
    reference = worker_plan(data)
    response = _post_task(
        client,
        reference,
        "end",
        {**_date("date", *HELD_BOXES), "reason": "moved_area"},
    )
    assert response.status_code == 302
    saved = stored(reference)
    assert saved.record["ended"] == {"date": HELD.isoformat(), "reason": "moved_area"}
    assert saved.record["core_group_meetings"][0]["status"] == "cancelled"
    assert saved.ended == HELD


def test_a_plan_changed_meanwhile_is_not_overwritten(client, worker_plan, stored, store_plan):
    reference = worker_plan(_stoke_plan())
    _response, soup = _task_page(client, reference, "visit")
    data = dict(form_fields(soup, soup.select_one("main form")))
    # Someone else saves the plan while the form is open.
    changed = stored(reference).record
    changed["contingency"] = "Changed meanwhile."
    from portal.models import db

    with client.application.app_context():
        from portal.records import replace_plan

        replace_plan(changed, client.application.extensions["profiles"], actor="test")
        db.session.commit()
    data.update(_date("date", *HELD_BOXES))
    response = post(client, f"/en/professional/plans/{reference}/record/visit", data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this plan" in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one("#date-day")["value"] == str(HELD.day)  # kept
    assert stored(reference).record["visit_log"] == []
    # Saving again applies the visit to the newest plan.
    response = post(
        client,
        f"/en/professional/plans/{reference}/record/visit",
        dict(form_fields(soup, soup.select_one("main form"))),
    )
    assert response.status_code == 302
    saved = stored(reference).record
    assert saved["contingency"] == "Changed meanwhile."
    assert saved["visit_log"] == [{"date": HELD.isoformat(), "seen_alone": None}]


def test_task_forms_are_only_for_people_who_see_the_plan(client, signed_in, store_plan, make_user):
    owner = make_user("social-worker")
    reference = store_plan(_stoke_plan(), owner=owner)["reference"]
    signed_in("social-worker")  # another worker
    response, _soup = _task_page(client, reference, "visit")
    assert response.status_code == 404
    response = post(
        client,
        f"/en/professional/plans/{reference}/record/visit",
        {"version": "1", **_date("date", *HELD_BOXES)},
    )
    assert response.status_code == 404


def test_unknown_task_and_bad_row_are_not_found(client, worker_plan):
    reference = worker_plan(_stoke_plan())
    assert _task_page(client, reference, "nothing")[0].status_code == 404
    assert _task_page(client, reference, "conference", row="99")[0].status_code == 404


def test_task_form_pages_are_translated(client, worker_plan):
    reference = worker_plan(_stoke_plan())
    response = client.get(f"/pl/professional/plans/{reference}/record/conference")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert response.status_code == 200
    assert "Record a conference" not in soup.select_one("main").get_text()
    assert "Day" not in soup.select_one(".govuk-date-input").get_text()


def test_plan_page_links_to_the_task_forms(client, worker_plan):
    reference = worker_plan(_stoke_plan())
    soup = BeautifulSoup(
        client.get(f"/en/professional/plans/{reference}").get_data(as_text=True), "html.parser"
    )
    hrefs = [a["href"] for a in soup.select(".portal-task-links a")]
    assert [h.rsplit("/", 1)[-1] for h in hrefs] == [
        "conference",
        "core-group",
        "visit",
        "milestone",
        "end",
    ]


def test_add_another_comes_back_at_the_new_row(client, signed_in):
    signed_in("social-worker")
    soup = BeautifulSoup(
        client.get("/en/professional/plans/new").get_data(as_text=True), "html.parser"
    )
    buttons = {b["value"]: b["formaction"] for b in soup.select("button[name=add]")}
    # One blank row is shown at first; the row a press adds is row 1 (numbered from 0).
    assert buttons["core_group"] == "/en/professional/plans/new#row-core_group-1"
    assert buttons["outcomes-0-actions"].endswith("#row-outcomes-0-actions-1")
    assert buttons["concerns"].endswith("#row-concerns-1")
    data = dict(form_fields(soup, soup.select_one("main form")))
    data.update({"add": "core_group", "core_group-0-name": "Anna"})
    again = BeautifulSoup(
        post(client, "/en/professional/plans/new", data).get_data(as_text=True), "html.parser"
    )
    assert again.select_one("#row-core_group-1") is not None
    assert again.select_one("#core_group-0-name")["value"] == "Anna"
