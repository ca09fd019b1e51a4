"""Every public page in every configured language."""

import pytest

from portal.config import settings
from portal.content import SECTIONS
from portal.i18n import LANGUAGES
from tests.fixtures.pages import ALLOWED_OUTBOUND_HOSTS


def public_urls(app):
    library = app.extensions["content"]
    urls = ["/", "/glossary"]
    urls += [f"/{section}/" for section in SECTIONS]
    for lang, section, slug in library.pages:
        if lang != "en":
            continue
        urls.append(f"/{slug}" if section == "pages" else f"/{section}/{slug}")
    return urls


def test_there_are_pages_in_every_section(app):
    library = app.extensions["content"]
    for section in (*SECTIONS, "pages"):
        assert any(key[1] == section for key in library.pages), section


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_page_in_every_language(app, get_page, lang):
    for url in public_urls(app):
        soup = get_page(f"/{lang}{url}")
        current = soup.select_one(".portal-languages__item--current [aria-current]")
        assert current.get_text() == LANGUAGES[lang].native_name
        # The switcher keeps the reader on the same page.
        for link in soup.select(".portal-languages a[hreflang]"):
            assert link["href"] == f"/{link['hreflang']}{url}"


@pytest.mark.parametrize("lang", ["en", "pl", "ur"])
def test_every_public_page_has_a_description_from_its_summary(app, get_page, lang):
    """Search engines show the description under the title; a guide's is its summary."""
    library = app.extensions["content"]
    descriptions = {}
    for url in public_urls(app):
        soup = get_page(f"/{lang}{url}")
        tags = soup.select('head meta[name="description"]')
        assert len(tags) == 1, url
        descriptions[url] = tags[0]["content"].strip()
        assert descriptions[url], url
    for (page_lang, section, slug), page in library.pages.items():
        if page_lang != lang:
            continue
        url = f"/{slug}" if section == "pages" else f"/{section}/{slug}"
        assert descriptions[url] == page.summary.strip(), url
    assert len(set(descriptions.values())) > len(descriptions) // 2


def test_links_out_go_only_to_deliberate_places(app, client):
    from urllib.parse import urlsplit

    from bs4 import BeautifulSoup

    for url in public_urls(app):
        html = client.get(f"/en{url}").get_data(as_text=True)
        for link in BeautifulSoup(html, "html.parser").select("a[href]"):
            host = urlsplit(link["href"]).netloc
            if host:
                assert host in ALLOWED_OUTBOUND_HOSTS or link.get("rel"), (url, link["href"])


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("pl-PL,pl;q=0.9,en;q=0.8", "/pl/"),
        ("ur", "/ur/"),
        ("fr, de", "/en/"),
        ("", "/en/"),
        ("en;q=0.1, ar;q=0.9", "/ar/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize(
    "url", ["/en/no-such-page", "/xx/", "/en/parents/no-such-guide", "/pl/nope"]
)
def test_not_found_is_friendly(get_page, url):
    lang = "pl" if url.startswith("/pl") else "en"
    soup = get_page(url, status=404, lang=lang)
    assert "Traceback" not in soup.get_text()


def test_server_error_shows_no_traceback(make_app):
    app = make_app(TESTING=False, PASSWORD_HASHING="standard")

    @app.get("/en/test-explode")
    def explode():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/en/test-explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret detail" not in body and "Traceback" not in body
    assert 'lang="en"' in body


def test_security_headers(client):
    response = client.get("/en/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_every_kind_of_response_carries_the_security_headers(app, client):
    import re

    from portal.security import security_headers

    home = client.get("/en/").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    script = re.search(r'src="(/static/[^"]+\.js)"', home).group(1)
    answers = {
        "language choice": client.get("/"),
        "guide, rendered": client.get("/en/parents/visits"),
        "guide, kept": client.get("/en/parents/visits"),
        "stylesheet": client.get(stylesheet),
        "script": client.get(script),
        "page not found": client.get("/en/no-such-page"),
        "unknown language": client.get("/xx/parents/"),
        "family link not found": client.get("/f/made-up-token"),
        "family page without a session": client.get("/en/my-plan"),
        "sign-in": client.get("/en/professional/sign-in"),
        "form without its CSRF token": client.post("/en/professional/sign-in"),
        "API without a key": client.get("/api/v1/plans"),
        "API description": client.get("/api/v1/openapi.json"),
        "health": client.get("/healthz"),
    }
    expected = security_headers(settings(app).production)
    for name, response in answers.items():
        response.close()
        missing = {k for k, v in expected.items() if response.headers.get(k) != v}
        assert not missing, f"{name} ({response.status_code}) lacks {sorted(missing)}"


def test_exit_ends_the_session_and_leaves(client, app):
    with client.session_transaction() as session:
        session["family_link"] = 1
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == app.config["EXIT_URL"]
    with client.session_transaction() as session:
        assert "family_link" not in session


def test_guide_has_section_links_and_stable_ids(get_page, app):
    library = app.extensions["content"]
    page = next(p for p in library.pages.values() if p.lang == "en" and p.headings)
    url = f"/en/{page.section}/{page.slug}" if page.section != "pages" else f"/en/{page.slug}"
    soup = get_page(url)
    level, anchor, _ = page.headings[0]
    heading = soup.select_one(f"#{anchor}")
    assert heading.name == f"h{level}"
    assert soup.select_one(f'a.portal-section-link[href="#{anchor}"]') is not None


def test_procedure_shows_source_version_and_review_date(get_page, app):
    library = app.extensions["content"]
    procedures = [p for p in library.pages.values() if p.lang == "en" and p.is_procedure]
    assert procedures
    for page in procedures:
        soup = get_page(f"/en/procedures/{page.slug}")
        meta = soup.select_one(".govuk-summary-list").get_text()
        assert page.source.split(",")[0] in meta
        overdue = soup.select_one(".govuk-warning-text")
        from portal import clock

        due = page.review_due
        assert (overdue is not None) == (due is not None and due < clock.today())


def test_untranslated_page_is_english_with_a_notice_in_the_readers_language(tmp_path, make_app):
    import shutil

    from portal.config import ROOT

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "bn/parents/visits.md").unlink(missing_ok=True)
    html = (
        make_app(CONTENT_DIR=content).test_client().get("/bn/parents/visits").get_data(as_text=True)
    )
    assert 'class="govuk-grid-column-two-thirds portal-content" lang="en" dir="ltr"' in html
    assert 'class="govuk-inset-text portal-notice" lang="bn"' in html


def test_translation_status_lists_every_english_page_for_each_language(app, get_page):
    library = app.extensions["content"]
    soup = get_page("/en/professionals/translation-status")
    rows = soup.select("tbody tr")
    english = [p for p in library.pages.values() if p.lang == "en"]
    assert len(rows) == len(english)
    assert len(rows[0].select("td")) == len(app.config["PORTAL_LANGUAGES"]) - 1


def test_production_sends_hsts_and_secure_cookies(tmp_path, monkeypatch):
    from portal import create_app

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://plans.example.gov.uk")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'portal.db'}")
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", str(tmp_path))
    app = create_app()
    response = app.test_client().get("/en/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "a-real-secret-from-the-environment"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    from portal import create_app

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
