import copy
from datetime import date, time

import pytest

from portal.planning import (
    FieldError,
    PlanRecord,
    RecordInvalid,
    parse_record,
    record_to_dict,
    validate_record,
)
from portal.planning.format import N_
from portal.planning.format.messages import MSG_MORE_ERRORS

from .helpers import full_plan, make_plan, normalised


def pointers(data, profiles, **kw):
    return [e.pointer for e in validate_record(data, profiles, **kw)]


# --- a valid record --------------------------------------------------------------------


def test_the_format_example_is_valid_and_typed(profiles):
    data = full_plan()
    assert validate_record(data, profiles) == []
    record = parse_record(data, profiles)
    assert isinstance(record, PlanRecord)
    assert record.start == date(2026, 1, 12)
    assert record.child.date_of_birth == date(2014, 5, 30)
    assert record.core_group_meetings[0].time == time(10, 0)
    assert record.outcomes[0].actions[0].by == date(2026, 2, 27)
    assert record.visits.every_days == 14
    assert record.is_open


def test_round_trip_keeps_everything_and_the_key_order(profiles):
    data = full_plan()
    out = record_to_dict(parse_record(data, profiles))
    assert out == data
    assert list(out) == list(data)
    assert list(out["core_group_meetings"][0]) == ["date", "time", "place", "status"]
    assert record_to_dict(parse_record(out, profiles)) == out


def test_absent_optional_values_are_normalised(profiles):
    data = make_plan()
    del data["core_group_meetings"], data["milestones_done"], data["ended"]
    out = record_to_dict(parse_record(data, profiles))
    assert out == normalised(data)
    assert out["language"] == "en"
    assert out["concerns"] == [] and out["core_group"] == [] and out["outcomes"] == []
    assert out["contingency"] is None and out["visits"] is None and out["ended"] is None
    assert out["child"]["date_of_birth"] is None
    assert out["lead_social_worker"] == {"name": "Alex Kay", "phone": "01234 567890", "email": None}


def test_empty_optional_text_is_stored_as_null(profiles):
    data = make_plan(
        contingency="  ", lead_social_worker={"name": "A", "email": "a@b.org", "phone": ""}
    )
    out = record_to_dict(parse_record(data, profiles))
    assert out["contingency"] is None
    assert out["lead_social_worker"]["phone"] is None


def test_decision_only_written_for_held_reviews(profiles):
    data = make_plan(reviews=[("2026-04-01", "held"), ("2026-10-01", "scheduled")])
    out = record_to_dict(parse_record(data, profiles))
    assert [("decision" in c) for c in out["conferences"]] == [False, True, False]


# --- every rule names its field ----------------------------------------------------------


def _set(data, path, value):
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


DELETE = object()

