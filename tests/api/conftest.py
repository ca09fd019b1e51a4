"""An app with an empty database and a live API key for each test."""

import json
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.models import ApiKey, db
from portal.records import hash_token, new_token
from tests.records.helpers import migrated_app, wipe_database


@pytest.fixture(scope="session")
def api_app(app, tmp_path_factory):
    # The shared `app` is built (and migrated) first on purpose: a migration switches off
    # the loggers that exist when it runs, and these tests create the app's logger.
    return migrated_app(tmp_path_factory.mktemp("api"))


@dataclass
class Api:
    app: Flask
    client: FlaskClient
    key: str
    key_id: int
    deleting_key: str

    def headers(self, extra=None, key=None):
        return {"Authorization": f"Bearer {key or self.key}", **(extra or {})}

    def get(self, url, headers=None, **kwargs):
        return self.client.get(url, headers=self.headers(headers), **kwargs)

    def post(self, url, body, headers=None, **kwargs):
        return self.client.post(
            url,
            data=_encode(body),
            headers=self.headers(headers),
            content_type=kwargs.pop("content_type", "application/json"),
            **kwargs,
        )

    def delete(self, url, headers=None, key=None):
        return self.client.delete(url, headers=self.headers(headers, key=key))

    def put(self, url, body, headers=None, **kwargs):
        return self.client.put(
            url,
            data=_encode(body),
            headers=self.headers(headers),
            content_type=kwargs.pop("content_type", "application/json"),
            **kwargs,
        )


def _encode(body) -> bytes:
    if isinstance(body, bytes):
        return body
    return (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")


@pytest.fixture
def api(api_app):
    with api_app.app_context():
        wipe_database()
        key = new_token()
        record = ApiKey(name="tests", key_hash=hash_token(key))
        deleting_key = new_token()
        db.session.add(record)
        db.session.add(ApiKey(name="deletes", key_hash=hash_token(deleting_key), may_delete=True))
        db.session.commit()
        key_id = record.id
    return Api(api_app, api_app.test_client(), key, key_id, deleting_key)


@pytest.fixture
def in_db(api_app):
    """Run database checks in the test's own app context."""
    with api_app.app_context():
        yield
        db.session.remove()


def make_key(app) -> str:
    """A live API key on another app (for tests that need their own settings)."""
    key = new_token()
    with app.app_context():
        db.session.add(ApiKey(name="other", key_hash=hash_token(key)))
        db.session.commit()
    return key
