"""Render one Markdown page: its HTML, headings, links and plain text.

Content is trusted repository text, so its HTML is marked safe here and nowhere else.
Glossary terms are linked by ``glossary_links.py``, through a :class:`LazyLinker` that
compiles a language's glossary only when one of its pages has to be rendered.
"""

import datetime as dt
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TypedDict, cast

import frontmatter
import markdown
from markupsafe import Markup

from portal.content.glossary_links import GlossaryEntry, GlossaryLinker, GlossaryTexts
from portal.content.library import EASY_READ, GlossaryTerm, Page, source_hash
from portal.content.markdown_ext import PortalExtension, TreeStep


class FrontMatter(TypedDict, total=False):
    """A page's front matter as this reader uses it; what it turns into text with
    ``str()`` (or reads as a date) may be any YAML value."""

    title: object
    summary: object
    audience: object
    order: object
    updated: object
    source: object
    version: object
    review_due: object
    easy_read_of: object
    source_hash: object
    reviewed_by: object


def _as_text(value: object, name: str, path: Path) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{path}: {name} must be text")


def _as_whole_number(value: object, name: str, path: Path) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"{path}: {name} must be a whole number")


def _as_date(value: object, name: str, path: Path) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"{path}: {name} must be a date (YYYY-MM-DD)") from exc


class _TextReader(HTMLParser):
    """Reads a rendered page once for both of its plain-text forms:

    - `sections`: (anchor, heading, text) split at each h2/h3 with an id, leaving out the
      "Link to this section" paragraphs and the words-on-this-page list (for search);
    - `parts`: the whole page's words without the section links (for checks of language).
    """

    BLOCK_ENDS = frozenset({"p", "li", "h2", "h3", "td", "th"})

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[list[str]] = [["", "", ""]]
        self.in_heading = False
        self.section_skip_depth = 0
        self.parts: list[str] = []
        self.text_skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = attributes.get("class") or ""
        if classes == "govuk-body portal-no-print":
            self.text_skip += 1
        if self.section_skip_depth or "portal-no-print" in classes or "portal-words" in classes:
            self.section_skip_depth += 1
        elif tag in ("h2", "h3") and (anchor := attributes.get("id")):
            self.sections.append([anchor, "", ""])
            self.in_heading = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCK_ENDS:
            if self.text_skip and tag == "p":
                self.text_skip -= 1
            self.parts.append("\n")
        if self.section_skip_depth:
            self.section_skip_depth -= 1
        elif tag in ("h2", "h3"):
            self.in_heading = False
        self.sections[-1][2] += " "

    def handle_data(self, data: str) -> None:
        if not self.text_skip:
            self.parts.append(data)
        if not self.section_skip_depth:
            self.sections[-1][1 if self.in_heading else 2] += data


def read_text(html: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """The page's plain text, and its sections (see _TextReader)."""
    reader = _TextReader()
    reader.feed(str(html))
    sections = tuple(
        (anchor, heading.strip(), " ".join(text.split()))
        for anchor, heading, text in reader.sections
    )
    return " ".join("".join(reader.parts).split()), sections


@dataclass(frozen=True)
class PageTexts:
    """Interface words the renderer writes into pages, in the page's language."""

    section_link: str = "Link to this section"
    glossary: GlossaryTexts = GlossaryTexts()  # noqa: RUF009 - frozen, so one shared default is safe


def render_markdown(
    body: str,
    lang: str,
    texts: PageTexts,
    linker: TreeStep | None = None,
    section_links: bool = True,
) -> tuple[Markup, tuple[tuple[int, str, str], ...], tuple[str, ...]]:
    """Markdown → (safe HTML, headings, internal links). Content is trusted repo text."""
    portal = PortalExtension(
        lang=lang,
        section_link_text=texts.section_link,
        glossary_linker=linker,
        section_links=section_links,
    )
    html = markdown.markdown(body, extensions=["attr_list", "tables", "sane_lists", portal])
    processor = portal.processor
    if processor is None:  # set when Markdown registered the extension
        raise RuntimeError("the portal's Markdown extension did not run")
    return Markup(html), tuple(processor.headings), tuple(processor.links)


def load_page(
    path: Path, lang: str, section: str, texts: PageTexts, linker: TreeStep | None = None
) -> Page:
    raw = path.read_text(encoding="utf-8")
    post = frontmatter.loads(raw)
    # Front matter is YAML whose shape the content checker checks, not this reader.
    meta = cast(FrontMatter, post.metadata)
    # Easy Read pages have no "Link to this section" under each heading: clutter there.
    html, headings, links = render_markdown(
        post.content, lang, texts, linker, section_links=section != EASY_READ
    )
    text, sections = read_text(html)
    version = meta.get("version")
    return Page(
        lang=lang,
        section=section,
        slug=path.stem,
        title=str(meta.get("title", "")).strip(),
        summary=str(meta.get("summary", "") or "").strip(),
        audience=str(meta.get("audience", "")).strip(),
        html=html,
        headings=headings,
        links=links,
        text=text,
        sections=sections,
        order=_as_whole_number(meta.get("order", 100), "order", path),
        updated=_as_date(meta.get("updated"), "updated", path),
        source=_as_text(meta.get("source"), "source", path),
        version=None if version is None else str(version),
        review_due=_as_date(meta.get("review_due"), "review_due", path),
        easy_read_of=_as_text(meta.get("easy_read_of"), "easy_read_of", path),
        source_hash=None if meta.get("source_hash") is None else str(meta["source_hash"]),
        own_hash=source_hash(raw),
        reviewed_by=_as_text(meta.get("reviewed_by"), "reviewed_by", path),
        path=path,
    )


class LazyLinker:
    """Compiling a language's glossary pattern is only worth it when one of its pages
    has to be rendered; with a warm cache, start-up never needs it."""

    def __init__(self, terms: tuple[GlossaryTerm, ...], lang: str, texts: PageTexts):
        self.arguments = (terms, lang, texts)
        self.linker: GlossaryLinker | None = None

    def run(self, root: etree.Element) -> None:
        if self.linker is None:
            self.linker = glossary_linker(*self.arguments)
        self.linker.run(root)


def glossary_linker(terms: tuple[GlossaryTerm, ...], lang: str, texts: PageTexts) -> GlossaryLinker:
    entries = [
        GlossaryEntry(id=t.id, term=t.term, short=t.short, abbr=t.abbr, names=(t.term, *t.aliases))
        for t in terms
    ]
    return GlossaryLinker(entries, lang, texts.glossary)
