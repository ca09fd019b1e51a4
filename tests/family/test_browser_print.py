"""The family's plan on paper: a one-page summary, at most four A4 pages, right to left."""

import io
import os
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.conftest import (  # noqa: F401  (fixtures: Debian's Chromium, bypass CSP)
    CHROMIUM,
    SCREENSHOTS,
    browser_context_args,
    browser_type_launch_args,
)
from tests.family.browser_setup import (  # noqa: F401  (fixtures: app, live_server, chromium)
    council_app,
    council_live_server,
    debian_chromium,
    long_plan_to_print,
    sign_in_on_a_phone,
)

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip(
        "Debian's chromium is not installed (make test installs it)", allow_module_level=True
    )


def printed(page) -> tuple[int, list[str]]:
    """The page as Chromium prints it to A4: its page count, and each page's text with
    the spaces and line breaks taken out (addresses break over lines on paper)."""
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    # NFKC: the "fi" in a name may come out as one ligature letter.
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in pdf.pages]
    return len(pdf.pages), ["".join(text.split()) for text in texts]


@pytest.mark.parametrize("lang", ["en", "pl", "ro", "ur", "ar", "bn", "pt"])
def test_the_printed_plan_has_a_one_page_summary_and_at_most_four_pages(
    app, chromium, live_server, save_plan, make_link, today, lang
):
    today("2026-05-01")
    _, token, passcode = make_link(save_plan(long_plan_to_print()))
    context, page = sign_in_on_a_phone(chromium, live_server, token, passcode, lang)
    try:
        page.emulate_media(media="print")
        pages, texts = printed(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"family-print-{lang}.pdf").write_bytes(page.pdf(format="A4"))
        assert pages <= 4, f"/{lang}/my-plan prints on {pages} A4 pages"
        # Small enough to fit, never too small to read: no printed text below 9pt (12px).
        smallest = page.evaluate(
            "Math.min(...[...document.querySelectorAll('main :is(p, li, dt, dd, h2, h3)')]"
            ".filter(e => e.getClientRects().length)"
            ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
        )
        assert smallest >= 12, f"/{lang}: printed text at {smallest * 0.75:.1f}pt"
        first = texts[0]
        on_page_one = {
            "the council": "WestshireBoroughCouncil",
            "the child's first name": "Zofiaxq",
            "the next meeting's place": "Familycentre,Room2",
            "the conference's place": "CivicCentre,Room4",
            "the social worker's number": "01782000000",
            "the out-of-hours number": "03001239999",
            "the first action": "Gototheparentingcourse",
        }
        if lang == "en":
            on_page_one |= {
                "the printed date": "Printedon1May2026",
                "the next meeting's time": "2:30pm",
                "the conference's time": "1:30pm",
            }
        for name, text in on_page_one.items():
            assert text in first, f"{name} is not on page 1"
        # The rest of the plan starts on page 2, at full width, with full addresses.
        rest = "".join(texts[1:])
        assert "Goal0" in rest and "Goal0" not in first
        base = app.config["PORTAL_BASE_URL"]
        assert f"{base}/{lang}/parents/".replace(" ", "") in rest
        width = page.evaluate(
            "document.querySelector('.govuk-grid-column-two-thirds').offsetWidth"
            " / document.querySelector('main').offsetWidth"
        )
        assert width > 0.95, "the plan prints at full width"
        # No navigation, languages, forms or calendar links on paper.
        for selector in (
            ".govuk-service-navigation",
            ".portal-languages",
            "nav[aria-labelledby=plan-contents-title]",
            "form",
            "a[href$='.ics']",
            ".govuk-exit-this-page",
        ):
            assert not page.locator(selector).first.is_visible(), selector
        # What is late prints short: date, what and status on one line, and what the
        # date gone by means; its meaning is left to the screen.
        late = page.locator(".portal-timeline__item--late").first
        date, title = (
            late.locator(c).bounding_box()
            for c in (".portal-timeline__date", ".portal-timeline__title")
        )
        # (the title starts on the date's last line, not below it)
        assert title["y"] < date["y"] + date["height"] - 1, "a late item's title runs on"
        # The first is the one-year check: it prints in the past tense, then that the
        # family does not go to it (nothing looks ahead to what has gone by).
        printed_lines = late.locator(".portal-timeline__detail:visible")
        assert [printed_lines.nth(i).inner_text() for i in range(printed_lines.count())] == [
            said(
                app,
                lang,
                "This check was due when your plan reached %(num)d month.",
                "This check was due when your plan reached %(num)d months.",
                12,
            ),
            said(app, lang, "Families do not go to this check. You do not need to do anything."),
        ]
        # Its guide prints once: the second late check's is the same page, left out.
        guides = page.locator(".portal-timeline__item--late .portal-timeline__links li")
        assert [guides.nth(i).is_visible() for i in range(guides.count())] == [True, False]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_paper_prints_addresses_left_to_right_and_no_fold_it_cannot_open(
    app, chromium, live_server, save_plan, make_link, today, lang
):
    """On right-to-left paper a printed address keeps its order and its brackets (an
    isolated, left-to-right run after its link); the folded past prints as a line
    saying where its events are, with no triangle that cannot open."""
    today("2026-05-01")
    _, token, passcode = make_link(save_plan(long_plan_to_print()))
    context, page = sign_in_on_a_phone(chromium, live_server, token, passcode, lang)
    try:
        page.emulate_media(media="print")
        address_runs = page.evaluate(
            "[...document.querySelectorAll('main a[href^=\"http\"]')].map(a => {"
            " const after = getComputedStyle(a, '::after');"
            " return [after.direction, after.unicodeBidi]; })"
        )
        assert address_runs and set(map(tuple, address_runs)) == {("ltr", "isolate")}
        earlier = page.locator("details.portal-timeline-earlier")
        assert earlier.is_hidden()
        paper = page.locator(".portal-timeline-earlier__paper")
        assert paper.is_visible()
        count = earlier.locator(".portal-timeline__item").count()
        assert paper.inner_text().strip() == said(
            app,
            lang,
            "%(num)d earlier event is on the website.",
            "%(num)d earlier events are on the website.",
            count,
        )
        # Opened before printing, its line is a heading: no triangle, no line to open it.
        page.evaluate("document.querySelector('details.portal-timeline-earlier').open = true")
        assert earlier.is_visible() and paper.is_hidden()
        marker = page.evaluate(
            "getComputedStyle(document.querySelector("
            "'.portal-timeline-earlier summary'), '::before').display"
        )
        assert marker == "none"
    finally:
        context.close()


def said(app, lang, message, plural=None, num=1) -> str:
    """A message as the catalog says it in `lang` (with `plural`, the form for `num`)."""
    from flask_babel import force_locale, gettext, ngettext

    from portal.languages import locale_for

    with app.test_request_context(f"/{lang}/"), force_locale(locale_for(lang)):
        return gettext(message) if plural is None else ngettext(message, plural, num)
