"""cp-plan/2 through the API: each bad version 2 value is refused with 422, naming its
field by JSON pointer, and nothing is stored."""

import pytest

from tests.records.helpers import row_counts
from tests.records.test_format_v2 import BAD_V2


@pytest.mark.parametrize("case", list(BAD_V2))
def test_bad_v2_values_are_refused_by_the_api(api, in_db, case):
    make, pointer, message = BAD_V2[case]
    before = row_counts()
    response = api.post("/api/v1/plans", make())
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert [e["pointer"] for e in errors] == [pointer]
    assert errors[0]["message"].startswith(message)
    after = row_counts()
    assert after.pop("audit_events") == before.pop("audit_events") + 1  # the refusal is audited
    assert after == before  # and nothing else is stored