CASES = [
    # (change path, new value, expected pointer)
    (("format",), "cp-plan/3", "/format"),
    (("format",), DELETE, "/format"),
    (("reference",), "has space", "/reference"),
    (("reference",), "x" * 41, "/reference"),
    (("reference",), "", "/reference"),
    (("reference",), "AB-1\n", "/reference"),
    (("reference",), 12, "/reference"),
    (("profile",), "narnia", "/profile"),
    (("profile",), DELETE, "/profile"),
    (("language",), "fr", "/language"),
    (("language",), 1, "/language"),
    (("child",), "Sam", "/child"),
    (("child", "first_name"), "", "/child/first_name"),
    (("child", "first_name"), "   ", "/child/first_name"),
    (("child", "first_name"), DELETE, "/child/first_name"),
    (("child", "first_name"), None, "/child/first_name"),
    (("child", "first_name"), "x" * 101, "/child/first_name"),
    (("child", "surname"), "Smith", "/child/surname"),
    (("child", "date_of_birth"), "2014-02-30", "/child/date_of_birth"),
    (("child", "date_of_birth"), "2000-01-01", "/child/date_of_birth"),  # adult at start
    (("categories",), [], "/categories"),
    (("categories",), "neglect", "/categories"),
    (("categories",), ["neglect", "neglect"], "/categories/1"),
    (("categories",), ["neglect", "bullying"], "/categories/1"),
    (("lead_social_worker", "name"), DELETE, "/lead_social_worker/name"),
    (("lead_social_worker", "phone"), DELETE, "/lead_social_worker"),
    (("lead_social_worker", "phone"), "call me", "/lead_social_worker/phone"),
    (("lead_social_worker", "email"), "not-an-email", "/lead_social_worker/email"),
    (("core_group",), [{"name": "A"}], "/core_group/0/role"),
    (("core_group",), [{"name": "A", "role": "B", "family": "yes"}], "/core_group/0/family"),
    (("concerns",), ["ok", ""], "/concerns/1"),
    (("concerns",), ["x" * 2001], "/concerns/0"),
    (("concerns",), ["fine"] * 201, "/concerns"),
    (("concerns",), ["bell\x07"], "/concerns/0"),
    (("strengths",), [None], "/strengths/0"),
    (("assessments",), {"a": 1}, "/assessments"),
    (
        ("outcomes",),
        [{"goal": "G", "actions": [{"action": "A", "who": "W", "by": "soon", "status": "open"}]}],
        "/outcomes/0/actions/0/by",
    ),
    (
        ("outcomes",),
        [{"goal": "G", "actions": [{"action": "A", "who": "W", "status": "maybe"}]}],
        "/outcomes/0/actions/0/status",
    ),
    (("outcomes",), [{"actions": []}], "/outcomes/0/goal"),
    (("contingency",), ["not", "text"], "/contingency"),
    (("visits",), {"every_days": 0}, "/visits/every_days"),
    (("visits",), {"every_days": 14.5}, "/visits/every_days"),
    (("visits",), {"every_days": "14"}, "/visits/every_days"),
    (("visits",), {"every_days": True}, "/visits/every_days"),
    (("visits",), {"unannounced": "yes"}, "/visits/unannounced"),
    (("conferences",), [], "/conferences"),
    (("conferences",), DELETE, "/conferences"),
    (("conferences", 0, "kind"), "review", "/conferences"),  # no initial at all
    (("conferences", 0, "status"), "scheduled", "/conferences/0/status"),
    (("conferences", 0, "date"), "12/01/2026", "/conferences/0/date"),
    (("conferences", 0, "date"), "20260112", "/conferences/0/date"),
    (("conferences", 0, "date"), "2026-W03-1", "/conferences/0/date"),
    (("conferences", 0, "date"), "0001-01-01", "/conferences/0/date"),
    (("conferences", 0, "decision"), "continue", "/conferences/0/decision"),
    (("conferences", 1, "date"), "2026-01-11", "/conferences/1/date"),  # before the ICPC
    (("conferences", 1, "decision"), DELETE, "/conferences/1/decision"),
    (("conferences", 1, "decision"), "pause", "/conferences/1/decision"),
    (("conferences", 2, "decision"), "continue", "/conferences/2/decision"),  # scheduled
    (("conferences", 1, "kind"), "initial", "/conferences/1/kind"),  # two initials
    (("conferences", 2, "date"), "2026-04-09", "/conferences/2/date"),  # same day
    (("core_group_meetings", 0, "time"), "9:30", "/core_group_meetings/0/time"),
    (("core_group_meetings", 0, "time"), "24:00", "/core_group_meetings/0/time"),
    (("core_group_meetings", 0, "date"), "2026-01-01", "/core_group_meetings/0/date"),
    (("core_group_meetings", 0, "status"), "done", "/core_group_meetings/0/status"),
    (("core_group_meetings", 1, "date"), "2026-01-22", "/core_group_meetings/1/date"),
    (("milestones_done",), [{"id": "nope", "date": "2026-12-01"}], "/milestones_done/0/id"),
    (
        ("milestones_done",),
        [
            {"id": "line-manager-review", "date": "2026-12-01"},
            {"id": "line-manager-review", "date": "2026-12-02"},
        ],
        "/milestones_done/1/id",
    ),
    (
        ("milestones_done",),
        [{"id": "line-manager-review", "date": "2025-12-01"}],
        "/milestones_done/0/date",
    ),
    (("ended",), {"date": "2026-01-01", "reason": "no_longer_at_risk"}, "/ended/date"),
    (("ended",), {"date": "2026-12-01", "reason": "bored"}, "/ended/reason"),
    (("ended",), {"date": "2026-12-01"}, "/ended/reason"),
    (("ended",), "2026-12-01", "/ended"),
    (("colour",), "red", "/colour"),
    (("a/b~c",), 1, "/a~1b~0c"),
]


