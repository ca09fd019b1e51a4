"""Trust: every family page and the passcode page name the council and give a number to
check a link is genuine; a Beta banner with a feedback link; privacy, cookies and
feedback pages in every language; and the cookies page lists every cookie the portal
actually sets."""

import re

import pytest

from portal import create_app
from portal.i18n import LANGUAGES
from tests.conftest import migrated
from tests.conftest import test_settings as settings_for_tests
from tests.family.conftest import csrf_from
from tests.family.plans import record

AUTHORITY = "Westshirexq Council"
PHONE = "0300 123 4567"
OUT_OF_HOURS = "0300 123 9999"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return migrated(
        create_app(
            settings_for_tests(
                tmp_path_factory.mktemp("trust"),
                PORTAL_AUTHORITY_NAME=AUTHORITY,
                PORTAL_AUTHORITY_PHONE=PHONE,
                PORTAL_OUT_OF_HOURS_PHONE=OUT_OF_HOURS,
                PORTAL_RETENTION_MONTHS=18,
            )
        )
    )


def genuine_sentence(soup) -> str:
    return " ".join(soup.select_one(".portal-genuine").get_text().split())


def assert_names_the_council(soup, words, lang):
    header = soup.select_one(".portal-header__authority")
    assert header.get_text(strip=True) == words(lang, "Run by %(authority)s", authority=AUTHORITY)
    expected = words(
        lang,
        "This website is run by %(authority)s. To check that a link or message from them is "
        "genuine, call %(phone)s.",
        authority=AUTHORITY,
        phone=PHONE,
    )
    assert expected in genuine_sentence(soup)
    assert soup.select_one('.portal-genuine a[href="tel:03001234567"]').get_text() == PHONE


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_passcode_page_names_the_council_and_a_number_to_check(
    get_page, save_plan, make_link, words, lang
):
    _, token, _ = make_link(save_plan(record()))
    soup = get_page(f"/{lang}/f/{token}")
    assert_names_the_council(soup, words, lang)
    # Said once, near the form, not again at the foot of the page.
    assert len(soup.select(".portal-genuine")) == 1


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_every_family_page_names_the_council(client, get_page, sign_in, words, lang):
    sign_in(record(), lang=lang)
    for path in ("my-plan", "my-plan/young-person"):
        assert_names_the_council(get_page(f"/{lang}/{path}"), words, lang)
    plan = client.get(f"/{lang}/my-plan").get_data(as_text=True)
    response = client.post(
        f"/{lang}/my-plan/calendar/subscribe", data={"csrf_token": csrf_from(plan)}
    )
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    assert_names_the_council(
        BeautifulSoup(response.get_data(as_text=True), "html.parser"), words, lang
    )
    assert_names_the_council(get_page(f"/{lang}/my-plan/session-ended"), words, lang)


def test_family_pages_leave_out_the_guides_section_links(get_page, sign_in):
    sign_in(record())
    assert not get_page("/en/my-plan").select(".govuk-service-navigation")
    assert get_page("/en/parents/").select(".govuk-service-navigation__link")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_beta_banner_and_the_trust_pages_in_every_language(get_page, words, lang):
    home = get_page(f"/{lang}/")
    banner = home.select_one(".govuk-phase-banner")
    assert banner.select_one(".govuk-tag").get_text(strip=True) == words(lang, "Beta")
    feedback = banner.select_one("a")
    assert feedback["href"] == f"/{lang}/feedback"
    footer = {a["href"] for a in home.select(".govuk-footer a")}
    assert {f"/{lang}/privacy", f"/{lang}/cookies", f"/{lang}/feedback"} <= footer
    for slug in ("privacy", "cookies", "feedback"):
        page = get_page(f"/{lang}/{slug}")
        # Each page is written in the reader's language, not English with a notice.
        assert not page.select_one(".portal-content[lang]"), (lang, slug)
    privacy = get_page(f"/{lang}/privacy")
    contact = " ".join(privacy.select_one(".portal-authority-contact").get_text(" ").split())
    assert AUTHORITY in contact
    assert privacy.select_one('.portal-authority-contact a[href="tel:03001234567"]')
    # How long ended plans are kept comes from PORTAL_RETENTION_MONTHS.
    assert re.search(r"\b18\b", contact)
    assert get_page(f"/{lang}/feedback").select_one(".portal-authority-contact")
    assert not get_page(f"/{lang}/cookies").select_one(".portal-authority-contact")


def test_without_settings_nothing_is_made_up(make_app, get_page):
    from tests.fixtures.pages import check_page

    client = make_app().test_client()
    home = check_page(client.get("/en/").get_data(as_text=True), "en")
    assert not home.select(".portal-header__authority")
    privacy = check_page(client.get("/en/privacy").get_data(as_text=True), "en")
    contact = privacy.select_one(".portal-authority-contact").get_text(" ")
    assert "the council that gave you your link" in contact
    assert not privacy.select('.portal-authority-contact a[href^="tel:"]')


def test_the_cookies_page_lists_every_cookie_the_portal_sets(app, client, save_plan, make_link):
    def names(response) -> set[str]:
        return {
            header.split("=", 1)[0].strip() for header in response.headers.getlist("Set-Cookie")
        }

    set_anywhere: set[str] = set()
    # Reading the guides sets no cookie at all.
    for url in ("/en/", "/en/parents/what-is-a-plan", "/en/search?q=plan", "/en/privacy"):
        response = client.get(url)
        assert response.status_code == 200
        assert not names(response), url
    # Opening a plan, using it and signing out.
    _, token, passcode = make_link(save_plan(record()))
    page = client.get(f"/en/f/{token}")
    set_anywhere |= names(page)
    response = client.post(
        f"/en/f/{token}",
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "passcode": passcode},
    )
    set_anywhere |= names(response)
    plan = client.get("/en/my-plan")
    set_anywhere |= names(plan)
    set_anywhere |= names(
        client.post(
            "/en/my-plan/sign-out", data={"csrf_token": csrf_from(plan.get_data(as_text=True))}
        )
    )
    # Professionals signing in.
    set_anywhere |= names(client.get("/en/professional/sign-in"))
    assert set_anywhere == {app.config["SESSION_COOKIE_NAME"]}

    cookies_page = client.get("/en/cookies").get_data(as_text=True)
    listed = set(re.findall(r"<tr[^>]*>\s*<td[^>]*>([^<]+)</td>", cookies_page))
    assert listed == set_anywhere
