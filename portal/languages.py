"""Language in the URL: `/<lang>/...`, Babel's locale, and the language switcher."""

from flask import Flask, g, redirect, request, url_for
from flask_babel import get_locale
from werkzeug.routing import BaseConverter

from portal.config import settings
from portal.extensions import babel
from portal.i18n import DEFAULT_LANGUAGE, LANGUAGES, best_language


def locale_for(code: str) -> str:
    return LANGUAGES[code].locale


def current_language():
    return LANGUAGES[getattr(g, "lang", None) or DEFAULT_LANGUAGE]


def init_app(app: Flask) -> None:
    offered = settings(app).languages

    class LanguageConverter(BaseConverter):
        """Only the configured languages match, so `/xx/...` is a plain 404."""

        regex = "(?:" + "|".join(offered) + ")"

    app.url_map.converters["lang"] = LanguageConverter
    babel.init_app(app, locale_selector=lambda: locale_for(current_language().code))

    @app.url_value_preprocessor
    def pull_language(endpoint, values):
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.url_defaults
    def keep_language(endpoint, values):
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = current_language().code

    @app.get("/")
    def choose_language():
        """The bare address: send the reader to the language their browser asks for."""
        code = best_language(list(request.accept_languages), offered)
        response = redirect(url_for("public.home", lang=code), code=302)
        response.headers["Vary"] = "Accept-Language"
        return response

    @app.context_processor
    def language_context():
        return {
            "lang": current_language(),
            "offered_languages": [LANGUAGES[code] for code in offered],
            "switch_language_url": switch_language_url,
            "babel_locale": get_locale,
        }


def switch_language_url(code: str) -> str:
    """The same page in another language (the home page where there is no route)."""
    if request.url_rule is not None and request.endpoint and "lang" in request.url_rule.arguments:
        args = dict(request.view_args or {})
        args["lang"] = code
        return url_for(request.endpoint, **args)
    return url_for("public.home", lang=code)
