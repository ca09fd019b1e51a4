"""Jinja set-up: our templates first, then the GOV.UK Frontend macros; strict undefined."""

from flask import Flask
from flask_babel import format_date
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, Undefined
from jinja2.utils import missing

from portal import authority, names


class MissingNameUndefined(Undefined):
    """A missing *variable* is a bug and fails loudly; a missing key of a dict that exists
    is allowed, because GOV.UK Frontend macros test optional params with `params.x`."""

    __slots__ = ()

    def _check(self) -> None:
        if self._undefined_obj is missing:
            self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._check()
        return ""

    def __bool__(self) -> bool:
        self._check()
        return False

    def __iter__(self):
        self._check()
        return iter(())

    def __len__(self) -> int:
        self._check()
        return 0


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("portal"),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.undefined = MissingNameUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.add_template_filter(lambda value, style="long": format_date(value, style), "format_date")
    names.init_app(app)
    authority.init_app(app)
