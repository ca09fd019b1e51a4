"""The list of open plans: who sees what, filters, sorting, pagination, every page's rules."""

import pytest

from portal.models import AuditEvent, User, db
from tests.dashboard.conftest import DAY, record, references, withdraw
from tests.fixtures.words import milestone_ids_in, translated

URL = "/en/professional/dashboard/"
ON = f"on={DAY.isoformat()}"


def test_an_anonymous_visitor_is_sent_to_sign_in(portal):
    for url in (
        URL,
        URL + "measures",
        URL + "approaching",
        URL + "plans.csv",
        URL + "measures.csv",
    ):
        response = portal.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/en/professional/sign-in?next=")


def test_a_manager_sees_every_open_plan_longest_first(dataset):
    page = dataset.viewer("manager").page(f"{URL}?{ON}")
    assert references(page) == ["DASH-A", "DASH-B", "DASH-C", "DASH-G", "DASH-D"]
    assert page.select_one("h1").get_text(strip=True) == "Open plans"


def test_a_chair_sees_every_plan_too(dataset):
    assert len(references(dataset.viewer("chair").page(f"{URL}?{ON}"))) == 5


def test_a_social_worker_sees_only_their_own_plans(dataset):
    mine = dataset.viewer("social-worker", dataset.w1)
    assert references(mine.page(f"{URL}?{ON}")) == ["DASH-A", "DASH-D"]
    # ... and cannot reach another's by filtering on them
    response = mine.get(f"{URL}?{ON}&worker={dataset.w2}")
    assert response.status_code == 400
    csv_text = mine.get(f"{URL}plans.csv?{ON}").get_data(as_text=True)
    assert "DASH-A" in csv_text and "DASH-B" not in csv_text and "DASH-G" not in csv_text
    approaching = mine.page(f"{URL}approaching?{ON}")
    assert references(approaching) == ["DASH-A"]  # DASH-B also reaches 24 months: not theirs


def test_a_new_social_worker_sees_no_plans(dataset):
    page = dataset.viewer("social-worker").page(f"{URL}?{ON}")
    assert references(page) == []
    assert "No open plans match" in page.select_one("#results").get_text()


def test_an_administrator_gets_the_measures_but_no_list_of_children(dataset):
    admin = dataset.viewer("admin")
    response = admin.get(f"{URL}?{ON}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/professional/dashboard/measures")
    for url in ("plans.csv", "approaching"):
        refused = admin.page(f"{URL}{url}?{ON}", status=403)
        assert "DASH-" not in refused.get_text()
    page = admin.page(f"{URL}measures?{ON}")
    assert "DASH-" not in page.get_text()


def test_the_headline_figures_count_the_open_plans_on_the_day(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}")
    figures = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page.select("main dl.govuk-summary-list .govuk-summary-list__row")
    }
    assert figures["Open plans"] == "5"
    assert figures["Open 2 years or more"].startswith("1 plan (20.0%)")
    assert "Above target" in figures["Open 2 years or more"]
    assert figures["Review conference overdue"] == "2"
    assert figures["Core group meeting overdue"] == "2"
    assert figures["Milestone overdue"] == "1"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("band=24-plus", ["DASH-A"]),
        ("band=21-24", ["DASH-B"]),
        ("band=9-15", ["DASH-C"]),
        ("band=3-9", ["DASH-G"]),
        ("band=under-3", ["DASH-D"]),
        ("band=15-21", []),
        ("overdue=review", ["DASH-B", "DASH-C"]),
        ("overdue=core-group", ["DASH-B", "DASH-D"]),
        ("overdue=milestone", ["DASH-B"]),
        ("overdue=any", ["DASH-B", "DASH-C", "DASH-D"]),
        ("profile=west-sussex", ["DASH-B", "DASH-G"]),
        ("profile=stoke-on-trent", []),
        ("worker=none", ["DASH-C"]),
        ("category=neglect", ["DASH-A", "DASH-G", "DASH-D"]),
        ("category=sexual_abuse", ["DASH-D"]),
        ("category=emotional_abuse&profile=west-sussex", ["DASH-B"]),
        ("band=24-plus&overdue=any", []),
    ],
)
def test_filters_narrow_the_list(dataset, query, expected):
    page = dataset.viewer().page(f"{URL}?{ON}&{query}")
    assert references(page) == expected


