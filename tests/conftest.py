"""Shared fixtures: the app built from create_app with test settings, and its clients."""

import pytest

from portal import create_app

pytest_plugins = ["tests.fixtures.pages"]


def test_settings(instance_dir, **overrides) -> dict:
    return {
        "TESTING": True,
        "PORTAL_ENV": "test",
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": f"sqlite:///{instance_dir / 'portal.db'}",
        **overrides,
    }


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    return create_app(test_settings(tmp_path_factory.mktemp("instance")))


@pytest.fixture
def make_app(tmp_path):
    """A fresh app of its own, for tests that change settings or add routes."""
    return lambda **overrides: create_app(test_settings(tmp_path, **overrides))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
