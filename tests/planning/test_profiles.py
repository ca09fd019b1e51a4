import re
import shutil
from pathlib import Path

import pytest

from portal.planning import Milestone, Profile, ProfileInvalid, Span, load_profiles
from portal.planning.profiles import default_profiles_dir, load_profile_file

REPO = Path(__file__).resolve().parents[2]


def test_default_dir_is_the_repos_content_profiles():
    assert default_profiles_dir() == REPO / "content" / "profiles"


def test_the_five_profiles_ship(profiles):
    assert list(profiles) == [
        "england",
        "greenwich",
        "stoke-on-trent",
        "twenty-one-month-policy",
        "west-sussex",
    ]
    assert all(isinstance(p, Profile) for p in profiles.values())


@pytest.mark.parametrize(
    ("pid", "first", "weeks", "first_review", "interval", "changes", "milestones"),
    [
        ("england", Span(10, "working_days"), None, 3, 6, [], []),
        ("greenwich", Span(14, "days"), 9, 3, 6, [], []),
        (
            "stoke-on-trent",
            Span(10, "working_days"),
            6,
            3,
            6,
            [(4, 3)],
            [
                ("line-manager-review", None, 2, Span(3, "months")),
                ("senior-manager-review", None, 3, Span(3, "months")),
            ],
        ),
        (
            "twenty-one-month-policy",
            Span(10, "working_days"),
            6,
            3,
            6,
            [(4, 3)],
            [
                ("chair-mid-point-review", 12, None, None),
                ("legal-planning-meeting", None, 3, Span(2, "weeks")),
                ("qa-manager-review", 18, None, None),
            ],
        ),
        (
            "west-sussex",
            Span(10, "working_days"),
            6,
            3,
            6,
            [],
            [("group-manager-review", 9, None, None), ("group-manager-review-16", 16, None, None)],
        ),
    ],
)
def test_profile_rules_follow_the_spec_table(
    profiles, pid, first, weeks, first_review, interval, changes, milestones
):
    p = profiles[pid]
    assert p.first_core_group == first
    assert p.core_group_max_interval_weeks == weeks
    assert p.first_review_months == first_review
    assert p.review_interval_months == interval
    assert [(c.after_review, c.interval_months) for c in p.interval_changes] == changes
    assert [(m.id, m.at_months, m.after_review, m.within) for m in p.milestones] == milestones


def test_conditional_milestones_need_insufficient_progress(profiles):
    """Timeline rules v2: Stoke's line manager review and the 21-month policy's legal
    planning meeting happen only where the review found progress insufficient."""
    conditional = {
        (p.id, m.id) for p in profiles.values() for m in p.milestones if m.when is not None
    }
    assert conditional == {
        ("stoke-on-trent", "line-manager-review"),
        ("twenty-one-month-policy", "legal-planning-meeting"),
    }
    assert all(
        m.when == "insufficient_progress" for p in profiles.values() for m in p.milestones if m.when
    )


def test_a_bad_when_is_refused(tmp_path):
    source = (default_profiles_dir() / "stoke-on-trent.yaml").read_text(encoding="utf-8")
    path = tmp_path / "stoke-on-trent.yaml"
    path.write_text(source.replace("when: insufficient_progress", "when: always"), "utf-8")
    with pytest.raises(ProfileInvalid) as info:
        load_profile_file(path)
    assert info.value.errors == [
        "stoke-on-trent.yaml: milestones[0].when: must be one of: insufficient_progress"
    ]


def test_interval_after_review_number(profiles):
    stoke = profiles["stoke-on-trent"]
    assert [stoke.interval_after(n) for n in range(7)] == [3, 6, 6, 6, 3, 3, 3]
    england = profiles["england"]
    assert [england.interval_after(n) for n in range(7)] == [3, 6, 6, 6, 6, 6, 6]


def test_sources_are_named(profiles):
    stoke = profiles["stoke-on-trent"].source
    assert stoke.authority == "Stoke-on-Trent Safeguarding Children Board"
    assert stoke.version == "Version 2: June 2017"
    assert stoke.review_date == "June 2018"
    assert "C11" in stoke.title
    for p in profiles.values():
        assert p.source.title
        assert p.name
    assert profiles["greenwich"].source.version is None
    assert profiles["greenwich"].source.review_date is None


