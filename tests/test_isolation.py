"""The test suite's own rules: tests keep out of the repository, and hash cheaply."""

from pathlib import Path

import argon2
import pytest

from portal import create_app
from portal.config import ROOT
from portal.records.secrets import hash_secret, verify_secret


def test_an_app_built_for_tests_keeps_every_file_out_of_the_repository(make_app, tmp_path):
    app = make_app()
    assert Path(app.instance_path) == tmp_path
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'portal.db'}"
    cache = Path(app.config["CONTENT_CACHE_FILE"])
    assert cache.exists(), "the render cache was written where the tests keep it"
    assert not cache.is_relative_to(ROOT)


def test_the_instance_folder_can_be_chosen_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app({"TESTING": True})
    assert Path(app.instance_path) == tmp_path
    assert (tmp_path / "secret_key").exists()
    assert (tmp_path / "content-cache.json").exists()


def test_tests_hash_secrets_with_the_cheapest_argon2_parameters(app):
    stored = hash_secret("1234 5678")
    parameters = argon2.extract_parameters(stored)
    assert (parameters.time_cost, parameters.memory_cost) == (1, 8)
    assert verify_secret(stored, "1234 5678")
    # A hash made with the standard parameters still verifies.
    assert verify_secret(argon2.PasswordHasher().hash("1234 5678"), "1234 5678")


def test_cheap_hashing_is_refused_outside_the_test_suite(tmp_path):
    with pytest.raises(RuntimeError, match="test suite only"):
        create_app({"INSTANCE_PATH": tmp_path, "PASSWORD_HASHING": "cheapest"})
    with pytest.raises(RuntimeError, match="PASSWORD_HASHING must be one of"):
        create_app({"INSTANCE_PATH": tmp_path, "TESTING": True, "PASSWORD_HASHING": "fast"})
