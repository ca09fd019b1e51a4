"""Plans reaching 9, 15, 21 and 24 months in the next 8 weeks, with each profile's milestone."""

from tests.dashboard.conftest import DAY, record, references
from tests.fixtures.words import milestone_ids_in, translated

URL = "/en/professional/dashboard/approaching"
ON = f"on={DAY.isoformat()}"


def _sections(page) -> dict[str, list[str]]:
    sections = {}
    for heading in page.select("main h2"):
        table = heading.find_next("table")
        next_heading = heading.find_next("h2")
        inside = table is not None and (
            next_heading is None or table.sourceline < next_heading.sourceline
        )
        sections[heading.get_text(strip=True)] = (
            [th.get_text(strip=True) for th in table.select("tbody th")] if inside else []
        )
    return sections


def test_plans_reaching_each_length_in_the_next_eight_weeks(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}")
    assert _sections(page) == {
        "Reaching 9 months": ["DASH-G"],  # started 1 October 2025: 9 months on 1 July
        "Reaching 15 months": [],
        "Reaching 21 months": [],
        # A reaches 24 months on the day itself, B the day after.
        "Reaching 24 months": ["DASH-A", "DASH-B"],
    }
    text = page.get_text(" ", strip=True)
    assert "from 15 June 2026 to 10 August 2026" in text


def test_each_plan_shows_its_profiles_milestone_at_that_point(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}")
    nine = page.select_one("#caption-9").find_parent("table")
    cells = [td.get_text(" ", strip=True) for td in nine.select("tbody td")]
    assert cells[0] == "Gus" and cells[1] == "West Sussex"
    assert cells[3] == "1 Jul 2026"
    assert cells[4] == "Group manager review"
    twenty_four = page.select_one("#caption-24").find_parent("table")
    assert "None in this profile" in twenty_four.get_text()
    # The procedures' own words for the professional, once per profile, under each name.
    details = page.select_one("#months-9").find_next("details")
    guidance = details.get_text(" ", strip=True)
    assert "West Sussex" in guidance and "reviewed by a group manager" in guidance
    assert "Stoke-on-Trent" in guidance and "If review conference #2" in guidance
    names = [strong.get_text(strip=True) for strong in details.select("strong")]
    assert names == ["Line manager review", "Group manager review"]
    assert milestone_ids_in(dataset.portal.app, page.select_one("main").get_text()) == []


def test_milestones_are_named_in_the_readers_language(dataset):
    app = dataset.portal.app
    page = dataset.viewer().page(f"/pl/professional/dashboard/approaching?{ON}")
    group_review = translated(app, "pl", "Group manager review")
    assert group_review != "Group manager review"  # the Polish catalog names it
    nine = page.select_one("#caption-9").find_parent("table")
    assert nine.select("tbody td")[4].get_text(" ", strip=True) == group_review
    guidance = page.select_one("#months-9").find_next("details")
    names = [strong.get_text(strip=True) for strong in guidance.select("strong")]
    assert names == [translated(app, "pl", "Line manager review"), group_review]
    assert milestone_ids_in(app, page.select_one("main").get_text()) == []


def test_a_long_list_is_cut_short_with_a_link_to_all_of_it(portal):
    for n in range(12):
        portal.store(record(f"2024-06-{15 + n:02d}", reference=f"L-{n:02d}"))
    portal.sign_in("manager")
    page = portal.page(f"{URL}?{ON}")
    assert len(page.select_one("#caption-24").find_parent("table").select("tbody tr")) == 10
    link = next(a for a in page.select("main a") if "Show all 12 plans" in a.get_text())
    assert "months=24" in link["href"] and ON in link["href"]
    everything = portal.page(link["href"])
    assert references(everything) == [f"L-{n:02d}" for n in range(12)]
    assert [h.get_text(strip=True) for h in everything.select("main h2")] == ["Reaching 24 months"]


def test_a_length_that_is_not_offered_is_refused(dataset):
    page = dataset.viewer().page(f"{URL}?{ON}&months=10", status=400)
    assert "Choose 9, 15, 21 or 24 months" in page.select_one(".govuk-error-summary").get_text()
