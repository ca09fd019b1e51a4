"""A Markdown extension that makes content look and behave like the rest of the portal.

It adds GOV.UK Frontend classes, puts the reader's language in front of internal links
(content links are written without it: `/parents/core-group`), and adds a
"Link to this section" anchor after every h2/h3 so a professional can share a section
without JavaScript (not on Easy Read pages, where it is clutter). A paragraph or list
item that starts with `[[picture:NAME]]` gets that picture beside its text.
"""

import functools
import json
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Protocol

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from portal.i18n import LANGUAGES

CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table portal-prose-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--l govuk-section-break--visible",
}


# A paragraph that is only `[[local:NAME]]` marks where the deployment's own council
# rules go (see portal/public/local_rules.py). It becomes an empty placeholder element
# that the page view fills at request time, in the reader's language.
LOCAL_NAMES = frozenset({"extra-checks", "core-group"})
LOCAL_MARKER = re.compile(r"^\[\[local:([a-z][a-z0-9-]*)\]\]$")
LOCAL_MARKER_LINE = re.compile(r"^\[\[local:([a-z][a-z0-9-]*)\]\][ \t]*$", re.MULTILINE)


# `[[picture:NAME]] One idea.`: the picture beside one statement (Easy Read). The names
# are those of content/pictures.json, which the asset build turns into optimised SVG
# files at /static/pictures/NAME.svg. The alt text is empty: the words beside it say
# the same, and a screen reader would only read it twice.
PICTURES_FILE = Path(__file__).resolve().parents[2] / "content" / "pictures.json"
PICTURE_MARKER = re.compile(r"^\s*\[\[picture:([a-z][a-z0-9-]*)\]\][ \t]*")
PICTURE_MARKER_ANYWHERE = re.compile(r"\[\[picture:([a-z][a-z0-9-]*)\]\]")
PICTURE_SIZE = "48"


@functools.cache
def picture_names() -> frozenset[str]:
    names = json.loads(PICTURES_FILE.read_text(encoding="utf-8"))
    return frozenset(name for name in names if not name.startswith("_"))


def picture_url(name: str) -> str:
    return f"/static/pictures/{name}.svg"


FIRST_PICTURE = re.compile(r'src="/static/pictures/([a-z][a-z0-9-]*)\.svg"')


def first_picture(html: str) -> str | None:
    """The first picture on a rendered Easy Read page: it stands for the page's subject
    in the Easy Read list."""
    found = FIRST_PICTURE.search(html)
    return found.group(1) if found else None


def add_picture(element: etree.Element) -> None:
    """`<p>[[picture:meeting]] A meeting…</p>` → the picture, then the text in a span
    (the line lays them side by side). An unknown name is dropped (content check)."""
    marker = PICTURE_MARKER.match(element.text or "")
    if marker is None:
        return
    name = marker.group(1)
    text = (element.text or "")[marker.end() :]
    if name not in picture_names():
        element.text = text
        return
    words = etree.Element("span", {"class": "portal-picture-line__text"})
    words.text = text
    for child in list(element):
        element.remove(child)
        words.append(child)
    element.text = None
    picture = etree.SubElement(
        element,
        "img",
        {
            "src": picture_url(name),
            "alt": "",
            "class": "portal-picture-line__picture",
            "width": PICTURE_SIZE,
            "height": PICTURE_SIZE,
        },
    )
    picture.tail = None
    element.append(words)
    existing = element.get("class")
    element.set("class", f"{existing} portal-picture-line" if existing else "portal-picture-line")


def local_placeholder(name: str) -> str:
    """The HTML a `[[local:NAME]]` paragraph renders to."""
    return f'<div class="portal-local" data-local="{name}"></div>'


# Phone numbers and number ranges ("0808 801 0366", "2019-20") inside right-to-left text:
# without isolation the browser's bidi algorithm reorders their parts.
NUMBER_RUN = re.compile(r"\+?\d+(?:[ \u00a0\-–/.:]\d+)+")