def test_the_social_worker_filter_lists_social_workers(dataset):
    viewer = dataset.viewer()
    assert references(viewer.page(f"{URL}?{ON}&worker={dataset.w2}")) == ["DASH-B", "DASH-G"]
    options = [o["value"] for o in viewer.page(f"{URL}?{ON}").select("#worker option")]
    assert options[:2] == ["", "none"] and str(dataset.w1) in options


def test_the_list_is_counted_on_the_day_asked(dataset):
    # A week earlier DASH-D's first core group was not due yet (18 May 2026).
    viewer = dataset.viewer()
    assert references(viewer.page(f"{URL}?on=2026-05-17&overdue=core-group")) == ["DASH-B"]
    # Before DASH-D started, and while DASH-E1 was still open:
    before = references(viewer.page(f"{URL}?on=2025-12-31"))
    assert before == ["DASH-E2", "DASH-A", "DASH-B", "DASH-E1", "DASH-C", "DASH-G"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["DASH-A", "DASH-B", "DASH-C", "DASH-G", "DASH-D"]),
        ("sort=duration&order=asc", ["DASH-D", "DASH-G", "DASH-C", "DASH-B", "DASH-A"]),
        ("sort=reference", ["DASH-A", "DASH-B", "DASH-C", "DASH-D", "DASH-G"]),
        ("sort=reference&order=desc", ["DASH-G", "DASH-D", "DASH-C", "DASH-B", "DASH-A"]),
        # next reviews due: B 2024-09-16, C 2026-06-01, G 2026-07-01, D 2026-08-01, A 2026-09-10
        ("sort=next-review", ["DASH-B", "DASH-C", "DASH-G", "DASH-D", "DASH-A"]),
        ("sort=next-review&order=desc", ["DASH-A", "DASH-D", "DASH-G", "DASH-C", "DASH-B"]),
    ],
)
def test_sorting(dataset, query, expected):
    assert references(dataset.viewer().page(f"{URL}?{ON}&{query}")) == expected


def test_sort_links_keep_the_filters_and_reverse_the_current_sort(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}&profile=west-sussex")
    headers = {th.get_text(strip=True): th for th in page.select("main thead th")}
    assert headers["Duration"]["aria-sort"] == "descending"
    assert headers["Plan"]["aria-sort"] == "none"
    duration_link = headers["Duration"].select_one("a")["href"]
    assert "order=asc" in duration_link and "profile=west-sussex" in duration_link
    assert "on=2026-06-15" in duration_link
    reference_link = headers["Plan"].select_one("a")["href"]
    assert "sort=reference" in reference_link and "order" not in reference_link


def test_each_row_shows_duration_band_and_what_is_due(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}&band=21-24")
    assert page.select_one("main tbody th").get_text(" ", strip=True) == "DASH-B Bea"
    cells = [td.get_text(" ", strip=True) for td in page.select("main tbody td")]
    profile, duration, review, group, milestone, visits, worker = cells
    assert worker.endswith("@example.org")
    assert visits == "None recorded"  # no visit frequency in this record
    assert profile.startswith("West Sussex") and "Emotional abuse" in profile
    assert duration.startswith("23 months, 30 days") and "21 to 24 months" in duration
    assert "Started 16 Jun 2024" in duration
    assert "16 Sept 2024" in review and "Overdue" in review
    assert "Overdue" in group
    assert milestone.startswith("Group manager review") and "Overdue" in milestone


