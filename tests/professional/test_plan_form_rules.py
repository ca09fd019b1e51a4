"""The plan form's pure parts: field names, rows, pointers, labels and error messages."""

from werkzeug.datastructures import MultiDict

from portal.planning import FieldError
from portal.professional.plan_fields import field_id_for, field_label
from portal.professional.plan_form import PlanForm
from portal.professional.plan_form_post import add_target, read_posted_plan_form
from portal.professional.plan_form_record import record_from_plan_form
from portal.workspace import common
from tests.professional.conftest import full_record


def test_pointers_find_their_fields():
    ids = PlanForm.from_record(full_record()).with_blank_rows().field_ids()
    assert field_id_for("/core_group/1/name", ids) == "core_group-1-name"
    assert field_id_for("/outcomes/0/actions/1/by", ids) == "outcomes-0-actions-1-by"
    assert field_id_for("/concerns/0", ids) == "concerns-0"
    assert field_id_for("/categories/0", ids) == "categories"
    assert field_id_for("/lead_social_worker", ids) == "lead_social_worker-phone"
    assert field_id_for("/conferences", ids) == "conferences-0-kind"
    assert field_id_for("/ended", ids) == "ended-date"
    assert field_id_for("/core_group/1", ids) == "core_group-1-name"
    assert field_id_for("/core_group/1/colour", ids) == "core_group-1-name"
    assert field_id_for("", ids) is None
    assert field_id_for("/format", ids) is None


def test_labels_name_the_field_and_its_row():
    assert field_label("reference") == "Reference"
    assert field_label("core_group-1-role") == "Core group member 2, Role"
    assert field_label("outcomes-0-actions-2-by") == "Outcome 1, Action 3, By when"
    assert field_label("strengths-3") == "Strength 4"


def test_removed_and_blank_rows_are_dropped_before_saving():
    data = MultiDict(
        [
            ("concerns-0", "First"),
            ("concerns-0-remove", "1"),
            ("concerns-1", "  "),
            ("concerns-2", "Third\r\nline"),
            ("core_group-5-name", "Jo"),
            ("core_group-5-role", "Nurse"),
            ("core_group-9-name", ""),
            ("core_group-9-role", ""),
        ]
    )
    form = read_posted_plan_form(data)
    assert form.groups["concerns"] == ["  ", "Third\nline"]
    compact = form.compacted()
    assert compact.groups["concerns"] == ["Third\nline"]
    assert [m["name"] for m in compact.groups["core_group"]] == ["Jo"]
    shown = compact.with_blank_rows(add="core_group")
    assert [m["name"] for m in shown.groups["core_group"]] == ["Jo", "", ""]
    assert shown.groups["concerns"] == ["Third\nline", ""]


def test_the_record_types_values_and_passes_bad_ones_on():
    form = PlanForm.from_record(full_record())
    form.fields["visits-every_days"] = "fortnightly"
    form.groups["core_group"][0]["family"] = "maybe"
    record = record_from_plan_form(form)
    assert record["visits"]["every_days"] == "fortnightly"  # the validator names it
    assert record["core_group"][0]["family"] == "maybe"
    form.fields["visits-every_days"] = ""
    form.fields["visits-unannounced"] = ""
    assert record_from_plan_form(form)["visits"] is None


def test_add_buttons_only_name_groups_the_form_has():
    form = PlanForm.from_record(full_record())
    assert add_target("core_group", form) == "core_group"
    assert add_target("outcomes-0-actions", form) == "outcomes-0-actions"
    assert add_target("outcomes-7-actions", form) is None
    assert add_target("users", form) is None


def test_error_messages_survive_broken_translations(app, monkeypatch):
    error = FieldError("/x", "Use %(max)s characters or fewer", {"max": 40})
    with app.test_request_context("/en/"):
        assert common.error_message(error) == "Use 40 characters or fewer"

        # A translation that names a placeholder the message does not have.
        def broken_translation(template, **params):
            return "Zła %(maks)s" % params  # noqa: UP031 - gettext's own % formatting

        monkeypatch.setattr(common, "_", broken_translation)
        assert common.error_message(error) == "Use 40 characters or fewer"
        broken = FieldError("/x", "Use %(max)s characters or fewer", {})
        assert common.error_message(broken) == "Use %(max)s characters or fewer"
