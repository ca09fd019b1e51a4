"""Search in every language, glossary links, and share links."""

import pytest
from bs4 import BeautifulSoup

from portal.content.glossary_links import GlossaryEntry, GlossaryLinker, GlossaryTexts
from portal.content.render import PageTexts, render_markdown


def results(client, lang, query):
    html = client.get(f"/{lang}/search", query_string={"q": query}).get_data(as_text=True)
    return [
        a["href"] for a in BeautifulSoup(html, "html.parser").select(".portal-search-results h2 a")
    ]


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("en", "core group", "/en/parents/core-group"),
        ("en", "PLO", "/en/glossary#plo"),
        ("en", "Childline", "/en/young-people/who-to-talk-to"),
    ],
)
def test_search_finds_the_right_section(client, lang, query, expected):
    found = results(client, lang, query)
    assert any(href.startswith(expected) for href in found[:5]), found[:5]


def test_search_in_every_translated_language_finds_its_own_words(app, client):
    library = app.extensions["content"]
    for lang in app.config["PORTAL_LANGUAGES"]:
        page = library.page(lang, "parents", "core-group")
        if page is None or lang == "en":
            continue
        word = max(page.title.split(), key=len)
        found = results(client, lang, word)
        assert any("/parents/core-group" in href for href in found), (lang, word, found[:5])


def test_search_without_diacritics_finds_words_with_them(app, client):
    library = app.extensions["content"]
    for lang in ("pl", "ro", "pt"):
        page = library.page(lang, "parents", "core-group")
        if page is None:
            continue
        import unicodedata

        accented = next(
            (w for w in page.text.split() if any(ord(c) > 127 for c in w) and w.isalpha()), None
        )
        if accented is None:
            continue
        plain = "".join(
            c for c in unicodedata.normalize("NFD", accented) if not unicodedata.combining(c)
        )
        plain = plain.replace("ł", "l").replace("Ł", "L")
        assert results(client, lang, plain), (lang, accented, plain)


def test_search_survives_hostile_queries(client):
    for query in ['"', "AND OR NOT", "*", "a" * 5000, "NEAR(", "<script>", "\u202e", "''; DROP"]:
        response = client.get("/en/search", query_string={"q": query})
        assert response.status_code == 200
        assert (
            "<script>"
            not in response.get_data(as_text=True).split("</header>")[-1].split("portal.")[0]
        )


def test_search_page_and_results_are_valid_pages(get_page):
    soup = get_page("/en/search?q=conference")
    assert soup.select(".portal-search-results mark")
    get_page("/ur/search?q=کانفرنس")
    get_page("/en/search")


def linker():
    entries = [
        GlossaryEntry(
            "core-group", "Core group", "The people who carry out the plan.", None, ("core group",)
        ),
        GlossaryEntry(
            "plo", "Public Law Outline", "The steps before court.", "PLO", ("Public Law Outline",)
        ),
    ]
    return GlossaryLinker(entries, "en", GlossaryTexts())


def test_first_use_is_linked_with_its_meaning_and_abbreviations_expanded():
    body = (
        "## The core group {#cg}\n\nYour core group meets often. The core group helps.\n\n"
        "- The PLO may start. PLO again.\n\n[A core group link](/parents/core-group)\n"
    )
    html, _, _ = render_markdown(body, "en", PageTexts(), linker())
    soup = BeautifulSoup(str(html), "html.parser")
    links = soup.select("a.portal-glossary-link")
    assert [a["href"] for a in links] == ["#word-core-group", "#word-plo"]
    assert not soup.select("h2 a.portal-glossary-link"), "no links inside headings"
    assert not soup.select("a a"), "no links inside links"
    plo = links[1]
    assert plo.abbr["title"] == "Public Law Outline"
    assert plo.next_sibling.startswith(" (Public Law Outline)")
    meaning = soup.select_one(f"#{links[0]['aria-describedby']}")
    assert meaning.get_text().startswith("The people who carry out the plan.")
    assert soup.select_one("#word-plo").get_text() == "Public Law Outline"


def test_real_pages_link_glossary_terms(client):
    html = client.get("/en/parents/conferences").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("a.portal-glossary-link")
    assert soup.select_one("#words-on-this-page")


def test_every_guide_offers_a_share_link_in_the_readers_language(app, client):
    html = client.get("/pl/parents/core-group").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    link = soup.select_one("#share-link")
    assert link["value"] == app.config["PORTAL_BASE_URL"] + "/pl/parents/core-group"
    assert soup.select_one(".portal-share__qr svg title")
    copy = soup.select_one("[data-copy-target=share-link]")
    assert copy.has_attr("hidden"), "the copy button appears only when JavaScript can copy"


def test_share_link_ignores_a_forged_host(client, app):
    html = client.get("/en/parents/visits", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in html


def test_an_abbreviation_already_spelled_out_is_not_expanded_again():
    body = "The [Public Law Outline](/glossary#plo) (PLO) starts.\n"
    html, _, _ = render_markdown(body, "en", PageTexts(), linker())
    assert "(Public Law Outline)" not in str(html)
    assert '<abbr title="Public Law Outline">PLO</abbr>' in str(html)


def test_terms_are_found_in_any_case_and_after_letters_that_lower_to_two():
    # "İ" lowers to two characters; the link must still wrap exactly the term.
    body = "İstanbul family: the CORE GROUP meets.\n\nİİ The plo is not PLO.\n"
    html, _, _ = render_markdown(body, "en", PageTexts(), linker())
    soup = BeautifulSoup(str(html), "html.parser")
    links = soup.select("a.portal-glossary-link")
    assert [a.get_text() for a in links] == ["CORE GROUP", "PLO"]
    assert [p.get_text() for p in soup.select("p")][:2] == [
        "İstanbul family: the CORE GROUP meets.",
        "İİ The plo is not PLO (Public Law Outline).",
    ]