def test_greenwich_notes_the_six_to_nine_week_cycle(profiles):
    assert "six to nine weeks" in profiles["greenwich"].core_group_note
    # national guidance sets no core group interval, and the family is told so
    assert profiles["england"].core_group_max_interval_weeks is None
    assert "does not say how often" in profiles["england"].core_group_note


def test_every_profile_has_the_builtin_eighteenth_birthday(profiles):
    for p in profiles.values():
        m = p.milestone("eighteenth-birthday")
        assert isinstance(m, Milestone) and m.builtin
        assert m.trigger == "eighteenth_birthday"
        assert m.name == "18th birthday"
        assert "eighteenth-birthday" in p.milestone_ids


def test_a_milestone_is_looked_up_by_id(profiles):
    stoke = profiles["stoke-on-trent"]
    assert stoke.milestone("senior-manager-review").name == "Senior manager review"
    assert stoke.milestone("group-manager-review-16") is None  # West Sussex's, not Stoke's
    assert stoke.milestone("no-such-milestone") is None


def test_every_milestone_has_a_short_name_in_sentence_case(profiles):
    names = {m.id: m.name for p in profiles.values() for m in p.all_milestones}
    assert names == {
        "eighteenth-birthday": "18th birthday",
        "line-manager-review": "Line manager review",
        "senior-manager-review": "Senior manager review",
        "chair-mid-point-review": "Chair's mid-point review",
        "legal-planning-meeting": "Legal planning meeting",
        "qa-manager-review": "Quality assurance manager review",
        "group-manager-review": "Group manager review",
        "group-manager-review-16": "Group manager review at 16 months",
    }
    for p in profiles.values():
        shown = [m.name for m in p.all_milestones]
        # The plan form offers them in one list: two alike could not be told apart.
        assert len(set(shown)) == len(shown), p.id
    for name in names.values():
        assert len(name) <= 40 and name[0] == name[0].upper() and name[1:] == name[1:].lower()


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def test_milestone_texts_are_plain_single_strings(profiles):
    seen = 0
    for p in profiles.values():
        for m in p.all_milestones:
            seen += 1
            for text in (m.name, m.family, m.professional):
                assert isinstance(text, str) and text == text.strip()
                assert "\n" not in text and "  " not in text
            assert 1 <= len(_sentences(m.family)) <= 3, m.id
            assert re.search(r"\byour?\b", m.family, re.I), m.id
            assert all(len(s.split()) <= 30 for s in _sentences(m.family)), m.id
    assert seen == 5 * 1 + 2 + 3 + 2


def test_triggers(profiles):
    p = profiles["twenty-one-month-policy"]
    assert [m.trigger for m in p.milestones] == ["at_months", "after_review", "at_months"]


# --- broken profile files ------------------------------------------------------------

GOOD = """\
id: sample
name: Sample
source: {title: T, authority: null, version: null, review_date: null}
first_core_group: {working_days: 10}
core_group_max_interval_weeks: 6
core_group_note: null
first_review_months: 3
review_interval_months: 6
interval_changes: []
milestones:
  - id: check
    name: Plan check
    at_months: 9
    family: Your plan is checked.
    professional: Check the plan.
"""


@pytest.fixture
def folder(tmp_path):
    shutil.copy(default_profiles_dir() / "_builtin.yaml", tmp_path / "_builtin.yaml")
    return tmp_path


