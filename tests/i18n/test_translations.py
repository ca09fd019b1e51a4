"""Translations are complete, honest and really in their language."""

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from langdetect import DetectorFactory, detect_langs

from portal.config import ROOT
from portal.i18n import LANGUAGES

TRANSLATED = [code for code in LANGUAGES if code != "en"]
CATALOGS = ROOT / "translations"


def catalog(code: str):
    with (CATALOGS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=LANGUAGES[code].locale)


@pytest.mark.parametrize("code", TRANSLATED)
def test_interface_catalog_is_complete(code):
    messages = [m for m in catalog(code) if m.id]
    untranslated = [m.id for m in messages if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    assert not fuzzy, f"{code}: fuzzy entries {fuzzy[:3]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_forms_match_the_language(code):
    po = catalog(code)
    for message in po:
        if message.id and message.pluralizable:
            assert len(message.string) == po.num_plurals, (code, message.id)


def test_catalog_template_is_up_to_date(tmp_path):
    """The committed messages.pot holds exactly what the code asks to translate."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(ROOT / ".venv/bin/pybabel"))
            if (ROOT / ".venv/bin/pybabel").exists()
            else "pybabel",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "--no-location",
            "--sort-output",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    def ids(path):
        with open(path, "rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}

    committed = ids(CATALOGS / "messages.pot")
    current = ids(fresh)
    assert current - committed == set(), (
        f"not extracted yet (run make messages): {sorted(current - committed)[:5]}"
    )
    assert committed - current == set(), f"no longer used: {sorted(committed - current)[:5]}"


def test_every_english_page_has_a_counterpart_in_each_language(app):
    library = app.extensions["content"]
    english = [key for key in library.pages if key[0] == "en"]
    for code in TRANSLATED:
        missing = [f"{s}/{slug}" for _, s, slug in english if (code, s, slug) not in library.pages]
        assert not missing, f"{code} lacks {missing}"
        assert code in library.glossaries, f"{code} has no glossary"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translated_page_is_in_its_language(app, code):
    DetectorFactory.seed = 0  # langdetect is random unless seeded
    library = app.extensions["content"]
    expected = {"pt": "pt", "ro": "ro", "pl": "pl", "ur": "ur", "ar": "ar", "bn": "bn"}[code]
    wrong = []
    for (lang, section, slug), page in library.pages.items():
        if lang != code:
            continue
        guesses = detect_langs(page.text)
        best = guesses[0]
        if best.lang != expected or best.prob < 0.8:
            wrong.append(f"{section}/{slug}: {guesses[:2]}")
    assert not wrong, wrong


def test_a_crawl_from_the_root_finds_every_page_in_every_language(app, client):
    """Follow links from / as a reader would, and find every English page under every
    language prefix, each with the right lang and dir."""
    library = app.extensions["content"]
    expected_paths = {
        f"/{slug}" if section == "pages" else f"/{section}/{slug}"
        for (lang, section, slug) in library.pages
        if lang == "en"
    }
    start = client.get("/", headers={"Accept-Language": "en"}).headers["Location"]
    queue, seen = [start], {start}
    while queue:
        url = queue.pop()
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        code = url.split("/")[1]
        assert soup.html["lang"] == code and soup.html["dir"] == LANGUAGES[code].direction, url
        for link in soup.select("a[href]"):
            target = urlsplit(link["href"])
            path = target.path
            if target.netloc or not path.startswith("/") or path.startswith(("/static", "/exit")):
                continue
            if path.split("/")[1:2] and path.split("/")[1] in LANGUAGES and path not in seen:
                if "/professional/" in path and "translation-status" not in path:
                    continue
                seen.add(path)
                queue.append(path)
    for code in LANGUAGES:
        found = {p[len(code) + 1 :] for p in seen if p.startswith(f"/{code}/")}
        assert expected_paths <= found, (
            f"{code}: not reachable {sorted(expected_paths - found)[:5]}"
        )
