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


def test_translations_travel_through_the_api_unchanged(api, in_db):
    """Stored and given back as sent, and kept as they were when the English changes
    (the family then sees the translation marked out of date)."""
    from tests.planning.helpers import full_plan

    data = full_plan()
    data["translations"]["pl"]["/core_group/0/role"] = {"text": "Matka", "english": "Mother"}
    assert api.post("/api/v1/plans", data).status_code == 201
    url = f"/api/v1/plans/{data['reference']}"
    assert api.get(url).get_json()["translations"] == data["translations"]

    data["concerns"][0] = "Maja now misses school on Mondays."
    assert api.put(url, data, headers={"If-Match": '"1"'}).status_code == 200
    back = api.get(url).get_json()
    assert back["translations"] == data["translations"]
    assert back["translations"]["pl"]["/concerns/0"]["english"] != back["concerns"][0]
