"""Site search: an in-memory SQLite FTS5 index of every section of every page.

Built once at start-up from the rendered library (a few hundred rows per language).
The unicode61 tokenizer with diacritics removed lets "zlobek" find "żłobek" and "conferinta"
find "conferință"; Arabic, Urdu and Bengali words are tokenised by Unicode class.
"""

import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass

from portal.content.loader import SITE_SECTION, ContentLibrary, Page

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 20
# Private-use characters mark the snippet's matches; the template turns them into <mark>.
MATCH_START, MATCH_END = "\ue000", "\ue001"


# Letters with no Unicode decomposition that readers type without their mark.
_EXTRA_FOLDS = str.maketrans("łŁøØđĐıħĦ", "lLoOdDihH")
WORD_PATTERN = re.compile(r"[\w\u0300-\u036f\u0900-\u0dff\u0610-\u061a\u064b-\u065f]+")


class _FoldTable(dict):
    """str.translate table that works out each character's folded form the first time
    it is seen: lower case, accents removed, always exactly one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code).translate(_EXTRA_FOLDS)
        base = unicodedata.normalize("NFD", char)[0]
        if unicodedata.combining(base):
            base = char
        lower = base.lower()
        self[code] = folded = lower if len(lower) == 1 else base
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and strip accents one character at a time, so the folded text has the
    same length as the original and match positions can be mapped back onto it."""
    return text.translate(_FOLD_TABLE)


def make_snippet(text: str, words: list[str], width: int = 160) -> str:
    """A piece of `text` around the first match, with every match marked."""
    folded = fold(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    matches = list(pattern.finditer(folded))
    if not matches:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, matches[0].start() - width // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    pieces, cursor = [], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces += [
            text[cursor : match.start()],
            MATCH_START,
            text[match.start() : match.end()],
            MATCH_END,
        ]
        cursor = match.end()
    pieces.append(text[cursor:end])
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")


@dataclass(frozen=True)
class SearchResult:
    url: str  # without the language prefix, with the section's anchor
    page_title: str
    section_title: str
    snippet: str
    page_lang: str


def _page_url(page: Page) -> str:
    return f"/{page.slug}" if page.section == SITE_SECTION else f"/{page.section}/{page.slug}"


class SearchIndex:
    def __init__(self, library: ContentLibrary, languages: tuple[str, ...]):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        # The folded copies are what is matched; the originals are what is shown.
        self._db.execute(
            "CREATE VIRTUAL TABLE sections USING fts5(lang UNINDEXED, url UNINDEXED, "
            "page_lang UNINDEXED, page_title UNINDEXED, section_title UNINDEXED, body UNINDEXED, "
            "folded_title, folded_section, folded_body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        rows = []
        for lang in languages:
            for page in self._pages_for(library, lang):
                for anchor, heading, text in page.sections:
                    url = _page_url(page) + (f"#{anchor}" if anchor else "")
                    rows.append((lang, url, page.lang, page.title, heading, text, page.title))
            for term in library.glossary(lang):
                # Shown with its name; found by its abbreviation and every alias too.
                shown = f"{term.term} ({term.abbr})" if term.abbr else term.term
                names = " ".join(filter(None, [term.term, term.abbr, *term.aliases]))
                body = f"{term.short} {term.long}"
                rows.append((lang, f"/glossary#{term.id}", lang, shown, "", body, names))
        self._db.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row[:6], fold(row[6]), fold(row[4]), fold(row[5])) for row in rows],
        )
        self.size = len(rows)

    @staticmethod
    def _pages_for(library: ContentLibrary, lang: str):
        """Every English page, in the reader's language where it is translated."""
        for (page_lang, section, slug), english in library.pages.items():
            if page_lang == "en":
                yield library.page(lang, section, slug) or english

    def search(self, lang: str, query: str) -> list[SearchResult]:
        words = [fold(word) for word in WORD_PATTERN.findall(query[:MAX_QUERY_LENGTH])][:10]
        if not words:
            return []
        # Each word quoted (no FTS syntax from the reader) and matched as a prefix.
        match = " ".join('"' + word + '"*' for word in words)
        with self._lock:
            rows = self._db.execute(
                "SELECT url, page_title, section_title, page_lang, body "
                "FROM sections WHERE sections MATCH ? AND lang = ? "
                "ORDER BY bm25(sections, 0, 0, 0, 0, 0, 0, 10.0, 5.0, 1.0) LIMIT ?",
                (match, lang, MAX_RESULTS),
            ).fetchall()
        return [
            SearchResult(
                url=url,
                page_title=title,
                section_title=section,
                snippet=make_snippet(body, words),
                page_lang=page_lang,
            )
            for url, title, section, page_lang, body in rows
        ]
