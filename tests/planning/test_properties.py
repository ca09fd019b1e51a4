"""Property-based tests: random valid plans and random garbage."""

import copy
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.planning import (
    compute_timeline,
    load_profiles,
    parse_record,
    timeline_to_json,
    validate_record,
)
from portal.planning.dates import eighteenth_birthday
from portal.planning.format.vocabulary import END_REASONS

from .timeline_shape import shape_problems

PROFILES = load_profiles()
PROFILE_IDS = sorted(PROFILES)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _iso(d: date) -> str:
    return d.isoformat()


@st.composite
def series(draw, start: date, max_items: int):
    """Increasing dates from ``start`` with statuses (no two numbered ones on a day)."""
    items = []
    day = start
    for _ in range(draw(st.integers(0, max_items))):
        day = day + timedelta(days=draw(st.integers(1, 240)))
        items.append([day, draw(st.sampled_from(["held", "held", "scheduled", "cancelled"]))])
    return items


@st.composite
def valid_plans(draw):
    pid = draw(st.sampled_from(PROFILE_IDS))
    profile = PROFILES[pid]
    start = draw(st.dates(date(2015, 1, 1), date(2030, 12, 31)))
    reviews = draw(series(start, 8))
    meetings = draw(series(start - timedelta(days=1), 12))  # meetings may be on the start day
    # end the plan?
    end, reason = None, None
    how = draw(st.sampled_from(["open", "open", "at_review", "other"]))
    held = [r for r in reviews if r[1] == "held"]
    if how == "at_review" and held:
        ending = draw(st.sampled_from(held))
        end, reason = ending[0], "no_longer_at_risk"
    elif how == "other":
        last = max([start] + [r[0] for r in reviews] + [m[0] for m in meetings])
        end = last + timedelta(days=draw(st.integers(0, 200)))
        reason = draw(st.sampled_from([r for r in END_REASONS if r != "turned_18"]))
    conferences = [{"kind": "initial", "date": _iso(start), "status": "held"}]
    for day, status in reviews:
        if end is not None and day > end:
            status = "cancelled"
        item = {"kind": "review", "date": _iso(day), "status": status}
        if status == "held":
            item["decision"] = "end" if (how == "at_review" and day == end) else "continue"
            progress = draw(st.sampled_from([None, "sufficient", "insufficient"]))
            if progress is not None:
                item["progress"] = progress
        conferences.append(item)
    draw(st.randoms()).shuffle(conferences)  # record order is not date order
    core_group_meetings = [
        {"date": _iso(day), "status": "cancelled" if end is not None and day > end else status}
        for day, status in meetings
    ]
    child = {"first_name": "Sam"}
    if draw(st.booleans()):
        dob = start - timedelta(days=draw(st.integers(-200, 18 * 365 - 5)))
        if eighteenth_birthday(dob) >= start:
            child["date_of_birth"] = _iso(dob)
    ids = list(profile.milestone_ids)
    done_ids = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    milestones_done = [
        {"id": i, "date": _iso(start + timedelta(days=draw(st.integers(0, 900))))} for i in done_ids
    ]
    plan = {
        "format": "cp-plan/1",
        "reference": "P-1",
        "profile": pid,
        "child": child,
        "categories": ["neglect"],
        "lead_social_worker": {"name": "Alex", "email": "alex@example.org"},
        "conferences": conferences,
        "core_group_meetings": core_group_meetings,
        "milestones_done": milestones_done,
        "ended": {"date": _iso(end), "reason": reason} if end is not None else None,
    }
    today = start + timedelta(days=draw(st.integers(-30, 3000)))
    return plan, today


def _timeline(plan, today):
    assert validate_record(plan, PROFILES) == []
    record = parse_record(plan, PROFILES)
    profile = PROFILES[record.profile]
    return record, profile, compute_timeline(record, profile, today)


@SETTINGS
@given(valid_plans())
def test_review_never_due_later_than_the_interval_after_the_previous_anchor(case):
    plan, today = case
    record, profile, tl = _timeline(plan, today)
    numbered = [e for e in tl.of_kind("review_conference") if e.number is not None]
    assert [e.number for e in numbered] == list(range(1, len(numbered) + 1))
    if numbered:
        first_due = record.start + relativedelta(months=profile.first_review_months)
        if numbered[0].projected and tl.is_open and tl.birthday is not None:
            first_due = min(first_due, tl.birthday)  # due by the 18th birthday (v2)
        assert numbered[0].due == first_due
    for before, after in zip(numbered, numbered[1:], strict=False):
        anchor = before.date or before.due
        limit = anchor + relativedelta(months=profile.interval_after(before.number))
        assert after.due <= limit
    if tl.is_open and tl.birthday is not None:
        assert all(e.due <= tl.birthday for e in numbered if e.projected)
    groups = [e for e in tl.of_kind("core_group") if e.number is not None]
    weeks = profile.core_group_max_interval_weeks
    for before, after in zip(groups, groups[1:], strict=False):
        if weeks is None:  # no interval: no due date after the first meeting
            assert after.due is None and not after.projected
            continue
        anchor = before.date or before.due
        assert after.due <= anchor + timedelta(weeks=weeks)