def test_no_milestone_is_shown_by_its_id(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}")
    milestones = [
        row.select("td")[-3].get_text(" ", strip=True) for row in page.select("main tbody tr")
    ]
    assert [m for m in milestones if m.startswith("Group manager review")] != []
    assert milestone_ids_in(dataset.portal.app, page.select_one("main").get_text()) == []


def test_the_next_milestone_is_named_in_the_readers_language(dataset):
    app = dataset.portal.app
    page = dataset.viewer().page(f"/pl/professional/dashboard/?{ON}&band=21-24")
    name = translated(app, "pl", "Group manager review")
    assert name != "Group manager review"  # the Polish catalog names it
    milestone = page.select("main tbody td")[-3].get_text(" ", strip=True)
    assert milestone.startswith(name) and translated(app, "pl", "Overdue") in milestone
    assert milestone_ids_in(app, page.select_one("main").get_text()) == []


def test_a_conditional_milestone_is_shown_as_conditional(portal):
    portal.store(record("2026-01-12", profile="stoke-on-trent", reference="ST-1"))
    portal.sign_in("manager")
    page = portal.page(f"{URL}?on=2026-02-01")
    milestone = page.select("main tbody td")[-3].get_text(" ", strip=True)
    assert milestone.startswith("Line manager review") and "Conditional" in milestone


@pytest.mark.parametrize("what", ["profile", "milestones"])
def test_a_milestone_no_profile_knows_any_more_is_shown_by_its_id(portal, monkeypatch, what):
    portal.store(record("2024-06-16", profile="west-sussex", reference="WS-1"))
    withdraw(monkeypatch, portal.app, "west-sussex", what)
    portal.sign_in("manager")
    page = portal.page(f"{URL}?{ON}")
    milestone = page.select("main tbody td")[-3].get_text(" ", strip=True)
    assert milestone.startswith("group-manager-review") and "Overdue" in milestone


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("band=forever", "band", "Choose a duration from the list"),
        ("overdue=yes", "overdue", "Choose what is overdue from the list"),
        ("profile=nowhere", "profile", "Choose a procedure profile from the list"),
        ("category=abuse", "category", "Choose a category from the list"),
        ("worker=99999", "worker", "Choose a social worker from the list"),
        ("sort=name", "sort", "Choose a sort order from the list"),
        ("page=0", "page", "The page number must be a whole number, like 2"),
        ("page=two", "page", "The page number must be a whole number, like 2"),
    ],
)
def test_bad_filters_are_named_in_an_error_summary(dataset, query, field, message):
    page = dataset.viewer().page(f"{URL}?{query}", status=400)
    summary = page.select_one(".govuk-error-summary")
    assert [li.get_text(strip=True) for li in summary.select("li")] == [message]
    if field in ("sort", "page"):  # no field on the page to jump to
        assert summary.select_one("a") is None
    else:
        assert summary.select_one(f'a[href="#{field}"]') is not None
        assert message in page.select_one(f"#{field}-error").get_text()
    assert references(page) == []  # no list under a filter that was not understood


@pytest.mark.parametrize(
    ("query", "first_wrong", "message"),
    [
        ("on-day=30&on-month=2&on-year=2026", "day", "Date to count on must be a real date"),
        ("on-day=15&on-month=&on-year=2026", "month", "Date to count on must include a month"),
        (
            "on-day=15&on-month=6&on-year=26",
            "year",
            "Date to count on: the year must be 4 numbers, like 2026",
        ),
        ("on-day=31&on-month=12&on-year=1999", "day", "Enter a date from 2000 to 2199"),
        ("on=2026-02-30", "day", "Date to count on must be a real date"),  # an edited link
        ("on=15/06/2026", "day", "Date to count on must be a real date"),
    ],
)
def test_a_date_typed_wrongly_is_named_and_linked_to_its_first_wrong_box(
    dataset, query, first_wrong, message
):
    page = dataset.viewer().page(f"{URL}?{query}", status=400)
    summary = page.select_one(".govuk-error-summary")
    assert [li.get_text(strip=True) for li in summary.select("li")] == [message]
    assert summary.select_one(f'a[href="#on-{first_wrong}"]') is not None
    assert page.select_one(f"#on-{first_wrong}") is not None
    assert message in page.select_one("#on-error").get_text()
    assert references(page) == []  # nothing counted on a day that was not understood


