"""Security tests: the storage fixtures (SQLite and a throwaway PostgreSQL) are shared
with the records tests, for the races that must hold on both databases."""

from tests.fixtures.postgres import postgres_server, postgres_url  # noqa: F401
from tests.records.conftest import store, store_app  # noqa: F401
