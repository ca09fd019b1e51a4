"""Site search: an in-memory SQLite FTS5 index of every section of every page.

Built once at start-up from the rendered library (a few hundred rows per language).
Words are indexed as search_words reduces them (folded, letter variants unified, Arabic
article removed, stemmed), so "zlobek" finds "żłobek", "محكمة" finds "المحكمة" and
"conferences" finds "conference". A search then:

1. drops the language's filler words ("will", "they", "my") and finds the topics of
   content/<lang>/search.yaml whose everyday phrasing the reader used ("taken into care",
   "lawyer"): their pages come first;
2. matches every remaining word as a prefix of a word or of its stem;
3. when that finds little and a word is not one the pages use, corrects it to the
   nearest word they do use ("confrence" → "conference") and shows those results, with
   the correction said and a link to search for the words as typed.
"""

import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from portal.content.library import SITE_SECTION, ContentLibrary, Page
from portal.content.search_words import (
    SearchWords,
    Speller,
    fold,
    index_text,
    key,
    query_terms,
    stem,
    words,
)

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 20
# Private-use characters mark the snippet's matches; the template turns them into <mark>.
MATCH_START, MATCH_END = "\ue000", "\ue001"


def make_snippet(text: str, words: list[str], width: int = 160) -> str:
    """A piece of `text` around the first match, with every match marked."""
    folded = fold(text)
    words = sorted({w for w in words if w}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words)) if words else None
    matches = list(pattern.finditer(folded)) if pattern else []
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


@dataclass
class SearchAnswer:
    results: list[SearchResult] = field(default_factory=list)
    # The reader's words as corrected, when the results are for those instead.
    corrected: str | None = None


# A search that finds fewer results than this, with a word the pages never use, is
# tried again with that word corrected.
FEW_RESULTS = 3


def _page_url(page: Page) -> str:
    return f"/{page.slug}" if page.section == SITE_SECTION else f"/{page.section}/{page.slug}"


class SearchIndex:
    def __init__(self, library: ContentLibrary, languages: tuple[str, ...]):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        # The reduced copies are what is matched; the originals are what is shown.
        self._db.execute(
            "CREATE VIRTUAL TABLE sections USING fts5(lang UNINDEXED, url UNINDEXED, "
            "page_lang UNINDEXED, page_title UNINDEXED, section_title UNINDEXED, body UNINDEXED, "
            "terms_title, terms_section, terms_body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self.words: dict[str, SearchWords] = {}
        self.spellers: dict[str, Speller] = {}
        # (lang, url) → (page title, section title, text) for the topics' pages.
        self._sections: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        rows = []
        for lang in languages:
            self.words[lang] = library.search_words.get(lang) or SearchWords()
            for page in self._pages_for(library, lang):
                for anchor, heading, text in page.sections:
                    if not anchor and not text.strip():
                        # A page that starts at its first heading (Easy Read): its
                        # summary says what the page answers.
                        text = page.summary
                    url = _page_url(page) + (f"#{anchor}" if anchor else "")
                    rows.append((lang, url, page.lang, page.title, heading, text, page.title))
                    self._sections[(lang, url)] = (page.title, heading, text, page.lang)
                self._sections.setdefault(
                    (lang, _page_url(page)), (page.title, "", page.summary, page.lang)
                )
            for term in library.glossary(lang):
                # Shown with its name; found by its abbreviation and every alias too.
                shown = f"{term.term} ({term.abbr})" if term.abbr else term.term
                names = " ".join(filter(None, [term.term, term.abbr, *term.aliases]))
                body = f"{term.short} {term.long}"
                rows.append((lang, f"/glossary#{term.id}", lang, shown, "", body, names))
                self._sections[(lang, f"/glossary#{term.id}")] = (shown, "", body, lang)
            # The vocabulary for spelling: every word of the language's pages, glossary
            # and search.yaml, counted when the first correction is needed.
            texts = [text for row in rows if row[0] == lang for text in (row[4], row[5], row[6])]
            texts += [phrase for topic in self.words[lang].topics for phrase in topic.says]
            self.spellers[lang] = Speller(lang, texts)
        self._db.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    *row[:6],
                    index_text(row[0], row[6]),
                    index_text(row[0], row[4]),
                    index_text(row[0], row[5]),
                )
                for row in rows
            ],
        )
        self.size = len(rows)

    @staticmethod
    def _pages_for(library: ContentLibrary, lang: str) -> Iterator[Page]:
        """Every English page, in the reader's language where it is translated."""
        for (page_lang, section, slug), english in library.pages.items():
            if page_lang == "en":
                yield library.page(lang, section, slug) or english

    def search(self, lang: str, query: str, correct: bool = True) -> SearchAnswer:
        """Results for the reader's words; with `correct`, spelling slips are corrected
        when the words as typed find little."""
        search_words = self.words.get(lang) or SearchWords()
        terms = query_terms(lang, query[:MAX_QUERY_LENGTH], search_words.filler)[:10]
        if not terms:
            return SearchAnswer()
        results = self._results(lang, terms, search_words)
        speller = self.spellers.get(lang)
        if not correct or len(results) >= FEW_RESULTS or speller is None:
            return SearchAnswer(results)
        fixed = [speller.correct(term) or term for term in terms]
        if fixed == terms:
            return SearchAnswer(results)
        better = self._results(lang, fixed, search_words)
        if len(better) <= len(results):
            return SearchAnswer(results)
        corrected = " ".join(
            speller.shown.get(new, new) if new != old else _typed(query, lang, old)
            for old, new in zip(terms, fixed, strict=True)
        )
        return SearchAnswer(better, corrected=corrected)

    def _results(
        self, lang: str, terms: list[str], search_words: SearchWords
    ) -> list[SearchResult]:
        topics = search_words.topics_for(lang, terms)
        results: list[SearchResult] = []
        seen: set[str] = set()
        highlight = [*terms, *(stem(lang, t) for t in terms)]
        for topic in topics:
            for url in topic.pages:
                found = self._sections.get((lang, url))
                if found is None or url in seen:
                    continue
                seen.add(url)
                title, section, text, page_lang = found
                results.append(
                    SearchResult(url, title, section, make_snippet(text, highlight), page_lang)
                )
        rows = self._match(lang, terms, " AND ")
        if not rows and len(terms) > 1 and not results:
            rows = self._match(lang, terms, " OR ")
        for url, title, section, page_lang, body in rows:
            if url in seen:
                continue
            seen.add(url)
            results.append(
                SearchResult(url, title, section, make_snippet(body, highlight), page_lang)
            )
        return results[:MAX_RESULTS]

    def _match(
        self, lang: str, terms: list[str], joiner: str
    ) -> list[tuple[str, str, str, str, str]]:
        # Each word quoted (no FTS syntax from the reader), matched as a prefix of a word
        # or of a stem.
        groups = []
        for term in terms:
            forms = dict.fromkeys([term, stem(lang, term)])
            groups.append("(" + " OR ".join('"' + f.replace('"', "") + '"*' for f in forms) + ")")
        with self._lock:
            return self._db.execute(
                "SELECT url, page_title, section_title, page_lang, body "
                "FROM sections WHERE sections MATCH ? AND lang = ? "
                "ORDER BY bm25(sections, 0, 0, 0, 0, 0, 0, 10.0, 5.0, 1.0) LIMIT ?",
                (joiner.join(groups), lang, MAX_RESULTS),
            ).fetchall()


def _typed(query: str, lang: str, term: str) -> str:
    """The reader's own spelling of a word that was not corrected."""
    return next((w for w in words(query) if key(lang, w) == term), term)
