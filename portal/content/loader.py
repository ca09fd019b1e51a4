"""Load every Markdown page and glossary of every language once, render it once.

Layout on disk (see docs/content.md):
    content/<lang>/<section>/<slug>.md   guides and procedures, with YAML front matter
    content/<lang>/pages/<slug>.md       site pages: about, accessibility, online-safety
    content/<lang>/glossary.yaml         the glossary
    content/<lang>/search.yaml           everyday words and questions for search
A translated page records `source_hash`: the hash of the English file it was made from.
"""

import contextlib
from dataclasses import dataclass
from pathlib import Path

from portal import safe_yaml
from portal.content.library import (
    SECTIONS,
    SITE_SECTION,
    ContentLibrary,
    GlossaryTerm,
    Page,
    source_hash,
)
from portal.content.render import LazyLinker, PageTexts, load_page
from portal.content.render_cache import RenderCache, renderer_fingerprint
from portal.content.search_words import load_search_words


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
    renderer = renderer_fingerprint()
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
    for key, job, kept in found:
        page = kept
        if page is None:
            fresh = next(rendered)
            if isinstance(fresh, str):
                library.problems.append(f"{job.path}: cannot be read: {fresh}")
                continue
            cache.put(key, fresh)
            page = fresh
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
