"""Link the first use of each glossary term on a page, and explain it without JavaScript.

The first time a term (or its abbreviation, or an alias) appears in a paragraph, list item
or table cell, it becomes a link to the page's own "Words used on this page" list, with
`aria-describedby` pointing at the short definition, so a screen reader reads the meaning
with the link. That list, at the end of the page, links on to the full glossary. The first
use of an abbreviation is expanded in brackets. Headings and existing links are left alone.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

# Letters plus the combining marks of the scripts we serve, for word boundaries.
WORD = r"\w\u0900-\u0dff\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
LINKABLE_BLOCKS = {"p", "li", "td", "dd"}


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: str
    short: str
    abbr: str | None
    names: tuple[str, ...]  # every phrasing to look for: term, aliases (not the abbreviation)


@dataclass(frozen=True)
class GlossaryTexts:
    heading: str = "Words used on this page"
    more: str = "More words in the glossary"


def _plain_name(term: str) -> str:
    """ "Grupa podstawowa (core group)" → "Grupa podstawowa": translated glossaries give
    the English in brackets, which would nest awkwardly inside an expansion."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", term) or term


def _lower_keeping_length(text: str) -> str:
    """Lower case with every character in its place, so match positions fit `text` (a few
    letters, like "İ", lower to two characters; those stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class GlossaryLinker:
    def __init__(self, entries: list[GlossaryEntry], lang: str, texts: GlossaryTexts):
        self.lang = lang
        self.texts = texts
        self.by_phrase: dict[str, GlossaryEntry] = {}
        alternatives = []
        for entry in entries:
            for name in entry.names:
                self.by_phrase.setdefault(name.casefold(), entry)
                alternatives.append(re.escape(name.lower()))
            if entry.abbr:
                self.by_phrase.setdefault(entry.abbr, entry)
                alternatives.append(re.escape(entry.abbr.lower()))
        alternatives.sort(key=len, reverse=True)  # longest phrase wins
        # Matched against lower-cased text: three times faster than re.IGNORECASE with
        # this many alternatives, and the glossary is matched on every page at start-up.
        self.pattern = (
            re.compile(rf"(?<![{WORD}])(?:{'|'.join(alternatives)})(?![{WORD}])")
            if alternatives
            else None
        )

    def _entry_for(self, matched: str) -> tuple[GlossaryEntry | None, bool]:
        entry = self.by_phrase.get(matched)  # abbreviations match only in their own case
        if entry is not None and entry.abbr == matched:
            return entry, True
        return self.by_phrase.get(matched.casefold()), False

    def run(self, root: etree.Element) -> None:
        pattern = self.pattern
        if pattern is None:
            return
        used: list[GlossaryEntry] = []
        for block in root.iter():
            if block.tag in LINKABLE_BLOCKS:
                self._link_in(block, used, pattern)
        if used:
            self._append_word_list(root, used)

    def _link_in(
        self, block: etree.Element, used: list[GlossaryEntry], pattern: re.Pattern[str]
    ) -> None:
        # Text directly in the block, then the tail after each inline child that is not a
        # link (text inside links, headings and nested blocks is never touched).
        slots = [(block, "text")]
        slots += [(child, "tail") for child in list(block)]
        for owner, attribute in slots:
            text = getattr(owner, attribute)
            if not text:
                continue
            for match in pattern.finditer(_lower_keeping_length(text)):
                start, end = match.span()
                entry, is_abbr = self._entry_for(text[start:end])
                if entry is None or entry in used:
                    continue
                used.append(entry)
                self._wrap(block, owner, attribute, start, end, entry, is_abbr)
                break  # one link per text run keeps the splitting simple

    def _wrap(
        self,
        block: etree.Element,
        owner: etree.Element,
        attribute: str,
        start: int,
        end: int,
        entry: GlossaryEntry,
        is_abbr: bool,
    ) -> None:
        text = getattr(owner, attribute)
        before, word, after = text[:start], text[start:end], text[end:]
        link = etree.Element(
            "a",
            {
                "class": "govuk-link portal-glossary-link",
                "href": f"#word-{entry.id}",
                "aria-describedby": f"word-{entry.id}-meaning",
            },
        )
        if is_abbr:
            name = _plain_name(entry.term)
            abbr = etree.SubElement(link, "abbr", {"title": name})
            abbr.text = word
            # Expand the first use, unless the block already spells the name out.
            spelled_out = name.casefold() in "".join(block.itertext()).casefold()
            link.tail = after if spelled_out else f" ({name})" + after
        else:
            link.text = word
            link.tail = after
        setattr(owner, attribute, before)
        index = 0 if attribute == "text" else list(block).index(owner) + 1
        block.insert(index, link)

    def _append_word_list(self, root: etree.Element, used: list[GlossaryEntry]) -> None:
        section = etree.SubElement(
            root, "section", {"class": "portal-words", "aria-labelledby": "words-on-this-page"}
        )
        heading = etree.SubElement(
            section, "h2", {"class": "govuk-heading-m", "id": "words-on-this-page"}
        )
        heading.text = self.texts.heading
        terms = etree.SubElement(section, "dl", {"class": "portal-words__list"})
        for entry in used:
            term = etree.SubElement(
                terms,
                "dt",
                {"class": "govuk-body govuk-!-font-weight-bold", "id": f"word-{entry.id}"},
            )
            term.text = entry.term
            meaning = etree.SubElement(
                terms, "dd", {"class": "govuk-body", "id": f"word-{entry.id}-meaning"}
            )
            meaning.text = entry.short + " "
            more = etree.SubElement(
                meaning, "a", {"class": "govuk-link", "href": f"/{self.lang}/glossary#{entry.id}"}
            )
            more.text = self.texts.more
