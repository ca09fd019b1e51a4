"""Settings: every one the portal reads, with its default, read once when the app is created.

:class:`Settings` is the one list. Each field names the environment variable it comes
from and has its default; ``Settings.load`` reads and checks them all (never at import),
so a bad value stops the portal at start-up with a message naming the variable. The
README's settings table lists the same variables (a test keeps them the same). Code
reads them typed, through :func:`settings`; ``app.config`` carries the same values under
the keys Flask and its extensions read.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from portal.i18n import parse_language_list

ROOT = Path(__file__).resolve().parent.parent

MIN_SECRET_KEY_BYTES = 32  # 256 bits: the session cookie's signature is only this strong

_ON = frozenset({"1", "true", "yes", "on"})
_OFF = frozenset({"0", "false", "no", "off"})


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"
    TEST = "test"


def _environment(name: str, value: str) -> Environment:
    try:
        return Environment(value)
    except ValueError:
        raise RuntimeError(f"{name} must be development, production or test") from None


def _text(name: str, value: str) -> str:
    return value


def _stripped(name: str, value: str) -> str:
    return value.strip()


def _whole_number(name: str, value: str) -> int:
    if not value.strip().isdigit():
        raise RuntimeError(f"{name} must be a whole number, 0 or more")
    return int(value)


def _percentage(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 100:
        raise RuntimeError(f"{name} must be a percentage from 0 to 100, like 2.4")
    return number


def _switch(name: str, value: str) -> bool:
    """An on/off setting: 1, true, yes or on; 0, false, no or off."""
    word = value.strip().lower()
    if word not in _ON | _OFF:
        raise RuntimeError(f"{name} must be 1 or 0 (on or off)")
    return word in _ON


def _languages(name: str, value: str) -> tuple[str, ...]:
    try:
        return parse_language_list(value)
    except ValueError as exc:
        raise RuntimeError(str(exc)) from None


def _ports(name: str, value: str) -> tuple[int, ...]:
    try:
        ports = tuple(int(word) for word in value.replace(",", " ").split())
    except ValueError:
        ports = ()
    if not ports or not all(1 <= port <= 65535 for port in ports):
        raise RuntimeError(f"{name} must be port numbers separated by commas, like 443,8443")
    return ports


def _mail_tls(name: str, value: str) -> str:
    word = value.strip().lower()
    if word not in MAIL_PORTS:
        raise RuntimeError(f"{name} must be none, starttls or ssl")
    return word


def _port(name: str, value: str) -> int:
    if not value.strip().isdigit() or not 0 < int(value) < 65536:
        raise RuntimeError(f"{name} must be a port number, like 587")
    return int(value)


# The usual SMTP port for each kind of TLS, when PORTAL_MAIL_PORT is not set.
MAIL_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


def _path(name: str, value: str) -> Path:
    return Path(value)


def _from(
    variable: str | None, read: Callable[[str, str], Any] = _text, *, key: str | None = None
) -> dict[str, Any]:
    """What a field of :class:`Settings` is read from: `variable` (None: never from the
    environment), checked by `read`, and kept in ``app.config`` under `key` (by default
    the variable's name)."""
    return {"variable": variable, "key": key or variable, "read": read}


@dataclass(frozen=True)
class Settings:
    """Every setting, typed. Defaults are safe for local use; an empty string for
    `secret_key`, `database_url` or `base_url` means "worked out when loaded"."""

    env: Environment = field(
        default=Environment.DEVELOPMENT, metadata=_from("PORTAL_ENV", _environment)
    )
    # Required in production; elsewhere a random key kept in the instance folder.
    secret_key: str = field(default="", metadata=_from("SECRET_KEY"))
    # Empty: SQLite in the instance folder.
    database_url: str = field(default="", metadata=_from("DATABASE_URL"))
    port: int = field(default=5000, metadata=_from("PORT", _whole_number))
    # Empty: all seven.
    languages: tuple[str, ...] = field(default=(), metadata=_from("PORTAL_LANGUAGES", _languages))
    profile: str = field(default="england", metadata=_from("PORTAL_PROFILE"))
    name: str = field(default="", metadata=_from("PORTAL_NAME"))
    # Who runs this copy, and the numbers families can call (portal/authority.py).
    authority_name: str = field(default="", metadata=_from("PORTAL_AUTHORITY_NAME", _stripped))
    authority_phone: str = field(default="", metadata=_from("PORTAL_AUTHORITY_PHONE", _stripped))
    out_of_hours_phone: str = field(
        default="", metadata=_from("PORTAL_OUT_OF_HOURS_PHONE", _stripped)
    )
    # Where "Exit this page" goes: a neutral site, as GOV.UK's guidance suggests.
    exit_url: str = field(
        default="https://www.bbc.co.uk/weather", metadata=_from("PORTAL_EXIT_URL", key="EXIT_URL")
    )
    content_dir: Path = field(
        default=ROOT / "content", metadata=_from("PORTAL_CONTENT_DIR", _path, key="CONTENT_DIR")
    )
    instance_dir: Path = field(
        default=ROOT / "instance", metadata=_from("PORTAL_INSTANCE_DIR", _path, key="INSTANCE_PATH")
    )
    # The portal's public address in share links, QR codes and family links (never taken
    # from a request). Empty: http://127.0.0.1:PORT, outside production only.
    base_url: str = field(default="", metadata=_from("PORTAL_BASE_URL"))
    retention_months: int = field(
        default=12, metadata=_from("PORTAL_RETENTION_MONTHS", _whole_number)
    )
    # The authority's target for the share of open plans at 2 years or more, in per
    # cent (the dashboard); 2.4 is West Sussex's 2019-20 milestone.
    two_year_target: float = field(
        default=2.4, metadata=_from("PORTAL_TWO_YEAR_TARGET", _percentage)
    )
    form_rate_limit: str = field(default="20 per minute", metadata=_from("PORTAL_FORM_RATE_LIMIT"))
    # "Add another" stores nothing and has its own limit (portal/ratelimits.py).
    redraw_rate_limit: str = field(
        default="120 per minute", metadata=_from("PORTAL_REDRAW_RATE_LIMIT")
    )
    api_rate_limit: str = field(default="300 per minute", metadata=_from("PORTAL_API_RATE_LIMIT"))
    # Bulk imports (up to 500 records each) count apart, per key (docs/api.md).
    api_bulk_rate_limit: str = field(
        default="12 per minute", metadata=_from("PORTAL_API_BULK_RATE_LIMIT")
    )
    # Webhooks go to https:// addresses on public networks only; this lets them go to
    # http://127.0.0.1 too, for tests and local trials (docs/api.md). Never in production.
    webhooks_allow_local_http: bool = field(
        default=False, metadata=_from("PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP", _switch)
    )
    # The ports an https:// webhook address may name (a port is how a receiver inside
    # could be reached on a public address's other services).
    webhooks_ports: tuple[int, ...] = field(
        default=(443,), metadata=_from("PORTAL_WEBHOOKS_PORTS", _ports)
    )
    ratelimit_storage_uri: str = field(default="memory://", metadata=_from("RATELIMIT_STORAGE_URI"))
    proxy_count: int = field(default=0, metadata=_from("PORTAL_PROXY_COUNT", _whole_number))
    # Speed layers, each on by default; off only to measure or to rule one out
    # (docs/decisions/0001-response-and-render-caches.md, docs/performance.md).
    public_page_cache: bool = field(default=True, metadata=_from("PUBLIC_PAGE_CACHE", _switch))
    family_page_cache: bool = field(default=True, metadata=_from("FAMILY_PAGE_CACHE", _switch))
    audit_views_in_batches: bool = field(
        default=True, metadata=_from("AUDIT_VIEWS_IN_BATCHES", _switch)
    )
    # Meeting reminders (docs/reminders.md): with no mail host and no Notify key, off.
    mail_host: str = field(default="", metadata=_from("PORTAL_MAIL_HOST", _stripped))
    # 0: the usual port for PORTAL_MAIL_TLS (587 starttls, 465 ssl, 25 none).
    mail_port: int = field(default=0, metadata=_from("PORTAL_MAIL_PORT", _port))
    mail_tls: str = field(default="starttls", metadata=_from("PORTAL_MAIL_TLS", _mail_tls))
    mail_username: str = field(default="", metadata=_from("PORTAL_MAIL_USERNAME"))
    mail_password: str = field(default="", metadata=_from("PORTAL_MAIL_PASSWORD"))
    mail_from: str = field(default="", metadata=_from("PORTAL_MAIL_FROM", _stripped))
    notify_api_key: str = field(default="", metadata=_from("PORTAL_NOTIFY_API_KEY", _stripped))
    notify_base_url: str = field(
        default="https://api.notifications.service.gov.uk",
        metadata=_from("PORTAL_NOTIFY_BASE_URL", _stripped),
    )
    notify_sms_template: str = field(
        default="", metadata=_from("PORTAL_NOTIFY_SMS_TEMPLATE", _stripped)
    )
    notify_email_template: str = field(
        default="", metadata=_from("PORTAL_NOTIFY_EMAIL_TEMPLATE", _stripped)
    )
    # Rendered pages kept between starts (portal/content/render_cache.py); None: not kept.
    # In the instance folder, so not a setting of its own; tests and benchmarks choose.
    content_cache_file: Path | None = field(
        default=None, metadata=_from(None, key="CONTENT_CACHE_FILE")
    )

    @property
    def production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @classmethod
    def load(
        cls, environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None
    ) -> Settings:
        """The settings from `environ`, then `overrides` (``app.config`` keys: tests).

        Raises RuntimeError naming the variable when a value cannot be used, and in
        production without a SECRET_KEY of 32 bytes or more or without PORTAL_BASE_URL.
        """
        overrides = overrides or {}
        values: dict[str, Any] = {}
        for setting in fields(cls):
            variable, key = setting.metadata["variable"], setting.metadata["key"]
            if key in overrides:
                values[setting.name] = overrides[key]
            elif variable is not None and variable in environ:
                values[setting.name] = setting.metadata["read"](variable, environ[variable])
        loaded = cls(**values)
        env = Environment(loaded.env)
        instance_dir = Path(loaded.instance_dir).resolve()
        secret_key = loaded.secret_key
        if not secret_key:
            if env is Environment.PRODUCTION:
                raise RuntimeError("SECRET_KEY must be set when PORTAL_ENV=production")
            secret_key = _local_secret_key(instance_dir)
        if env is Environment.PRODUCTION:
            _check_production(secret_key, loaded.base_url)
            if loaded.webhooks_allow_local_http:
                raise RuntimeError(
                    "PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP is for tests and local trials: "
                    "it cannot be set when PORTAL_ENV=production"
                )
        if loaded.mail_host and "@" not in loaded.mail_from:
            raise RuntimeError(
                "PORTAL_MAIL_FROM must be the sender's email address when PORTAL_MAIL_HOST is set"
            )
        cache_file = overrides.get("CONTENT_CACHE_FILE", instance_dir / "content-cache.json")
        return replace(
            loaded,
            env=env,
            languages=tuple(loaded.languages) or parse_language_list(None),
            content_dir=Path(loaded.content_dir),
            instance_dir=instance_dir,
            secret_key=secret_key,
            database_url=loaded.database_url or f"sqlite:///{instance_dir / 'portal.db'}",
            base_url=loaded.base_url or f"http://127.0.0.1:{loaded.port}",
            content_cache_file=Path(cache_file) if cache_file else None,
            mail_port=loaded.mail_port or MAIL_PORTS[loaded.mail_tls],
        )

    def init_app(self, app: Flask) -> None:
        """Make these the app's settings (and fill ``app.config`` from them)."""
        app.extensions["settings"] = self
        app.config.update(self.flask_config())

    def flask_config(self) -> dict[str, Any]:
        """``app.config``: every setting under its key, and Flask's own settings."""
        config = {
            setting.metadata["key"]: getattr(self, setting.name)
            for setting in fields(self)
            if setting.metadata["key"] not in {"INSTANCE_PATH", "PORT"}
        }
        config["PORTAL_ENV"] = str(self.env)
        return {
            **config,
            "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
            "BABEL_DEFAULT_TIMEZONE": "Europe/London",
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.production,
            "MAX_CONTENT_LENGTH": 1024 * 1024,  # a plan record is a few KB; 1 MB is generous
            "WTF_CSRF_TIME_LIMIT": None,  # the session's own lifetime bounds the token
            "PERMANENT_SESSION_LIFETIME": 60 * 60,
            # Re-signing the cookie on every page cost a family page a fifth of its time.
            # A family session now lasts an hour from entering the passcode; professionals'
            # sessions still move on with each request (portal/workspace/auth.py).
            "SESSION_REFRESH_EACH_REQUEST": False,
        }


def environment_variables() -> dict[str, Any]:
    """Each environment variable the portal reads, with its default (the README's table)."""
    return {
        setting.metadata["variable"]: setting.default
        for setting in fields(Settings)
        if setting.metadata["variable"] is not None
    }


def settings(app: Flask | None = None) -> Settings:
    """The running app's settings (`app`, or the current one)."""
    return (app or current_app).extensions["settings"]


def _check_production(secret_key: str, base_url: str) -> None:
    if len(secret_key.encode("utf-8")) < MIN_SECRET_KEY_BYTES:
        raise RuntimeError(
            f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes when "
            "PORTAL_ENV=production: make one with `python -c 'import secrets; "
            "print(secrets.token_hex(32))'`"
        )
    if not base_url:
        raise RuntimeError(
            "PORTAL_BASE_URL must be set when PORTAL_ENV=production: it is the address in "
            "family links, set-up links and QR codes (for example https://plans.example.gov.uk)"
        )


def _local_secret_key(instance_path: Path) -> str:
    """A random key kept in instance/ so local sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


__all__ = [
    "ROOT",
    "Environment",
    "Settings",
    "environment_variables",
    "settings",
]
