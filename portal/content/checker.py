"""The content checker behind `flask --app portal content check` (and the test suite).

Errors make the check fail: bad front matter, broken internal links or anchors,
headings without an explicit id, unreadable files, search.yaml topics naming pages or
sections that do not exist. Missing and out-of-date
translations are listed as notes: they are shown to readers with a notice.
"""

import re
from dataclasses import dataclass, field

from portal.content.library import AUDIENCES, SECTIONS, SITE_SECTION, ContentLibrary, Page
from portal.content.markdown_ext import (
    LOCAL_MARKER_LINE,
    LOCAL_NAMES,
    PICTURE_MARKER_ANYWHERE,
    picture_names,
)
from portal.content.search_words import SearchWords, query_terms

# (language, page path) -> the ids of its sections.
Anchors = dict[tuple[str, str], set[str]]

HEADING_WITHOUT_ID = re.compile(r"^#{2,3} (?!.*\{#[a-z0-9-]+\}\s*$).+$", re.MULTILINE)
# An Easy Read page is read in one go: at most this many statements (a line with its
# picture), about four printed Easy Read pages. A longer subject is a series of pages
# that simplify the same parents' page (docs/content.md, "Easy Read").
EASY_READ_STATEMENTS = 18
# Pages served outside the Markdown sections; links to them are valid.
BUILT_IN_PATHS = {"", "search", "glossary"}


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _target_path(page: Page) -> str:
    if page.section == SITE_SECTION:
        return page.slug
    return f"{page.section}/{page.slug}"


def check_library(library: ContentLibrary, languages: tuple[str, ...]) -> CheckReport:
    report = CheckReport(errors=list(library.problems))
    anchors: Anchors = {}
    for (lang, _, _), page in library.pages.items():
        anchors[(lang, _target_path(page))] = {h[1] for h in page.headings}
    for lang in languages:
        glossary_ids = {term.id for term in library.glossary(lang)}
        anchors[(lang, "glossary")] = glossary_ids
        for section in SECTIONS:
            anchors.setdefault((lang, section), set())

    markers: dict[tuple[str, str, str], list[str]] = {}
    for key, page in library.pages.items():
        if page.path is not None:
            body = page.path.read_text(encoding="utf-8").split("---", 2)[-1]
            markers[key] = LOCAL_MARKER_LINE.findall(body)

    for (lang, section, slug), page in sorted(library.pages.items()):
        where = f"{lang}/{section}/{slug}.md"
        report.errors.extend(f"{where}: {p}" for p in _front_matter_problems(page))
        if page.path is not None:
            body = page.path.read_text(encoding="utf-8").split("---", 2)[-1]
            for line in HEADING_WITHOUT_ID.findall(body):
                report.errors.append(f"{where}: heading has no explicit id: {line.strip()}")
        for name in markers.get((lang, section, slug), []):
            if name not in LOCAL_NAMES:
                report.errors.append(f"{where}: unknown local rules place: [[local:{name}]]")
        if page.path is not None:
            for name in PICTURE_MARKER_ANYWHERE.findall(page.path.read_text(encoding="utf-8")):
                if name not in picture_names():
                    report.errors.append(f"{where}: unknown picture: [[picture:{name}]]")
        for link in page.links:
            problem = _link_problem(link, lang, page, anchors)
            if problem:
                report.errors.append(f"{where}: {problem}")
        if lang != "en":
            english = library.page("en", section, slug)
            if english is None:
                report.errors.append(f"{where}: has no English original")
            elif {h[1] for h in english.headings} != {h[1] for h in page.headings}:
                report.errors.append(f"{where}: heading ids differ from the English page")
            elif library.is_stale(page):
                report.notes.append(f"{where}: out of date (English has changed)")
            elif markers.get((lang, section, slug), []) != markers.get(("en", section, slug), []):
                report.errors.append(f"{where}: [[local:...]] places differ from the English page")

    for lang, search_words in sorted(library.search_words.items()):
        report.errors.extend(
            f"{lang}/search.yaml: {problem}"
            for problem in _search_problems(lang, search_words, anchors)
        )

    for lang in languages:
        if lang == "en":
            continue
        for lng, section, slug in sorted(library.pages):
            if lng == "en" and (lang, section, slug) not in library.pages:
                report.notes.append(f"{lang}/{section}/{slug}.md: not translated yet")
        if lang not in library.glossaries:
            report.notes.append(f"{lang}/glossary.yaml: not translated yet")
    return report


