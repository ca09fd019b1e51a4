"""Syncing with a case system: unknown query parameters refused, the change feed and
its cursor."""

import base64
import datetime as dt

import pytest

from portal.models import Plan, db
from tests.api.test_plans import EXAMPLE_NAMES, PLANS, example, imported


def test_unknown_query_parameters_are_refused_naming_them(api):
    response = api.get(f"{PLANS}?updated_since=2030-01-01T00:00:00Z&status=ended&profile=nope")
    assert response.status_code == 400
    assert response.get_json()["error"] == "Unknown query parameters: `profile`, `status`."
    imported(api)
    timeline = api.get(f"{PLANS}/EX-0001/timeline?today=2026-05-20&lang=pl")
    assert timeline.status_code == 400 and "`lang`" in timeline.get_json()["error"]
    assert api.get(f"{PLANS}/EX-0001?fields=all").status_code == 400
    assert api.get("/api/v1/nothing-here?fields=all").status_code == 404


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode("ascii")


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("updated_since=2026-12-01", "updated_since"),  # no zone
        ("updated_since=yesterday", "updated_since"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=abc&page=2", "page"),
        # At the ends of the calendar, moved past them by the zone (were 500s).
        ("updated_since=9999-12-31T23:59:59-23:59", "updated_since"),
        ("updated_since=0001-01-01T00:00:00%2B01:00", "updated_since"),
        # Row ids no database integer holds (were 500s).
        (f"cursor={_cursor('2026-12-01T09:00:00|0|' + '9' * 30)}", "cursor"),
        (f"cursor={_cursor(f'2026-12-01T09:00:00|1|{2**63}')}", "cursor"),
        (f"cursor={_cursor('2026-12-01T09:00:00|0|-1')}", "cursor"),
    ],
)
def test_bad_sync_parameters_are_named(api, query, named):
    response = api.get(f"{PLANS}?{query}")
    assert response.status_code == 400
    assert f"`{named}`" in response.get_json()["error"]


def _set_updated(app, reference: str, moment: dt.datetime) -> None:
    with app.app_context():
        db.session.execute(
            Plan.__table__.update().where(Plan.reference == reference).values(updated_at=moment)
        )
        db.session.commit()


def test_the_change_feed_pages_by_a_cursor_that_survives_changes(api):
    for name in EXAMPLE_NAMES:
        imported(api, name)
    base = dt.datetime(2026, 12, 1, 9, 0)
    # Two plans changed in the same microsecond: the id breaks the tie.
    for reference, minutes in (("EX-0001", 0), ("EX-0002", 5), ("EX-0003", 5), ("EX-0004", 9)):
        _set_updated(api.app, reference, base + dt.timedelta(minutes=minutes))
    first = api.get(f"{PLANS}?updated_since=2026-12-01T09:01:00Z&per_page=2").get_json()
    assert [i["reference"] for i in first["items"]] == ["EX-0002", "EX-0003"]
    assert first["items"][0]["updated_at"] == "2026-12-01T09:05:00.000000Z"
    assert "total" not in first and first["links"]["next"]
    # A plan changes between two pages: it is not lost, it comes again at the end.
    changed = example(EXAMPLE_NAMES[0])
    changed["child"]["first_name"] = "Changed"
    assert api.put(f"{PLANS}/EX-0001", changed, headers={"If-Match": '"1"'}).status_code == 200
    second = api.get(first["links"]["next"]).get_json()
    assert [i["reference"] for i in second["items"]] == ["EX-0004", "EX-0001"]
    assert second["links"]["next"] is None
    # The cursor kept from the last page gives nothing new, then only what changes next.
    kept = second["cursor"]
    assert api.get(f"{PLANS}?cursor={kept}").get_json()["items"] == []
    third = api.get(f"{PLANS}/EX-0003").get_json()
    third["child"]["first_name"] = "Later"
    assert api.put(f"{PLANS}/EX-0003", third, headers={"If-Match": "*"}).status_code == 200
    again = api.get(f"{PLANS}?cursor={kept}").get_json()
    assert [i["reference"] for i in again["items"]] == ["EX-0003"]
    # A time with another zone means the same instant.
    same = api.get(f"{PLANS}?updated_since=2026-12-01T10:01:00%2B01:00&per_page=2").get_json()
    assert [i["reference"] for i in same["items"]] == ["EX-0002", "EX-0004"]
