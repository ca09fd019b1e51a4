"""Rendered family pages, kept briefly per family member and plan version.

Working out a timeline and rendering the whole plan takes a few milliseconds; the result
is the same until the plan changes, the day changes, or the member signs in again. So
each page is kept in this process's memory under everything it depends on: the link,
the plan's version, the language, today's date and the session's CSRF secret (the page's
forms carry a token derived from it). The access check and the audit row still happen on
every request; only the rendering is skipped. Plans are never written to disk here.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

MAX_PAGES = 512  # a few KB each: bounded memory whatever the traffic


class RenderedPages:
    def __init__(self, max_pages: int = MAX_PAGES):
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()
        self.max_pages = max_pages

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> str:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
                return page
        page = render()
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
        return page

    def forget_link(self, link_id: int) -> None:
        """Drop a member's pages (signing out, or a stopped link)."""
        with self._lock:
            for key in [k for k in self._pages if k[0] == link_id]:
                del self._pages[key]


rendered_pages = RenderedPages()
