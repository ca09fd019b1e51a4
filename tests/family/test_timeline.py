"""A calmer, shorter timeline: what is behind the family folded into one line that
opens (a <details>, no JavaScript), "You are here" first in view, each explanation given
once, the plan's age in months, dates with their weekday, times as the reader's language
writes them, and each item linking to the guide section that explains it."""

import datetime as dt

import pytest

from tests.family.conftest import page_text, path_of
from tests.family.plans import PLACE, held_reviews, initial, record

CORE_GROUP = "The core group meets to check that the plan is being carried out."


def ten_months_in():
    return record(
        conferences=[initial("2026-01-12"), *held_reviews("2026-04-09", "2026-10-08")],
        core_group_meetings=[
            {"date": "2026-01-22", "time": "10:00", "place": PLACE, "status": "held"},
            {"date": "2026-03-05", "time": "10:00", "place": PLACE, "status": "held"},
            {"date": "2026-06-11", "time": "10:00", "place": PLACE, "status": "held"},
            {"date": "2026-12-03", "time": "14:30", "place": PLACE, "status": "scheduled"},
        ],
    )


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def titles(items) -> list[str]:
    return [i.select_one(".portal-timeline__title strong").get_text() for i in items]


def guides(item) -> list[str]:
    return [
        a["href"]
        for a in item.select(".portal-timeline__links a")
        if not a["href"].endswith(".ics")
    ]


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_past_folds_into_one_line_and_you_are_here_comes_first(
    sign_in, get_page, today, words, lang
):
    today("2026-11-20")
    sign_in(ten_months_in(), lang)
    soup = get_page(f"/{lang}/my-plan")
    earlier = soup.select_one("details.portal-timeline-earlier")
    assert earlier is not None and not earlier.has_attr("open")
    folded = earlier.select(".portal-timeline__item")
    assert len(folded) == 6  # the initial conference, 2 reviews, 3 core groups
    summary = text_of(earlier.select_one("summary"))
    assert summary == words.plural(
        lang,
        "What has happened so far: %(num)d event",
        "What has happened so far: %(num)d events",
        6,
    )

    shown = soup.select("details.portal-timeline-earlier ~ ol.portal-timeline > li")
    assert shown[0]["id"] == "you-are-here"
    assert words(lang, "You are here") in text_of(shown[0])
    # 10 months and 8 days: said in months.
    started = words(
        lang, "Your plan started %(duration)s ago.", duration=words.duration(lang, 10, 0)
    )
    assert started in text_of(shown[0])
    assert words.duration(lang, 0, 8) not in text_of(shown[0])
    assert words(lang, "Today, %(date)s", date=words.weekday_date(lang, "2026-11-20")) in (
        text_of(shown[0])
    )
    # Ahead: the booked core group meeting, then the next review (not booked yet).
    assert titles(shown[1:3]) == [
        words(lang, "Core group meeting"),
        words(lang, "Review conference %(number)s", number=3),
    ]

    # Each explanation once in each part: the three past core group meetings say what a
    # core group is once; the one ahead says it again (the past may stay folded).
    folded_text = text_of(earlier)
    assert folded_text.count(words(lang, CORE_GROUP)) == 1
    ahead_text = " ".join(text_of(li) for li in shown)
    assert ahead_text.count(words(lang, CORE_GROUP)) == 1


@pytest.mark.parametrize(("lang", "time"), [("en", "2:30pm"), ("pl", "14:30"), ("ur", "2:30 PM")])
def test_dates_have_their_weekday_and_times_the_readers_convention(
    sign_in, get_page, today, words, lang, time
):
    today("2026-11-20")
    sign_in(ten_months_in(), lang)
    soup = get_page(f"/{lang}/my-plan")
    first = soup.select_one("details.portal-timeline-earlier .portal-timeline__item")
    assert text_of(first.select_one(".portal-timeline__date")) == words.weekday_date(
        lang, "2026-01-12"
    )
    booked = soup.select("details.portal-timeline-earlier ~ ol.portal-timeline > li")[1]
    assert text_of(booked.select_one(".portal-timeline__date")) == words.weekday_date(
        lang, "2026-12-03"
    )
    assert time in text_of(booked).replace("\u202f", " ")
    if lang == "en":
        assert text_of(first.select_one(".portal-timeline__date")) == "Monday 12 January 2026"
        assert "Time: 2:30pm" in text_of(booked)


