"""Storage tests run twice: on SQLite and on a throwaway PostgreSQL server.

One app per database for the whole session (building an app renders every guide),
every table emptied before each test.
"""

import pytest

import tests.conftest as base
from portal import create_app
from portal.models import db
from tests.fixtures.markers import postgres_param
from tests.fixtures.postgres import postgres_server, postgres_url  # noqa: F401
from tests.records.helpers import migrated_app, wipe_database

BACKENDS = ["sqlite", postgres_param()]


@pytest.fixture(scope="session", params=BACKENDS)
def store_app(request, tmp_path_factory):
    backend = request.param
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'portal.db'}"
    app = migrated_app(tmp_path_factory.mktemp("instance"), DATABASE_URL=url)
    app.config["TEST_BACKEND"] = backend
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def store(store_app):
    """The app for the backend under test, inside an app context, with empty tables."""
    with store_app.app_context():
        wipe_database()
        yield store_app
        db.session.remove()


@pytest.fixture
def second_app(store_app, tmp_path):
    """Another app on the same database: a second worker or server."""
    with store_app.app_context():
        url = str(db.engine.url.render_as_string(hide_password=False))
    app = create_app(base.test_settings(tmp_path, DATABASE_URL=url))
    yield app
    with app.app_context():
        db.engine.dispose()
