"""The plan form: every field of cp-plan/1 as HTML form fields, and back again.

Field names are the record's JSON pointers with "-" for "/": `/core_group/1/name` is
the field `core_group-1-name`. So an error from the validator names its form field
directly, as long as the form's rows are the record's rows. That is why the form is
*compacted* before it is saved: removed rows and blank rows are dropped, the record is
built from what is left, and the same compacted form is shown again on an error (with
a blank row added at the end of each group, after the ones that line up).

The form keeps everything as the strings the user typed; only `to_record` turns them
into the record's types. Repeating groups work without JavaScript: "Add another"
buttons post the form and get it back with one more blank row, saving nothing.
"""

import re
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from portal.workspace.labels import FIELD_LABELS, ROW_FIELD_LABELS, ROW_TITLES

PARAGRAPH_LISTS = ("concerns", "child_needs", "parent_needs", "strengths", "assessments")
ROW_FIELDS = {
    "core_group": ("name", "role", "agency", "family"),
    "conferences": ("kind", "date", "status", "decision"),
    "core_group_meetings": ("date", "time", "place", "status"),
    "milestones_done": ("id", "date"),
}
ACTION_FIELDS = ("action", "who", "by", "status")
SINGLE_FIELDS = (
    "reference",
    "profile",
    "language",
    "child-first_name",
    "child-date_of_birth",
    "lead_social_worker-name",
    "lead_social_worker-phone",
    "lead_social_worker-email",
    "contingency",
    "visits-every_days",
    "visits-unannounced",
    "ended-date",
    "ended-reason",
)
# Groups in the order the form shows them (also the order of field ids).
GROUP_ORDER = (
    "core_group",
    "concerns",
    "child_needs",
    "parent_needs",
    "strengths",
    "outcomes",
    "assessments",
    "conferences",
    "core_group_meetings",
    "milestones_done",
)
_INDEX = r"([0-9]{1,4})"  # rows are bounded by the request size; this bounds the index
_TRI_STATE = {"yes": True, "no": False}


