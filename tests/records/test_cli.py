"""`flask plans import|export|list|share` and `flask apikeys`, on both databases."""

import json

import pytest
from sqlalchemy import select

from portal.models import ApiKey, db
from portal.planning import parse_record, record_to_dict
from portal.records import LinkCheck, check_passcode, find_link, get_plan, hash_token
from tests.records.helpers import (
    EXAMPLE_NAMES,
    all_stored_text,
    audit_rows,
    example,
    example_path,
    row_counts,
)


@pytest.fixture
def cli(store):
    runner = store.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(args=list(args))

    return invoke


def write(tmp_path, data, name="plan.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_import_then_export_gives_the_normalised_record(cli, store, name):
    result = cli("plans", "import", str(example_path(name)))
    assert result.exit_code == 0, result.stderr
    reference = example(name)["reference"]
    assert json.loads(result.stdout) == {"reference": reference, "created": True, "version": 1}
    exported = cli("plans", "export", reference)
    assert exported.exit_code == 0
    expected = record_to_dict(parse_record(example(name), store.extensions["profiles"]))
    assert json.loads(exported.stdout) == expected
    assert list(json.loads(exported.stdout)) == list(expected)
    assert [row.action for row in audit_rows()] == ["plan.create", "plan.export"]
    assert {row.actor for row in audit_rows()} == {"cli"}


def test_an_existing_reference_needs_update(cli, tmp_path):
    path = str(example_path("england-new-plan"))
    assert cli("plans", "import", path).exit_code == 0
    again = cli("plans", "import", path)
    assert again.exit_code == 1
    assert "already exists" in again.stderr and "--update" in again.stderr
    assert again.stdout == ""
    changed = example("england-new-plan")
    changed["categories"] = ["neglect", "emotional_abuse"]
    updated = cli("plans", "import", write(tmp_path, changed), "--update")
    assert updated.exit_code == 0, updated.stderr
    assert json.loads(updated.stdout) == {"reference": "EX-0001", "created": False, "version": 2}
    assert get_plan("EX-0001").record["categories"] == ["neglect", "emotional_abuse"]


def test_update_of_a_new_reference_creates_it(cli):
    result = cli("plans", "import", str(example_path("greenwich-ended")), "--update")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["created"] is True


def test_bad_records_are_refused_line_by_line_and_nothing_is_stored(cli, tmp_path):
    data = example("stoke-fifteen-months")
    data["conferences"][2]["date"] = "2026-02-30"
    data["child"]["first_name"] = ""
    before = row_counts()
    result = cli("plans", "import", write(tmp_path, data))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("/conferences/2/date: ") for line in lines)
    assert any(line.startswith("/child/first_name: ") for line in lines)
    assert "Traceback" not in result.stderr
    assert row_counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"reference": 1, "reference": 2}', "repeats the field name"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_unreadable_files_are_refused_without_a_traceback(cli, tmp_path, content, message):
    result = cli("plans", "import", write(tmp_path, content))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert row_counts()["plans"] == 0


