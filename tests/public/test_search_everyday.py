"""Search as families type: slips of spelling, words without their accents or with other
letter forms, the Arabic article, and the everyday phrasings of content/<lang>/search.yaml."""

import pytest
from bs4 import BeautifulSoup

from portal.content.search_words import fold, key, query_terms, stem


def search(client, lang, query, **args):
    response = client.get(f"/{lang}/search", query_string={"q": query, **args})
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def top(client, lang, query, n=3, **args):
    soup = search(client, lang, query, **args)
    return [a["href"] for a in soup.select(".portal-search-results h2 a")][:n]


def found(hrefs, lang, expected):
    return any(href.startswith(f"/{lang}{expected}") for href in hrefs)


MISSPELT = [
    ("en", "negelct", "neglect", "/glossary#neglect"),
    ("en", "confrence", "conference", "/parents/conferences"),
    ("pl", "zaniedbnie", "zaniedbanie", "/glossary#neglect"),
    ("ro", "neglijre", "neglijare", "/glossary#neglect"),
    ("pt", "neglijencia", "negligência", "/glossary#neglect"),
    ("ur", "کانفرس", "کانفرنس", "/glossary#icpc"),
    ("ar", "الإهمل", "إهمال", "/glossary#neglect"),
    ("bn", "অবহলা", "অবহেলা", "/glossary#neglect"),
]


@pytest.mark.parametrize(("lang", "typed", "meant", "expected"), MISSPELT)
def test_a_slip_of_spelling_is_corrected_and_said(client, lang, typed, meant, expected):
    soup = search(client, lang, typed)
    hrefs = [a["href"] for a in soup.select(".portal-search-results h2 a")][:3]
    assert found(hrefs, lang, expected), hrefs
    note = soup.select_one(".portal-search-corrected")
    assert note is not None
    shown = note.select_one("strong").get_text()
    assert key(lang, shown) == key(lang, meant) or fold(shown) == fold(meant), shown
    # "Search instead for" searches for the words as typed, without correcting them.
    instead = note.select("a")[-1]
    assert instead.get_text() == typed and "exact=1" in instead["href"]
    exact = search(client, lang, typed, exact="1")
    assert exact.select_one(".portal-search-corrected") is None


def test_a_word_the_pages_use_is_never_corrected(client):
    soup = search(client, "en", "neglect")
    assert soup.select_one(".portal-search-corrected") is None
    # A rare word that the pages use, finding one or two results, is left alone too.
    assert search(client, "en", "Childline").select_one(".portal-search-corrected") is None


WITHOUT_MARKS = [
    ("en", "CONFÉRENCE", "/parents/conferences"),
    ("pl", "sad", "/parents/how-long-plans-last#court-and-the-plo"),
    ("ro", "instanta", "/parents/how-long-plans-last"),
    ("pt", "interprete", "/glossary#interpreter"),  # intérprete
    ("ar", "اهمال", "/glossary#neglect"),  # إهمال typed without its hamza
    ("ur", "شكايت", "/parents/your-rights#complaints"),  # Arabic-keyboard ك and ي
    ("bn", "অবহেলা", "/glossary#neglect"),
]


@pytest.mark.parametrize(("lang", "query", "expected"), WITHOUT_MARKS)
def test_words_without_their_marks_or_in_other_letter_forms_find_the_page(
    client, lang, query, expected
):
    hrefs = top(client, lang, query, n=5)
    assert found(hrefs, lang, expected), hrefs


@pytest.mark.parametrize(
    ("bare", "with_article"),
    [("محكمة", "المحكمة"), ("إهمال", "الإهمال"), ("مترجم", "المترجم"), ("خطة", "الخطة")],
)
def test_arabic_with_and_without_the_article_gives_the_same_first_result(
    client, bare, with_article
):
    first = top(client, "ar", bare, n=1)
    assert first and first == top(client, "ar", with_article, n=1)


def test_bengali_letters_typed_as_one_or_two_code_points_are_one_word():
    # য় as one code point (U+09DF) and as য + nukta (U+09AF U+09BC).
    assert key("bn", "সভা\u09df") == key("bn", "সভা\u09af\u09bc")
    assert stem("bn", key("bn", "সভায়")) == "সভা"


def test_filler_words_are_dropped_unless_nothing_else_is_left():
    filler = frozenset({"will", "they", "my"})
    assert query_terms("en", "Will they take my child?", filler) == ["take", "child"]
    assert query_terms("en", "will they", filler) == ["will", "they"]


