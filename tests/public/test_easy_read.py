"""Easy Read pages follow the convention: a picture beside every statement, large text,
no "Link to this section" under each heading, and a light page."""

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.content.markdown_ext import picture_names
from portal.content.render import render_markdown
from tests.content.test_readability import LIMITS, score_page
from tests.public.test_page_weight import GUIDE_BUDGET

ROOT = Path(__file__).resolve().parents[2]
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
        # The council's own rules, filled in from its procedure profile, are not part
        # of the page's Easy Read text.
        and not e.find_parent(class_="portal-local")
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
