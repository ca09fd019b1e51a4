"""Review finding 16 (configuration): production accepted `SECRET_KEY=x`, and
PORTAL_BASE_URL fell back to `http://127.0.0.1:5000`, which then went into family links,
set-up links and QR codes. Production now refuses to start with either.
"""

import pytest

from portal import create_app

GOOD_KEY = "0123456789abcdef" * 4  # 64 characters


@pytest.fixture
def production(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'portal.db'}")
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("PORTAL_BASE_URL", "https://plans.example.gov.uk")
    return monkeypatch


@pytest.mark.parametrize("key", ["x", "short-but-not-32-bytes", "a" * 31])
def test_production_settings_refuse_a_short_secret_key(production, key):
    production.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="at least 32 bytes"):
        create_app()


def test_production_settings_refuse_the_development_base_url(production):
    production.delenv("PORTAL_BASE_URL")
    with pytest.raises(RuntimeError, match="PORTAL_BASE_URL must be set"):
        create_app()


def test_production_settings_start_with_both(production):
    app = create_app()
    assert app.config["PORTAL_BASE_URL"] == "https://plans.example.gov.uk"
    assert app.config["SECRET_KEY"] == GOOD_KEY


def test_production_settings_development_keeps_its_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.delenv("PORTAL_BASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'portal.db'}")
    monkeypatch.setenv("PORTAL_INSTANCE_DIR", str(tmp_path))
    app = create_app()
    assert app.config["PORTAL_BASE_URL"].startswith("http://127.0.0.1:")