def test_inflected_forms_find_each_other(client, app):
    # Polish "konferencji" (of the conference) also finds sections that only say
    # "konferencja" or "konferencje".
    answer = app.extensions["search"].search("pl", "konferencji", correct=False)
    assert any("konferencji" not in result.snippet.lower() for result in answer.results)
    # Each result holds the word, in its text or in its page's title (an Easy Read
    # series page such as "Jak przygotować się do konferencji").
    assert all(
        "konferencj" in f"{result.page_title} {result.snippet}".lower() for result in answer.results
    )
    # English "neglected" finds the section on neglect.
    assert found(top(client, "en", "neglected", n=5), "en", "/parents/categories#neglect")


PHRASES = [
    ("en", "will they take my child", "/easy-read/what-is-a-plan#taken-away"),
    ("en", "my child was taken into care", "/easy-read/what-is-a-plan#taken-away"),
    ("en", "unborn", "/parents/conferences#initial-conference"),
    ("en", "kinship", "/glossary#family-group-conference"),
    ("pl", "adwokat", "/parents/how-long-plans-last#free-legal-advice"),
    ("pl", "odebranie dziecka", "/easy-read/what-is-a-plan#taken-away"),
    ("ro", "îmi vor lua copilul", "/easy-read/what-is-a-plan#taken-away"),
    ("ro", "copil nenăscut", "/parents/conferences#initial-conference"),
    ("pt", "vão levar o meu filho", "/easy-read/what-is-a-plan#taken-away"),
    ("pt", "bebé por nascer", "/parents/conferences#initial-conference"),
    ("ur", "کیا وہ میرا بچہ لے جائیں گے", "/easy-read/what-is-a-plan#taken-away"),
    ("ur", "منصوبہ کتنی دیر تک چلتا ہے", "/parents/how-long-plans-last"),
    ("ar", "هل سيأخذون طفلي", "/easy-read/what-is-a-plan#taken-away"),
    ("ar", "محامي", "/parents/how-long-plans-last#free-legal-advice"),
    ("bn", "উকিল", "/parents/how-long-plans-last#free-legal-advice"),
    ("bn", "ওরা কি আমার সন্তান নিয়ে যাবে", "/easy-read/what-is-a-plan#taken-away"),
]


@pytest.mark.parametrize(("lang", "query", "expected"), PHRASES)
def test_everyday_phrasings_from_search_yaml_find_the_page(client, lang, query, expected):
    hrefs = top(client, lang, query)
    assert found(hrefs, lang, expected), hrefs


def test_every_language_has_search_words_with_the_same_topics(app):
    library = app.extensions["content"]
    english = library.search_words["en"]
    for lang in app.config["PORTAL_LANGUAGES"]:
        words = library.search_words[lang]
        assert words.filler, lang
        assert [t.pages for t in words.topics] == [t.pages for t in english.topics], lang


@pytest.mark.parametrize("lang", ["en", "pl", "ro", "ur", "ar", "bn", "pt"])
def test_a_search_with_no_results_offers_guides_and_who_to_ask(client, app, lang):
    soup = search(client, lang, "qqqqxzzzz")
    assert not soup.select(".portal-search-results")
    help_box = soup.select_one(".portal-search-help")
    assert help_box is not None
    hrefs = [a["href"] for a in help_box.select("a")]
    # The most-asked question first, in the reader's language where translated.
    assert hrefs[0] == f"/{lang}/easy-read/what-is-a-plan#taken-away"
    library = app.extensions["content"]
    page = library.page(lang, "easy-read", "what-is-a-plan") or library.page(
        "en", "easy-read", "what-is-a-plan"
    )
    taken_away = next(text for _, hid, text in page.headings if hid == "taken-away")
    assert help_box.select("a")[0].get_text() == taken_away
    # The parents' guides, Easy Read, the glossary and who to ask.
    parents = library.section_pages(lang, "parents")[:5]
    for guide in parents:
        assert f"/{lang}/parents/{guide.slug}" in hrefs
    assert f"/{lang}/easy-read/" in hrefs and f"/{lang}/glossary" in hrefs
    assert "tel:08088010366" in hrefs
    text = help_box.get_text(" ")
    assert "0808 801 0366" in text
    if lang != "en":
        assert "Monday to Friday" not in text  # the opening hours are translated


def test_results_pages_do_not_carry_the_no_results_help(client):
    assert search(client, "en", "neglect").select_one(".portal-search-help") is None
