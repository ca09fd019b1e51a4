"""Public pages are answered from memory after the first request, identically."""

import gzip


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