def test_the_day_typed_in_three_boxes_is_counted_and_kept_in_the_links(dataset):
    viewer = dataset.viewer()
    typed = viewer.page(f"{URL}?on-day=15&on-month=jun&on-year=2026")
    assert references(typed) == references(viewer.page(f"{URL}?on=2026-06-15"))
    assert [typed.select_one(f"#on-{part}")["value"] for part in ("day", "month", "year")] == [
        "15",
        "jun",
        "2026",
    ]
    csv_link = typed.select_one("a[href*='plans.csv']")["href"]
    assert "on=2026-06-15" in csv_link


def test_viewing_the_list_is_audited_without_plan_details(dataset):
    viewer = dataset.viewer()
    viewer.page(f"{URL}?{ON}")
    with dataset.portal.app.app_context():
        event = db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.action == "dashboard.list")
            .order_by(AuditEvent.id.desc())
        ).first()
    assert event.detail == "plans:5 page:1"
    assert event.actor.startswith("user:")


def test_the_pages_are_never_cached_or_indexed(dataset):
    response = dataset.viewer().get(f"{URL}?{ON}")
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_the_workspace_navigation_links_to_the_dashboard(dataset):
    page = dataset.viewer().page("/en/professional/plans")
    assert page.select_one(f'nav a[href="{URL}"]') is not None


# --- pagination ----------------------------------------------------------------------


@pytest.fixture
def many(portal):
    for n in range(51):
        portal.store(record(f"2025-01-{1 + n % 28:02d}", reference=f"P-{n:03d}"))
    portal.sign_in("manager")
    return portal


def test_fifty_plans_a_page(many):
    first = many.page(f"{URL}?{ON}&sort=reference")
    assert references(first) == [f"P-{n:03d}" for n in range(50)]
    assert "Showing 1 to 50 of 51." in first.get_text(" ", strip=True)
    assert first.select_one(".govuk-pagination__next a").get_text(strip=True) == "Next page"
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert "page=2" in next_link and "sort=reference" in next_link and ON in next_link
    second = many.page(next_link)
    assert references(second) == ["P-050"]
    assert second.select_one(".govuk-pagination__prev a").get_text(strip=True) == "Previous page"
    assert second.select_one(".govuk-pagination__next") is None
    current = second.select_one('.govuk-pagination__item--current a[aria-current="page"]')
    assert current.get_text(strip=True) == "2"


def test_a_page_past_the_end_says_how_many_pages_there_are(many):
    page = many.page(f"{URL}?{ON}&page=3", status=404)
    assert "There are only 2 pages" in page.select_one(".govuk-error-summary").get_text()


def test_a_filtered_list_has_one_page_and_no_pagination(many):
    page = many.page(f"{URL}?{ON}&band=under-3")
    assert references(page) == []
    assert page.select_one(".govuk-pagination") is None


def test_each_row_names_its_social_worker(dataset):
    viewer = dataset.viewer()
    page = viewer.page(f"{URL}?{ON}&sort=reference")
    header = [th.get_text(strip=True) for th in page.select("main table thead th")]
    assert header[-1] == "Social worker"
    with dataset.portal.app.app_context():
        emails = {u.id: u.email for u in db.session.scalars(db.select(User))}
    workers = {
        row.select_one("th a").get_text(strip=True): row.select("td")[-1].get_text(strip=True)
        for row in page.select("main table tbody tr")
    }
    assert workers == {
        "DASH-A": emails[dataset.w1],
        "DASH-B": emails[dataset.w2],
        "DASH-C": "Not assigned",
        "DASH-D": emails[dataset.w1],
        "DASH-G": emails[dataset.w2],
    }