@pytest.mark.parametrize(
    ("path", "value", "pointer"),
    CASES,
    ids=[f"{'/'.join(map(str, c[0]))}={c[1]!r:.20}" for c in CASES],
)
def test_each_rule_names_its_field(profiles, path, value, pointer):
    data = make_plan(
        profile="stoke-on-trent",
        reviews=[("2026-04-09", "held"), ("2026-10-09", "scheduled")],
        meetings=[("2026-01-22", "held"), ("2026-03-05", "scheduled")],
        dob="2014-05-30",
        lead_social_worker={"name": "A", "phone": "01234 567890"},
    )
    assert validate_record(data, profiles) == []
    _set(data, path, value)
    errors = validate_record(data, profiles)
    assert pointer in [e.pointer for e in errors], [str(e) for e in errors]
    with pytest.raises(RecordInvalid) as info:
        parse_record(data, profiles)
    assert info.value.errors == errors


def test_review_that_ended_the_plan_needs_the_end(profiles):
    data = make_plan(reviews=[("2026-04-09", "held", "end")])
    assert pointers(data, profiles) == ["/ended"]
    data["ended"] = {"date": "2026-04-10", "reason": "no_longer_at_risk"}
    assert pointers(data, profiles) == ["/ended/date"]
    data["ended"]["date"] = "2026-04-09"
    assert pointers(data, profiles) == []


def test_nothing_held_or_scheduled_after_the_end(profiles):
    data = make_plan(
        reviews=[("2026-04-09", "held", "end"), ("2026-10-09", "scheduled")],
        meetings=[("2026-05-01", "held"), ("2026-06-01", "cancelled")],
        ended=("2026-04-09", "no_longer_at_risk"),
    )
    assert pointers(data, profiles) == ["/conferences/2/date", "/core_group_meetings/0/date"]


def test_turned_18_can_end_from_a_month_before_the_birthday(profiles):
    data = make_plan(dob="2008-08-01", ended=("2026-06-30", "turned_18"))
    errors = validate_record(data, profiles)
    assert [(e.pointer, e.message) for e in errors] == [
        (
            "/ended/date",
            "The child turns 18 on 2026-08-01: a plan can end for this reason from "
            "2026-07-01, a month before",
        )
    ]
    for allowed in ("2026-07-01", "2026-07-31", "2026-08-01", "2026-09-01"):
        data["ended"]["date"] = allowed
        assert pointers(data, profiles) == [], allowed


def test_a_whole_number_may_be_written_with_a_decimal_point(profiles):
    # JSON does not tell 14 from 14.0, and neither does the published schema
    record = parse_record(make_plan(visits={"every_days": 14.0}), profiles)
    assert record.visits.every_days == 14 and isinstance(record.visits.every_days, int)


def test_a_child_born_after_the_start_is_allowed(profiles):
    # a pre-birth plan: the conference was held before the baby was born
    assert validate_record(make_plan(dob="2026-03-01"), profiles) == []


def test_languages_are_a_parameter(profiles):
    data = make_plan(language="cy")
    assert pointers(data, profiles) == ["/language"]
    assert pointers(data, profiles, languages=("en", "cy")) == []
    assert parse_record(data, profiles, languages=("en", "cy")).language == "cy"


def test_all_errors_at_once(profiles):
    data = make_plan(
        reference="bad ref!",
        profile="stoke-on-trent",
        categories=["neglect", "gossip"],
        reviews=[("2025-01-01", "held"), ("2026-05-01", "held")],
        meetings=[("2026-13-01", "held")],
    )
    data["child"]["first_name"] = ""
    data["conferences"][2].pop("decision")
    data["extra"] = True
    got = pointers(data, profiles)
    assert got == [
        "/reference",
        "/child/first_name",
        "/categories/1",
        "/core_group_meetings/0/date",
        "/extra",
    ]
    # once every field is valid, the rules across fields report theirs, all at once
    data.pop("extra")
    data.update(reference="T-1", categories=["neglect"])
    data["child"]["first_name"] = "Sam"
    data["core_group_meetings"][0]["date"] = "2026-02-01"
    assert pointers(data, profiles) == ["/conferences/2/decision", "/conferences/1/date"]


