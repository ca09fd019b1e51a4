"""The offline guides' service worker and its offline page, without a browser (the
browser test is tests/browser/test_offline_guides.py)."""

import json

import pytest

from portal.i18n import LANGUAGES

OFFLINE_TITLES = {
    "en": "You are offline",
    "pl": "Nie masz połączenia z internetem",
    "ar": "أنت غير متصل بالإنترنت",
}


def test_the_service_worker_is_served_from_the_root_with_the_exit_address(client, app):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    # Browsers look for a new version on every visit; the built file never goes stale.
    assert response.headers["Cache-Control"] == "no-cache"
    source = response.get_data(as_text=True)
    first_line = source.splitlines()[0]
    assert first_line == f"self.EXIT_URL = {json.dumps(app.config['EXIT_URL'])};"
    assert "portal-public-pages-v1" in source and "no-store" in source


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_offline_page_in_every_language(client, lang):
    response = client.get(f"/{lang}/offline")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if lang in OFFLINE_TITLES:
        assert f">{OFFLINE_TITLES[lang]}</h1>" in page
    # Where the kept guides are: home, Easy Read and the glossary of that language.
    for path in (f"/{lang}/", f"/{lang}/easy-read/", f"/{lang}/glossary"):
        assert f'href="{path}"' in page
    # It can be kept (the worker keeps only what may be kept).
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_every_page_loads_the_script_that_offers_the_offline_guides(client):
    page = client.get("/en/").get_data(as_text=True)
    script = page.split('<script type="module" src="', 1)[1].split('"', 1)[0]
    with client.get(script) as response:
        assert 'navigator.serviceWorker.register("/sw.js")' in response.get_data(as_text=True)
