"""The plan page once a plan has ended, for each end reason, in English and in Urdu."""

import pytest

from tests.family.conftest import page_text, page_text_of, path_of, section
from tests.family.plan_page_states import LANGS, D
from tests.family.plans import held_reviews, initial, record

ENDED = "Your child's plan ended on %(date)s. There are no more meetings for this plan."

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
