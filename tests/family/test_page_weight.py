"""The family plan page fits its budget: 60 KB gzip with its stylesheet and script, for a
long plan (two years of reviews and meetings, several outcomes), in every script."""

import datetime as dt

import pytest

from tests.family.plans import held_reviews, initial, record
from tests.public.test_page_weight import page_weight

PLAN_BUDGET = 60 * 1024
WORDS = "Everyone agreed what will happen next and who will do it by when. " * 4


def long_plan() -> dict:
    start = dt.date(2024, 6, 3)
    meetings = [
        {
            "date": (start + dt.timedelta(days=10 + 42 * n)).isoformat(),
            "time": "10:00",
            "place": "Family centre, Room 2",
            "status": "held",
        }
        for n in range(16)
    ]
    outcomes = [
        {
            "goal": f"Goal {n}: {WORDS}",
            "actions": [
                {
                    "action": f"Action {n}.{a}: {WORDS}",
                    "who": "School",
                    "by": None,
                    "status": "open",
                }
                for a in range(4)
            ],
        }
        for n in range(3)
    ]
    return record(
        profile="twenty-one-month-policy",
        start=start.isoformat(),
        conferences=[
            initial(start.isoformat()),
            *held_reviews("2024-09-02", "2025-03-03", "2025-09-01", "2026-03-02"),
        ],
        core_group_meetings=meetings,
        concerns=[WORDS] * 4,
        child_needs=[WORDS] * 3,
        parent_needs=[WORDS] * 3,
        strengths=[WORDS] * 3,
        outcomes=outcomes,
    )


@pytest.mark.parametrize("lang", ["en", "ar", "bn"])
@pytest.mark.parametrize("page", ["/my-plan", "/my-plan/young-person"])
def test_the_family_pages_of_a_long_plan_fit_the_budget(client, sign_in, today, lang, page):
    today("2026-05-01")
    sign_in(long_plan(), lang=lang)
    url = f"/{lang}{page}"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    if page == "/my-plan":
        assert html.count('class="portal-timeline__item') >= 25, "the whole two years are shown"
    weight, assets = page_weight(client, url)
    assert weight <= PLAN_BUDGET, f"{url}: {weight} bytes with {assets}"
    assert not any(a.endswith((".woff", ".woff2", ".ttf")) for a in assets), "no web fonts"