def test_each_item_links_to_the_guide_that_explains_it(app, sign_in, get_page, today):
    today("2026-11-20")
    sign_in(ten_months_in())
    soup = get_page("/en/my-plan")
    base = app.config["PORTAL_BASE_URL"]
    folded = soup.select("details.portal-timeline-earlier .portal-timeline__item")
    shown = soup.select("details.portal-timeline-earlier ~ ol.portal-timeline > li")
    for item in folded + shown[1:]:
        links = guides(item)
        assert links, titles([item])
        # Full addresses, so that a printed plan says where to read more.
        assert all(href.startswith(f"{base}/en/parents/") for href in links)

    by_title = dict(zip(titles(folded), folded, strict=False))
    initial_links = [path_of(h) for h in guides(by_title["Initial child protection conference"])]
    assert initial_links == [
        "/en/parents/conferences#initial-conference",
        "/en/parents/your-rights",
        "/en/parents/conference-complaints",
    ]
    # Rights and complaints once in the folded part: the later conference keeps its own.
    review = next(i for i in folded if "Review conference 1" in text_of(i))
    assert [path_of(h) for h in guides(review)] == ["/en/parents/conferences#review-conferences"]
    core_group = next(i for i in folded if "Core group meeting" in text_of(i))
    assert [path_of(h) for h in guides(core_group)] == ["/en/parents/core-group"]
    # The conference ahead gives all three again: the folded part may never be opened.
    next_review = next(i for i in shown if "Review conference 3" in text_of(i))
    assert [path_of(h) for h in guides(next_review)] == [
        "/en/parents/conferences#review-conferences",
        "/en/parents/your-rights",
        "/en/parents/conference-complaints",
    ]
    # The link says which item it is about, for screen reader users listing links.
    about = next_review.select(".portal-timeline__links a:not([href$='.ics'])")[0]
    assert text_of(about) == "About this meeting : Review conference 3"


def test_an_ended_plan_keeps_its_end_in_view(sign_in, get_page, today, words):
    today("2026-11-20")
    sign_in(
        record(
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", last_decision="end"),
            ],
            ended={"date": "2026-10-09", "reason": "no_longer_at_risk"},
        )
    )
    soup = get_page("/en/my-plan")
    assert not soup.select(".portal-timeline__item--now")
    shown = soup.select("details.portal-timeline-earlier ~ ol.portal-timeline > li")
    assert titles(shown) == ["The plan ended"]
    assert [path_of(h) for h in guides(shown[0])] == ["/en/parents/how-plans-end"]
    assert "What has happened so far: 3 events" in page_text(soup)


def test_a_new_plan_says_its_age_in_days(sign_in, get_page, today):
    today("2026-11-06")
    sign_in(record(start="2026-11-02"))
    marker = get_page("/en/my-plan").select_one("#you-are-here")
    assert "Your plan started 4 days ago." in text_of(marker)
    assert dt.date(2026, 11, 6).strftime("%A") in text_of(marker)


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_what_is_late_stays_in_view_after_you_are_here(sign_in, get_page, today, words, lang):
    """A review that is overdue, or a meeting whose date passed without being confirmed,
    has not happened: it is never folded into "what has happened so far", but shown
    straight after "You are here", in date order, marked late."""
    today("2026-06-01")
    sign_in(
        record(
            conferences=[initial("2026-01-12")],  # review 1 due by 12 April: not held
            core_group_meetings=[
                {"date": "2026-01-22", "time": "10:00", "place": PLACE, "status": "held"},
                {"date": "2026-03-05", "time": "10:00", "place": PLACE, "status": "scheduled"},
            ],
        ),
        lang,
    )
    soup = get_page(f"/{lang}/my-plan")
    earlier = soup.select_one("details.portal-timeline-earlier")
    review = words(lang, "Review conference %(number)s", number=1)
    meeting = words(lang, "Core group meeting")
    assert titles(earlier.select(".portal-timeline__item")) == [
        words(lang, "Initial child protection conference"),
        meeting,  # held 22 January: the only meeting that has happened
    ]
    shown = soup.select("details.portal-timeline-earlier ~ ol.portal-timeline > li")
    assert shown[0]["id"] == "you-are-here"
    # Booked for 5 March but not confirmed, then the review due by 12 April: date order.
    late = shown[1:3]
    assert titles(late) == [meeting, review]
    tags = [text_of(item.select_one(".govuk-tag")) for item in late]
    assert tags == [words(lang, "Not updated yet"), words(lang, "Overdue")]
    assert all("portal-timeline__item--late" in item["class"] for item in late)
    assert titles(shown[3:]) == [words(lang, "Your child's 18th birthday")]
    assert "portal-timeline__item--late" not in shown[3]["class"]


def test_on_an_ended_plan_nothing_is_kept_out_of_the_past_as_late(sign_in, get_page, today):
    """Once a plan has ended, a meeting left unconfirmed is part of what has happened."""
    today("2026-11-20")
    sign_in(
        record(
            conferences=[
                initial("2026-01-12"),
                *held_reviews("2026-04-09", "2026-10-09", last_decision="end"),
            ],
            core_group_meetings=[
                {"date": "2026-09-03", "time": "10:00", "place": PLACE, "status": "scheduled"}
            ],
            ended={"date": "2026-10-09", "reason": "no_longer_at_risk"},
        )
    )
    soup = get_page("/en/my-plan")
    assert not soup.select(".portal-timeline__item--late")
    folded = soup.select("details.portal-timeline-earlier .portal-timeline__item")
    assert "Core group meeting" in titles(folded)
    shown = soup.select("details.portal-timeline-earlier ~ ol.portal-timeline > li")
    assert titles(shown) == ["The plan ended"]
