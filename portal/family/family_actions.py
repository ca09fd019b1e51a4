"""What the family has to do: the plan's open actions given to a family member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from portal.names import weekday_date
from portal.planning.format.vocabulary import ActionStatus


@dataclass(frozen=True)
class FamilyAction:
    text: str  # written by a professional: shown as free text
    who: str
    pointer: str  # the action's place in the record: its text is `{pointer}/action`
    by: date | None
    by_text: str
    is_late: bool


def _names_a_family_member(who: str, family_names: list[str]) -> bool:
    said = " ".join(who.casefold().split())
    return any(name and (name in said or said in name) for name in family_names)


def family_actions(record, today: date, names: tuple[str, ...] | None = None) -> list[FamilyAction]:
    """Open actions given to a family member of the core group, the nearest due date
    first and those with no date last. Who an action is for is written by hand, so an
    action counts as the family's when its "who" names a family member (`names`, when
    the record shown leaves the family's members out)."""
    if names is None:
        names = tuple(member.name for member in record.core_group if member.family)
    family_names = [" ".join(name.casefold().split()) for name in names]
    found = []
    for goal_index, outcome in enumerate(record.outcomes):
        for action_index, action in enumerate(outcome.actions):
            if action.status != ActionStatus.OPEN or not _names_a_family_member(
                action.who, family_names
            ):
                continue
            by_text = _("By %(date)s", date=weekday_date(action.by)) if action.by else None
            found.append(
                FamilyAction(
                    text=action.action,
                    who=action.who,
                    pointer=f"/outcomes/{goal_index}/actions/{action_index}",
                    by=action.by,
                    by_text=by_text or _("No date set"),
                    is_late=action.by is not None and action.by < today,
                )
            )
    return sorted(found, key=lambda a: (a.by is None, a.by or today))