def test_a_good_sample_loads(folder):
    (folder / "sample.yaml").write_text(GOOD)
    profiles = load_profiles(folder)
    assert list(profiles) == ["sample"]
    assert profiles["sample"].milestones[0].at_months == 9
    assert profiles["sample"].milestones[0].name == "Plan check"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("id: sample", "id: other"), "id: must match the file name"),
        (("name: Sample\n", "name: Sample\ncolour: red\n"), "colour: unknown key"),
        (("{working_days: 10}", "{fortnights: 1}"), "unit must be one of"),
        (("{working_days: 10}", "{weeks: 2}"), "working_days or days"),
        (
            ("core_group_max_interval_weeks: 6", "core_group_max_interval_weeks: six"),
            "whole number",
        ),
        (("first_review_months: 3", "first_review_months: 0"), "from 1 to 24"),
        (("    family: Your plan is checked.\n", ""), "milestones[0].family: missing"),
        (("    name: Plan check\n", ""), "milestones[0].name: missing"),
        (("name: Plan check", "name: ''"), "milestones[0].name: must be a non-empty string"),
        (("interval_changes: []", "interval_changes: 3"), "must be a list"),
        (("at_months: 9", "at_months: 9\n    after_review: 2"), "after_review: unknown key"),
        (("id: check", "id: eighteenth-birthday"), "built-in"),
        (("review_interval_months: 6", "review_interval_months: true"), "whole number"),
    ],
)
def test_broken_profile_is_reported(folder, change, expected):
    (folder / "sample.yaml").write_text(GOOD.replace(*change))
    with pytest.raises(ProfileInvalid) as info:
        load_profiles(folder)
    assert any(expected in e and e.startswith("sample.yaml: ") for e in info.value.errors), (
        info.value.errors
    )


def test_all_profile_errors_at_once(folder):
    text = GOOD.replace("first_review_months: 3", "first_review_months: x").replace(
        "name: Sample", "name: ''"
    )
    (folder / "sample.yaml").write_text(text)
    (folder / "broken.yaml").write_text("id: [unclosed")
    with pytest.raises(ProfileInvalid) as info:
        load_profiles(folder)
    joined = "\n".join(info.value.errors)
    assert "broken.yaml: (top): cannot be read" in joined
    assert "sample.yaml: name:" in joined
    assert "sample.yaml: first_review_months:" in joined


def test_a_builtin_milestone_without_a_name_is_refused(folder):
    builtin = folder / "_builtin.yaml"
    text = builtin.read_text()
    assert "    name: 18th birthday\n" in text
    builtin.write_text(text.replace("    name: 18th birthday\n", ""))
    (folder / "sample.yaml").write_text(GOOD)
    with pytest.raises(ProfileInvalid) as info:
        load_profiles(folder)
    assert "_builtin.yaml: milestones[0].name: missing" in info.value.errors


def test_missing_builtin_texts_are_reported(tmp_path):
    (tmp_path / "sample.yaml").write_text(GOOD)
    with pytest.raises(ProfileInvalid, match="_builtin.yaml"):
        load_profiles(tmp_path)


def test_not_a_folder(tmp_path):
    with pytest.raises(ProfileInvalid):
        load_profiles(tmp_path / "nowhere")


def test_load_profile_file_alone(folder):
    (folder / "sample.yaml").write_text(GOOD)
    assert load_profile_file(folder / "sample.yaml").id == "sample"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("after_review: 4\n  not_before_months: 18", "after_review: 4\n  not_before_months: 0"),
            "exceptional_review.not_before_months: must be from 1 to 240",
        ),
        (("  name: 24-month conference\n", ""), "exceptional_review.name: missing"),
        (
            ("exceptional_review:\n", "exceptional_review:\n  colour: red\n"),
            "exceptional_review.colour: unknown key",
        ),
        (
            ("    not_before_months: 12\n", "    not_before_months: soon\n"),
            "milestones[1].not_before_months: must be a whole number",
        ),
    ],
)
def test_a_bad_exceptional_review_or_not_before_is_refused(tmp_path, change, expected):
    source = (default_profiles_dir() / "twenty-one-month-policy.yaml").read_text(encoding="utf-8")
    assert change[0] in source
    path = tmp_path / "twenty-one-month-policy.yaml"
    path.write_text(source.replace(*change), "utf-8")
    with pytest.raises(ProfileInvalid) as info:
        load_profile_file(path)
    assert f"twenty-one-month-policy.yaml: {expected}" in info.value.errors, info.value.errors
