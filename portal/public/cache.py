"""Whole public pages kept in memory, answered before the routed app runs.

The rules (docs/decisions/0001-response-and-render-caches.md):

- Key: the path, and today's date in England. A public page may depend on its address
  (language, section, page), on the content rendered at start-up, and on the date (a
  procedure past its review date carries a warning); on nothing else: never on the
  session, a cookie, a query string or the Host header. `tests/public/test_cache.py`
  renders every public page on two dates and with and without a session, and compares
  what this cache answers with what the app renders afresh.
- Invalidation: every kept page is dropped when the date in England changes; content
  changes take effect on restart, which empties the cache with the process.
- Permission: none to share. Public pages are for everyone; the public blueprint alone
  marks a response as shareable (`CACHEABLE_MARK`), so only its pages are ever kept.

The first request for a page goes through Flask as usual; this layer keeps its bytes
(plain and gzip) with its headers. Later requests for the same path on the same day are
answered from memory with the very same headers, and with 304 when the browser already
has it. Anything with a query string, a cookie being set, or a non-GET method goes to
the app.

A page's links are built under the request's SCRIPT_NAME, which some servers take from
a request header. Only responses built under the configured script root (the path of
PORTAL_BASE_URL) are kept or answered from here; the app's outermost layer
(`portal.security.CanonicalScriptRoot`) sets that root on every request, so a client's
SCRIPT_NAME never changes a kept page's bytes.
"""

import gzip
import hashlib

from portal import clock
from portal.captured import for_later_requests, read_body, run_and_capture, sets_cookie

CACHEABLE_MARK = "X-Portal-Shareable"
MAX_ENTRIES = 5000  # every page of every language is a few hundred; this bounds memory


class _Entry:
    __slots__ = ("body", "etag", "gzip_body", "gzip_headers", "headers", "status")

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        base = [
            (k, v)
            for k, v in for_later_requests(headers)
            if k.lower() not in {"content-length", "etag", "vary"}
        ]
        base += [("ETag", self.etag), ("Vary", "Accept-Encoding")]
        self.status = status
        self.body = body
        self.headers = [*base, ("Content-Length", str(len(body)))]
        self.gzip_body = gzip.compress(body, compresslevel=9, mtime=0)
        self.gzip_headers = [
            *base,
            ("Content-Encoding", "gzip"),
            ("Content-Length", str(len(self.gzip_body))),
        ]


class PublicPageCache:
    def __init__(self, app, script_root: str = ""):
        self.app = app
        self.script_root = script_root
        self.entries: dict[str, _Entry] = {}
        self.day = clock.today()

    def __call__(self, environ, start_response):
        today = clock.today()
        if today != self.day:
            # A new day in England: pages rendered yesterday may be out of date.
            self.entries, self.day = {}, today
        entries = self.entries  # today's; a page rendered as the day turns is kept in it
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        canonical = environ.get("SCRIPT_NAME", "") == self.script_root
        if canonical and method in ("GET", "HEAD") and not environ.get("QUERY_STRING"):
            entry = entries.get(path)
            if entry is not None:
                return self._answer(entry, environ, start_response, method == "HEAD")
            if method == "GET":
                return self._fill(entries, path, environ, start_response)
        return self.app(environ, start_response)

    def _answer(self, entry: _Entry, environ, start_response, head_only: bool, own=()):
        """`own`: headers of this request only (the id of the request that rendered it)."""
        if environ.get("HTTP_IF_NONE_MATCH") == entry.etag:
            start_response("304 Not Modified", [("ETag", entry.etag), ("Vary", "Accept-Encoding")])
            return [b""]
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            start_response(entry.status, [*entry.gzip_headers, *own])
            return [b""] if head_only else [entry.gzip_body]
        start_response(entry.status, [*entry.headers, *own])
        return [b""] if head_only else [entry.body]

    def _fill(self, entries: dict[str, _Entry], path: str, environ, start_response):
        status, headers, chunks = run_and_capture(self.app, environ)
        if not any(k == CACHEABLE_MARK for k, _ in headers):
            # Everything else (family pages, downloads) streams through untouched.
            start_response(status, headers)
            return chunks
        body = read_body(chunks)
        headers = [(k, v) for k, v in headers if k != CACHEABLE_MARK]
        if status.startswith("200") and not sets_cookie(headers) and len(entries) < MAX_ENTRIES:
            entry = _Entry(status, headers, body)
            entries[path] = entry
            own = [(k, v) for k, v in headers if (k, v) not in for_later_requests(headers)]
            return self._answer(entry, environ, start_response, False, own)
        start_response(status, headers)
        return [body]
