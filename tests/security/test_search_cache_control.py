"""Review finding 16 (search): results were sent `Cache-Control: public, max-age=300`.

The pages hold nothing from the session, but they do show the words the reader typed,
which may name their child or what happened to them. A search is now `no-store`, like
the family pages; the guides themselves stay shareable.
"""

import pytest

QUERIES = ["Zofia conference", "domestic abuse", "zzzzzz-nothing"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_cache_control_results_are_not_kept(client, query):
    response = client.get("/en/search", query_string={"q": query})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "public" not in response.headers["Cache-Control"]


def test_search_cache_control_holds_nothing_of_the_session(client):
    first = client.get("/en/search", query_string={"q": "core group"}).get_data(as_text=True)
    other = client.application.test_client()
    second = other.get("/en/search", query_string={"q": "core group"}).get_data(as_text=True)
    assert first == second, "the page must be the same for every reader"
    assert "csrf" not in first.lower()


def test_search_cache_control_guides_stay_shareable(client):
    response = client.get("/en/parents/")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    empty = client.get("/en/search")
    assert empty.headers["Cache-Control"] == "public, max-age=300"
