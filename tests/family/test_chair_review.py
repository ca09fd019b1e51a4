"""What a family reads where an independent conference chair found the page misleading:
legal steps offered to a child of 17, a plan left open past the 18th birthday, a date
counted from a review that never happened, and reviews counted after a move."""

import datetime as dt
import re

import pytest

from tests.family.conftest import page_text
from tests.family.plans import held_reviews, initial, record

LANGS = ["en", "ar"]


def items(soup):
    return [" ".join(li.get_text(" ").split()) for li in soup.select(".portal-timeline__item")]


def sentences_about_legal_steps(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if "legal steps" in s]


def test_a_child_of_17_is_never_told_the_council_may_take_legal_steps(
    sign_in, get_page, today, words
):
    # West Sussex, 16 months on a plan, the child turned 17 two days ago: no care or
    # supervision order can be made (Children Act 1989 s.31(3)).
    today("2027-06-01")
    data = record(profile="west-sussex", start="2026-02-01")
    data["child"]["date_of_birth"] = "2010-05-30"
    sign_in(data)
    text = page_text(get_page("/en/my-plan"))
    assert (
        words(
            "en",
            "Your plan has lasted more than 15 months. Plans that last this long get extra checks.",
        )
        in text
    )
    assert "the council may think about legal steps" not in text
    # what the profile says about the manager's reviews is said only of a younger child
    said = sentences_about_legal_steps(text)
    assert said, "the group manager reviews are on the page"
    assert all("under 17" in s for s in said), said


def test_the_21_month_policys_legal_planning_meeting_says_legal_steps_are_under_17(
    sign_in, get_page, today
):
    reviews = held_reviews("2026-04-12", "2026-10-12", "2027-04-12")
    reviews[2]["progress"] = "insufficient"  # the legal planning meeting applies
    data = record(
        profile="twenty-one-month-policy",
        conferences=[initial("2026-01-12"), *reviews],
        core_group_meetings=[{"date": "2027-04-20", "status": "held"}],
    )
    data["child"]["date_of_birth"] = "2010-04-01"  # 17 on 1 April 2027
    today("2027-04-20")
    sign_in(data)
    said = sentences_about_legal_steps(page_text(get_page("/en/my-plan")))
    assert said, "the legal planning meeting is on the page"
    assert all("under 17" in s for s in said), said


def test_a_younger_child_still_reads_about_legal_steps_at_15_months(sign_in, get_page, today):
    today("2027-06-01")
    data = record(profile="west-sussex", start="2026-02-01")
    data["child"]["date_of_birth"] = "2014-05-30"
    sign_in(data)
    text = page_text(get_page("/en/my-plan"))
    assert "the council may think about legal steps" in text


def open_after_the_18th_birthday():
    # the first review was due 15 June 2027, so it is due by the birthday, 1 June 2027
    data = record(
        start="2027-03-15",
        conferences=[initial("2027-03-15")],
        core_group_meetings=[{"date": "2027-03-25", "status": "held"}],
    )
    data["child"]["date_of_birth"] = "2009-06-01"
    return data


ENDED_AT_18 = (
    "Your child has turned 18. The plan should have ended at the review around their "
    "birthday. Ask your social worker to confirm that it has ended."
)


@pytest.mark.parametrize("lang", LANGS)
def test_a_plan_left_open_past_the_18th_birthday_should_have_ended(
    sign_in, get_page, today, words, lang
):
    today("2027-07-10")
    sign_in(open_after_the_18th_birthday(), lang)
    soup = get_page(f"/{lang}/my-plan")
    text = page_text(soup)
    assert words(lang, ENDED_AT_18) in text
    review = [i for i in items(soup) if words(lang, "Review conference %(number)s", number=1) in i]
    assert len(review) == 1 and words(lang, ENDED_AT_18) in review[0]
    for misleading in (
        "The date has passed. Your social worker will tell you the new date.",
        "The next review conference was due on %(date)s. Your social worker will tell you "
        "the new date.",
        "Your child is 17 or older. A court cannot make a care order or a supervision order "
        "for a young person of this age, so the council cannot start care proceedings. The "
        "plan can carry on until your child turns 18.",
    ):
        assert words(lang, misleading, date=dt.date(2027, 6, 1)) not in text


def stoke_second_review_not_held():
    # review 2 was due on 20 November 2026 and has not been recorded
    return record(
        profile="stoke-on-trent",
        start="2026-02-20",
        conferences=[initial("2026-02-20"), *held_reviews("2026-05-20")],
        core_group_meetings=[{"date": "2026-06-01", "status": "held"}],
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_check_waiting_on_a_late_review_is_not_dated_from_it(
    sign_in, get_page, today, words, lang
):
    today("2027-01-20")
    sign_in(stoke_second_review_not_held(), lang)
    soup = get_page(f"/{lang}/my-plan")
    text = page_text(soup)
    review = [i for i in items(soup) if words(lang, "Managers' review of the plan") in i]
    assert len(review) == 1
    span = words.plural(lang, "%(num)d month", "%(num)d months", 3).replace("%(num)d", "3")
    within = words(lang, "Within %(span)s of review conference %(number)s", span=span, number=2)
    assert within in review[0]
    counted_from_the_missed_date = words(
        lang, "Due by %(date)s", date=words.weekday_date(lang, "2027-02-20")
    )
    assert counted_from_the_missed_date not in text


def stoke_transferred_in():
    return record(
        profile="stoke-on-trent",
        start="2026-06-01",
        format="cp-plan/2",
        on_plan_since="2026-01-05",
        conferences=[
            {"kind": "transfer_in", "date": "2026-06-01", "status": "held"},
            *held_reviews("2026-09-01"),
        ],
        core_group_meetings=[{"date": "2026-06-10", "status": "held"}],
    )


COUNTED_HERE = (
    "Your child's plan began in another council, so the review conferences here are counted "
    "from the first conference in this council. Your council's own rules decide how this "
    "works after a move: your social worker can tell you."
)


@pytest.mark.parametrize("lang", LANGS)
def test_a_transferred_in_plan_says_how_its_reviews_are_counted(
    sign_in, get_page, today, words, lang
):
    today("2026-10-01")
    sign_in(stoke_transferred_in(), lang)
    soup = get_page(f"/{lang}/my-plan")
    review = [i for i in items(soup) if words(lang, "Managers' review of the plan") in i]
    assert len(review) == 1
    assert words(lang, COUNTED_HERE) in review[0]


def test_a_plan_started_here_says_nothing_about_a_move(sign_in, get_page, today, words):
    today("2027-01-20")
    sign_in(stoke_second_review_not_held())
    assert words("en", COUNTED_HERE) not in page_text(get_page("/en/my-plan"))
