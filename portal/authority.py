"""Who runs this copy of the portal, and the numbers a family can call.

A family link arrives by text message or letter; a wary parent should be able to see
whose service it is and ring a number they can check to be sure it is genuine. All
three come from settings (README, "Settings"); none is required, so a development
portal runs without them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from portal.config import settings


@dataclass(frozen=True)
class Authority:
    name: str
    phone: str
    out_of_hours_phone: str


def phone_href(phone: str) -> str:
    """`tel:` wants the number without the spaces people write in it."""
    return "tel:" + "".join(phone.split())


def authority() -> Authority:
    configured = settings()
    return Authority(
        name=configured.authority_name,
        phone=configured.authority_phone,
        out_of_hours_phone=configured.out_of_hours_phone,
    )


def init_app(app: Flask) -> None:
    app.add_template_global(authority, "authority")
    app.add_template_global(phone_href, "phone_href")