def isolate_numbers(root: etree.Element) -> None:
    """Wrap runs of digits with spaces or dashes in <bdi dir="ltr"> (right-to-left pages)."""
    for element in list(root.iter()):
        if element.tag in ("a", "bdi", "code"):
            continue
        slots = [(element, "text")] + [(child, "tail") for child in list(element)]
        for owner, attribute in slots:
            text = getattr(owner, attribute)
            if not text or not NUMBER_RUN.search(text):
                continue
            pieces = NUMBER_RUN.split(text)
            numbers = NUMBER_RUN.findall(text)
            setattr(owner, attribute, pieces[0])
            index = 0 if attribute == "text" else list(element).index(owner) + 1
            for offset, (number, after) in enumerate(zip(numbers, pieces[1:], strict=True)):
                isolated = etree.Element("bdi", {"dir": "ltr"})
                isolated.text = number
                isolated.tail = after
                element.insert(index + offset, isolated)


class TreeStep(Protocol):
    """A step run on the rendered tree (the glossary linker)."""

    def run(self, root: etree.Element) -> None: ...


class PortalTreeprocessor(Treeprocessor):
    def __init__(
        self,
        md: Markdown,
        lang: str,
        section_link_text: str,
        glossary_linker: TreeStep | None = None,
        section_links: bool = True,
    ):
        super().__init__(md)
        self.lang = lang
        self.section_link_text = section_link_text
        self.section_links = section_links
        self.glossary_linker = glossary_linker
        self.headings: list[tuple[int, str, str]] = []
        self.links: list[str] = []

    def run(self, root: etree.Element) -> None:
        for element in list(root):
            marker = LOCAL_MARKER.match((element.text or "").strip())
            if element.tag == "p" and marker and len(element) == 0:
                element.tag = "div"
                element.text = None
                element.set("class", "portal-local")
                element.set("data-local", marker.group(1))
        for element in list(root.iter()):
            if element.tag in ("p", "li"):
                add_picture(element)
        for element in list(root.iter()):
            self._style(element)
        # Headings are only at the top level of a page; insert after styling so the
        # added links are not styled or counted twice.
        for index, element in reversed(list(enumerate(root))):
            if element.tag in ("h2", "h3") and element.get("id"):
                self._add_section_link(root, index, element)
        self.headings.reverse()
        if self.glossary_linker is not None:
            self.glossary_linker.run(root)
        language = LANGUAGES.get(self.lang)
        if language is not None and language.is_rtl:
            isolate_numbers(root)

    def _style(self, element: etree.Element) -> None:
        css = CLASSES.get(element.tag)
        if css:
            existing = element.get("class")
            element.set("class", f"{css} {existing}" if existing else css)
        if element.tag == "a":
            href = element.get("href", "")
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href)
                element.set("href", f"/{self.lang}{href}")
            elif href.startswith("#"):
                self.links.append(href)
            elif href.startswith(("http://", "https://")):
                element.set("rel", "noreferrer noopener")
        if element.tag == "th" and element.get("scope") is None:
            element.set("scope", "col")

    def _add_section_link(self, parent: etree.Element, index: int, heading: etree.Element) -> None:
        text = "".join(heading.itertext()).strip()
        self.headings.append((int(heading.tag[1]), heading.get("id", ""), text))
        if not self.section_links:
            return
        link = etree.Element(
            "a", {"class": "govuk-link portal-section-link", "href": f"#{heading.get('id')}"}
        )
        link.text = self.section_link_text
        hidden = etree.SubElement(link, "span", {"class": "govuk-visually-hidden"})
        hidden.text = f": {text}"
        wrapper = etree.Element("p", {"class": "govuk-body portal-no-print"})
        wrapper.append(link)
        parent.insert(index + 1, wrapper)


class PortalExtension(Extension):
    def __init__(
        self,
        lang: str = "en",
        section_link_text: str = "Link to this section",
        glossary_linker: TreeStep | None = None,
        section_links: bool = True,
    ):
        super().__init__()
        self.lang = lang
        self.section_link_text = section_link_text
        self.glossary_linker = glossary_linker
        self.section_links = section_links
        self.processor: PortalTreeprocessor | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # Markdown's API name
        self.processor = PortalTreeprocessor(
            md, self.lang, self.section_link_text, self.glossary_linker, self.section_links
        )
        # After attr_list (priority 8) so explicit heading ids are already set.
        md.treeprocessors.register(self.processor, "portal", 5)
