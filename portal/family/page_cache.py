"""Family pages seen again: checked and audited every time, rendered only when changed.

Working out a timeline and rendering the whole plan takes milliseconds, and Flask's own
request handling costs about as much again; yet a family member mostly reopens the same
page. So the finished response of a family page is kept in this process's memory under
everything it depends on (`page_key`): the link, the page, the plan's version, who the
link is for and what it hides, the language, today's date and the session's CSRF secret
(the page's forms carry a token made from it). Plans are never written to disk here.

`FamilyPageCache` sits in front of the routed app. For `GET /<lang>/my-plan` (and the
young person's page) it does, before routing, what the family view itself does first:
reads the signed session cookie with Flask's own serializer and lifetime, checks in one
indexed query that the link is still usable and not signed out of since the session
began, reads the plan's version, and writes the view's audit row. Only when a response
is kept under exactly that key is it answered from memory, with the same headers.
Anything else (no or bad cookie, a stopped or expired link, a changed plan, another day,
a query string, a database error) goes to the routed app, which decides as usual and may
leave a fresh response to keep.

The rules (docs/decisions/0001-response-and-render-caches.md):

- Key: `page_key` above. A family page may show nothing that is not in it: a new
  dependency (a user's current phone number, a consent flag) goes into the key first.
- Invalidation: a new plan version, a new day, a new session secret change the key;
  `forget_link` drops a link's pages when this process signs it out, and when it first
  refuses a session of that link (signed out on another server, stopped or expired);
  entries beyond the bound are evicted.
- Permission: `live_link`, the one check the family view also makes; a rule added to
  the view's access check must be added there, or a kept page bypasses it.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from sqlalchemy.exc import DBAPIError
from werkzeug.http import parse_cookie

from portal import clock
from portal.captured import for_later_requests, read_body, run_and_capture, sets_cookie
from portal.config import settings
from portal.family.access import LiveLink, actor_for, live_link
from portal.family_session import SESSION_KEY
from portal.records import audit_view

MAX_PAGES = 256  # tens of KB each: bounded memory whatever the traffic
KEY_IN_ENVIRON = "portal.family_page_key"  # the family view leaves its page's key here
PAGES = {"/my-plan": "plan", "/my-plan/young-person": "young-person"}


def page_key(link: LiveLink, page: str, lang: str, csrf_secret: str | None) -> tuple:
    return (
        link.id,
        page,
        link.plan_id,
        link.plan_version,
        link.visibility.key,
        lang,
        clock.today(),
        csrf_secret,
    )


@dataclass(frozen=True)
class _Response:
    status: str
    headers: list[tuple[str, str]]
    body: bytes


def _signed_cookie_sessions(app: Flask) -> SecureCookieSessionInterface:
    """Flask's own signed-cookie sessions: the only kind this shortcut can read."""
    interface = app.session_interface
    if not isinstance(interface, SecureCookieSessionInterface):
        raise TypeError("the family page cache reads Flask's signed-cookie sessions only")
    return interface


class FamilyPageCache:
    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.pages = {
            f"/{code}{suffix}": (code, page)
            for code in settings(app).languages
            for suffix, page in PAGES.items()
        }
        self._responses: OrderedDict[tuple, _Response] = OrderedDict()
        self._cookie_name = app.config["SESSION_COOKIE_NAME"]
        self._session_serializer = _signed_cookie_sessions(app).get_signing_serializer(app)
        self._session_max_age = int(app.permanent_session_lifetime.total_seconds())
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        target = None
        if environ["REQUEST_METHOD"] == "GET" and not environ.get("QUERY_STRING"):
            target = self.pages.get(environ.get("PATH_INFO", ""))
        if target is None:
            return self.wsgi_app(environ, start_response)
        try:
            kept = self._kept_response(environ, *target)
        except DBAPIError as problem:  # the database is down: the routed app says 503
            self.app.logger.warning(
                "Family page shortcut: database unavailable (%s)", type(problem).__name__
            )
            kept = None
        except Exception:  # the routed app answers (and reports) instead
            self.app.logger.warning(
                "Family page shortcut failed; answering through the app", exc_info=True
            )
            kept = None
        if kept is not None:
            start_response(kept.status, kept.headers)
            return [kept.body]
        return self._answer_and_keep(environ, start_response)

    def _kept_response(self, environ, lang: str, page: str) -> _Response | None:
        session = self._session(environ)
        if session is None:
            return None
        with self.app.app_context():
            link = live_link(session)
            if link is None:
                # Signed out (perhaps on another server), stopped or expired: this
                # process's kept pages of that link can never be answered again.
                link_id = session.get(SESSION_KEY)
                if type(link_id) is int:
                    self.forget_link(link_id)
                return None
            key = page_key(link, page, lang, session.get("csrf_token"))
            with self._lock:
                kept = self._responses.get(key)
                if kept is None:
                    return None
                self._responses.move_to_end(key)
            audit_view(actor_for(link), link.plan_id, page)
        return kept

    def _session(self, environ) -> dict | None:
        """The session cookie's contents, read exactly as Flask's session interface does."""
        value = parse_cookie(environ).get(self._cookie_name)
        if not value or self._session_serializer is None:
            return None
        try:
            data = self._session_serializer.loads(value, max_age=self._session_max_age)
        except BadSignature:
            return None
        return data if isinstance(data, dict) else None

    def _answer_and_keep(self, environ, start_response):
        status, headers, chunks = run_and_capture(self.wsgi_app, environ)
        key = environ.get(KEY_IN_ENVIRON)
        if key is None or not status.startswith("200") or sets_cookie(headers):
            # A redirect, an error, or a session just changed: nothing to keep.
            start_response(status, headers)
            return chunks
        body = read_body(chunks)
        with self._lock:
            self._responses[key] = _Response(status, for_later_requests(headers), body)
            while len(self._responses) > MAX_PAGES:
                self._responses.popitem(last=False)
        start_response(status, headers)
        return [body]

    def __len__(self) -> int:
        return len(self._responses)

    def keys(self) -> list[tuple]:
        with self._lock:
            return list(self._responses)

    def forget_link(self, link_id: int) -> None:
        """Drop a link's pages (signed out, stopped or expired)."""
        with self._lock:
            for key in [k for k in self._responses if k[0] == link_id]:
                del self._responses[key]


def init_app(app: Flask) -> None:
    if settings(app).family_page_cache:
        family_pages = FamilyPageCache(app, app.wsgi_app)
        app.wsgi_app = app.extensions["family_pages"] = family_pages  # type: ignore[method-assign]  # how Flask adds middleware
