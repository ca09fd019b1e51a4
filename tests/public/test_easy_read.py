"""Easy Read pages follow the convention: a picture beside every statement (the
council's own rules too), large text, no "Link to this section" under each heading, a
light page, and short enough to read in one go: a longer subject is a short series."""

import gzip
import re
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from portal.content.checker import EASY_READ_STATEMENTS, check_library
from portal.content.library import ContentLibrary
from portal.content.markdown_ext import picture_names
from portal.content.render import render_markdown
from tests.content.test_readability import LIMITS, score_page
from tests.public.test_page_weight import GUIDE_BUDGET

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["en", "pl", "ro", "ur", "ar", "bn", "pt"]
SLUGS = sorted(p.stem for p in (ROOT / "content" / "en" / "easy-read").glob("*.md"))
PICTURE = re.compile(r"^/static/pictures/([a-z][a-z0-9-]*)\.svg$")


@pytest.mark.parametrize("lang", ["en", "bn", "ur"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_statement_has_its_picture_and_no_section_link(client, lang, slug):
    response = client.get(f"/{lang}/easy-read/{slug}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    body = soup.select_one(".portal-easy-read")
    assert body is not None
    lines = body.select(".portal-picture-line")
    own_text = [
        e
        for e in body.select("p, li")
        if not e.find_parent("nav")
        and not e.find_parent(attrs={"data-module": "portal-listen"})
        and not {"govuk-body-l", "portal-meta"} & set(e.get("class") or [])
        and e.find("p") is None
    ]
    assert own_text and set(own_text) == set(lines), [
        e.get_text()[:60] for e in own_text if e not in lines
    ]
    for line in lines:
        picture = line.select_one("img.portal-picture-line__picture")
        # The words beside it say the same: the picture is not read out a second time.
        assert picture["alt"] == ""
        assert PICTURE.match(picture["src"]).group(1) in picture_names()
        assert line.select_one(".portal-picture-line__text").get_text(strip=True)
    assert not soup.select(".portal-section-link")


def test_pictures_are_small_clean_svg_from_our_own_origin(client):
    for name in sorted(picture_names()):
        with client.get(f"/static/pictures/{name}.svg") as response:
            assert response.status_code == 200, name
            assert response.mimetype == "image/svg+xml"
            svg = response.get_data()
        assert svg.startswith(b"<svg") and b"<script" not in svg and b"href=" not in svg
        assert len(svg) < 8 * 1024, f"{name}: {len(svg)} bytes"


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_easy_read_pages_fit_the_budget_plus_their_pictures(client, lang):
    for slug in SLUGS:
        html = client.get(f"/{lang}/easy-read/{slug}").get_data()
        weight = len(gzip.compress(html, 9))
        pictures = 0
        for asset in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))):
            with client.get(asset.decode()) as response:
                size = len(gzip.compress(response.get_data(), 9))
            if asset.startswith(b"/static/pictures/"):
                pictures += size
            else:
                weight += size
        assert weight <= GUIDE_BUDGET, f"{lang}/{slug}: {weight} bytes without pictures"
        print(f"{lang}/easy-read/{slug}: {weight} bytes + {pictures} bytes of pictures")
        assert pictures <= 30 * 1024


@pytest.mark.parametrize("slug", SLUGS)
def test_easy_read_text_stays_within_its_reading_grade(slug):
    score = score_page(ROOT / "content" / "en" / "easy-read" / f"{slug}.md")
    assert "[[picture:" not in score.title
    assert score.grade <= LIMITS["easy-read"], score.line()


def test_the_picture_marker_makes_a_picture_line_and_an_unknown_name_none():
    from portal.content.render import PageTexts

    html, _, _ = render_markdown(
        "[[picture:meeting]] A meeting.\n\n- [[picture:nope]] No picture.\n",
        "en",
        PageTexts(),
    )
    soup = BeautifulSoup(str(html), "html.parser")
    first = soup.select_one("p")
    assert first["class"] == ["govuk-body", "portal-picture-line"]
    assert first.img["src"] == "/static/pictures/meeting.svg" and first.img["alt"] == ""
    assert first.get_text(strip=True) == "A meeting."
    item = soup.select_one("li")
    assert item.img is None and item.get_text(strip=True) == "No picture."


