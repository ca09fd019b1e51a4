"""The family plan portal: create_app builds the whole application."""

import os

from flask import Flask

from portal import (
    assets,
    base_url,
    database,
    errors,
    languages,
    logs,
    ratelimits,
    security,
    templating,
)
from portal.config import Settings, settings
from portal.extensions import csrf
from portal.records.secrets import use_hashing


def create_app(config: dict | None = None) -> Flask:
    """Build the portal. `config` overrides settings read from the environment (tests).

    The instance folder (the SQLite database, local secret key and render cache) is
    instance/, or PORTAL_INSTANCE_DIR, or the INSTANCE_PATH given in `config`.
    """
    config = config or {}
    loaded = Settings.load(os.environ, config)  # the only read of the environment
    app = Flask(__name__, instance_path=str(loaded.instance_dir))
    logs.init_app(app)  # first: before anything asks for app.logger
    loaded.init_app(app)
    app.config.update(config)
    if "PASSWORD_HASHING" in app.config:  # only tests choose; the default is "standard"
        use_hashing(app.config["PASSWORD_HASHING"], testing=app.testing)

    templating.init_app(app)
    languages.init_app(app)
    csrf.init_app(app)
    database.init_app(app)
    assets.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    _load_content(app)
    _register_blueprints(app)
    ratelimits.init_app(app)
    _register_commands(app)
    base_url.init_app(app)
    # Layers answering pages seen before, in front of routing (see their modules).
    if loaded.public_page_cache:
        from portal.public.cache import PublicPageCache

        public_pages = PublicPageCache(app.wsgi_app, security.script_root(loaded.base_url))
        app.wsgi_app = app.extensions["public_pages"] = public_pages  # type: ignore[method-assign]  # how Flask adds middleware
    from portal.family import page_cache

    page_cache.init_app(app)
    # Outermost: links are built under the configured path, never a client's SCRIPT_NAME.
    app.wsgi_app = security.CanonicalScriptRoot(  # type: ignore[method-assign]  # how Flask adds middleware
        app.wsgi_app, security.script_root(loaded.base_url)
    )
    return app


def _load_content(app: Flask) -> None:
    """Render every page of every language once, before the first request."""
    from flask_babel import force_locale, gettext

    from portal.content import load_library
    from portal.content.glossary_links import GlossaryTexts
    from portal.content.render import PageTexts

    codes = settings(app).languages
    texts = {}
    with app.app_context():
        for code in codes:
            with force_locale(languages.locale_for(code)):
                texts[code] = PageTexts(
                    section_link=gettext("Link to this section"),
                    glossary=GlossaryTexts(
                        heading=gettext("Words used on this page"),
                        more=gettext("More in the glossary"),
                    ),
                )
    content_dir = settings(app).content_dir
    app.extensions["content"] = load_library(
        content_dir, codes, texts, settings(app).content_cache_file
    )
    from portal.content.search import SearchIndex

    app.extensions["search"] = SearchIndex(app.extensions["content"], codes)
    from portal.planning import load_profiles

    app.extensions["profiles"] = load_profiles(content_dir / "profiles")


def _register_blueprints(app: Flask) -> None:
    from portal.api import bp as api_bp
    from portal.dashboard import bp as dashboard_bp
    from portal.family import bp as family_bp
    from portal.professional import bp as professional_bp
    from portal.public import bp as public_bp
    from portal.site import bp as site_bp

    for blueprint in (site_bp, public_bp, family_bp, professional_bp, dashboard_bp, api_bp):
        app.register_blueprint(blueprint)


def _register_commands(app: Flask) -> None:
    from portal.commands.annex_a import annex_a
    from portal.commands.apikeys import apikeys
    from portal.commands.census import census
    from portal.commands.content import content
    from portal.commands.demo import demo
    from portal.commands.maintenance import backup, restore, retention
    from portal.commands.plans import plans
    from portal.commands.reminders import reminders
    from portal.commands.users import users
    from portal.commands.webhooks import webhooks

    app.cli.add_command(content)
    for command in (backup, restore, retention):
        app.cli.add_command(command)
    app.cli.add_command(plans)
    app.cli.add_command(reminders)
    app.cli.add_command(apikeys)
    app.cli.add_command(demo)
    app.cli.add_command(users)
    app.cli.add_command(census)
    app.cli.add_command(annex_a)
    app.cli.add_command(webhooks)
