"""What a family reads about the 21-month policy's 24-month conference (held only in
exceptional cases, audit L1) and about a manager's review never recorded on an ended plan
(not "overdue" once the plan is over, audit L15), in English and in Arabic."""

import datetime as dt

import pytest

from tests.family.conftest import page_text
from tests.family.plans import held_reviews, initial, record

LANGS = ["en", "ar"]
POLICY_FAMILY_TEXT = (
    "This policy aims to end plans within 21 months. A conference at 24 months is held only "
    "in exceptional cases, if the council has not asked a court to decide by then. It makes "
    "a clear plan for how your child's plan will end. Your social worker can tell you if "
    "this conference will be held."
)


def items(soup):
    return [" ".join(li.get_text(" ").split()) for li in soup.select(".portal-timeline__item")]


def policy_at_22_months():
    reviews = held_reviews("2026-04-09", "2026-10-09", "2027-04-09", "2027-10-08")
    reviews[2]["progress"] = "insufficient"
    return record(
        profile="twenty-one-month-policy",
        conferences=[initial("2026-01-12"), *reviews],
        core_group_meetings=[{"date": "2027-10-20", "status": "held"}],
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_24_month_conference_is_shown_as_only_if_needed(sign_in, get_page, today, words, lang):
    today("2027-11-01")
    sign_in(policy_at_22_months(), lang)
    soup = get_page(f"/{lang}/my-plan")
    conference = [i for i in items(soup) if words(lang, "24-month conference") in i]
    assert len(conference) == 1
    assert words(lang, "Only if needed") in conference[0]
    assert words(lang, POLICY_FAMILY_TEXT) in conference[0]
    assert words(lang, "Not booked yet") not in conference[0]
    # a conference that may never happen is not offered for the calendar
    assert words(lang, "Add to calendar") not in conference[0]
    text = page_text(soup)
    # the first screen says when it would be, and that it may not happen
    due = dt.date(2028, 1, 8)
    assert words(lang, "If it is held, it should happen by %(date)s.", date=due) in text
    # and no ordinary "Review conference 5" is promised
    assert words(lang, "Review conference %(number)s", number=5) not in text


def policy_open_after_the_21_month_review():
    """Reviews at 3, 9, 15 and 21 months; the 21-month review (1 October 2026) kept the
    plan going, and nothing has been held since."""
    return record(
        profile="twenty-one-month-policy",
        start="2025-01-01",
        conferences=[
            initial("2025-01-01"),
            *held_reviews("2025-04-01", "2025-10-01", "2026-04-01", "2026-10-01"),
        ],
        core_group_meetings=[{"date": "2026-10-15", "status": "held"}],
    )


REQUIRED = (
    "While the plan is open, a review conference must still be held by %(date)s, because "
    "reviews can be no more than 6 months apart."
)


@pytest.mark.parametrize("lang", LANGS)
def test_an_open_plan_still_needs_a_review_within_6_months_of_the_21_month_one(
    sign_in, get_page, today, words, lang
):
    """A local aim ("only if needed") cannot switch off the national rule that the reviews
    of an open plan are no more than six months apart (Working Together 2023)."""
    required_by = dt.date(2027, 4, 1)
    today("2027-02-01")  # past the 24-month aim, within six months of the last review
    sign_in(policy_open_after_the_21_month_review(), lang)
    soup = get_page(f"/{lang}/my-plan")
    conference = [i for i in items(soup) if words(lang, "24-month conference") in i]
    assert len(conference) == 1
    assert words(lang, "Only if needed") in conference[0]
    assert words(lang, REQUIRED, date=required_by) in conference[0]
    # dated by the national limit, with the local aim's date in its text
    assert (
        words(lang, "Due by %(date)s", date=words.weekday_date(lang, "2027-04-01"))
        in (conference[0])
    )
    aim = words(lang, "If it is held, it should happen by %(date)s.", date=dt.date(2027, 1, 1))
    assert aim in conference[0]
    # and the first screen, which names the next conference, says it too
    assert page_text(soup).count(words(lang, REQUIRED, date=required_by)) == 2

    today("2027-05-01")  # six months after the 21-month review have passed
    soup = get_page(f"/{lang}/my-plan")
    conference = [i for i in items(soup) if words(lang, "24-month conference") in i]
    assert words(lang, "Overdue") in conference[0]
    assert words(lang, "Only if needed") not in conference[0]
    assert words(lang, REQUIRED, date=required_by) in conference[0]


def stoke_ended_without_the_managers_review():
    reviews = held_reviews("2026-04-09", "2026-10-09", "2027-04-08", last_decision="end")
    reviews[1]["progress"] = "insufficient"
    return record(
        profile="stoke-on-trent",
        conferences=[initial("2026-01-12"), *reviews],
        ended={"date": "2027-04-08", "reason": "no_longer_at_risk"},
    )


@pytest.mark.parametrize("lang", LANGS)
def test_an_ended_plans_unrecorded_review_is_not_recorded_not_overdue(
    sign_in, get_page, today, words, lang
):
    today("2027-06-01")
    sign_in(stoke_ended_without_the_managers_review(), lang)
    soup = get_page(f"/{lang}/my-plan")
    review = [i for i in items(soup) if words(lang, "Managers' review of the plan") in i]
    assert len(review) == 1
    assert words(lang, "Not recorded") in review[0]
    assert words(lang, "Overdue") not in page_text(soup)


SEVENTEEN = (
    "Your child is 17 or older. A court cannot make a care order or a supervision order for "
    "a young person of this age, so the council cannot start care proceedings. The plan can "
    "carry on until your child turns 18."
)
LEGAL_HEADING = "Legal planning and the Public Law Outline"


@pytest.mark.parametrize(
    ("date_of_birth", "legal_shown"),
    [("2010-05-30", False), ("2010-06-02", True)],  # 17 on 30 May 2027, or not yet
)
def test_no_legal_steps_section_for_a_child_of_17(
    sign_in, get_page, today, words, date_of_birth, legal_shown
):
    # West Sussex, 16 months on a plan: the legal section is shown to a younger child.
    today("2027-06-01")
    data = record(profile="west-sussex", start="2026-02-01")
    data["child"]["date_of_birth"] = date_of_birth
    sign_in(data)
    text = page_text(get_page("/en/my-plan"))
    assert (LEGAL_HEADING in text) is legal_shown
    assert (words("en", SEVENTEEN) in text) is not legal_shown


def test_the_calendar_feed_leaves_out_the_24_month_conference_until_it_is_booked(
    app, client, sign_in, today
):
    from tests.family.test_calendar import subscribe

    today("2027-11-01")
    sign_in(policy_at_22_months())
    feed = app.test_client().get(subscribe(client)).get_data(as_text=True)
    assert "review-conference-4@" in feed  # the 21-month conference, held
    assert "review-conference-5@" not in feed


def test_a_passed_18th_birthday_is_not_shown_as_overdue(sign_in, get_page, today, words):
    # The plan is still open a few days after the birthday: the record is behind.
    today("2027-06-10")
    data = record(start="2027-01-11", conferences=[initial("2027-01-11")])
    data["child"]["date_of_birth"] = "2009-06-01"
    sign_in(data)
    soup = get_page("/en/my-plan")
    birthday = [i for i in items(soup) if words("en", "Your child's 18th birthday") in i]
    assert len(birthday) == 1
    assert words("en", "Passed") in birthday[0] and "Overdue" not in birthday[0]
    assert "18th birthday was due by" not in page_text(soup)
