"""Running the routed app for one request and holding on to its answer.

Both layers that keep finished pages in memory (public pages, family pages) need the
status, headers and body of a response before deciding whether to keep it.
"""

from collections.abc import Iterable


def run_and_capture(wsgi_app, environ) -> tuple[str, list[tuple[str, str]], Iterable[bytes]]:
    """Call the app; return its status, headers and (not yet read) body."""
    captured = {}

    def capture(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers
        return lambda data: None  # the legacy write() callable; Flask never uses it

    chunks = wsgi_app(environ, capture)
    return captured["status"], captured["headers"], chunks


def read_body(chunks: Iterable[bytes]) -> bytes:
    try:
        return b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()


def sets_cookie(headers: list[tuple[str, str]]) -> bool:
    return any(name.lower() == "set-cookie" for name, _ in headers)


def for_later_requests(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A kept response's headers without the request id of the request that made it: a
    later answer from memory is another request, and logs nothing under that id."""
    return [(name, value) for name, value in headers if name.lower() != "x-request-id"]
