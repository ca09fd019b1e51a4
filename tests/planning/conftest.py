import pytest

from portal.planning import load_profiles


@pytest.fixture(scope="session")
def profiles():
    return load_profiles()
