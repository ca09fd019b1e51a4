"""The cp-plan/2 record a plan form makes, for the validator: the typed strings turned
into the record's types where they can be, and passed on as typed where they cannot, so
the validator can name them.
"""

import re

from portal.planning.format import FORMAT
from portal.professional.plan_fields import ACTION_FIELDS, ROW_FIELDS, ROW_LIST_FIELDS
from portal.professional.plan_form import PlanForm
from portal.professional.plan_form_translations import kept_translations
from portal.workspace.date_fields import DateInput

_TRI_STATE = {"yes": True, "no": False}
_WHOLE_NUMBER = r"-?[0-9]{1,9}"


def record_from_plan_form(form: PlanForm) -> dict:
    """The cp-plan/2 dict for the validator. Blank text becomes null; values that are
    not what the format expects are passed on as typed, so the validator can name them.
    Translations whose pointer no longer addresses a text of the record (its row was
    removed) are left out; one whose row moved up stays, and shows as out of date
    where its English no longer matches.
    """
    fields = form.fields

    def text(value: str | DateInput) -> str | None:
        if isinstance(value, DateInput):
            return value.iso  # None when blank or not a real date (see PlanForm.date_errors)
        value = value.strip()
        return value or None

    def yes_no(value: str) -> bool | str | None:
        return _TRI_STATE.get(value.strip()) if value.strip() in _TRI_STATE else text(value)

    def number(value: str) -> int | str | None:
        typed = text(value)
        return int(typed) if typed is not None and re.fullmatch(_WHOLE_NUMBER, typed) else typed

    def row(group: str, values: dict) -> dict:
        item: dict[str, object] = {}
        for name in ROW_FIELDS[group]:
            value = values.get(name, "")
            if name in ROW_LIST_FIELDS[group]:
                item[name] = list(value)
            elif name == "seen_alone":
                item[name] = yes_no(value)
            else:
                item[name] = text(value)
        return item

    every = number(form.text_field("visits-every_days"))
    unannounced = form.text_field("visits-unannounced")
    visits = None
    if every is not None or text(unannounced) is not None:
        visits = {"every_days": every, "unannounced": yes_no(unannounced)}
    ended = None
    if text(fields["ended-date"]) is not None or text(fields["ended-reason"]) is not None:
        ended = {"date": text(fields["ended-date"]), "reason": text(fields["ended-reason"])}
    groups = form.groups
    record: dict[str, object] = {
        "format": FORMAT,
        "reference": text(fields["reference"]),
        "profile": text(fields["profile"]),
        "language": text(fields["language"]) or "en",
        "child": {
            "first_name": text(fields["child-first_name"]),
            "date_of_birth": text(fields["child-date_of_birth"]),
        },
        "categories": list(form.categories),
        "lead_social_worker": {
            "name": text(fields["lead_social_worker-name"]),
            "phone": text(fields["lead_social_worker-phone"]),
            "email": text(fields["lead_social_worker-email"]),
        },
        "core_group": [
            {
                "name": text(m["name"]),
                "role": text(m["role"]),
                "agency": text(m["agency"]),
                "family": yes_no(m["family"]),
            }
            for m in groups.get("core_group", [])
        ],
    }
    for group in ("concerns", "child_needs", "parent_needs", "strengths"):
        record[group] = [text(p) for p in groups.get(group, [])]
    record["outcomes"] = [
        {
            "goal": text(o["goal"]),
            "actions": [{k: text(a[k]) for k in ACTION_FIELDS} for a in o["actions"]],
        }
        for o in groups.get("outcomes", [])
    ]
    record["assessments"] = [text(p) for p in groups.get("assessments", [])]
    record["contingency"] = text(fields["contingency"])
    record["visits"] = visits
    record["conferences"] = [row("conferences", c) for c in groups.get("conferences", [])]
    record["on_plan_since"] = text(fields["on_plan_since"])
    for group in ("core_group_meetings", "milestones_done", "visit_log"):
        record[group] = [row(group, item) for item in groups.get(group, [])]
    record["previous_plans"] = number(form.text_field("previous_plans"))
    record["translations"] = kept_translations(form.translations, record)
    record["ended"] = ended
    return record
