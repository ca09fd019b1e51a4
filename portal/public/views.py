"""Thin views over the content library rendered at start-up."""

from flask import abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from portal import clock
from portal.config import settings
from portal.content import SECTIONS, ContentLibrary
from portal.content.library import EASY_READ, SITE_SECTION
from portal.content.markdown_ext import PICTURE_SIZE, first_picture, picture_url
from portal.content.search import MATCH_END, MATCH_START, MAX_QUERY_LENGTH, SearchAnswer
from portal.languages import current_language
from portal.public import bp
from portal.public.local_rules import fill_local_sections
from portal.sharing import absolute_url, qr_svg

SITE_PAGES = ("about", "accessibility", "online-safety", "privacy", "cookies", "feedback")
# Site pages that show who runs this copy of the portal and how to reach them.
CONTACT_PAGES = frozenset({"privacy", "feedback"})
# URL converters that match only known sections and site pages.
SECTION = "any(" + ", ".join(f'"{name}"' for name in SECTIONS) + "):section"
SITE_PAGE = "any(" + ", ".join(f'"{name}"' for name in SITE_PAGES) + "):slug"


def library() -> ContentLibrary:
    return current_app.extensions["content"]


def _page_or_english(section: str, slug: str):
    """The page in the reader's language, else the English one (shown with a notice)."""
    lang = current_language().code
    page = library().page(lang, section, slug)
    if page is None:
        page = library().page("en", section, slug)
    if page is None:
        abort(404)
    return page


@bp.get("/")
def home():
    """The home page: a way in for each audience."""
    lang = current_language().code
    sections = {section: library().section_pages(lang, section) for section in SECTIONS}
    return render_template("public/home.html", sections=sections)


@bp.get(f"/<{SECTION}>/")
def section(section: str):
    """The list of pages in one section."""
    lang = current_language().code
    pages = library().section_pages(lang, section)
    subjects = library().easy_read_subjects(lang) if section == "easy-read" else None
    return render_template(
        "public/section.html",
        section=section,
        pages=pages,
        subjects=subjects,
        first_picture=first_picture,
        picture_url=picture_url,
        picture_size=PICTURE_SIZE,
    )


@bp.get(f"/<{SECTION}>")
def section_without_slash(section: str):
    return redirect(url_for("public.section", section=section), code=301)


@bp.get("/professionals/translation-status")
def translation_status():
    """For professionals: which pages exist in which language, and which are stale."""
    lib = library()
    codes = [c for c in settings().languages if c != "en"]
    english = sorted(
        (p for (lang, _, _), p in lib.pages.items() if lang == "en"),
        key=lambda p: (SECTIONS.index(p.section) if p.section in SECTIONS else 99, p.order),
    )
    rows = []
    for page in english:
        cells = []
        for code in codes:
            translated = lib.page(code, page.section, page.slug)
            if translated is None:
                state = "missing"
            elif lib.is_stale(translated):
                state = "stale"
            elif translated.reviewed_by:
                state = "reviewed"
            else:
                state = "current"
            cells.append(state)
        rows.append((page, cells))
    return render_template(
        "public/translation_status.html", rows=rows, codes=codes, section="professionals"
    )


@bp.get(f"/<{SECTION}>/<slug>")
def guide(section: str, slug: str):
    """One guide or procedure chapter."""
    page = _page_or_english(section, slug)
    easy_read = None
    if section == "parents":
        easy_read = next(
            (
                p
                for p in library().section_pages(current_language().code, "easy-read")
                if p.easy_read_of == slug
            ),
            None,
        )
    return render_template(
        "public/guide.html",
        page=page,
        body=fill_local_sections(page.html, pictures=section == EASY_READ),
        section=section,
        easy_read=easy_read,
        series=library().series(current_language().code, page),
        stale=library().is_stale(page),
        today=clock.today(),
        share_url=share_url,
        qr_svg=public_qr_svg,
    )


@bp.get(f"/<{SITE_PAGE}>")
def site_page(slug: str):
    """About, accessibility statement, online safety, privacy, cookies and feedback."""
    page = _page_or_english(SITE_SECTION, slug)
    return render_template(
        "public/guide.html",
        page=page,
        show_contact=slug in CONTACT_PAGES,
        body=fill_local_sections(page.html),
        section=None,
        easy_read=None,
        stale=library().is_stale(page),
        today=clock.today(),
        share_url=share_url,
        qr_svg=public_qr_svg,
    )


@bp.get("/offline")
def offline():
    """What the offline guides' service worker (static/src/offline.mjs) shows for a page
    it has not kept, when there is no connection."""
    return render_template("public/offline.html")


@bp.get("/glossary")
def glossary():
    """Every term a family meets in letters and meetings, explained."""
    lang = current_language().code
    terms = library().glossary(lang)
    translated = lang == "en" or lang in library().glossaries
    return render_template(
        "public/glossary.html",
        terms=sorted(terms, key=lambda t: t.term.casefold()),
        translated=translated,
    )


def public_qr_svg(url: str, title: str) -> Markup:
    """A guide's address as a QR code, a little smaller than on a professional's page."""
    return qr_svg(url, title, scale=3)


def share_url(path: str) -> str:
    """The absolute address to share. From configuration, never from the request's Host
    header: public pages are cached, and a forged Host must not end up in them."""
    return absolute_url(request.script_root + path)


def highlighted(snippet: str) -> Markup:
    """Escape a search snippet, then mark the matched words."""
    safe = str(escape(snippet))
    return Markup(safe.replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))


@bp.get("/search")
def search():
    """Search every guide, procedure and glossary term in the reader's language. A slip of
    spelling is corrected when the words as typed find little; `exact=1` searches for the
    words as typed. With no results, the page offers the parents' guides and who to ask."""
    lang = current_language().code
    query = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    exact = request.args.get("exact") == "1"
    answer = (
        current_app.extensions["search"].search(lang, query, correct=not exact)
        if query
        else SearchAnswer()
    )
    nothing_found = bool(query) and not answer.results
    return render_template(
        "public/search.html",
        query=query,
        results=answer.results,
        corrected=answer.corrected,
        questions=_often_asked(lang) if nothing_found else [],
        guides=library().section_pages(lang, "parents")[:5] if nothing_found else [],
        highlighted=highlighted,
    )


# Questions parents ask most, answered in the Easy Read guides: offered when a search
# finds nothing. (section, page, heading id)
OFTEN_ASKED = (
    ("easy-read", "what-is-a-plan", "taken-away"),
    ("easy-read", "how-long-plans-last", "how-long"),
    ("easy-read", "getting-ready-for-a-conference", "bringing-someone"),
    ("easy-read", "getting-ready-for-a-conference", "interpreter"),
    ("easy-read", "court-and-lawyers", "free-legal-help"),
)


def _often_asked(lang: str) -> list[tuple[str, str, str]]:
    """(address, question, page language) for each often-asked question that exists."""
    found = []
    for section, slug, anchor in OFTEN_ASKED:
        page = library().page(lang, section, slug) or library().page("en", section, slug)
        if page is None:
            continue
        heading = next((text for _, hid, text in page.headings if hid == anchor), None)
        if heading:
            found.append((f"/{section}/{slug}#{anchor}", heading, page.lang))
    return found