def _text(value: str) -> str:
    """Browsers send line breaks in text areas as CR LF; the record keeps LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _blank(value) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return not value.strip()


@dataclass
class PlanForm:
    """The form's values as typed: single fields, categories and the repeating groups.

    `groups["concerns"]` etc. are lists of strings; `groups["core_group"]` etc. are lists
    of dicts of strings; `groups["outcomes"]` is a list of {"goal": str, "actions": [...]}.
    """

    fields: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    groups: dict[str, list] = field(default_factory=dict)

    # --- reading --------------------------------------------------------------

    @classmethod
    def from_formdata(cls, data: MultiDict) -> "PlanForm":
        """The form as posted, without the rows whose "Remove" box was ticked."""
        form = cls(
            fields={name: _text(data.get(name, "")) for name in SINGLE_FIELDS},
            categories=[c for c in data.getlist("categories") if isinstance(c, str)][:10],
        )
        keys = list(data.keys())
        for group in PARAGRAPH_LISTS:
            form.groups[group] = [
                _text(data.get(f"{group}-{i}", ""))
                for i in _indices(keys, rf"{group}-{_INDEX}")
                if not data.get(f"{group}-{i}-remove")
            ]
        for group, names in ROW_FIELDS.items():
            form.groups[group] = [
                {name: _text(data.get(f"{group}-{i}-{name}", "")) for name in names}
                for i in _indices(keys, rf"{group}-{_INDEX}-[a-z_]+")
                if not data.get(f"{group}-{i}-remove")
            ]
        outcomes = []
        for i in _indices(keys, rf"outcomes-{_INDEX}-.+"):
            if data.get(f"outcomes-{i}-remove"):
                continue
            prefix = f"outcomes-{i}-actions"
            actions = [
                {name: _text(data.get(f"{prefix}-{j}-{name}", "")) for name in ACTION_FIELDS}
                for j in _indices(keys, rf"{prefix}-{_INDEX}-[a-z_]+")
                if not data.get(f"{prefix}-{j}-remove")
            ]
            outcomes.append({"goal": _text(data.get(f"outcomes-{i}-goal", "")), "actions": actions})
        form.groups["outcomes"] = outcomes
        return form

    @classmethod
    def from_record(cls, record: dict) -> "PlanForm":
        """The form for a stored (normalised) cp-plan/1 record."""

        def s(value) -> str:
            if value is None:
                return ""
            if value is True:
                return "yes"
            if value is False:
                return "no"
            return str(value)

        child = record.get("child") or {}
        lead = record.get("lead_social_worker") or {}
        visits = record.get("visits") or {}
        ended = record.get("ended") or {}
        form = cls(
            fields={
                "reference": s(record.get("reference")),
                "profile": s(record.get("profile")),
                "language": s(record.get("language")),
                "child-first_name": s(child.get("first_name")),
                "child-date_of_birth": s(child.get("date_of_birth")),
                "lead_social_worker-name": s(lead.get("name")),
                "lead_social_worker-phone": s(lead.get("phone")),
                "lead_social_worker-email": s(lead.get("email")),
                "contingency": s(record.get("contingency")),
                "visits-every_days": s(visits.get("every_days")),
                "visits-unannounced": s(visits.get("unannounced")),
                "ended-date": s(ended.get("date")),
                "ended-reason": s(ended.get("reason")),
            },
            categories=list(record.get("categories") or []),
        )
        for group in PARAGRAPH_LISTS:
            form.groups[group] = [s(p) for p in record.get(group) or []]
        for group, names in ROW_FIELDS.items():
            form.groups[group] = [
                {name: s(item.get(name)) for name in names} for item in record.get(group) or []
            ]
        form.groups["outcomes"] = [
            {
                "goal": s(o.get("goal")),
                "actions": [
                    {name: s(a.get(name)) for name in ACTION_FIELDS} for a in o.get("actions") or []
                ],
            }
            for o in record.get("outcomes") or []
        ]
        return form

    @classmethod
    def blank(cls, profile: str, language: str = "en") -> "PlanForm":
        """A new plan: the initial conference row is started, since every plan has one."""
        form = cls.from_record({"profile": profile, "language": language})
        form.groups["conferences"] = [
            {"kind": "initial", "date": "", "status": "held", "decision": ""}
        ]
        return form

    # --- rows -----------------------------------------------------------------

    def compacted(self) -> "PlanForm":
        """Without blank rows: the form whose rows are exactly the record's rows."""
        groups = {g: [row for row in rows if not _blank(row)] for g, rows in self.groups.items()}
        groups["outcomes"] = [
            {"goal": o["goal"], "actions": [a for a in o["actions"] if not _blank(a)]}
            for o in groups.get("outcomes", [])
        ]
        return PlanForm(dict(self.fields), list(self.categories), groups)

    def with_blank_rows(self, add: str | None = None) -> "PlanForm":
        """Ready to show: every group ends with a blank row, and `add` gets one more."""
        groups = {g: list(rows) for g, rows in self.groups.items()}
        for group in GROUP_ORDER:
            rows = groups.setdefault(group, [])
            extra = 1 if add == group else 0
            if not rows or not _blank(rows[-1]):
                extra += 1
            rows.extend(_blank_row(group) for _ in range(extra))
        outcomes = []
        for i, outcome in enumerate(groups["outcomes"]):
            actions = list(outcome["actions"])
            extra = 1 if add == f"outcomes-{i}-actions" else 0
            if not actions or not _blank(actions[-1]):
                extra += 1
            actions.extend(_blank_row("actions") for _ in range(extra))
            outcomes.append({"goal": outcome["goal"], "actions": actions})
        groups["outcomes"] = outcomes
        return PlanForm(dict(self.fields), list(self.categories), groups)

    def field_ids(self) -> list[str]:
        """Every field id, in the order the form shows them."""
        ids = ["reference", "profile", "language", "child-first_name", "child-date_of_birth"]
        ids += ["categories"]
        ids += ["lead_social_worker-name", "lead_social_worker-phone", "lead_social_worker-email"]
        for group in GROUP_ORDER:
            for i, row in enumerate(self.groups.get(group, [])):
                if group in PARAGRAPH_LISTS:
                    ids.append(f"{group}-{i}")
                elif group == "outcomes":
                    ids.append(f"outcomes-{i}-goal")
                    for j, _ in enumerate(row["actions"]):
                        ids += [f"outcomes-{i}-actions-{j}-{name}" for name in ACTION_FIELDS]
                else:
                    ids += [f"{group}-{i}-{name}" for name in ROW_FIELDS[group]]
            if group == "outcomes":
                ids += ["contingency", "visits-every_days", "visits-unannounced"]
        ids += ["ended-date", "ended-reason"]
        return ids

    # --- the record -----------------------------------------------------------

    def to_record(self) -> dict:
        """The cp-plan/1 dict for the validator. Blank text becomes null; values that are
        not what the format expects are passed on as typed, so the validator can name them.
        """
        f = self.fields

        def text(value: str) -> str | None:
            value = value.strip()
            return value or None

        def tri(value: str):
            return _TRI_STATE.get(value.strip()) if value.strip() in _TRI_STATE else text(value)

        every = text(f["visits-every_days"])
        if every is not None and re.fullmatch(r"-?[0-9]{1,9}", every):
            every = int(every)
        visits = None
        if every is not None or text(f["visits-unannounced"]) is not None:
            visits = {"every_days": every, "unannounced": tri(f["visits-unannounced"])}
        ended = None
        if text(f["ended-date"]) is not None or text(f["ended-reason"]) is not None:
            ended = {"date": text(f["ended-date"]), "reason": text(f["ended-reason"])}
        g = self.groups
        record = {
            "format": "cp-plan/1",
            "reference": text(f["reference"]),
            "profile": text(f["profile"]),
            "language": text(f["language"]) or "en",
            "child": {
                "first_name": text(f["child-first_name"]),
                "date_of_birth": text(f["child-date_of_birth"]),
            },
            "categories": list(self.categories),
            "lead_social_worker": {
                "name": text(f["lead_social_worker-name"]),
                "phone": text(f["lead_social_worker-phone"]),
                "email": text(f["lead_social_worker-email"]),
            },
            "core_group": [
                {
                    "name": text(m["name"]),
                    "role": text(m["role"]),
                    "agency": text(m["agency"]),
                    "family": tri(m["family"]),
                }
                for m in g.get("core_group", [])
            ],
        }
        for group in ("concerns", "child_needs", "parent_needs", "strengths"):
            record[group] = [text(p) for p in g.get(group, [])]
        record["outcomes"] = [
            {
                "goal": text(o["goal"]),
                "actions": [{k: text(a[k]) for k in ACTION_FIELDS} for a in o["actions"]],
            }
            for o in g.get("outcomes", [])
        ]
        record["assessments"] = [text(p) for p in g.get("assessments", [])]
        record["contingency"] = text(f["contingency"])
        record["visits"] = visits
        record["conferences"] = [
            {k: text(c[k]) for k in ROW_FIELDS["conferences"]} for c in g.get("conferences", [])
        ]
        record["core_group_meetings"] = [
            {k: text(m[k]) for k in ROW_FIELDS["core_group_meetings"]}
            for m in g.get("core_group_meetings", [])
        ]
        record["milestones_done"] = [
            {k: text(m[k]) for k in ROW_FIELDS["milestones_done"]}
            for m in g.get("milestones_done", [])
        ]
        record["ended"] = ended
        return record


