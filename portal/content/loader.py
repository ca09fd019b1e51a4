"""Load every Markdown page and glossary of every language once, render it once.

Layout on disk (see docs/content.md):
    content/<lang>/<section>/<slug>.md   guides and procedures, with YAML front matter
    content/<lang>/pages/<slug>.md       site pages: about, accessibility, online-safety
    content/<lang>/glossary.yaml         the glossary
    content/<lang>/search.yaml           everyday words and questions for search
A translated page records `source_hash`: the hash of the English file it was made from.
"""

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import markdown
from markupsafe import Markup

from portal import safe_yaml
from portal.content.glossary_links import GlossaryEntry, GlossaryLinker, GlossaryTexts
from portal.content.markdown_ext import PICTURES_FILE, PortalExtension
from portal.content.search_words import SearchWords, load_search_words

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

    def glossary(self, lang: str) -> tuple[GlossaryTerm, ...]:
        return self.glossaries.get(lang) or self.glossaries.get("en", ())

    def is_stale(self, page: Page) -> bool:
        """A translation made from an older English text than the current one."""
        if page.lang == "en":
            return False
        english = self.pages.get(("en", page.section, page.slug))
        return english is not None and page.source_hash != english.own_hash


def _as_date(value, name: str, path: Path) -> dt.date | None:
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

    def __init__(self):
        super().__init__()
        self.sections: list[list[str]] = [["", "", ""]]
        self.in_heading = False
        self.section_skip_depth = 0
        self.parts: list[str] = []
        self.text_skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = attributes.get("class") or ""
        if classes == "govuk-body portal-no-print":
            self.text_skip += 1
        if self.section_skip_depth or "portal-no-print" in classes or "portal-words" in classes:
            self.section_skip_depth += 1
        elif tag in ("h2", "h3") and attributes.get("id"):
            self.sections.append([attributes["id"], "", ""])
            self.in_heading = True

    def handle_endtag(self, tag):
        if tag in self.BLOCK_ENDS:
            if self.text_skip and tag == "p":
                self.text_skip -= 1
            self.parts.append("\n")
        if self.section_skip_depth:
            self.section_skip_depth -= 1
        elif tag in ("h2", "h3"):
            self.in_heading = False
        self.sections[-1][2] += " "

    def handle_data(self, data):
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
    linker: GlossaryLinker | None = None,
    section_links: bool = True,
):
    """Markdown → (safe HTML, headings, internal links). Content is trusted repo text."""
    portal = PortalExtension(
        lang=lang,
        section_link_text=texts.section_link,
        glossary_linker=linker,
        section_links=section_links,
    )
    html = markdown.markdown(body, extensions=["attr_list", "tables", "sane_lists", portal])
    processor = portal.processor
    return Markup(html), tuple(processor.headings), tuple(processor.links)


def load_page(
    path: Path, lang: str, section: str, texts: PageTexts, linker: GlossaryLinker | None = None
) -> Page:
    raw = path.read_text(encoding="utf-8")
    post = frontmatter.loads(raw)
    meta = post.metadata
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
        order=int(meta.get("order", 100)),
        updated=_as_date(meta.get("updated"), "updated", path),
        source=meta.get("source"),
        version=None if version is None else str(version),
        review_due=_as_date(meta.get("review_due"), "review_due", path),
        easy_read_of=meta.get("easy_read_of"),
        source_hash=None if meta.get("source_hash") is None else str(meta["source_hash"]),
        own_hash=source_hash(raw),
        reviewed_by=meta.get("reviewed_by"),
        path=path,
    )


