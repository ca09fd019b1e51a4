"""Review finding 1: nothing a client sends may change the bytes of a kept public page.

Gunicorn takes SCRIPT_NAME from a request header (for requests from 127.0.0.1, where a
reverse proxy sits), so the test client sets it in the WSGI environ, as gunicorn does.
"""

import re

import pytest

# Every header the review tried, and SCRIPT_NAME in the forms gunicorn passes it on.
ATTACKS = [
    ("SCRIPT_NAME", {}, {"SCRIPT_NAME": "//evil.example"}),
    ("SCRIPT_NAME prefix", {}, {"SCRIPT_NAME": "/x"}),
    ("Host", {"Host": "canary1.example"}, {}),
    ("X-Forwarded-Host", {"X-Forwarded-Host": "canary2.example"}, {}),
    (
        "X-Forwarded-Proto",
        {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "canary3.example"},
        {},
    ),
    ("X-Forwarded-Prefix", {"X-Forwarded-Prefix": "/canary4"}, {}),
    ("Forwarded", {"Forwarded": "host=canary5.example;proto=https"}, {}),
    ("X-Original-URL", {"X-Original-URL": "/canary6"}, {}),
    ("X-Rewrite-URL", {"X-Rewrite-URL": "/canary7"}, {}),
    ("Accept-Language", {"Accept-Language": "ur"}, {}),
    ("Cookie", {"Cookie": "session=canary8garbage"}, {}),
    ("X-Script-Name", {"X-Script-Name": "/canary9"}, {}),
    ("PATH_INFO header", {"PATH_INFO": "/canary10"}, {}),
    ("Referer", {"Referer": "http://canary11.example/"}, {}),
    ("User-Agent", {"User-Agent": "canary12"}, {}),
    ("X-HTTP-Method-Override", {"X-HTTP-Method-Override": "POST"}, {}),
    ("Accept-Encoding", {"Accept-Encoding": "gzip"}, {}),
]
PAGES = [
    f"/{lang}/parents/{slug}"
    for lang in ("pl", "ro", "bn", "pt")
    for slug in ("categories", "conferences", "core-group", "visits", "your-rights")
]


@pytest.mark.parametrize("proxies", [0, 1])
def test_public_page_cache_poisoning_via_script_name(make_app, proxies):
    """The first request for a page, whatever it carries, cannot decide what the next
    visitor gets: every later answer is byte for byte the page a clean request builds."""
    app = make_app(PORTAL_PROXY_COUNT=proxies)
    clean = make_app(PUBLIC_PAGE_CACHE=False, PORTAL_PROXY_COUNT=proxies).test_client()
    client = app.test_client()
    for (name, headers, environ), path in zip(ATTACKS, PAGES, strict=False):
        url = path
        if environ.get("SCRIPT_NAME"):
            url = environ["SCRIPT_NAME"] + path  # the path gunicorn strips the prefix from
        client.get(url, headers=headers, environ_overrides=environ)
        expected = clean.get(path).data
        assert b"canary" not in expected and b"evil.example" not in expected
        for _ in range(2):
            later = app.test_client().get(path)
            assert later.status_code == 200, name
            assert later.data == expected, f"{name} changed the kept page {path}"


def test_a_client_script_name_never_reaches_a_page(make_app):
    """Not even the request that carries it gets links to another host."""
    client = make_app(PUBLIC_PAGE_CACHE=False).test_client()
    html = client.get("/en/parents/", environ_overrides={"SCRIPT_NAME": "//evil.example"}).get_data(
        as_text=True
    )
    assert "evil.example" not in html
    assert 'href="/exit"' in html or "/exit" in re.findall(r'href="([^"]*exit)"', html)[0]


def test_links_are_built_under_the_path_of_portal_base_url(make_app):
    """A portal served under a path (the proxy strips it, or passes it on) links under
    that path, and the share box gives the public address once."""
    app = make_app(PORTAL_BASE_URL="https://council.example/family-plans/")
    for path in ("/en/parents/categories", "/family-plans/en/parents/categories"):
        html = app.test_client().get(path).get_data(as_text=True)
        exits = re.findall(r'href="([^"]*/exit)"', html)
        assert exits and all(e == "/family-plans/exit" for e in exits), exits
        assert "https://council.example/family-plans/en/parents/categories" in html
        assert "family-plans/family-plans" not in html
