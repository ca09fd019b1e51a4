"""The content library: every page and glossary of every language, already rendered.

What a page is (:class:`Page`), a glossary term, and the library the views and the
checker look pages up in; look-ups never touch the disk. ``loader.py`` fills it,
``render.py`` turns a file into a :class:`Page`.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from portal.content.search_words import SearchWords

# Sections in the order they appear on the home page. "pages" are site pages served
# at the top level (/en/about); the others at /en/<section>/<slug>.
SECTIONS = ("parents", "easy-read", "young-people", "professionals", "procedures")
EASY_READ = "easy-read"
SITE_SECTION = "pages"
AUDIENCES = {"parents", "young-people", "professionals", "everyone"}


def source_hash(text: str) -> str:
    """Short, stable fingerprint of an English source file."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Page:
    lang: str
    section: str
    slug: str
    title: str
    summary: str
    audience: str
    html: Markup
    headings: tuple[tuple[int, str, str], ...]
    links: tuple[str, ...]
    text: str  # plain text of the body, for search and readability checks
    # (anchor, heading, text) of each h2/h3 section, for search; "" anchor = the intro
    sections: tuple[tuple[str, str, str], ...] = ()
    order: int = 100
    updated: dt.date | None = None
    source: str | None = None
    version: str | None = None
    review_due: dt.date | None = None
    easy_read_of: str | None = None
    source_hash: str | None = None  # translations: the English file this came from
    own_hash: str = ""  # this file's own fingerprint
    reviewed_by: str | None = None
    path: Path | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.section, self.slug)

    @property
    def is_procedure(self) -> bool:
        return self.section == "procedures"

    def review_overdue(self, today: dt.date) -> bool:
        return self.review_due is not None and self.review_due < today


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    short: str
    long: str
    abbr: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class ContentLibrary:
    """All content of all languages, rendered. Look-ups never touch the disk."""

    pages: dict[tuple[str, str, str], Page] = field(default_factory=dict)
    glossaries: dict[str, tuple[GlossaryTerm, ...]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    search_words: dict[str, SearchWords] = field(default_factory=dict)

    def page(self, lang: str, section: str, slug: str) -> Page | None:
        return self.pages.get((lang, section, slug))

    def section_pages(self, lang: str, section: str) -> list[Page]:
        """The pages of a section in reading order, English where not translated."""
        english = [p for (lng, sec, _), p in self.pages.items() if lng == "en" and sec == section]
        chosen = [self.pages.get((lang, section, p.slug), p) for p in english]
        return sorted(chosen, key=lambda p: (p.order, p.title))

    def series(self, lang: str, page: Page) -> list[Page]:
        """An Easy Read page and the others that simplify the same parents' page, in
        reading order: a long subject is a short series of short pages."""
        if page.section != EASY_READ or not page.easy_read_of:
            return [page]
        return [
            p for p in self.section_pages(lang, EASY_READ) if p.easy_read_of == page.easy_read_of
        ]

    def easy_read_subjects(self, lang: str) -> list[list[Page]]:
        """The Easy Read section as subjects: each series (pages with the same
        ``easy_read_of``) once, in the order of its first page."""
        subjects: dict[str, list[Page]] = {}
        for page in self.section_pages(lang, EASY_READ):
            subjects.setdefault(page.easy_read_of or page.slug, []).append(page)
        return list(subjects.values())

    def glossary(self, lang: str) -> tuple[GlossaryTerm, ...]:
        return self.glossaries.get(lang) or self.glossaries.get("en", ())

    def is_stale(self, page: Page) -> bool:
        """A translation made from an older English text than the current one."""
        if page.lang == "en":
            return False
        english = self.pages.get(("en", page.section, page.slug))
        return english is not None and page.source_hash != english.own_hash
