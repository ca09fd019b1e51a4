"""The young person's view: written for a 10 to 15-year-old, about their own plan."""

import re

import pytest
import textstat
from bs4 import BeautifulSoup

from tests.content.test_readability import _TextExtractor
from tests.family.plans import held_reviews, initial, record

GRADE_LIMIT = 5.0


def plan_for_a_child():
    return record(
        conferences=[initial("2026-01-12"), *held_reviews("2026-04-09")],
        core_group_meetings=[
            {"date": "2026-12-03", "time": "14:30", "place": "School", "status": "scheduled"},
        ],
    )


def main_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(str(BeautifulSoup(html, "html.parser").select_one("main")))
    extractor.close()
    return "\n".join(extractor.blocks)


def test_it_reads_at_grade_5_or_lower(client, sign_in, today):
    today("2026-11-20")
    sign_in(plan_for_a_child())
    text = main_text(client.get("/en/my-plan/young-person").get_data(as_text=True))
    grade = textstat.flesch_kincaid_grade(text)
    assert textstat.lexicon_count(text) > 150
    print(f"young person's view: grade {grade:.1f}, {textstat.lexicon_count(text)} words")
    assert grade <= GRADE_LIMIT, f"grade {grade:.1f}:\n{text}"


def test_it_tells_the_child_about_their_plan_in_their_terms(client, sign_in, today):
    today("2026-11-20")
    sign_in(plan_for_a_child())
    soup = BeautifulSoup(
        client.get("/en/my-plan/young-person").get_data(as_text=True), "html.parser"
    )
    text = " ".join(soup.select_one("main").get_text(" ").split())
    headings = [h.get_text(strip=True) for h in soup.select("main h2")]
    assert headings[:5] == [
        "It is not your fault",
        "What is a plan?",
        "Who is helping you",
        "Your next meetings",
        "How to say what you think",
    ]
    # How long, in months only (not "10 months and 8 days").
    assert "Your plan started 10 months ago." in text
    # What the adults will do for them.
    assert "Sam Patelqz is your social worker." in text
    assert "Your social worker will come to see you at least every 10 days." in text
    helpers = [" ".join(li.get_text().split()) for li in soup.select("main li")]
    assert "Jo Reedqz: Health visitor" in helpers
    assert "Anna Nowakqz" not in text  # their own family are not listed as helpers
    # The meetings, with what each one is, there and then, and whether they can go.
    assert "A core group meeting is a small meeting." in text
    assert "A review conference is a bigger meeting." in text
    assert "You can ask to go to a meeting" in text
    # How to say what they think: social worker, an advocate, Childline.
    assert "An advocate is an adult who is on your side." in text
    assert soup.select_one('main a[href="tel:08001111"]') is not None
    assert soup.select_one('main form[action="/en/my-plan/sign-out"] button') is not None
    assert soup.select_one(".govuk-exit-this-page") is not None


@pytest.mark.parametrize("lang", ["pl", "bn", "ur"])
def test_it_is_in_the_readers_language(client, sign_in, today, words, lang):
    today("2026-11-20")
    sign_in(plan_for_a_child(), lang)
    html = client.get(f"/{lang}/my-plan/young-person").get_data(as_text=True)
    assert words(lang, "It is not your fault") in html
    assert words(lang, "It is not your fault") != "It is not your fault"
    assert "A core group meeting is a small meeting." not in html


def test_polish_speaks_to_the_child_as_ty_whatever_their_gender(client, sign_in, today):
    """A child is "ty", not "Pan/Pani" (the parents' page's formal address), and Polish
    past tenses and adjectives that show a gender ("zrobiłeś", "był bezpieczny") are
    avoided: the page does not know if the reader is a boy or a girl."""
    today("2026-11-20")
    sign_in(plan_for_a_child(), "pl")
    soup = BeautifulSoup(
        client.get("/pl/my-plan/young-person").get_data(as_text=True), "html.parser"
    )
    assert soup.h1.get_text(strip=True) == "Twój plan"
    assert soup.title.get_text().startswith("Twój plan")
    for part in ("not-your-fault", "what-is-a-plan", "who-is-helping", "meetings", "have-your-say"):
        text = " ".join(soup.select_one(f"[aria-labelledby={part}]").get_text(" ").split())
        assert "Pan" not in text, (part, text)
        gendered = re.findall(r"\w+(?:łeś|łaś)\b|\bbyła?\b|\bbezpieczn[ya]\b", text)
        assert not gendered, (part, gendered, text)
    # The parents' own page still says "Your plan" to them formally.
    parents = client.get("/pl/my-plan").get_data(as_text=True)
    assert parents.count("Pana/Pani plan") >= 1
    # The timeline: a weekday cannot be put in the genitive inside a formatted date
    # ("do czwartek"), so the date follows "Termin:"; "You are here" is "Tu jesteś".
    assert "Najpóźniej do" not in parents
    assert "Termin: " in parents
    assert "Tu jesteś" in parents
