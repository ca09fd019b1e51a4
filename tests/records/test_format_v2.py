"""cp-plan/2 through the command line and the API: bad version 2 values are refused
with one line naming the field, nothing is stored; a cp-plan/1 record comes back as
an equivalent cp-plan/2 record."""

import json

import flask_migrate
import pytest
from sqlalchemy import select, text

from portal import create_app
from portal.models import Plan, db
from portal.planning import compute_timeline, parse_record, record_to_dict, timeline_to_json
from portal.planning.format import as_version_2
from tests.conftest import test_settings as settings_for
from tests.records.helpers import example, example_path, row_counts


def transferred(**changes):
    data = example("west-sussex-transfer-in")
    data.update(changes)
    return data


def _translation_at_a_date():
    data = transferred()
    data["child"]["date_of_birth"] = "2009-01-20"
    data["translations"] = {
        "ar": {"/child/date_of_birth": {"text": "٢٠ يناير", "english": "2009-01-20"}}
    }
    return data


def _progress_on_a_scheduled_review():
    data = transferred()
    data["conferences"].append(
        {"kind": "review", "date": "2026-11-05", "status": "scheduled", "progress": "sufficient"}
    )
    return data


def _initial_and_transfer_in():
    data = transferred()
    data["conferences"].insert(1, {"kind": "initial", "date": "2026-02-11", "status": "held"})
    return data


BAD_V2 = {
    "a translation pointer at a date": (
        _translation_at_a_date,
        "/translations/ar/~1child~1date_of_birth",
        "translations: this pointer must address a free-text field",
    ),
    "on_plan_since after the transfer-in": (
        lambda: transferred(on_plan_since="2026-02-11"),
        "/on_plan_since",
        "on_plan_since must be on or before the transfer-in conference on 2026-02-10",
    ),
    "progress on a scheduled review": (
        _progress_on_a_scheduled_review,
        "/conferences/2/progress",
        "progress: only a held review conference records progress",
    ),
    "a negative previous_plans": (
        lambda: transferred(previous_plans=-1),
        "/previous_plans",
        "previous_plans: enter a whole number from 0 to 99",
    ),
    "both initial and transfer_in": (
        _initial_and_transfer_in,
        "/conferences/1/kind",
        "A plan has one first conference here: an initial conference or a transfer-in "
        "conference, not both",
    ),
}


@pytest.fixture
def cli(store):
    runner = store.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


@pytest.mark.parametrize("case", list(BAD_V2))
def test_bad_v2_values_are_refused_by_the_command_line(cli, store, tmp_path, case):
    make, pointer, message = BAD_V2[case]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(make(), ensure_ascii=False), encoding="utf-8")
    before = row_counts()
    result = cli("plans", "import", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()  # one line, naming the field by its pointer
    assert line.startswith(f"{pointer}: {message}")
    assert row_counts() == before


def test_a_v2_record_with_every_new_field_is_stored_and_exported(cli, store, tmp_path):
    data = transferred(
        visit_log=[{"date": "2026-02-12", "seen_alone": True}, {"date": "2026-03-01"}],
        previous_plans=1,
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli("plans", "import", str(path)).exit_code == 0
    out = json.loads(cli("plans", "export", "EX-0004").stdout)
    assert out["format"] == "cp-plan/2"
    assert out["on_plan_since"] == "2025-11-03" and out["previous_plans"] == 1
    assert out["visit_log"] == [
        {"date": "2026-02-12", "seen_alone": True},
        {"date": "2026-03-01", "seen_alone": None},
    ]
    assert out["conferences"][0] == {
        "kind": "transfer_in",
        "date": "2026-02-10",
        "status": "held",
        "time": "10:00",
        "place": "County Hall, Chichester",
        "chair": "Ruth Okafor",
        "categories": ["emotional_abuse"],
    }
    assert out["conferences"][1]["progress"] == "insufficient"
    assert out["translations"] == data["translations"]


@pytest.mark.parametrize("name", ["england-new-plan", "greenwich-ended", "stoke-fifteen-months"])
def test_a_v1_record_round_trips_to_an_equivalent_v2_export(cli, store, tmp_path, name):
    v1 = example(name)
    assert v1["format"] == "cp-plan/1"
    assert cli("plans", "import", str(example_path(name))).exit_code == 0
    v2 = json.loads(cli("plans", "export", v1["reference"]).stdout)
    assert v2["format"] == "cp-plan/2"
    profiles = store.extensions["profiles"]
    old, new = parse_record(v1, profiles), parse_record(v2, profiles)
    # the same record: every field equal but the format id
    assert old.model_dump(exclude={"format"}) == new.model_dump(exclude={"format"})
    # ... which means the same timeline
    for today in (old.start, old.start.replace(year=old.start.year + 1)):
        profile = profiles[old.profile]
        assert timeline_to_json(compute_timeline(old, profile, today)) == timeline_to_json(
            compute_timeline(new, profile, today)
        )
    # and the v2 export imports and exports unchanged
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(v2, ensure_ascii=False), encoding="utf-8")
    assert cli("plans", "import", "--update", str(path)).exit_code == 0
    assert json.loads(cli("plans", "export", v1["reference"]).stdout) == v2


def _stored_as_version_1(name: str, profiles) -> dict:
    """What a save before version 2 stored for an example: the normalised cp-plan/1
    record, without any of the version 2 keys."""
    record = record_to_dict(parse_record(example(name), profiles))
    for key in ("on_plan_since", "visit_log", "previous_plans", "translations"):
        del record[key]
    for conference in record["conferences"]:
        for key in ("progress", "time", "place", "chair", "categories"):
            conference.pop(key, None)
    record["format"] = "cp-plan/1"
    return record


@pytest.mark.parametrize("name", ["england-new-plan", "greenwich-ended", "stoke-fifteen-months"])
def test_a_stored_v1_record_reads_as_the_v2_record_it_means(store, name):
    profiles = store.extensions["profiles"]
    expected = record_to_dict(parse_record(example(name), profiles))
    upgraded = as_version_2(_stored_as_version_1(name, profiles))
    assert upgraded == expected
    assert list(upgraded) == list(expected)  # keys in the format's order too
    assert [list(c) for c in upgraded["conferences"]] == [list(c) for c in expected["conferences"]]


def test_the_migration_rewrites_stored_v1_records_as_v2(tmp_path):
    app = create_app(settings_for(tmp_path))
    with app.app_context():
        flask_migrate.upgrade(revision="8a4f0c6e1d27")
        profiles = app.extensions["profiles"]
        old = _stored_as_version_1("stoke-fifteen-months", profiles)
        db.session.execute(
            text(
                "INSERT INTO plans (reference, profile, language, child_first_name, categories,"
                " started, record, version, created_at, updated_at) VALUES (:reference,"
                " 'stoke-on-trent', 'pl', 'Maja', 'neglect', '2024-12-09', :record, 3,"
                " '2026-01-12 10:00:00', '2026-01-12 10:00:00')"
            ),
            {"reference": old["reference"], "record": json.dumps(old)},
        )
        db.session.commit()
        flask_migrate.upgrade()
        plan = db.session.scalar(select(Plan).where(Plan.reference == old["reference"]))
        assert plan.record == as_version_2(old)
        assert plan.record["format"] == "cp-plan/2"
        assert plan.version == 3  # the same plan: nobody editing it is told it changed
        result = app.test_cli_runner().invoke(args=["plans", "export", old["reference"]])
        assert json.loads(result.stdout) == plan.record