def _indices(keys: list[str], pattern: str) -> list[int]:
    """The row numbers that appear in the posted field names, in order."""
    regex = re.compile(pattern)
    found = set()
    for key in keys:
        match = regex.fullmatch(key)
        if match:
            found.add(int(match.group(1)))
    return sorted(found)


def _blank_row(group: str):
    if group in PARAGRAPH_LISTS:
        return ""
    if group == "outcomes":
        return {"goal": "", "actions": []}
    if group == "actions":
        return dict.fromkeys(ACTION_FIELDS, "")
    return dict.fromkeys(ROW_FIELDS[group], "")


def add_target(value: str | None, form: PlanForm) -> str | None:
    """The group an "Add another" button names, if it is one the form has."""
    if value in GROUP_ORDER:
        return value
    match = re.fullmatch(rf"outcomes-{_INDEX}-actions", value or "")
    if match and int(match.group(1)) < len(form.groups.get("outcomes", [])):
        return value
    return None


# --- errors -----------------------------------------------------------------


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def field_id_for(pointer: str, field_ids: list[str]) -> str | None:
    """The form field an error's JSON pointer belongs to, or the nearest one that holds it."""
    tokens = _tokens(pointer)
    if not tokens:
        return None
    if tokens[0] == "categories":
        return "categories"
    if tokens == ["lead_social_worker"]:
        return "lead_social_worker-phone"  # "give a phone number or an email address"
    while tokens:
        candidate = "-".join(tokens)
        if candidate in field_ids:
            return candidate
        first = next((i for i in field_ids if i.startswith(candidate + "-")), None)
        if first is not None:
            return first
        tokens.pop()
    return None


def field_label(field_id: str) -> str:
    """A label that names a field on its own, for the error summary."""
    if field_id in FIELD_LABELS:
        return str(FIELD_LABELS[field_id])
    parts = field_id.split("-")
    if parts[0] in PARAGRAPH_LISTS and len(parts) == 2:
        return str(ROW_TITLES[parts[0]]) % {"number": int(parts[1]) + 1}
    if parts[0] == "outcomes" and len(parts) >= 3:
        outcome = str(ROW_TITLES["outcomes"]) % {"number": int(parts[1]) + 1}
        if parts[2] == "goal":
            return f"{outcome}, {ROW_FIELD_LABELS['outcomes']['goal']}"
        if len(parts) == 5:
            action = str(ROW_TITLES["actions"]) % {"number": int(parts[3]) + 1}
            return f"{outcome}, {action}, {ROW_FIELD_LABELS['actions'][parts[4]]}"
    if parts[0] in ROW_FIELDS and len(parts) == 3:
        row = str(ROW_TITLES[parts[0]]) % {"number": int(parts[1]) + 1}
        return f"{row}, {ROW_FIELD_LABELS[parts[0]][parts[2]]}"
    return field_id