def _search_problems(lang: str, search_words: SearchWords, anchors: Anchors) -> list[str]:
    """Every page a topic names exists (with its section), and every phrase keeps a word
    that is not filler."""
    problems = []
    for number, topic in enumerate(search_words.topics, start=1):
        for address in topic.pages:
            path = address.partition("#")[0]
            problem = None if path.strip("/") else f"page {address!r} is not a page"
            problem = problem or _link_problem(address, lang, None, anchors)
            if problem:
                problems.append(f"topic {number}: {problem.replace('links to', 'names')}")
        for phrase in topic.says:
            if not query_terms(lang, phrase, search_words.filler) or all(
                term in search_words.filler for term in query_terms(lang, phrase)
            ):
                problems.append(f"topic {number}: {phrase!r} has only filler words")
    return problems


# A paragraph or list item of a page's own text, and its attributes.
TEXT_ELEMENT = re.compile(r"<(?:p|li)\b([^>]*)>")


def easy_read_statements(page: Page) -> tuple[int, int]:
    """How many statements (paragraphs and list items) an Easy Read page's own text has,
    and how many of them have no picture beside them."""
    if page.section != "easy-read":
        return 0, 0
    elements = TEXT_ELEMENT.findall(page.html)
    unpictured = [e for e in elements if "portal-picture-line" not in e]
    return len(elements), len(unpictured)


def _front_matter_problems(page: Page) -> list[str]:
    problems = []
    if not page.title:
        problems.append("front matter needs a title")
    if not page.summary:
        problems.append("front matter needs a summary")
    if page.audience not in AUDIENCES:
        problems.append(f"audience must be one of {', '.join(sorted(AUDIENCES))}")
    if page.updated is None:
        problems.append("front matter needs updated (YYYY-MM-DD)")
    if page.is_procedure and not page.source:
        problems.append("a procedure needs source (the authority and document)")
    if page.section == "easy-read" and not page.easy_read_of:
        problems.append("an Easy Read page needs easy_read_of (the parents' page it simplifies)")
    statements, unpictured = easy_read_statements(page)
    if unpictured:
        problems.append(
            f"an Easy Read page has {unpictured} paragraphs or list items without a picture: "
            "start each with [[picture:NAME]]"
        )
    if statements > EASY_READ_STATEMENTS:
        problems.append(
            f"an Easy Read page has {statements} statements, more than {EASY_READ_STATEMENTS}: "
            "cut repetition or make it a series of pages"
        )
    if page.lang != "en" and not page.source_hash:
        problems.append("a translation needs source_hash (the English file it was made from)")
    return problems


def _link_problem(link: str, lang: str, page: Page | None, anchors: Anchors) -> str | None:
    path, _, fragment = link.partition("#")
    # An empty path is a link within the page (search topics always name a page).
    target = (lang, path.strip("/")) if path or page is None else (lang, _target_path(page))
    if target[1] not in BUILT_IN_PATHS and target not in anchors:
        # Not translated yet is fine: the English page is shown with a notice.
        if ("en", target[1]) not in anchors:
            return f"links to a page that does not exist: {link}"
        target = ("en", target[1])
    if fragment and target[1] not in ("", "search") and fragment not in anchors.get(target, set()):
        return f"links to a section that does not exist: {link}"
    return None
