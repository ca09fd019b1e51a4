"""Security tests: the storage fixtures (SQLite and a throwaway PostgreSQL) are shared
with the records tests, for the races that must hold on both databases."""

from tests.family.conftest import enter_passcode, make_link, save_plan  # noqa: F401
from tests.fixtures.postgres import postgres_server, postgres_url  # noqa: F401
from tests.professional.conftest import make_user, signed_in, store_plan  # noqa: F401
from tests.records.conftest import store, store_app  # noqa: F401