def statements_on(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return soup, len(soup.select(".portal-easy-read .portal-picture-line"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_easy_read_page_is_short_enough_to_read_in_one_go(client, lang):
    for slug in SLUGS:
        _, count = statements_on(client, f"/{lang}/easy-read/{slug}")
        assert 0 < count <= EASY_READ_STATEMENTS, f"{lang}/{slug}: {count} statements"


def test_the_long_plans_page_stays_short_with_the_council_that_has_most_checks(make_app):
    app = make_app()
    profiles = app.extensions["profiles"]
    most = max(profiles, key=lambda p: len(profiles[p].milestones))
    client = make_app(PORTAL_PROFILE=most).test_client()
    soup, count = statements_on(client, "/en/easy-read/how-long-plans-last")
    assert soup.select(".portal-local .portal-picture-line")
    assert count <= EASY_READ_STATEMENTS, f"{most}: {count} statements"


def test_the_content_check_refuses_an_easy_read_page_too_long_to_read_in_one_go(app):
    key = ("en", "easy-read", "what-is-a-plan")
    page = app.extensions["content"].pages[key]
    line = '<p class="portal-picture-line"><span class="portal-picture-line__text">A.</span></p>'
    for count, refused in ((EASY_READ_STATEMENTS, False), (EASY_READ_STATEMENTS + 1, True)):
        long_page = replace(page, html=Markup(line * count), path=None)
        errors = check_library(ContentLibrary(pages={key: long_page}), ("en",)).errors
        assert any("statements" in e for e in errors) == refused, errors


@pytest.mark.parametrize("lang", ["en", "ur", "bn"])
def test_a_series_says_which_page_this_is_and_links_next_and_back(client, lang):
    firsts = {}
    for slug in SLUGS:
        soup, _ = statements_on(client, f"/{lang}/easy-read/{slug}")
        nav = soup.select_one("nav.portal-series")
        if nav is None:
            assert not soup.select(".govuk-caption-l")
            continue
        caption = soup.select_one(".portal-easy-read .govuk-caption-l").get_text(strip=True)
        following = nav.select_one("a[rel=next]")
        before = nav.select_one("a[rel=prev]")
        if before is None:
            firsts[slug] = caption
        for link, rel in ((following, "prev"), (before, "next")):
            if link is None:
                continue
            assert link["href"].startswith(f"/{lang}/easy-read/")
            other, _ = statements_on(client, link["href"])
            title = other.select_one("h1").get_text(strip=True)
            assert title in link.get_text(" ", strip=True)
            # The page it leads to leads back here.
            back = other.select_one(f"nav.portal-series a[rel={rel}]")
            assert back["href"] == f"/{lang}/easy-read/{slug}"
        assert before is not None or following is not None
    # Every series starts at a page with no Back link, numbered 1.
    assert len(firsts) == 4
    for caption in firsts.values():
        assert "1" in caption
    english, _ = statements_on(client, "/en/easy-read/conferences")
    assert english.select_one(".govuk-caption-l").get_text(strip=True) == "Page 1 of 3"
    assert english.select_one("nav.portal-series").get_text(" ", strip=True) == (
        "Next page : Getting ready for a conference"
    )


def test_translated_easy_read_keeps_no_english_words_in_brackets():
    # An English word is kept only where a family meets it, in a letter, and the page
    # says so in its own words: never as a gloss in brackets.
    english = " ".join(
        p.read_text(encoding="utf-8").lower()
        for p in (ROOT / "content" / "en" / "easy-read").glob("*.md")
    )
    for lang in LANGS[1:]:
        for path in (ROOT / "content" / lang / "easy-read").glob("*.md"):
            text = path.read_text(encoding="utf-8").split("---", 2)[-1]
            for inside in re.findall(r"\(([^()/]+)\)", text):
                assert inside.lower() not in english, f"{lang}/{path.stem}: ({inside})"


# Pictures that say "court": only for lines about court, never for the conference's chair.
COURT_PICTURES = {"court"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_chair_is_pictured_at_a_meeting_and_court_only_beside_court(lang):
    for slug in SLUGS:
        markdown = (ROOT / "content" / lang / "easy-read" / f"{slug}.md").read_text("utf-8")
        pictured = re.findall(r"\[\[picture:([a-z0-9-]+)\]\]([^\n]*)", markdown)
        english = (ROOT / "content" / "en" / "easy-read" / f"{slug}.md").read_text("utf-8")
        english_lines = re.findall(r"\[\[picture:([a-z0-9-]+)\]\]([^\n]*)", english)
        # Translations keep the English pictures, so the English words decide.
        assert [name for name, _ in pictured] == [name for name, _ in english_lines], slug
        for name, text in english_lines:
            if name in COURT_PICTURES:
                assert "court" in text, f"{slug}: {text}"
            if re.search(r"\bchair\b", text) and "court" not in text:
                assert name not in COURT_PICTURES, f"{slug}: {text}"
    chair_lines = [
        name
        for slug in ("conferences", "at-the-conference")
        for name, text in re.findall(
            r"\[\[picture:([a-z0-9-]+)\]\]([^\n]*)",
            (ROOT / "content" / "en" / "easy-read" / f"{slug}.md").read_text("utf-8"),
        )
        if "the chair decides" in text or "called the **chair**" in text
    ]
    assert chair_lines == ["chair", "chair"]
    assert "judge" not in picture_names()


def test_bengali_easy_read_keeps_one_word_for_each_meeting_and_for_page(client):
    # সভা is the conference and বৈঠক a core group meeting; the caption and the series
    # links say পাতা for "page", never পৃষ্ঠা as well.
    for slug in ("core-group", "core-group-meetings"):
        soup, _ = statements_on(client, f"/bn/easy-read/{slug}")
        text = soup.select_one("main").get_text(" ")
        assert "মূল দলের সভা" not in text, slug
        assert not re.search(r"বৈঠক[^।]*হয় সভার", text), slug
    soup, _ = statements_on(client, "/bn/easy-read/core-group")
    series = soup.select_one(".govuk-caption-l").get_text() + soup.select_one(
        "nav.portal-series"
    ).get_text(" ")
    assert "পাতা" in series and "পৃষ্ঠা" not in series


def english_easy_read_sentences():
    for path in sorted((ROOT / "content" / "en" / "easy-read").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        body = re.sub(r"\[\[[^\]]*\]\]|\{#[^}]*\}|\]\([^)]*\)", "", body)
        for sentence in re.split(r"(?<=[.?!:])\s+|\n", body):
            yield path.stem, sentence.strip()


def test_english_easy_read_sentences_are_short():
    for slug, sentence in english_easy_read_sentences():
        words = re.findall(r"[A-Za-z0-9']+", sentence)
        assert len(words) <= 18, f"{slug}: {sentence}"


# A hard term, and words that must come with it on the same page to explain it.
EXPLAINED = {
    "go into care": "Going into care means",
    "type of harm": "The type of harm is",
    "Ombudsman": "checks complaints about councils",
    "strategy discussion": "They decide",
}


def test_english_easy_read_explains_its_hard_terms_where_it_uses_them():
    for path in (ROOT / "content" / "en" / "easy-read").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        for term, explanation in EXPLAINED.items():
            if term in text:
                assert explanation in text, f"{path.stem}: {term}"


@pytest.mark.parametrize("lang", ["en", "ur", "bn"])
def test_the_easy_read_list_is_grouped_by_subject_with_one_picture_each(client, lang):
    response = client.get(f"/{lang}/easy-read/")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    subjects = soup.select("main li.portal-subject")
    assert len(subjects) == 4
    pictures = [s.select_one("h2 img")["src"] for s in subjects]
    assert len(set(pictures)) == len(pictures)
    assert all(s.select_one("h2 img")["alt"] == "" for s in subjects)
    listed = [a["href"] for s in subjects for a in s.select("ol a")]
    assert sorted(listed) == sorted(f"/{lang}/easy-read/{slug}" for slug in SLUGS)
    if lang == "en":
        counts = [s.select_one("p").get_text(strip=True) for s in subjects]
        assert counts == ["2 pages", "3 pages", "2 pages", "2 pages"]
    # The titles say what each page is: no summary that starts the same on every page.
    assert "Easy Read guide" not in soup.select_one("main ul").get_text()


def test_easy_read_summaries_do_not_all_start_the_same():
    for lang in LANGS:
        openings = {
            re.search(r"^summary: (\S+ \S+)", path.read_text("utf-8"), re.M).group(1)
            for path in (ROOT / "content" / lang / "easy-read").glob("*.md")
        }
        assert len(openings) > 3, (lang, openings)


def test_the_content_check_refuses_a_statement_without_a_picture_and_counts_it(app):
    key = ("en", "easy-read", "what-is-a-plan")
    page = app.extensions["content"].pages[key]
    pictured = (
        '<p class="portal-picture-line"><span class="portal-picture-line__text">A.</span></p>'
    )
    plain = '<p class="govuk-body">A sentence with no picture.</p>'
    for html, refusals in (
        (pictured * EASY_READ_STATEMENTS, set()),
        (pictured + plain, {"without a picture"}),
        (pictured * (EASY_READ_STATEMENTS - 1) + plain * 2, {"without a picture", "statements"}),
    ):
        page_with = replace(page, html=Markup(html), path=None)
        errors = check_library(ContentLibrary(pages={key: page_with}), ("en",)).errors
        found = {r for r in ("without a picture", "statements") if any(r in e for e in errors)}
        assert found == refusals, errors


@pytest.mark.parametrize("profile_id", ["twenty-one-month-policy", "stoke-on-trent", "england"])
def test_the_councils_box_on_translated_easy_read_has_no_english_in_brackets(make_app, profile_id):
    # The box's words come from the interface translations, not the page's file: they
    # keep to the same rule as the pages.
    client = make_app(PORTAL_PROFILE=profile_id).test_client()
    for lang in LANGS[1:]:
        response = client.get(f"/{lang}/easy-read/how-long-plans-last")
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        text = soup.select_one("main div.portal-local").get_text(" ")
        assert not re.findall(r"\([^()]*[A-Za-z]{2,}[^()]*\)", text), (lang, text)
        if lang in ("ur", "ar", "bn"):  # no English word, and no Latin full stop
            assert not re.search(r"[A-Za-z]{2,}", text), (lang, text)


@pytest.mark.parametrize("lang", LANGS[1:])
def test_a_translated_easy_read_page_shows_no_english_gloss_around_it(client, lang):
    # The section's own name, the breadcrumbs and the series links are the interface's
    # words, not the page's: they must not gloss in English either ("(Easy Read)").
    page = BeautifulSoup(client.get(f"/{lang}/easy-read/what-is-a-plan").text, "html.parser")
    words = page.select_one("body").get_text(" ", strip=True)
    assert re.findall(r"\(\s*[A-Za-z][A-Za-z ]*\)", words) == []