def test_a_missing_file_is_refused(cli, tmp_path):
    result = cli("plans", "import", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 1
    assert "cannot be read" in result.stderr


def test_export_of_an_unknown_reference_fails(cli):
    result = cli("plans", "export", "NOPE-1")
    assert result.exit_code == 1
    assert "no plan" in result.stderr


def test_list_shows_one_line_per_plan(cli):
    for name in EXAMPLE_NAMES:
        cli("plans", "import", str(example_path(name)))
    lines = cli("plans", "list").stdout.strip().splitlines()
    assert lines == [
        "EX-0001\tengland\t2026-05-11\topen",
        "EX-0002\tstoke-on-trent\t2024-12-09\topen",
        "EX-0003\tgreenwich\t2025-10-06\tended",
        "EX-0004\twest-sussex\t2025-11-03\topen",
    ]
    listed = json.loads(cli("plans", "list", "--json").stdout)
    assert listed[2] == {
        "reference": "EX-0003",
        "profile": "greenwich",
        "started": "2025-10-06",
        "ended": "2026-07-06",
        "status": "ended",
    }


def test_list_of_an_empty_portal_prints_nothing(cli):
    result = cli("plans", "list")
    assert (result.exit_code, result.stdout) == (0, "")


def test_share_prints_a_working_link_and_passcode(cli, store):
    cli("plans", "import", str(example_path("england-new-plan")))
    result = cli(
        "plans",
        "share",
        "EX-0001",
        "--for",
        "Mother",
        "--days",
        "30",
        "--base-url",
        "https://plans.example.org/",
    )
    assert result.exit_code == 0, result.stderr
    shared = json.loads(result.stdout)
    assert list(shared) == ["reference", "for", "link", "passcode", "view", "hides", "expires"]
    assert (shared["view"], shared["hides"]) == ("family", [])
    assert shared["reference"] == "EX-0001" and shared["for"] == "Mother"
    prefix = "https://plans.example.org/f/"
    assert shared["link"].startswith(prefix)
    token = shared["link"].removeprefix(prefix)
    link = find_link(token)
    assert link is not None and link.plan.reference == "EX-0001"
    assert check_passcode(link, shared["passcode"]) is LinkCheck.OK
    assert shared["expires"].endswith("Z")
    assert not [value for _, _, value in all_stored_text() if token in value]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NOPE-1", "--for", "Mother"], "no plan"),
        (["EX-0001", "--for", "   "], "--for"),
        (["EX-0001", "--for", "Mother", "--base-url", "javascript:alert(1)"], "--base-url"),
        (["EX-0001", "--for", "Father", "--hide", "places,address"], "--hide: address"),
    ],
)
def test_share_refuses_bad_input(cli, args, message):
    cli("plans", "import", str(example_path("england-new-plan")))
    result = cli("plans", "share", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert row_counts()["family_links"] == 0


def test_share_makes_a_young_persons_link_or_one_that_hides_sections(cli):
    cli("plans", "import", str(example_path("england-new-plan")))
    young = json.loads(
        cli("plans", "share", "EX-0001", "--for", "Ellie", "--view", "young-person").stdout
    )
    assert young["view"] == "young-person"
    assert set(young["hides"]) >= {"concerns", "parent-needs", "contacts", "contingency"}
    father = json.loads(
        cli("plans", "share", "EX-0001", "--for", "Father", "--hide", "concerns, places").stdout
    )
    assert (father["view"], father["hides"]) == ("family", ["concerns", "places"])
    stored = find_link(father["link"].rsplit("/", 1)[1])
    assert (stored.view, stored.hidden) == ("family", "places,concerns")
    wrong = cli("plans", "share", "EX-0001", "--for", "Ellie", "--view", "child")
    assert wrong.exit_code == 2 and "--view" in wrong.stderr


def test_share_days_are_bounded(cli):
    cli("plans", "import", str(example_path("england-new-plan")))
    result = cli("plans", "share", "EX-0001", "--for", "Mother", "--days", "0")
    assert result.exit_code == 2


def test_api_keys_are_shown_once_and_stored_as_hashes(cli):
    created = cli("apikeys", "create", "Case system")
    assert created.exit_code == 0
    key = created.stdout.strip()
    assert len(key) >= 40
    stored = db.session.scalar(select(ApiKey))
    assert stored.key_hash == hash_token(key)
    assert not [value for _, _, value in all_stored_text() if key in value]
    listing = cli("apikeys", "list")
    assert "Case system" in listing.stdout and key not in listing.stdout
    assert "active" in listing.stdout
    duplicate = cli("apikeys", "create", "Case system")
    assert duplicate.exit_code == 1 and "already in use" in duplicate.stderr


def test_api_keys_can_be_revoked(cli):
    cli("apikeys", "create", "Old system")
    revoked = cli("apikeys", "revoke", "Old system")
    assert revoked.exit_code == 0
    db.session.remove()
    assert db.session.scalar(select(ApiKey)).revoked_at is not None
    assert json.loads(cli("apikeys", "list", "--json").stdout)[0]["revoked"] is not None
    assert cli("apikeys", "revoke", "Old system").exit_code == 1
    # The name is free again for a new key.
    assert cli("apikeys", "create", "Old system").exit_code == 0
    actions = [row.action for row in audit_rows()]
    assert actions == ["apikey.create", "apikey.revoke", "apikey.create"]


def test_an_imported_plan_goes_to_the_lead_social_workers_account(cli, tmp_path):
    from portal.models import User
    from portal.workspace.auth import create_user

    worker = create_user("kim.lee@example.org", "social-worker")
    create_user("sam.patel@example.org", "manager")  # not a social worker: never matched
    away = create_user("jo.day@example.org", "social-worker")
    away.active = False
    db.session.commit()
    worker_id = worker.id
    plans = {}
    for reference, email in (
        ("ALLOC-1", "Kim.Lee@EXAMPLE.org"),
        ("ALLOC-2", "sam.patel@example.org"),
        ("ALLOC-3", "jo.day@example.org"),
        ("ALLOC-4", "nobody@example.org"),
    ):
        data = example("england-new-plan")
        data["reference"] = reference
        data["lead_social_worker"]["email"] = email
        plans[reference] = write(tmp_path, data, f"{reference}.json")
        imported = cli("plans", "import", plans[reference])
        assert imported.exit_code == 0, imported.stderr
    owners = {
        ref: get_plan(ref).social_worker_id for ref in ("ALLOC-1", "ALLOC-2", "ALLOC-3", "ALLOC-4")
    }
    assert owners == {"ALLOC-1": worker_id, "ALLOC-2": None, "ALLOC-3": None, "ALLOC-4": None}
    # An unowned plan updated later, once its worker has an account, is matched then.
    db.session.get(User, away.id).active = True
    db.session.commit()
    assert cli("plans", "import", plans["ALLOC-3"], "--update").exit_code == 0
    assert get_plan("ALLOC-3").social_worker_id == away.id
