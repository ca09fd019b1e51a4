import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from portal.commands.plans import plans

from .helpers import make_plan

EXAMPLES = Path(__file__).parent / "examples"
REPO = Path(__file__).resolve().parents[2]


def run(*args):
    result = CliRunner().invoke(plans, ["timeline", *map(str, args)])
    return result


def write(tmp_path, data, name="plan.json"):
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(json.dumps(data), encoding="utf-8")
    return path


def assert_failed(result, *expected_lines_start):
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for start in expected_lines_start:
        assert any(line.startswith(start) for line in lines), lines
    return lines


@pytest.mark.parametrize(
    "name",
    ["england-new-plan", "greenwich-ended", "stoke-fifteen-months", "west-sussex-transfer-in"],
)
def test_examples_print_exactly(name):
    (want_path,) = EXAMPLES.glob(f"{name}.timeline-*.json")
    today = want_path.stem.rsplit("timeline-", 1)[1]
    result = run(EXAMPLES / f"{name}.plan.json", "--today", today)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    want = json.loads(want_path.read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == want
    assert result.stdout == json.dumps(want, indent=1) + "\n"


def test_a_transferred_in_plan_prints_the_version_2_shape():
    result = run(EXAMPLES / "west-sussex-transfer-in.plan.json", "--today", "2026-09-01")
    out = json.loads(result.stdout)
    assert list(out)[:7] == [
        "reference",
        "profile",
        "today",
        "status",
        "started",
        "transferred_in",
        "ended",
    ]
    assert (out["started"], out["transferred_in"]) == ("2025-11-03", "2026-02-10")
    assert out["events"][0] == {
        "kind": "transfer_in_conference",
        "date": "2026-02-10",
        "status": "held",
    }


def test_today_defaults_to_today_in_london(monkeypatch):
    from datetime import date

    import portal.commands.plans as cli

    monkeypatch.setattr(cli, "today_in_london", lambda: date(2026, 5, 20))
    result = run(EXAMPLES / "england-new-plan.plan.json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["today"] == "2026-05-20"


def test_today_in_london_is_a_date():
    from datetime import date

    from portal.commands.plans import today_in_london

    assert isinstance(today_in_london(), date)


def test_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    lines = assert_failed(run(path, "--today", "2026-01-01"))
    assert lines == [f"{path}: The file cannot be read: No such file or directory"]


def test_a_folder_is_not_a_plan(tmp_path):
    assert_failed(run(tmp_path, "--today", "2026-01-01"), f"{tmp_path}: The file cannot be read")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "The file is not valid JSON"),
        ("", "The file is not valid JSON"),
        (b"\xff\xfe{}", "The file is not UTF-8 text"),
        ('{"a": NaN}', "The JSON contains NaN"),
        ('{"a": 1, "a": 2}', 'The JSON repeats the field name "a"'),
        ("[" * 100_000 + "]" * 100_000, "The JSON is nested too deeply"),
    ],
)
def test_bad_json(tmp_path, content, message):
    path = write(tmp_path, content)
    lines = assert_failed(run(path, "--today", "2026-01-01"))
    assert lines == [f"{path}: " + lines[0].split(": ", 1)[1]]
    assert message in lines[0]


def test_invalid_record_names_every_field(tmp_path):
    data = make_plan(reviews=[("2026-01-01", "held")])
    data["conferences"].append(
        {"kind": "review", "date": "2026-02-30", "status": "held", "decision": "continue"}
    )
    data["child"]["first_name"] = ""
    lines = assert_failed(run(write(tmp_path, data), "--today", "2026-06-01"))
    assert lines == [
        "/child/first_name: This cannot be empty",
        "/conferences/2/date: Enter a real date in the format YYYY-MM-DD, like 2026-03-31",
    ]
    # the rules across fields run once every field is valid
    data["child"]["first_name"] = "Sam"
    data["conferences"][2]["date"] = "2026-02-28"
    lines = assert_failed(run(write(tmp_path, data), "--today", "2026-06-01"))
    assert lines == ["/conferences/1/date: This is before the initial conference on 2026-01-12"]


def test_unknown_profile(tmp_path):
    lines = assert_failed(
        run(write(tmp_path, make_plan(profile="atlantis")), "--today", "2026-06-01")
    )
    assert lines == [
        "/profile: Choose one of: england, greenwich, stoke-on-trent, "
        "twenty-one-month-policy, west-sussex"
    ]


def test_root_problem_names_the_file(tmp_path):
    path = write(tmp_path, [1, 2])
    assert assert_failed(run(path, "--today", "2026-06-01")) == [
        f"{path}: The plan must be a JSON object"
    ]


@pytest.mark.parametrize("today", ["2026-02-30", "tomorrow", "20260101", "", "2026-1-1"])
def test_bad_today(tmp_path, today):
    lines = assert_failed(run(EXAMPLES / "england-new-plan.plan.json", "--today", today))
    assert lines == ["--today: Enter a real date in the format YYYY-MM-DD, like 2026-03-31"]


def test_bad_today_and_bad_record_together(tmp_path):
    path = write(tmp_path, make_plan(profile="atlantis"))
    lines = assert_failed(run(path, "--today", "x"))
    assert [line.split(":")[0] for line in lines] == ["--today", "/profile"]


def test_lone_surrogates_do_not_break_the_report(tmp_path):
    path = write(tmp_path, '{"\\ud800": 1, "reference": "\\udfff"}')
    lines = assert_failed(run(path, "--today", "2026-06-01"))
    assert f"{path}: Remove the field with an unreadable or overlong name" in lines[0]


def test_broken_profiles_folder(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "x.yaml").write_text("id: [", encoding="utf-8")
    result = CliRunner().invoke(
        plans,
        [
            "timeline",
            str(EXAMPLES / "england-new-plan.plan.json"),
            "--today",
            "2026-05-20",
            "--profiles-dir",
            str(folder),
        ],
    )
    assert_failed(result, "profiles: ")


def run_as_module(plan_file) -> subprocess.CompletedProcess:
    """`python -m portal.commands.plans timeline PLAN --today 2026-11-01`, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "portal.commands.plans", "timeline", str(plan_file)]
        + ["--today", "2026-11-01"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_runs_as_a_module():
    proc = run_as_module(EXAMPLES / "greenwich-ended.plan.json")
    assert proc.returncode == 0, proc.stderr
    want = json.loads((EXAMPLES / "greenwich-ended.timeline-2026-11-01.json").read_text())
    assert json.loads(proc.stdout) == want


def test_module_run_reports_errors_without_traceback(tmp_path):
    proc = run_as_module(tmp_path / "x.json")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr and "cannot be read" in proc.stderr


def test_group_is_plain_click():
    import click

    assert isinstance(plans, click.Group) and plans.name == "plans"
    assert "timeline" in plans.commands
