"""Addresses given to people: absolute, from configuration, and as QR codes.

One helper each, shared by the public pages (a guide's share box) and the professional
area (a family's private link, a guide for a letter, a password set-up link).
"""

from functools import lru_cache

import segno
from markupsafe import Markup

from portal.config import settings
from portal.security import public_origin


def absolute_url(path: str) -> str:
    """`path` (as `url_for` or `request.script_root` gives it) under the configured public
    address (PORTAL_BASE_URL), never under the request's Host header, which a client can
    forge and which would then end up in cached public pages or in a letter."""
    return public_origin(settings().base_url) + path


@lru_cache(maxsize=2048)
def qr_svg(url: str, title: str, scale: int = 4) -> Markup:
    """A QR code as inline SVG, drawn here (no image service), with presentation
    attributes only: the strict CSP forbids inline styles."""
    svg = segno.make(url, error="m").svg_inline(
        scale=scale,
        border=4,
        dark="#0b0c0c",
        light="#ffffff",
        title=title,
        svgclass="portal-qr",
        lineclass=None,
        omitsize=False,
    )
    return Markup(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))
