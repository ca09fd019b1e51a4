"""What is late on an open plan, as a frightened parent reads it: the family's own late
meetings first after "You are here", marked Overdue or Not updated yet; then the
professionals' checks not recorded as done, in grey, in the past tense, saying that the
family does not go to them. Each late item keeps its own explanation, and its date reads
as a date gone by."""

import pytest

from tests.family.plans import PLACE, held_reviews, initial, record

CHECK_LINE = "Families do not go to this check. You do not need to do anything."
LEGAL_LINE = (
    "Families do not go to this meeting. It is not a decision to go to court. "
    "You do not need to do anything."
)
NOT_UPDATED = "This date has passed. Your plan may not be up to date yet."


def twenty_one_months_in():
    """The 21-month policy on 7 December 2026, 21 months in: review 4 was due by
    21 November and is not held, two core group meetings went by unconfirmed, and the
    one-year check, the legal planning meeting (review 3 found too little progress) and
    the 18-month quality check are not recorded as done."""
    reviews = held_reviews("2025-05-29", "2025-11-27", "2026-05-21")
    reviews[2]["progress"] = "insufficient"
    return record(
        profile="twenty-one-month-policy",
        start="2025-03-03",
        conferences=[initial("2025-03-03"), *reviews],
        core_group_meetings=[
            {"date": "2026-10-29", "time": "10:00", "place": PLACE, "status": "held"},
            {"date": "2026-11-12", "time": "10:00", "place": PLACE, "status": "scheduled"},
            {"date": "2026-11-26", "time": "10:00", "place": PLACE, "status": "scheduled"},
        ],
    )


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def title(item) -> str:
    return item.select_one(".portal-timeline__title strong").get_text()


def details(item) -> list[str]:
    return [text_of(p) for p in item.select(".portal-timeline__detail")]


@pytest.fixture
def shown(sign_in, get_page, today):
    """The timeline after the fold, for a language: "You are here" and what follows."""

    def show(lang):
        today("2026-12-07")
        sign_in(twenty_one_months_in(), lang)
        soup = get_page(f"/{lang}/my-plan")
        return soup.select("details.portal-timeline-earlier ~ ol.portal-timeline > li")

    return show


@pytest.mark.parametrize("lang", ["en", "ur", "pl"])
def test_late_checks_come_after_the_familys_late_meetings_in_grey(shown, words, lang):
    items = shown(lang)
    assert items[0]["id"] == "you-are-here"
    meeting = words(lang, "Core group meeting")
    checks = [
        words(lang, "Chair's one-year check"),
        words(lang, "Legal planning meeting"),
        words(lang, "Quality check at 18 months"),
    ]
    # Date order within each group: the family's own meetings, then the checks.
    assert [title(i) for i in items[1:7]] == [
        meeting,
        words(lang, "Review conference %(number)s", number=4),
        meeting,
        *checks,
    ]
    late_checks = items[4:7]
    for item in late_checks:
        tag = item.select_one(".govuk-tag")
        assert text_of(tag) == words(lang, "Not recorded yet")
        assert "govuk-tag--grey" in tag["class"]
        assert "portal-timeline__item--late" in item["class"]
    assert words(lang, "Overdue") not in " ".join(text_of(i) for i in late_checks)
    assert text_of(items[2].select_one(".govuk-tag")) == words(lang, "Overdue")
    assert details(late_checks[0])[-1] == words(lang, CHECK_LINE)
    assert details(late_checks[1])[-1] == words(lang, LEGAL_LINE)


def test_a_late_check_says_in_the_past_tense_when_it_was_due(shown, words):
    items = shown("en")
    one_year, legal, quality = items[4:7]
    assert details(one_year) == ["This check was due when your plan reached 12 months.", CHECK_LINE]
    assert details(legal) == [
        "This meeting was due within 2 weeks of review conference 3.",
        LEGAL_LINE,
    ]
    assert details(quality) == ["This check was due when your plan reached 18 months.", CHECK_LINE]


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_each_late_item_keeps_its_own_explanation_on_screen_and_paper(shown, words, lang):
    items = shown(lang)
    first_meeting, second_meeting = items[1], items[3]
    for meeting in (first_meeting, second_meeting):
        note = meeting.select(".portal-timeline__detail")[-1]
        assert text_of(note) == words(lang, NOT_UPDATED)
        assert "portal-print-skip" not in note["class"]
    for check in (items[4], items[6]):  # the two with the same family line
        lines = check.select(".portal-timeline__detail")
        assert text_of(lines[-1]) == words(lang, CHECK_LINE)
        assert not any("portal-print-skip" in p["class"] for p in lines)


@pytest.mark.parametrize("lang", ["en", "ur", "pl"])
def test_a_late_items_date_reads_as_gone_by(shown, words, lang):
    items = shown(lang)
    due = {2: "2026-11-21", 4: "2026-03-03", 5: "2026-06-04", 6: "2026-09-03"}
    for index, day in due.items():  # the review and the checks
        assert text_of(items[index].select_one(".portal-timeline__date")) == words(
            lang, "Was due by %(date)s", date=words.weekday_date(lang, day)
        )
    # What is still ahead is due by a date, not "was": the next core group meeting.
    assert title(items[7]) == words(lang, "Core group meeting")
    assert text_of(items[7].select_one(".portal-timeline__date")) == words(
        lang, "Due by %(date)s", date=words.weekday_date(lang, "2027-01-07")
    )


def test_urdu_and_polish_say_late_and_ahead_in_their_own_words(words):
    assert words("ur", "Was due by %(date)s", date="X") == "X تک ہونا تھا"
    assert words("ur", "Overdue") == "وقت گزر گیا"
    assert words("pl", "Was due by %(date)s", date="X") == "Termin minął: X"
    assert words("pl", "Coming up") == "Przed nami"  # "Wkrótce" said "soon"


def test_the_folded_past_says_on_paper_where_it_is(shown, words):
    items = shown("en")
    soup = items[0].find_parent("main")
    paper = soup.select_one("details.portal-timeline-earlier + .portal-timeline-earlier__paper")
    folded = len(soup.select("details.portal-timeline-earlier .portal-timeline__item"))
    assert text_of(paper) == f"{folded} earlier events are on the website."
