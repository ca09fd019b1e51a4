"""Reading-level checks for the English explainer pages.

Each page in content/en/parents, content/en/young-people and content/en/easy-read
is rendered from Markdown to plain text and given a Flesch-Kincaid grade.
Each section has its own ceiling:

- parents: grade 8 or lower
- young-people: grade 6 or lower
- easy-read: grade 5 or lower

Run with ``-s`` to see every page's grade and word count. Run this file
directly (``python tests/content/test_readability.py``) for a summary table.

If a page fails, rewrite it with shorter, more common words and simpler
sentences. Do not chop sentences into fragments to move the score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import markdown
import pytest
import textstat

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content" / "en"

# Highest Flesch-Kincaid grade allowed for each section folder.
LIMITS: dict[str, float] = {
    "parents": 8.0,
    "young-people": 6.0,
    "easy-read": 5.0,
}

# Elements whose text stands on its own as a sentence (or sentence-like unit).
BLOCK_TAGS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dt", "dd", "tr"}
)
# Table cells are joined into one unit per row, separated by commas.
CELL_TAGS = frozenset({"td", "th"})
SENTENCE_END = re.compile(r"[.!?]['\")\u2019\u201d]*$")


class _TextExtractor(HTMLParser):
    """Collect the text of rendered Markdown, one entry per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._parts: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        self._parts = []
        text = text.strip(" ,")
        if not text:
            return
        if not SENTENCE_END.search(text):
            text += "."
        self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            # A list inside a list item, or a paragraph inside a quote,
            # ends the text that came before it.
            self._flush()
        elif tag == "br":
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in CELL_TAGS:
            self._parts.append(", ")
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


# `[[picture:NAME]]` puts a picture beside a statement: it is not read.
PICTURE_MARKER = re.compile(r"\[\[picture:[a-z0-9-]+\]\][ \t]*")


def markdown_to_text(body: str) -> str:
    """Render a Markdown body and return its plain text, one block per line."""
    html = markdown.markdown(PICTURE_MARKER.sub("", body), extensions=["attr_list", "tables"])
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return "\n".join(extractor.blocks)


@dataclass(frozen=True)
class PageScore:
    page: str
    section: str
    title: str
    grade: float
    words: int
    limit: float

    @property
    def passes(self) -> bool:
        return self.grade <= self.limit

    def line(self) -> str:
        verdict = "ok" if self.passes else "TOO HARD"
        return (
            f"{self.page}: grade {self.grade:.1f} (limit {self.limit:g}), "
            f"{self.words} words, {verdict}"
        )


def score_page(path: Path) -> PageScore:
    """Work out the reading grade and word count of one content page."""
    section = path.parent.name
    post = frontmatter.load(path)
    text = markdown_to_text(post.content)
    return PageScore(
        page=f"{section}/{path.stem}",
        section=section,
        title=str(post.get("title", "")),
        grade=round(textstat.flesch_kincaid_grade(text), 1),
        words=textstat.lexicon_count(text),
        limit=LIMITS[section],
    )


def content_pages() -> list[Path]:
    pages: list[Path] = []
    for section in LIMITS:
        pages.extend(sorted((CONTENT / section).glob("*.md")))
    return pages


PAGES = content_pages()


def test_text_extraction_keeps_blocks_apart() -> None:
    body = (
        "Intro line\n\n"
        "## A heading {#a-heading}\n\n"
        "The plan says:\n\n"
        "- who does what\n"
        "- by when?\n\n"
        "| Step | When |\n|---|---|\n| Review | 3 months |\n"
    )
    assert markdown_to_text(body).splitlines() == [
        "Intro line.",
        "A heading.",
        "The plan says:.",
        "who does what.",
        "by when?",
        "Step, When.",
        "Review, 3 months.",
    ]


def test_pages_are_found() -> None:
    assert any(p.parent.name == "parents" for p in PAGES), "no parents' pages found"


@pytest.mark.parametrize("path", PAGES, ids=[f"{p.parent.name}/{p.stem}" for p in PAGES])
def test_reading_grade(path: Path) -> None:
    score = score_page(path)
    print(score.line())
    assert score.words > 0, f"{score.page} has no text"
    assert score.passes, (
        f"{score.page} ({score.title!r}) reads at Flesch-Kincaid grade "
        f"{score.grade:.1f}; the limit for {score.section} pages is {score.limit:g}. "
        "Use shorter, more common words and simpler sentences."
    )


def report() -> str:
    """A plain table of every page's grade and word count."""
    rows = ["| Page | Title | FK grade | Words | Limit |", "|---|---|---|---|---|"]
    for path in PAGES:
        s = score_page(path)
        rows.append(f"| {s.page} | {s.title} | {s.grade:.1f} | {s.words} | {s.limit:g} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(report())
