"""Shared fixtures: the app built from create_app with test settings, and its clients.

Tests never write into the repository: each app's instance folder (database, secret key)
is a temporary one, and rendered pages are kept in one render cache per test process
(`_RENDER_CACHE`), under pytest's temporary folder.
"""

import flask_migrate
import pytest

from portal import create_app

pytest_plugins = ["tests.fixtures.pages", "tests.fixtures.markers"]

# Set once per test process by `render_cache_file` below: every app of the run shares it,
# so only the first app of a process renders the content from scratch.
_RENDER_CACHE: dict = {}


def test_settings(instance_dir, **overrides) -> dict:
    settings = {
        "TESTING": True,
        "PORTAL_ENV": "test",
        "INSTANCE_PATH": instance_dir,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": f"sqlite:///{instance_dir / 'portal.db'}",
        "CONTENT_CACHE_FILE": _RENDER_CACHE.get("file", instance_dir / "content-cache.json"),
        # Hundreds of sign-ins: argon2's cheapest parameters (tests only).
        "PASSWORD_HASHING": "cheapest",
        # Hundreds of tests post from one address; the limits have their own tests.
        "RATELIMIT_ENABLED": False,
        # Tests read the audit log right after a view; one test covers the batches.
        "AUDIT_VIEWS_IN_BATCHES": False,
        **overrides,
    }
    if not settings["TESTING"]:
        # An app built as in production refuses the cheap hashing, as it should.
        settings["PASSWORD_HASHING"] = "standard"
    return settings


@pytest.fixture(scope="session", autouse=True)
def render_cache_file(tmp_path_factory):
    """One render cache per test process (each xdist worker has its own base folder)."""
    _RENDER_CACHE["file"] = tmp_path_factory.getbasetemp() / "content-cache.json"
    yield _RENDER_CACHE["file"]
    _RENDER_CACHE.clear()


def migrated(app):
    """Bring the app's database to the newest schema, as `flask db upgrade` does."""
    with app.app_context():
        flask_migrate.upgrade()
    return app


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    return migrated(create_app(test_settings(tmp_path_factory.mktemp("instance"))))


@pytest.fixture
def make_app(tmp_path):
    """A fresh app with its own empty database, for tests that change settings."""
    return lambda **overrides: migrated(create_app(test_settings(tmp_path, **overrides)))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
