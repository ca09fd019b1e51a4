"""A small browser for the drills: one cookie jar, no redirects followed, timings kept.

It talks to nginx over TLS (checking the stack's own certificate and host name), or
straight to one gunicorn instance the way nginx does (plain http with
X-Forwarded-For/-Proto), so a drill can choose which instance answers.
"""

import http.client
import re
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str
    seconds: float

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def csrf(self) -> str:
        found = CSRF.search(self.text)
        if not found:
            raise AssertionError("no CSRF token on the page")
        return found.group(1)


class Browser:
    def __init__(self, host: str, port: int, tls: ssl.SSLContext | None, source: str = ""):
        self.host, self.port, self.tls = host, port, tls
        self.source = source  # another loopback address, to be another client
        self.cookies: dict[str, str] = {}
        self.tls_version = ""

    def copy_to(self, host: str, port: int, tls: ssl.SSLContext | None) -> "Browser":
        """The same cookies (a copied session), sent through another door."""
        other = Browser(host, port, tls)
        other.cookies = dict(self.cookies)
        return other

    def _connection(self) -> http.client.HTTPConnection:
        source = (self.source, 0) if self.source else None
        if self.tls is not None:
            return http.client.HTTPSConnection(
                self.host, self.port, context=self.tls, timeout=30, source_address=source
            )
        return http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=source)

    def request(
        self, method: str, path: str, form: dict | None = None, headers: dict | None = None
    ) -> Answer:
        sent = dict(headers or {})
        if self.tls is None:  # straight to gunicorn: say what nginx would say
            sent.setdefault("X-Forwarded-Proto", "https")
            sent.setdefault("X-Forwarded-For", self.source or "127.0.0.1")
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":  # as a browser does: the CSRF check wants the same origin
            sent.setdefault("Referer", f"https://{self.host}:{self.port}{path}")
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.monotonic()
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            if self.tls is not None and connection.sock is not None:
                self.tls_version = connection.sock.version() or ""
        finally:
            connection.close()
        seconds = time.monotonic() - start
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(response.status, response.headers, text, seconds)

    def get(self, path: str, **options) -> Answer:
        return self.request("GET", path, **options)

    def post(self, path: str, form: dict, **options) -> Answer:
        return self.request("POST", path, form=form, **options)
