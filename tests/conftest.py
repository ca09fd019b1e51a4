"""Shared fixtures: the app built from create_app with test settings, and its clients."""

import flask_migrate
import pytest

from portal import create_app

pytest_plugins = ["tests.fixtures.pages"]


def test_settings(instance_dir, **overrides) -> dict:
    return {
        "TESTING": True,
        "PORTAL_ENV": "test",
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": f"sqlite:///{instance_dir / 'portal.db'}",
        # Hundreds of tests post from one address; the limits have their own tests.
        "RATELIMIT_ENABLED": False,
        # Tests read the audit log right after a view; one test covers the batches.
        "AUDIT_VIEWS_IN_BATCHES": False,
        **overrides,
    }


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
