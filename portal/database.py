"""Database set-up: SQLite by default, PostgreSQL for larger deployments."""

import os
from pathlib import Path

from flask import Flask
from flask_migrate import Migrate

from portal.config import ROOT, settings
from portal.models import db

migrate = Migrate()


def database_url(url: str) -> str:
    """Accept the usual `postgres://` forms and use the psycopg 3 driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def owner_only(path: Path) -> None:
    """Make an SQLite database file readable by its owner only (0600), creating it empty
    if need be. It holds plan records and password hashes; SQLite gives the -wal and
    -shm files it makes later the same permissions as the database file."""
    if str(path) in ("", ":memory:"):
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if name.exists():
            name.chmod(0o600)


def init_app(app: Flask) -> None:
    url = database_url(settings(app).database_url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    # A statement's parameters are plan content: never put them in an exception's text,
    # which is what reaches the error log.
    options.setdefault("hide_parameters", True)
    if not url.startswith("sqlite"):
        # A database server may drop idle connections; a local file cannot.
        options.setdefault("pool_pre_ping", True)
    if url.startswith("sqlite:///"):
        # The instance folder holds the default database; make sure it exists.
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        owner_only(path)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)


def profiles_for_migrations() -> dict:
    """The procedure profiles for a migration that works dates out: the running portal's,
    or (alembic run on its own) the repository's."""
    from flask import current_app

    from portal.planning import load_profiles

    try:
        return current_app.extensions["profiles"]
    except (RuntimeError, KeyError):
        return load_profiles()
