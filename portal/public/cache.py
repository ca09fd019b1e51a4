"""Whole public pages kept in memory, answered before the routed app runs.

A guide is the same for every reader of a language, and content is rendered once at
start-up, so a public page's response never changes while the process lives. The first
request for a page goes through Flask as usual; the public blueprint marks the response
as shareable, and this layer keeps its bytes (plain and gzip) with its headers. Later
requests for the same path are answered from memory with the very same headers, and
with 304 when the browser already has it. Anything with a query string, a cookie being
set, or a non-GET method goes to the app. Content changes take effect on restart, which
empties the cache with the process.

A page's links are built under the request's SCRIPT_NAME, which some servers take from
a request header. Only responses built under the configured script root (the path of
PORTAL_BASE_URL) are kept or answered from here; the app's outermost layer
(`portal.security.CanonicalScriptRoot`) sets that root on every request, so a client's
SCRIPT_NAME never changes a kept page's bytes.
"""

import gzip
import hashlib

from portal.captured import read_body, run_and_capture, sets_cookie

CACHEABLE_MARK = "X-Portal-Shareable"
MAX_ENTRIES = 5000  # every page of every language is a few hundred; this bounds memory


class _Entry:
    __slots__ = ("status", "headers", "body", "gzip_headers", "gzip_body", "etag")

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        base = [(k, v) for k, v in headers if k.lower() not in {"content-length", "etag", "vary"}]
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

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        canonical = environ.get("SCRIPT_NAME", "") == self.script_root
        if canonical and method in ("GET", "HEAD") and not environ.get("QUERY_STRING"):
            entry = self.entries.get(path)
            if entry is not None:
                return self._answer(entry, environ, start_response, method == "HEAD")
            if method == "GET":
                return self._fill(path, environ, start_response)
        return self.app(environ, start_response)

    def _answer(self, entry: _Entry, environ, start_response, head_only: bool):
        if environ.get("HTTP_IF_NONE_MATCH") == entry.etag:
            start_response("304 Not Modified", [("ETag", entry.etag), ("Vary", "Accept-Encoding")])
            return [b""]
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            start_response(entry.status, entry.gzip_headers)
            return [b""] if head_only else [entry.gzip_body]
        start_response(entry.status, entry.headers)
        return [b""] if head_only else [entry.body]

    def _fill(self, path: str, environ, start_response):
        status, headers, chunks = run_and_capture(self.app, environ)
        if not any(k == CACHEABLE_MARK for k, _ in headers):
            # Everything else (family pages, downloads) streams through untouched.
            start_response(status, headers)
            return chunks
        body = read_body(chunks)
        headers = [(k, v) for k, v in headers if k != CACHEABLE_MARK]
        if (
            status.startswith("200")
            and not sets_cookie(headers)
            and len(self.entries) < MAX_ENTRIES
        ):
            entry = _Entry(status, headers, body)
            self.entries[path] = entry
            return self._answer(entry, environ, start_response, False)
        start_response(status, headers)
        return [body]
