"""The professionals' own words in the family's language (cp-plan/2 `translations`): the
translation where there is one, marked with its language; an out-of-date one marked so
with today's English beside it; otherwise the English, marked `lang="en"`, with one note."""

import copy

import pytest

from portal.models import Plan, db
from portal.records import replace_plan
from tests.family.conftest import page_text
from tests.family.plans import CONCERN, initial, record

NOTE = "Some parts of this plan are in English. You can ask your social worker for an interpreter."
OUT_OF_DATE = "May be out of date"
POLISH_CONCERN = "Zofiaxq opuszczała posiłki i dni w szkole."
ARABIC_CONCERN = "تغيبت Zofiaxq عن وجبات وأيام في المدرسة."


def v2(**changes) -> dict:
    return record(**{"format": "cp-plan/2", **changes})


def translated(data: dict, language: str, entries: dict[str, str]) -> dict:
    """`data` with translations of the English now at each pointer."""
    out = copy.deepcopy(data)

    def english(pointer):
        value = out
        for token in pointer.split("/")[1:]:
            value = value[int(token)] if isinstance(value, list) else value[token]
        return value

    out.setdefault("translations", {})[language] = {
        pointer: {"text": text, "english": english(pointer)} for pointer, text in entries.items()
    }
    return out


@pytest.fixture
def resave(app):
    """Store a changed record for a plan already stored (a new version of it)."""

    def save(plan_id: int, data: dict) -> None:
        with app.app_context():
            plan = db.session.get(Plan, plan_id)
            replace_plan(
                {**data, "reference": plan.reference},
                app.extensions["profiles"],
                actor="test",
                reference=plan.reference,
            )

    return save


def concern_element(soup, text):
    return next(el for el in soup.select(".portal-free-text") if el.get_text() == text)


def test_a_polish_concern_then_none_then_out_of_date(sign_in, get_page, today, words, resave):
    """The issue's case: Polish shown; removed, English with the note; the English
    changed, the Polish marked out of date with the new English beside it."""
    today("2026-11-20")
    data = v2(language="pl")
    with_polish = translated(data, "pl", {"/concerns/0": POLISH_CONCERN})
    plan_id, _link = sign_in(with_polish, "pl")

    soup = get_page("/pl/my-plan")
    shown = concern_element(soup, POLISH_CONCERN)
    assert shown["lang"] == "pl"
    assert CONCERN not in page_text(soup)
    # Everything else is still in English, so the note is there, once.
    assert page_text(soup).count(words("pl", NOTE)) == 1

    resave(plan_id, data)  # the translation removed
    soup = get_page("/pl/my-plan")
    assert POLISH_CONCERN not in page_text(soup)
    english = concern_element(soup, CONCERN)
    assert english["lang"] == "en" and english["dir"] == "ltr"
    assert page_text(soup).count(words("pl", NOTE)) == 1

    changed = copy.deepcopy(with_polish)
    changed["concerns"][0] = "Zofiaxq now misses school on Mondays."
    resave(plan_id, changed)
    soup = get_page("/pl/my-plan")
    box = soup.select_one(".portal-own-words--out-of-date")
    assert box is not None
    assert concern_element(box, POLISH_CONCERN)["lang"] == "pl"
    assert words("pl", OUT_OF_DATE) in box.get_text()
    beside = concern_element(box, "Zofiaxq now misses school on Mondays.")
    assert beside["lang"] == "en"
    assert len(soup.select(".portal-own-words--out-of-date")) == 1


def test_fully_translated_plan_has_no_note(sign_in, get_page, today, words, app):
    from portal.planning import parse_record
    from portal.planning.format import free_text_pointers

    today("2026-11-20")
    data = v2(language="pl")
    with app.app_context():
        parsed = parse_record(data, app.extensions["profiles"])
    everything = {p: f"Po polsku {i}" for i, p in enumerate(free_text_pointers(parsed))}
    sign_in(translated(data, "pl", everything), "pl")
    soup = get_page("/pl/my-plan")
    assert words("pl", NOTE) not in page_text(soup)
    assert not soup.select('main [lang="en"]')
    # Inline words too: the family's action, its "who", and roles.
    assert soup.select_one(".portal-my-actions [lang=pl]") is not None
    assert "Walk to school qzaction." not in page_text(soup)
    assert "Mother" not in page_text(soup)


def test_arabic_translation_reads_right_to_left_and_english_left_to_right(
    sign_in, get_page, today, words
):
    today("2026-11-20")
    data = translated(
        v2(language="ar"), "ar", {"/concerns/0": ARABIC_CONCERN, "/core_group/0/role": "الأم"}
    )
    sign_in(data, "ar")
    soup = get_page("/ar/my-plan")
    arabic = concern_element(soup, ARABIC_CONCERN)
    assert arabic["lang"] == "ar" and arabic["dir"] == "rtl"
    english = concern_element(soup, "Second worry line one.\nSecond worry line two.")
    assert english["lang"] == "en" and english["dir"] == "ltr"
    role = next(el for el in soup.select("bdi[lang=ar]") if el.get_text() == "الأم")
    assert role["dir"] == "rtl"
    agency = next(el for el in soup.select("bdi[lang=en]") if el.get_text() == "Community health")
    assert agency["dir"] == "ltr"
    assert page_text(soup).count(words("ar", NOTE)) == 1