class RenderCache:
    """Rendered pages kept between starts, keyed by everything that shapes the output:
    the file's text, the interface words, the glossary and the renderer's own code.

    Rendering Markdown is the slow part of start-up (about 10 ms a page); a page whose
    inputs have not changed is read back instead. JSON, not pickle: nothing executable is
    ever loaded from disk.

    The rules (docs/decisions/0001-response-and-render-caches.md): the key is the
    language, section and file name, the file's text, the glossary, the interface words
    and the renderer's code; where the file is, is not kept (it comes from the folder
    read). A changed input misses; unused entries are dropped when the file is saved.
    No permission: content is public.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        self.changed = False
        if path is not None and path.exists():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}

    def get(self, key: str, path: Path) -> Page | None:
        """The page kept under `key`, as read from `path` now: where the file lives is
        never kept, so a moved content folder reuses its renders with the new paths."""
        stored = self.entries.get(key)
        if stored is None:
            return None
        self.used[key] = stored
        return _page_from_json(stored, path)

    def put(self, key: str, page: Page) -> None:
        self.used[key] = _page_to_json(page)
        self.changed = True

    def save(self) -> None:
        if self.path is None or not (self.changed or len(self.used) != len(self.entries)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.used), encoding="utf-8")
        os.replace(temporary, self.path)  # atomic: a reader never sees half a file


def _renderer_fingerprint() -> str:
    """Changes whenever the rendering code changes, so old renders are never reused."""
    here = Path(__file__).parent
    code = "".join(
        (here / name).read_text(encoding="utf-8")
        for name in ("loader.py", "markdown_ext.py", "glossary_links.py")
    ) + PICTURES_FILE.read_text(encoding="utf-8")
    return source_hash(code)


def _page_to_json(page: Page) -> dict:
    # Shallow: asdict's deep copy of every page was a tenth of a cold start.
    data = {field.name: getattr(page, field.name) for field in dataclasses.fields(page)}
    data["html"] = str(page.html)
    for name in ("updated", "review_due"):
        data[name] = data[name].isoformat() if data[name] else None
    del data["path"]  # where the file is comes from the folder read, never from here
    return data


def _page_from_json(data: dict, path: Path) -> Page:
    values = dict(data)
    values["html"] = Markup(values["html"])
    values["headings"] = tuple(tuple(h) for h in values["headings"])
    values["links"] = tuple(values["links"])
    values["sections"] = tuple(tuple(part) for part in values.get("sections", ()))
    for name in ("updated", "review_due"):
        values[name] = dt.date.fromisoformat(values[name]) if values[name] else None
    values["path"] = path
    return Page(**values)


def load_glossary(path: Path) -> tuple[GlossaryTerm, ...]:
    data = safe_yaml.load(path.read_text(encoding="utf-8")) or []
    return tuple(
        GlossaryTerm(
            id=item["id"],
            term=item["term"],
            short=item["short"],
            long=item.get("long") or item["short"],
            abbr=item.get("abbr"),
            aliases=tuple(item.get("aliases") or ()),
        )
        for item in data
    )


class LazyLinker:
    """Compiling a language's glossary pattern is only worth it when one of its pages
    has to be rendered; with a warm cache, start-up never needs it."""

    def __init__(self, terms: tuple[GlossaryTerm, ...], lang: str, texts: PageTexts):
        self.arguments = (terms, lang, texts)
        self.linker: GlossaryLinker | None = None

    def run(self, root) -> None:
        if self.linker is None:
            self.linker = glossary_linker(*self.arguments)
        self.linker.run(root)


def glossary_linker(terms: tuple[GlossaryTerm, ...], lang: str, texts: PageTexts) -> GlossaryLinker:
    entries = [
        GlossaryEntry(id=t.id, term=t.term, short=t.short, abbr=t.abbr, names=(t.term, *t.aliases))
        for t in terms
    ]
    return GlossaryLinker(entries, lang, texts.glossary)


def load_library(
    content_dir: Path,
    languages: tuple[str, ...],
    texts: dict[str, PageTexts] | None = None,
    cache_file: Path | None = None,
) -> ContentLibrary:
    """Read and render everything for the given languages. Problems are collected, not raised,
    so one broken translation cannot stop the portal; the checker reports them."""
    library = ContentLibrary()
    cache = RenderCache(cache_file)
    renderer = _renderer_fingerprint()
    found: list[tuple[str, RenderJob, Page | None]] = []  # in order; None: to render
    for lang in languages:
        lang_texts = (texts or {}).get(lang, PageTexts())
        lang_dir = content_dir / lang
        glossary_path = lang_dir / "glossary.yaml"
        glossary_text = ""
        if glossary_path.exists():
            try:
                glossary_text = glossary_path.read_text(encoding="utf-8")
                library.glossaries[lang] = load_glossary(glossary_path)
            except Exception as exc:  # noqa: BLE001 - report any broken file, keep going
                library.problems.append(f"{glossary_path}: cannot be read: {exc}")
        linker = LazyLinker(library.glossaries.get(lang, ()), lang, lang_texts)
        search_path = lang_dir / "search.yaml"
        if search_path.exists():
            try:
                library.search_words[lang] = load_search_words(search_path, lang)
            except Exception as exc:  # noqa: BLE001 - report any broken file, keep going
                library.problems.append(f"{search_path}: cannot be read: {exc}")

        context = source_hash(renderer + glossary_text + repr(lang_texts))
        for section in (*SECTIONS, SITE_SECTION):
            for path in sorted((lang_dir / section).glob("*.md")):
                try:
                    raw = path.read_text(encoding="utf-8")
                except OSError as exc:
                    library.problems.append(f"{path}: cannot be read: {exc}")
                    continue
                key = f"{lang}/{section}/{path.name}:{context}:{source_hash(raw)}"
                job = RenderJob(path, lang, section, lang_texts, linker)
                found.append((key, job, cache.get(key, path)))
    rendered = iter([_render(job) for _, job, page in found if page is None])
    for key, job, page in found:
        if page is None:
            page = next(rendered)
            if isinstance(page, str):
                library.problems.append(f"{job.path}: cannot be read: {page}")
                continue
            cache.put(key, page)
        library.pages[(job.lang, job.section, page.slug)] = page
    with contextlib.suppress(OSError):  # a read-only instance folder only costs start-up
        cache.save()
    return library


@dataclass(frozen=True)
class RenderJob:
    path: Path
    lang: str
    section: str
    texts: PageTexts
    linker: LazyLinker


def _render(job: RenderJob) -> Page | str:
    """A rendered page, or what is wrong with its file."""
    try:
        return load_page(job.path, job.lang, job.section, job.texts, job.linker)
    except Exception as exc:  # noqa: BLE001 - reported as a problem with that file
        return str(exc)
