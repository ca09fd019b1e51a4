"""Settings, read from environment variables when the app is created (never at import)."""

import os
import secrets
from pathlib import Path

from portal.i18n import parse_language_list

ROOT = Path(__file__).resolve().parent.parent


def _local_secret_key(instance_path: Path) -> str:
    """A random key kept in instance/ so local sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _percentage(name: str, default: str) -> float:
    value = os.environ.get(name, default)
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 100:
        raise RuntimeError(f"{name} must be a percentage from 0 to 100, like {default}")
    return number


def _switch(name: str) -> bool:
    """An on/off setting, on unless the environment says 0, false, no or off."""
    value = os.environ.get(name, "1").strip().lower()
    if value not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        raise RuntimeError(f"{name} must be 1 or 0 (on or off)")
    return value in {"1", "true", "yes", "on"}


def reminder_settings() -> dict:
    """Who sends meeting reminders (docs/reminders.md). With none set, reminders are off."""
    tls = os.environ.get("PORTAL_MAIL_TLS", "starttls").strip().lower()
    if tls not in {"none", "starttls", "ssl"}:
        raise RuntimeError("PORTAL_MAIL_TLS must be none, starttls or ssl")
    default_port = {"none": "25", "starttls": "587", "ssl": "465"}[tls]
    port = os.environ.get("PORTAL_MAIL_PORT", default_port).strip()
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise RuntimeError("PORTAL_MAIL_PORT must be a port number, like 587")
    host = os.environ.get("PORTAL_MAIL_HOST", "").strip()
    sender = os.environ.get("PORTAL_MAIL_FROM", "").strip()
    if host and "@" not in sender:
        raise RuntimeError(
            "PORTAL_MAIL_FROM must be the sender's email address when PORTAL_MAIL_HOST is set"
        )
    return {
        "PORTAL_MAIL_HOST": host,
        "PORTAL_MAIL_PORT": int(port),
        "PORTAL_MAIL_TLS": tls,
        "PORTAL_MAIL_USERNAME": os.environ.get("PORTAL_MAIL_USERNAME", ""),
        "PORTAL_MAIL_PASSWORD": os.environ.get("PORTAL_MAIL_PASSWORD", ""),
        "PORTAL_MAIL_FROM": sender,
        "PORTAL_NOTIFY_API_KEY": os.environ.get("PORTAL_NOTIFY_API_KEY", "").strip(),
        "PORTAL_NOTIFY_BASE_URL": os.environ.get(
            "PORTAL_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
        ).strip(),
        "PORTAL_NOTIFY_SMS_TEMPLATE": os.environ.get("PORTAL_NOTIFY_SMS_TEMPLATE", "").strip(),
        "PORTAL_NOTIFY_EMAIL_TEMPLATE": os.environ.get("PORTAL_NOTIFY_EMAIL_TEMPLATE", "").strip(),
    }


MIN_SECRET_KEY_BYTES = 32  # 256 bits: the session cookie's signature is only this strong


def settings_from_environment(instance_path: Path) -> dict:
    """Every setting the portal reads, with safe defaults for local use.

    PORTAL_ENV=production makes the portal refuse to start without a SECRET_KEY of at
    least 32 bytes or without PORTAL_BASE_URL, marks cookies Secure and sends HSTS.
    """
    env = os.environ.get("PORTAL_ENV", "development")
    if env not in {"development", "production", "test"}:
        raise RuntimeError("PORTAL_ENV must be development, production or test")
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if env == "production":
            raise RuntimeError("SECRET_KEY must be set when PORTAL_ENV=production")
        secret_key = _local_secret_key(instance_path)
    production = env == "production"
    if production and len(secret_key.encode("utf-8")) < MIN_SECRET_KEY_BYTES:
        raise RuntimeError(
            f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes when "
            "PORTAL_ENV=production: make one with `python -c 'import secrets; "
            "print(secrets.token_hex(32))'`"
        )
    base_url = os.environ.get("PORTAL_BASE_URL")
    if production and not base_url:
        raise RuntimeError(
            "PORTAL_BASE_URL must be set when PORTAL_ENV=production: it is the address in "
            "family links, set-up links and QR codes (for example https://plans.example.gov.uk)"
        )
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret_key,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance_path / 'portal.db'}"),
        "PORTAL_LANGUAGES": parse_language_list(os.environ.get("PORTAL_LANGUAGES")),
        "PORTAL_PROFILE": os.environ.get("PORTAL_PROFILE", "england"),
        "PORTAL_NAME": os.environ.get("PORTAL_NAME", ""),
        # Who runs this copy, and the numbers families can call (portal/authority.py).
        "PORTAL_AUTHORITY_NAME": os.environ.get("PORTAL_AUTHORITY_NAME", "").strip(),
        "PORTAL_AUTHORITY_PHONE": os.environ.get("PORTAL_AUTHORITY_PHONE", "").strip(),
        "PORTAL_OUT_OF_HOURS_PHONE": os.environ.get("PORTAL_OUT_OF_HOURS_PHONE", "").strip(),
        # The portal's public address, used in share links, QR codes and family links.
        "PORTAL_BASE_URL": base_url or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}",
        # Rendered pages kept between starts (see portal/content/loader.py RenderCache).
        "CONTENT_CACHE_FILE": instance_path / "content-cache.json",
        "PORTAL_FORM_RATE_LIMIT": os.environ.get("PORTAL_FORM_RATE_LIMIT", "20 per minute"),
        # "Add another" stores nothing and has its own limit (portal/ratelimits.py).
        "PORTAL_REDRAW_RATE_LIMIT": os.environ.get("PORTAL_REDRAW_RATE_LIMIT", "120 per minute"),
        "PORTAL_API_RATE_LIMIT": os.environ.get("PORTAL_API_RATE_LIMIT", "300 per minute"),
        "PORTAL_PROXY_COUNT": int(os.environ.get("PORTAL_PROXY_COUNT", "0")),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "PORTAL_RETENTION_MONTHS": int(os.environ.get("PORTAL_RETENTION_MONTHS", "12")),
        # The authority's target for the share of open plans at 2 years or more, in per
        # cent (the dashboard); 2.4 is West Sussex's 2019-20 milestone.
        "PORTAL_TWO_YEAR_TARGET": _percentage("PORTAL_TWO_YEAR_TARGET", "2.4"),
        "CONTENT_DIR": Path(os.environ.get("PORTAL_CONTENT_DIR", ROOT / "content")),
        # Where "Exit this page" goes: a neutral site, as GOV.UK's guidance suggests.
        "EXIT_URL": os.environ.get("PORTAL_EXIT_URL", "https://www.bbc.co.uk/weather"),
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SEND_HSTS": production,
        "MAX_CONTENT_LENGTH": 1024 * 1024,  # a plan record is a few KB; 1 MB is generous
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own lifetime bounds the token
        "PERMANENT_SESSION_LIFETIME": 60 * 60,
        # Re-signing the cookie on every page cost a family page a fifth of its time. A
        # family session now lasts an hour from entering the passcode; professionals'
        # sessions still move on with each request (portal/workspace/auth.py).
        "SESSION_REFRESH_EACH_REQUEST": False,
        # Speed layers, each on by default; off only to measure or to rule one out
        # (docs/decisions/0001-response-and-render-caches.md, docs/performance.md).
        "PUBLIC_PAGE_CACHE": _switch("PUBLIC_PAGE_CACHE"),
        "FAMILY_PAGE_CACHE": _switch("FAMILY_PAGE_CACHE"),
        "AUDIT_VIEWS_IN_BATCHES": _switch("AUDIT_VIEWS_IN_BATCHES"),
        **reminder_settings(),
    }
