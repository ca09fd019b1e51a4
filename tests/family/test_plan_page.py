"""The plan page in every state a family can meet, in English and in Urdu (right to left).

Each state fixes "today", stores a record through the records service, signs in with a
family link and checks what the page says: what is next, the timeline, how long the
plan has lasted and, for each procedure profile, its next escalation point.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from tests.family.conftest import page_text, path_of
from tests.family.plans import PLACE, held_reviews, initial, record

LANGS = ["en", "ur"]
D = dt.date.fromisoformat

NEW_CORE_GROUP = (
    "The next core group meeting should happen by %(date)s. Your social "
    "worker will tell you the exact date."
)
NEW_REVIEW = (
    "The next review conference should happen by %(date)s. Your social worker "
    "will tell you the exact date."
)
LATE_REVIEW = (
    "The next review conference was due on %(date)s. Your social worker will tell you the new date."
)
LATE_CORE_GROUP = (
    "The next core group meeting was due by %(date)s. Your social worker "
    "will tell you the new date."
)
NOT_UPDATED_CORE_GROUP = (
    "The core group meeting was planned for %(date)s. It may have "
    "happened already: your plan may not be up to date yet."
)
ENDED = "Your child's plan ended on %(date)s. There are no more meetings for this plan."
LEGAL_HEADING = "Legal planning and the Public Law Outline"
NEXT_CHECK_HEADING = "The next check in your council's procedure"
CONDITION = (
    "This only happens if review conference %(number)s decides that the plan should carry on."
)
CONDITION_PROGRESS = (
    "This only happens if review conference %(number)s decides that the plan should "
    "carry on because things have not got better quickly enough."
)


@dataclass
class State:
    data: dict
    today: str
    says: list[tuple[str, dict]] = field(default_factory=list)  # (message, values)
    next_check: tuple[str, str] | None = None  # (title, due date)
    legal: bool = False
    calendar_keys: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    age: tuple[int, int] | None = None


def meetings(*items):
    """Core group meetings: (date, status) or (date, status, time, place)."""
    out = []
    for item in items:
        day, status, *rest = item
        time, place = (rest + [None, None])[:2]
        out.append({"date": day, "time": time, "place": place, "status": status})
    return out


STATES = {
    "new-plan": State(
        record(start="2026-11-02"),
        "2026-11-06",
        says=[
            (NEW_CORE_GROUP, {"date": D("2026-11-16")}),  # 10 working days
            (NEW_REVIEW, {"date": D("2027-02-02")}),  # 3 months
            (
                "Your plan reaches %(months)s months on %(date)s.",
                {"months": 3, "date": D("2027-02-02")},
            ),
        ],
        calendar_keys=("core-group-1", "review-conference-1"),
        tags=("Held", "Not booked yet"),
        age=(0, 4),
    ),
    "overdue-review-and-core-group": State(
        record(
            "greenwich",
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=meetings(
                ("2026-01-22", "held", "10:00", PLACE), ("2026-03-01", "held")
            ),
        ),
        "2026-11-20",
        says=[
            (LATE_REVIEW, {"date": D("2026-10-09")}),  # 6 months after review 1
            (LATE_CORE_GROUP, {"date": D("2026-05-03")}),
        ],  # 9 weeks after meeting 2 (Greenwich)
        tags=("Overdue", "Held"),
        age=(10, 8),
    ),
    # National guidance sets no interval between core group meetings: once one is
    # recorded, nothing is projected, so nothing can be shown as overdue.
    "england-no-core-group-interval": State(
        record(
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=meetings(("2026-01-22", "held"), ("2026-03-01", "held")),
        ),
        "2026-09-20",
        says=[
            (NEW_REVIEW, {"date": D("2026-10-09")}),
            (
                "National guidance does not say how often the core group meets after the "
                "first meeting. The core group agrees this together, so no date is shown "
                "for the next meeting until it is booked.",
                {},
            ),
        ],
        tags=("Held", "Not booked yet"),
        calendar_keys=("review-conference-2",),
    ),
    # A plan transferred in from another council: its age counts from the day it
    # began there; the first item is the transfer-in conference.
    "transferred-in": State(
        record(
            "greenwich",
            conferences=[{"kind": "transfer_in", "date": "2026-01-12", "status": "held"}],
            on_plan_since="2025-07-01",
            core_group_meetings=meetings(("2026-01-20", "held")),
        ),
        "2026-02-01",
        says=[
            (NEW_REVIEW, {"date": D("2026-04-12")}),  # 3 months after the transfer-in
            (NEW_CORE_GROUP, {"date": D("2026-03-24")}),  # 9 weeks after meeting 1
        ],
        tags=("Held",),
        age=(7, 0),
        calendar_keys=("core-group-2", "review-conference-1"),
    ),
    "booked-core-group": State(
        record(
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=meetings(
                ("2026-01-22", "held"), ("2026-12-03", "scheduled", "14:30", PLACE)
            ),
        ),
        "2026-11-20",
        calendar_keys=("core-group-2",),
        tags=("Booked",),
    ),
    "scheduled-date-passed": State(
        record(
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
            core_group_meetings=meetings(
                ("2026-01-22", "held"), ("2026-11-10", "scheduled", "14:00", PLACE)
            ),
        ),
        "2026-11-20",
        says=[(NOT_UPDATED_CORE_GROUP, {"date": D("2026-11-10")})],
        tags=("Not updated yet",),
    ),
    "stoke-line-manager-review": State(
        record(
            "stoke-on-trent",
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09"),
                held_reviews("2026-10-09")[0] | {"progress": "insufficient"},
            ],
        ),
        "2026-11-20",
        says=[(CONDITION, {"number": 3})],  # the senior managers' review depends on review 3
        next_check=("Managers' review of the plan", "2027-01-09"),
        tags=("Coming up", "Only if needed"),
        calendar_keys=("review-conference-3",),
    ),
    # Review 2 continued the plan but its progress is not recorded: the line manager
    # review is only a possibility, and the page says why.
    "stoke-line-manager-review-if-no-progress": State(
        record(
            "stoke-on-trent",
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09", "2026-10-09")],
        ),
        "2026-11-20",
        says=[(CONDITION_PROGRESS, {"number": 2}), (CONDITION, {"number": 3})],
        next_check=("Managers' review of the plan", "2027-01-09"),
        tags=("Only if needed",),
        calendar_keys=("review-conference-3",),
    ),
    "stoke-senior-manager-review": State(
        record(
            "stoke-on-trent",
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", "2027-04-09"),
            ],
            milestones_done=[{"id": "line-manager-review", "date": "2026-12-15"}],
        ),
        "2027-05-01",
        next_check=("Senior managers' review of the plan", "2027-07-09"),
        tags=("Done",),
        age=(15, 19),
        calendar_keys=("review-conference-4",),
    ),
    "twenty-one-month-chair-mid-point": State(
        record(
            "twenty-one-month-policy",
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09", "2026-10-09")],
        ),
        "2026-12-20",
        next_check=("Chair's one-year check", "2027-01-12"),
        calendar_keys=("review-conference-3",),
    ),
    "twenty-one-month-legal-planning": State(
        record(
            "twenty-one-month-policy",
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", "2027-04-09"),
            ],
            milestones_done=[{"id": "chair-mid-point-review", "date": "2027-01-14"}],
        ),
        "2027-04-15",
        next_check=("Legal planning meeting", "2027-04-23"),  # 2 weeks after review 3
        legal=True,
        calendar_keys=("review-conference-4",),
    ),
    "twenty-one-month-qa-review": State(
        record(
            "twenty-one-month-policy",
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", "2027-04-09"),
            ],
            milestones_done=[
                {"id": "chair-mid-point-review", "date": "2027-01-14"},
                {"id": "legal-planning-meeting", "date": "2027-04-20"},
            ],
        ),
        "2027-06-20",
        next_check=("Quality check at 18 months", "2027-07-12"),
        legal=True,
        calendar_keys=("review-conference-4",),
    ),
    "west-sussex-nine-months": State(
        record("west-sussex", conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")]),
        "2026-09-20",
        next_check=("Group manager's review", "2026-10-12"),
        calendar_keys=("review-conference-2",),
    ),
    # No dated legal gateway at 15 months (timeline rules version 2): the next check
    # is the group manager's review at 16 months.
    "west-sussex-fifteen-months": State(
        record(
            "west-sussex",
            conferences=[initial("2026-01-12"), *held_reviews("2026-04-09", "2026-10-09")],
            milestones_done=[{"id": "group-manager-review", "date": "2026-10-15"}],
        ),
        "2027-03-20",
        next_check=("Group manager's review at 16 months", "2027-05-12"),
        legal=True,
        calendar_keys=("review-conference-3",),
    ),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(STATES))
def test_open_plan_states(sign_in, get_page, today, words, name, lang):
    state = STATES[name]
    today(state.today)
    sign_in(state.data, lang)
    soup = get_page(f"/{lang}/my-plan")
    text = page_text(soup)

    for message, values in state.says:
        assert words(lang, message, **values) in text, message
    if state.age:
        marker = soup.select_one(".portal-timeline__item--now")
        months, days = state.age
        assert words(
            lang, "Your plan started %(duration)s ago.", duration=words.plan_age(lang, months, days)
        ) in page_text_of(marker)
    for tag in state.tags:
        assert words(lang, tag) in [t.get_text(strip=True) for t in soup.select(".govuk-tag")]

    # The next meetings offer a calendar file for each meeting still ahead; the timeline
    # offers the feed.
    first_screen = soup.select_one(".portal-first-screen")
    links = [a["href"] for a in first_screen.select("a[href$='.ics']")]
    assert sorted(links) == sorted(
        f"/{lang}/my-plan/calendar/{key}.ics" for key in state.calendar_keys
    )
    assert section(soup, "timeline").select_one(
        f"form[action='/{lang}/my-plan/calendar/subscribe']"
    )

    how_long = page_text_of(section(soup, "how-long"))
    if state.next_check:
        title, due = state.next_check
        assert words(lang, NEXT_CHECK_HEADING) in how_long
        assert words(lang, title) in how_long
        assert words(lang, "Due by %(date)s", date=words.weekday_date(lang, due)) in how_long
    legal_links = {path_of(a["href"]) for a in section(soup, "how-long").select("a")}
    assert (words(lang, LEGAL_HEADING) in how_long) is state.legal
    assert (f"/{lang}/parents/how-long-plans-last#court-and-the-plo" in legal_links) is state.legal
    assert (f"/{lang}/parents/your-rights" in legal_links) is state.legal


def test_a_transferred_in_plan_starts_with_its_transfer_in_conference(sign_in, get_page, today):
    state = STATES["transferred-in"]
    today(state.today)
    sign_in(state.data)
    soup = get_page("/en/my-plan")
    first = soup.select_one("ol.portal-timeline > li.portal-timeline__item")
    assert first.select_one(".portal-timeline__title strong").get_text() == "Transfer-in conference"
    assert "The plan began in another council and carries on here." in page_text_of(first)


def test_the_timeline_runs_in_date_order_with_you_are_here_at_today(sign_in, get_page, today):
    state = STATES["overdue-review-and-core-group"]
    today(state.today)
    sign_in(state.data)
    soup = get_page("/en/my-plan")
    items = soup.select("ol.portal-timeline > li.portal-timeline__item")
    titles = [i.select_one(".portal-timeline__title strong").get_text() for i in items]
    # What has happened, in date order; then "You are here"; then what is late (due,
    # not held), in date order and marked late; then what lies ahead.
    assert titles[:8] == [
        "Initial child protection conference",
        "Core group meeting",  # held 22 January
        "Core group meeting",  # held 1 March
        "Review conference 1",  # held 9 April
        "You are here",
        "Core group meeting",  # #3, due 3 May: overdue
        "Review conference 2",  # due 9 October: overdue
        "Your child's 18th birthday",
    ]
    assert "Today, Friday 20 November 2026" in page_text_of(items[4])
    # Each item says its date and its status in words, not colour alone.
    for item in items:
        assert item.select_one(".portal-timeline__date").get_text(strip=True)
        assert item.select_one(".govuk-tag").get_text(strip=True)
    late = items[5:7]
    assert page_text_of(late[0]).startswith("Was due by Sunday 3 May 2026")
    assert page_text_of(late[1]).startswith("Was due by Friday 9 October 2026")
    assert [i.select_one(".govuk-tag").get_text(strip=True) for i in late] == ["Overdue"] * 2
    assert all("portal-timeline__item--late" in i["class"] for i in late)
    assert "Time: 10am" in page_text_of(items[1])  # GOV.UK style: 12-hour in English


END_REASONS = {
    "no_longer_at_risk": "no-longer-at-risk",
    "moved_area": "moved-area",
    "turned_18": "turned-18",
    "looked_after": "looked-after",
    "ended_by_letter": "ended-by-letter",
    "died": None,
    "left_uk": None,
}


def ended_record(reason: str) -> dict:
    if reason == "no_longer_at_risk":
        return record(
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", last_decision="end"),
            ],
            ended={"date": "2026-10-09", "reason": reason},
        )
    child = {"first_name": "Zofiaxq", "date_of_birth": "2008-09-01"}
    return record(
        conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
        ended={"date": "2026-09-01", "reason": reason},
        **({"child": child} if reason == "turned_18" else {}),
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("reason", list(END_REASONS))
def test_ended_plans(sign_in, get_page, today, words, reason, lang):
    today("2026-11-20")
    sign_in(ended_record(reason), lang)
    soup = get_page(f"/{lang}/my-plan")
    end = "2026-10-09" if reason == "no_longer_at_risk" else "2026-09-01"
    whats_next = page_text_of(section(soup, "whats-next"))
    assert words(lang, ENDED, date=D(end)) in whats_next
    assert not soup.select("form[action$='/calendar/subscribe']")
    assert not soup.select("a[href$='.ics']")
    assert not soup.select(".portal-timeline__item--now")

    last = soup.select("ol.portal-timeline > li")[-1]
    assert words(lang, "The plan ended") in page_text_of(last)
    assert words(lang, "Ended") in page_text_of(last)

    how_long = section(soup, "how-long")
    lasted = (8, 27) if reason == "no_longer_at_risk" else (7, 20)
    assert words(
        lang,
        "Your child's plan ended on %(date)s. It lasted %(duration)s.",
        date=D(end),
        duration=words.plan_age(lang, *lasted),
    ) in page_text_of(how_long)
    anchor = END_REASONS[reason]
    guide_links = [path_of(a["href"]) for a in how_long.select("a[href*='how-plans-end']")]
    if anchor:
        assert guide_links == [f"/{lang}/parents/how-plans-end#{anchor}"]
    else:
        assert guide_links == []


def test_ended_plan_sentences_are_plain_english(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(ended_record("died"))
    text = page_text(get_page("/en/my-plan"))
    assert "This plan ended because your child died. We are so sorry." in text
    assert "It lasted 7 months." in text


def test_the_sections_come_in_order(sign_in, get_page, today):
    """The first screen's four answers, then the plan in brief, the timeline, who is
    involved and how long plans last."""
    today("2026-11-20")
    sign_in(STATES["overdue-review-and-core-group"].data)
    soup = get_page("/en/my-plan")
    ids = [h["id"] for h in soup.select("h2[id]")]
    assert ids == [
        "next-meeting-title",
        "who-to-call-title",
        "my-actions-title",
        "later-meetings-title",
        "plan-contents-title",
        "your-plan",
        "timeline",
        "who-is-involved",
        "how-long",
    ]
    assert soup.select_one("a[href='/en/my-plan/young-person']")


def test_national_figures_are_the_published_ones(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(record())
    text = page_text_of(section(get_page("/en/my-plan"), "how-long"))
    assert "70.4% had lasted less than a year" in text
    assert "4.4% of them (2,710 plans) had lasted 2 years or more" in text
    assert "year ending 31 March 2025" in text


def test_stoke_has_no_legal_section_even_after_15_months(sign_in, get_page, today):
    state = STATES["stoke-senior-manager-review"]
    today(state.today)
    sign_in(state.data)
    assert LEGAL_HEADING not in page_text(get_page("/en/my-plan"))


# --- helpers ------------------------------------------------------------------------------


def page_text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def section(soup, section_id: str):
    """A wrapper holding an h2 and everything up to the next h2."""
    from bs4 import BeautifulSoup

    found = soup.select_one(f"#{section_id}")
    if found.name != "h2":  # a section of its own, such as the first screen's card
        return found
    heading = found
    parts = []
    for sibling in heading.next_siblings:
        if getattr(sibling, "name", None) == "h2":
            break
        parts.append(str(sibling))
    return BeautifulSoup("<div>" + "".join(parts) + "</div>", "html.parser").div


@pytest.mark.parametrize(
    ("lang", "joined"), [("en", "Health <visitor>, A & B"), ("ar", "Health <visitor>، A & B")]
)
def test_a_members_role_and_agency_are_joined_in_the_readers_language(
    sign_in, get_page, today, lang, joined
):
    today("2026-11-20")
    data = record()
    data["core_group"][1] = {**data["core_group"][1], "role": "Health <visitor>", "agency": "A & B"}
    sign_in(data, lang=lang)
    soup = get_page(f"/{lang}/my-plan")
    rows = {
        " ".join(row.dt.get_text().split()): " ".join(row.dd.get_text().split())
        for row in section(soup, "who-is-involved").select(".govuk-summary-list__row")
    }
    assert rows["Jo Reedqz"] == joined, (
        "escaped text shows as written, joined by the language's comma"
    )
    assert rows["Anna Nowakqz"].startswith("Mother")