@SETTINGS
@given(valid_plans())
def test_projected_items_come_after_the_last_recorded_one(case):
    plan, today = case
    record, profile, tl = _timeline(plan, today)
    birthday = tl.birthday
    for kind in ("review_conference", "core_group"):
        events = tl.of_kind(kind)
        projected = [e for e in events if e.projected]
        recorded = [e.date for e in events if not e.projected and e.number is not None]
        if not record.is_open:
            assert projected == []
            continue
        if kind == "core_group" and recorded and profile.core_group_max_interval_weeks is None:
            assert projected == []  # no interval: nothing projected once one is recorded
            continue
        if kind == "core_group" and not projected:
            # only past the 18th birthday is a projected core group left out
            assert birthday is not None
            continue
        if kind == "review_conference" and not projected:
            # a review recorded after the 18th birthday ends the plan: none projected
            assert birthday is not None and max(recorded) > birthday
            continue
        assert len(projected) == 1
        due = projected[0].due
        if birthday is not None and due == birthday:
            pass  # due by the 18th birthday
        else:
            assert due > max(recorded, default=record.start)
        if birthday is not None:
            assert due <= birthday
        assert projected[0].number == len(recorded) + 1
        assert projected[0].status == ("upcoming" if due >= today else "overdue")


@SETTINGS
@given(valid_plans())
def test_output_always_has_the_documented_shape(case):
    plan, today = case
    record, _, tl = _timeline(plan, today)
    out = timeline_to_json(tl)
    assert shape_problems(out) == []
    if not record.is_open:
        assert not any(e["status"] == "conditional" for e in out["events"])
        end = record.ended.date.isoformat()
        assert all(
            e["status"] == "done" or (e.get("date") or e["due"]) <= end
            for e in out["events"]
            if e["kind"] == "milestone"
        )
    if record.is_open and tl.birthday is not None:
        # nothing projected past the 18th birthday
        for e in tl.events:
            listed = e.projected or (e.kind == "milestone" and e.status != "done" and e.milestone)
            if listed and (e.milestone is None or not e.milestone.builtin):
                assert e.due <= tl.birthday, e
    for e in out["events"]:
        if e["status"] == "upcoming":
            assert e["due"] >= out["today"]
        if e["status"] == "overdue":
            assert e["due"] < out["today"]


# --- garbage -----------------------------------------------------------------------------

any_char = st.one_of(st.characters(), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
any_text = st.one_of(
    st.text(any_char, max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "2026-01-01",
            "2026-02-30",
            "held",
            "initial",
            "review",
            "england",
            "cp-plan/1",
            "continue",
            "end",
            "10:00",
        ]
    ),
    st.integers(0, 4).map(lambda n: "x" * (10**n + 1)),  # up to 10,001 characters
    st.just("y" * 300_000),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), any_text),
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(any_text, children, max_size=5),
    ),
    max_leaves=30,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, prefix + (i,))


def _deep(depth: int):
    value = "bottom"
    for _ in range(depth):
        value = [value]
    return value


def _check_errors(data):
    errors = validate_record(data, PROFILES)
    assert isinstance(errors, list)
    for e in errors:
        assert e.pointer == "" or e.pointer.startswith("/")
        assert isinstance(e.message, str) and e.message
        assert "could not be checked" not in e.message  # no exception inside
    return errors


@SETTINGS
@given(json_values)
def test_random_json_never_raises(data):
    _check_errors(data)


@SETTINGS
@given(valid_plans(), st.data())
def test_damaged_valid_plans_never_raise(case, data):
    plan, _ = case
    plan = copy.deepcopy(plan)
    paths = [p for p in _paths(plan) if p]
    path = data.draw(st.sampled_from(paths))
    parent = plan
    for key in path[:-1]:
        parent = parent[key]
    action = data.draw(st.sampled_from(["replace", "delete", "add", "deep"]))
    if action == "replace":
        parent[path[-1]] = data.draw(json_values)
    elif action == "delete":
        del parent[path[-1]]
    elif action == "deep":
        parent[path[-1]] = _deep(data.draw(st.integers(1, 5000)))
    else:
        target = parent[path[-1]]
        if isinstance(target, dict):
            target[data.draw(any_text)] = data.draw(json_values)
        elif isinstance(target, list):
            target.append(data.draw(json_values))
        else:
            parent[path[-1]] = [target, target]
    _check_errors(plan)


def test_very_deep_nesting_never_raises():
    errors = _check_errors(_deep(50_000))
    assert [e.pointer for e in errors] == [""]
    plan = {"format": "cp-plan/1", "concerns": _deep(50_000)}
    _check_errors(plan)