def test_translated_text_is_escaped(client, sign_in, today):
    today("2026-11-20")
    hostile = 'Po polsku <script>alert("pl")</script> **gruby**'
    sign_in(translated(v2(language="pl"), "pl", {"/concerns/1": hostile}), "pl")
    html = client.get("/pl/my-plan").get_data(as_text=True)
    assert '<script>alert("pl")</script>' not in html
    assert "&lt;script&gt;alert(&#34;pl&#34;)&lt;/script&gt;" in html
    assert "<strong>gruby" not in html


def test_out_of_date_inline_words_show_the_english_beside_them(sign_in, get_page, today, words):
    today("2026-11-20")
    data = translated(v2(language="pl"), "pl", {"/core_group/1/role": "Położna"})
    data["core_group"][1]["role"] = "School nurse"
    sign_in(data, "pl")
    soup = get_page("/pl/my-plan")
    role = next(el for el in soup.select("bdi[lang=pl]") if el.get_text() == "Położna")
    flag = role.find_next_sibling(class_="portal-own-words__flag")
    assert flag.select_one("bdi[lang=en]").get_text() == "School nurse"
    expected = words(
        "pl", "(may be out of date; the English now says: %(english)s)", english="School nurse"
    )
    assert expected == " ".join(flag.get_text().split())


def test_the_young_persons_view_shows_translated_roles(sign_in, get_page, today, words):
    """The young person's view lists the professionals (never the child's own family),
    each role in the page's language where it is translated, else in English with the
    note once."""
    today("2026-11-20")
    sign_in(translated(v2(language="pl"), "pl", {"/core_group/1/role": "Położna"}), "pl")
    soup = get_page("/pl/my-plan/young-person")
    assert soup.select_one("bdi[lang=pl]").get_text() == "Położna"
    assert "Mother" not in page_text(soup)  # the family member is not a "helper"
    assert page_text(soup).count(words("pl", NOTE)) == 0
    sign_in(v2(language="pl"), "pl")
    soup = get_page("/pl/my-plan/young-person")
    english = next(el for el in soup.select("bdi[lang=en]") if el.get_text() == "Health visitor")
    assert english["dir"] == "ltr"
    # The note once, said to the child ("ty"), not in the parents' formal "Pan/Pani".
    (note,) = soup.select(".portal-english-note")
    assert " ".join(note.get_text().split()) == (
        "Niektóre części tego planu są po angielsku. "
        "Możesz poprosić pracownika socjalnego o tłumacza."
    )


def test_english_pages_show_the_english_without_a_note(sign_in, get_page, today):
    today("2026-11-20")
    sign_in(translated(v2(language="pl"), "pl", {"/concerns/0": POLISH_CONCERN}), "en")
    soup = get_page("/en/my-plan")
    assert concern_element(soup, CONCERN)["dir"] == "auto"
    assert POLISH_CONCERN not in page_text(soup)
    assert NOTE not in page_text(soup)


def test_meeting_places_are_translated_where_they_are_shown(sign_in, get_page, today):
    """A place is keyed by the meeting's place in the record, wherever the page shows it:
    the next meeting's card and the timeline."""
    today("2026-11-20")
    data = v2(
        language="pl",
        conferences=[
            {**initial("2026-01-12"), "place": "Civic Centre, room 4"},
            {
                "kind": "review",
                "date": "2026-12-10",
                "status": "scheduled",
                "time": "10:00",
                "place": "Civic Centre, room 5",
            },
        ],
        core_group_meetings=[
            {"date": "2026-01-22", "time": "10:00", "place": "Family centre", "status": "held"},
        ],
    )
    data = translated(
        data,
        "pl",
        {
            "/conferences/1/place": "Ratusz, sala 5",
            "/core_group_meetings/0/place": "Centrum rodzinne",
        },
    )
    sign_in(data, "pl")
    soup = get_page("/pl/my-plan")
    card = soup.select_one("#whats-next")
    assert card.select_one("bdi[lang=pl]").get_text() == "Ratusz, sala 5"
    # The timeline is folded: the past in one list, what lies ahead in another.
    shown = {
        el.get_text(): el["lang"]
        for timeline in soup.select(".portal-timeline")
        for el in timeline.select("bdi[lang]")
    }
    assert shown["Ratusz, sala 5"] == "pl"
    assert shown["Centrum rodzinne"] == "pl"
    assert shown["Civic Centre, room 4"] == "en"  # no translation: English, marked so
