"""Who a family link is for, and which parts of the plan it leaves out.

A professional chooses this when making a link: the young person's view, or the family
view with some sections hidden (for a parent the child does not live with, or where
there is domestic abuse). The family pages, the calendar and the page cache all ask the
one `Visibility` below, so a section left out is left out everywhere.
"""

from dataclasses import dataclass

from portal.planning import PlanRecord
from portal.planning.format import Translation

FAMILY = "family"
YOUNG_PERSON = "young-person"
VIEWS = (FAMILY, YOUNG_PERSON)

# Sections a professional can hide from one family link, in the order they are offered.
PLACES = "places"  # where and at what time meetings are (the dates stay)
PARENT_NEEDS = "parent-needs"
CONTACTS = "contacts"  # the family's own members of the core group: names and roles
CONCERNS = "concerns"
HIDEABLE = (PLACES, PARENT_NEEDS, CONTACTS, CONCERNS)

# Written for adults: never shown to a young person, whatever the link or the address.
CONTINGENCY = "contingency"
ADULT_ONLY = frozenset({CONCERNS, PARENT_NEEDS, CONTACTS, CONTINGENCY})


class UnknownSection(ValueError):
    """A section name that cannot be hidden; the message names it."""


def parse_hidden(text: str) -> frozenset[str]:
    """`places,concerns` → the set of sections; an unknown name is refused, not ignored."""
    names = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(names - set(HIDEABLE))
    if unknown:
        raise UnknownSection(", ".join(unknown))
    return frozenset(names)


def stored_hidden(names: frozenset[str] | set[str]) -> str:
    """The stored form: the offered order, comma-separated ("" when nothing is hidden)."""
    return ",".join(name for name in HIDEABLE if name in names)


@dataclass(frozen=True)
class Visibility:
    view: str
    hidden: frozenset[str]

    @classmethod
    def of(cls, view: str | None, hidden: str | None) -> "Visibility":
        """From the link's stored columns. Anything unexpected there is read as the
        narrowest view, never the widest."""
        names = frozenset(n for n in (hidden or "").split(",") if n)
        if view != FAMILY:
            return cls(YOUNG_PERSON, names | ADULT_ONLY)
        return cls(FAMILY, names & frozenset(HIDEABLE))

    @property
    def young_person(self) -> bool:
        return self.view == YOUNG_PERSON

    def shows(self, section: str) -> bool:
        return section not in self.hidden

    @property
    def key(self) -> tuple[str, str]:
        """For cache keys: two links that see differently never share a kept page."""
        return (self.view, stored_hidden(self.hidden & frozenset(HIDEABLE)))


# The record's fields each section is made of: emptied before anything is worked out
# or rendered, so no page, print layout or calendar can show them by mistake.
_FIELDS: dict[str, dict[str, object]] = {
    CONCERNS: {"concerns": ()},
    PARENT_NEEDS: {"parent_needs": ()},
    CONTINGENCY: {"contingency": None},
}


def _kept_translation(pointer: str, emptied: set[str], places: bool, members: dict[int, int]):
    """The pointer a stored translation keeps in the narrowed record, or None."""
    parts = pointer.split("/")
    top = parts[1] if len(parts) > 1 else ""
    if top in emptied or (places and pointer.endswith("/place")):
        return None
    if top == "core_group" and len(parts) > 2 and parts[2].isdigit():
        new = members.get(int(parts[2]))
        return None if new is None else "/".join([*parts[:2], str(new), *parts[3:]])
    return pointer


def visible_record(record: PlanRecord, visibility: Visibility) -> PlanRecord:
    """The record with every section this link does not show taken out (and their
    stored translations with them). Hiding contacts keeps the professionals of the core
    group, who are the people to ask, and drops the family's own members."""
    update: dict = {}
    for section, values in _FIELDS.items():
        if not visibility.shows(section):
            update.update(values)
    emptied = set(update)
    kept = list(enumerate(record.core_group))
    if not visibility.shows(CONTACTS):
        kept = [(i, m) for i, m in kept if not m.family]
        update["core_group"] = tuple(m for _, m in kept)
    members = {old: new for new, (old, _) in enumerate(kept)}
    places = not visibility.shows(PLACES)
    if places:
        # Where and when to the hour: what someone would need to wait outside.
        update["conferences"] = tuple(
            c.model_copy(update={"place": None, "time": None}) for c in record.conferences
        )
        update["core_group_meetings"] = tuple(
            m.model_copy(update={"place": None, "time": None}) for m in record.core_group_meetings
        )
    if not update:
        return record
    translations: dict[str, dict[str, Translation]] = {}
    for language, texts in record.translations.items():
        translations[language] = {}
        for pointer, text in texts.items():
            new = _kept_translation(pointer, emptied, places, members)
            if new is not None:
                translations[language][new] = text
    update["translations"] = translations
    return record.model_copy(update=update)
