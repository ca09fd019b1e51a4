"""Public pages are answered from memory after the first request, identically."""

import datetime as dt
import gzip

import pytest
from bs4 import BeautifulSoup

from portal import clock
from portal.models import db
from portal.workspace.auth import create_user, set_password
from tests.public.test_pages import public_urls


def test_second_answer_is_the_same_page_with_the_same_headers(make_app):
    app = make_app()
    client = app.test_client()
    first = client.get("/pl/parents/")
    assert "/pl/parents/" in app.extensions["public_pages"].entries
    second = client.get("/pl/parents/")
    assert second.data == first.data
    ignore = {"Date", "Content-Length", "ETag", "Vary"}
    assert {k: v for k, v in first.headers if k not in ignore} == {
        k: v for k, v in second.headers if k not in ignore
    }
    assert second.headers["Content-Security-Policy"]
    assert second.headers["Cache-Control"] == "public, max-age=300"
    assert "X-Portal-Shareable" not in first.headers and "X-Portal-Shareable" not in second.headers


def test_gzip_304_and_head(make_app):
    client = make_app().test_client()
    plain = client.get("/en/glossary")
    zipped = client.get("/en/glossary", headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    etag = plain.headers["ETag"]
    assert client.get("/en/glossary", headers={"If-None-Match": etag}).status_code == 304
    head = client.head("/en/glossary")
    assert head.status_code == 200 and head.data == b""


def test_errors_query_strings_and_other_methods_are_not_kept(make_app):
    app = make_app()
    client = app.test_client()
    assert client.get("/en/no-such-page").status_code == 404
    client.get("/en/glossary?x=1")
    client.get("/", headers={"Accept-Language": "pl"})
    assert not app.extensions["public_pages"].entries


def test_can_be_switched_off(make_app):
    app = make_app(PUBLIC_PAGE_CACHE=False)
    assert "public_pages" not in app.extensions
    first = app.test_client().get("/en/glossary")
    assert first.status_code == 200 and "ETag" not in first.headers


# --- what a kept page may depend on: its address and the date, nothing else ---------

STOKE = "/en/procedures/stoke-progress-reviews"


def _on(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(clock, "today", lambda: day)


def test_a_procedure_kept_before_its_review_date_is_warned_about_once_it_has_passed(
    make_app, monkeypatch
):
    app = make_app()
    review_due = app.extensions["content"].page("en", "procedures", STOKE.rsplit("/")[-1])
    review_due = review_due.review_due
    client = app.test_client()
    _on(monkeypatch, review_due)
    assert "was due to be reviewed" not in client.get(STOKE).get_data(as_text=True)
    assert STOKE in app.extensions["public_pages"].entries  # kept on the review date
    _on(monkeypatch, review_due + dt.timedelta(days=1))
    assert "was due to be reviewed" in client.get(STOKE).get_data(as_text=True)


def _signed_in_professional(app):
    """A browser with a professional's session: cookies the public pages must ignore."""
    with app.app_context():
        user = create_user("cache-check@example.org", "manager")
        set_password(user, "correct horse battery staple")
        db.session.commit()
    client = app.test_client()
    token = BeautifulSoup(
        client.get("/en/professional/sign-in").get_data(as_text=True), "html.parser"
    ).select_one("input[name=csrf_token]")["value"]
    response = client.post(
        "/en/professional/sign-in",
        data={
            "email": "cache-check@example.org",
            "password": "correct horse battery staple",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_every_kept_public_page_is_what_the_app_renders_that_day_for_anyone(
    make_app, monkeypatch, lang
):
    """Each public page is kept on one day for a reader without a session, then asked
    for on a later day by a signed-in professional, then by a reader without a session:
    every answer is byte for byte what an app without the cache renders that day for a
    reader without a session."""
    cached = make_app()
    fresh = make_app(PUBLIC_PAGE_CACHE=False).test_client()
    anonymous, professional = cached.test_client(), _signed_in_professional(cached)
    urls = [f"/{lang}{url}" for url in public_urls(cached)]
    days = (dt.date(2018, 6, 1), dt.date(2026, 12, 7))  # either side of Stoke's review date
    _on(monkeypatch, days[0])
    for url in urls:
        assert anonymous.get(url).status_code == 200, url
    _on(monkeypatch, days[1])
    for url in urls:
        expected = fresh.get(url)
        assert expected.status_code == 200, url
        assert professional.get(url).data == expected.data, url
        assert anonymous.get(url).data == expected.data, url
    assert set(urls) <= set(cached.extensions["public_pages"].entries)


def test_the_switch_is_read_from_the_environment_and_refuses_nonsense(tmp_path):
    from portal.config import Settings

    local = {"PORTAL_INSTANCE_DIR": str(tmp_path)}
    assert Settings.load({**local, "PUBLIC_PAGE_CACHE": "off"}).public_page_cache is False
    with pytest.raises(RuntimeError, match="PUBLIC_PAGE_CACHE must be 1 or 0"):
        Settings.load({**local, "PUBLIC_PAGE_CACHE": "perhaps"})