def test_field_error_message_and_template():
    e = FieldError("/a", "Choose one of: %(choices)s", {"choices": "x, y"})
    assert e.message == "Choose one of: x, y"
    assert str(e) == "/a: Choose one of: x, y"
    assert e.as_dict() == {"pointer": "/a", "message": "Choose one of: x, y"}
    assert FieldError("", "The plan must be a JSON object").message.startswith("The plan")
    assert N_("same") == "same"


def test_messages_are_plain_words(profiles):
    data = make_plan(profile="narnia")
    data["conferences"][0]["date"] = "soon"
    messages = {e.pointer: e.message for e in validate_record(data, profiles)}
    assert messages["/profile"] == (
        "Choose one of: england, greenwich, stoke-on-trent, twenty-one-month-policy, west-sussex"
    )
    assert messages["/conferences/0/date"] == (
        "Enter a real date in the format YYYY-MM-DD, like 2026-03-31"
    )


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        1,
        "plan",
        [],
        [{}],
        True,
        1.5,
        {"format": {"nested": [[[]]]}},
        {"conferences": [1, "x", None, {"kind": []}]},
        {1: 2, None: 3, ("a",): 4},
        {"x" * 500: 1},
        {"\ud800": 1},
        {"reference": "\ud800"},
    ],
)
def test_garbage_gives_errors_never_exceptions(profiles, garbage):
    errors = validate_record(garbage, profiles)
    assert errors
    assert all(e.pointer == "" or e.pointer.startswith("/") for e in errors)
    assert all(isinstance(e.message, str) for e in errors)
    assert "could not be checked" not in " ".join(e.message for e in errors)


def test_unreadable_field_names_are_reported_on_their_parent(profiles):
    data = make_plan()
    data["child"]["\x00bad"] = 1
    data["y" * 200] = 1
    assert sorted(pointers(data, profiles)) == ["", "/child"]


def test_lone_surrogates_in_text_are_rejected(profiles):
    data = make_plan(concerns=["broken \ud83d text"])
    assert pointers(data, profiles) == ["/concerns/0"]


def test_paragraphs_may_have_line_breaks_but_names_may_not(profiles):
    data = make_plan(concerns=["line one\nline two\ttabbed"])
    assert validate_record(data, profiles) == []
    data["child"]["first_name"] = "Sam\nSmith"
    assert pointers(data, profiles) == ["/child/first_name"]


def test_validation_does_not_change_its_input(profiles):
    data = full_plan()
    before = copy.deepcopy(data)
    parse_record(data, profiles)
    assert data == before


def test_very_many_wrong_fields_are_answered_quickly_and_capped(profiles):
    # 20,000 wrong translation keys: de-duplicating by scanning the list took minutes
    # (quadratic); now the errors are listed once each, at most MAX_ERRORS and a summary.
    from time import perf_counter

    from portal.planning.format.errors import MAX_ERRORS

    data = make_plan()
    data["translations"] = {f"k{i}": 1 for i in range(20_000)}
    started = perf_counter()
    errors = validate_record(data, profiles)
    took = perf_counter() - started
    assert took < 3, f"{took:.1f} s"
    assert len(errors) == MAX_ERRORS + 1
    assert len({(e.pointer, e.message) for e in errors}) == len(errors)
    last = errors[-1]
    assert last.pointer == "" and last.template == MSG_MORE_ERRORS
    assert last.message.startswith(f"…and {20_000 - MAX_ERRORS} more problems")


def test_repeated_errors_are_listed_once_in_their_order(profiles):
    from portal.planning.format.errors import capped

    a, b = FieldError("/a", "x %(n)s", {"n": 1}), FieldError("/b", "y")
    assert capped([a, b, FieldError("/a", "x %(n)s", {"n": 1}), b, a]) == [a, b]
    assert capped([a, FieldError("/a", "x %(n)s", {"n": 2})])[1].params == {"n": 2}
