"""The child protection module of the Children in Need census, from plan records.

Pure: a stored cp-plan/2 record (a dict) in, one `ChildProtectionPlans` entry out, and
the collection year's dates. The field names and codes are the Department for
Education's (docs/data-exchange.md gives the source and every mapping). Records are
read as stored dicts, not parsed again: an export of 50,000 plans must take seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from .format.record_dict import StoredConference, StoredRecord
from .format.vocabulary import FIRST_CONFERENCE_KINDS, ConferenceKind, MeetingStatus

#: The census's category of abuse codes (CIN census code set), by cp-plan/2 category.
CATEGORY_CODES = {
    "neglect": "NEG",
    "physical_abuse": "PHY",
    "emotional_abuse": "EMO",
    "sexual_abuse": "SAB",
}
#: More than one category at a conference.
MULTIPLE = "MUL"
CODES = (*CATEGORY_CODES.values(), MULTIPLE)

_YEAR = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class CollectionYear:
    """A census year: 1 April to 31 March, counted on its reference date (31 March)."""

    first_day: dt.date
    reference_date: dt.date

    @classmethod
    def parse(cls, text: str) -> CollectionYear:
        """ "2026-27" is 1 April 2026 to 31 March 2027. Raises ValueError otherwise."""
        match = _YEAR.fullmatch(text.strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ValueError(f"a collection year is written like 2026-27, not {text!r}")
        start = int(match[1])
        return cls(dt.date(start, 4, 1), dt.date(start + 1, 3, 31))

    @property
    def label(self) -> str:
        return f"{self.first_day.year}-{self.reference_date.year % 100:02d}"

    @property
    def census_year(self) -> str:
        """The header's `Year`: the calendar year the collection year ends in."""
        return str(self.reference_date.year)


@dataclass(frozen=True)
class CensusPlan:
    """One plan as the census child protection module holds it."""

    reference: str  # sent as LAchildID: the portal has no case-system child id
    birth_date: dt.date | None
    # DateOfInitialCPC: the conference the plan here began at. For a plan transferred in
    # that is the transfer-in conference: the census has no element of its own for it,
    # and its rule 2885 wants every plan to start on the day of a conference.
    initial_cpc: dt.date
    start: dt.date  # CPPstartDate: the plan's start in this authority
    end: dt.date | None  # CPPendDate, when it ended within the year
    initial_category: str
    latest_category: str
    previous_plans: int | None  # NumberOfPreviousCPP
    reviews: tuple[dt.date, ...]  # CPPreviewDate, held within the year


def category_code(categories: Sequence[str]) -> str:
    """NEG, PHY, EMO or SAB for one category; MUL for more than one."""
    if len(categories) == 1:
        return CATEGORY_CODES[categories[0]]
    if not categories:
        raise ValueError("a plan always has a category")
    return MULTIPLE


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def held_conferences(record: StoredRecord) -> list[StoredConference]:
    """The record's held conferences, oldest first."""
    return sorted(
        (
            c
            for c in record["conferences"]
            if c.get("status", MeetingStatus.HELD) == MeetingStatus.HELD and c.get("date")
        ),
        key=lambda c: c["date"],
    )


def initial_and_latest_category(record: Mapping[str, object], last_day: dt.date) -> tuple[str, str]:
    """The initial and latest category of abuse codes, as known on `last_day`.

    Initial: what the first conference here decided, else the earliest held conference
    that recorded categories. Latest: the latest held conference on or before
    `last_day` that recorded them. Either falls back to the record's `categories`.
    """
    record = cast(StoredRecord, record)  # as stored: by record_to_dict, or cp-plan/1
    first = next(c for c in record["conferences"] if c["kind"] in FIRST_CONFERENCE_KINDS)
    decided = [
        cast(list[str], c["categories"])  # not empty: filtered just below
        for c in held_conferences(record)
        if c.get("categories") and dt.date.fromisoformat(c["date"]) <= last_day
    ]
    initial = first.get("categories") or (decided[0] if decided else record["categories"])
    latest = decided[-1] if decided else record["categories"]
    return category_code(initial), category_code(latest)


def census_plan(record: Mapping[str, object], year: CollectionYear) -> CensusPlan | None:
    """The census entry for a stored record, or None when the plan was not open at any
    time in the collection year (started after its reference date, or ended before
    its first day)."""
    record = cast(StoredRecord, record)  # as stored: by record_to_dict, or cp-plan/1
    conferences = record["conferences"]
    first = next(c for c in conferences if c["kind"] in FIRST_CONFERENCE_KINDS)
    start = dt.date.fromisoformat(first["date"])
    ended = record.get("ended")
    end = _date(ended["date"]) if ended else None
    if start > year.reference_date or (end is not None and end < year.first_day):
        return None
    if end is not None and end > year.reference_date:
        end = None  # open on the reference date: its ending belongs to a later return
    last_day = end or year.reference_date
    held = held_conferences(record)
    initial, latest = initial_and_latest_category(record, last_day)
    reviews = tuple(
        day
        for c in held
        if c["kind"] == ConferenceKind.REVIEW
        for day in [dt.date.fromisoformat(c["date"])]
        if start < day <= last_day and day >= year.first_day
    )
    child = record.get("child") or {}
    return CensusPlan(
        reference=record["reference"],
        birth_date=_date(child.get("date_of_birth")),
        initial_cpc=start,
        start=start,
        end=end,
        initial_category=initial,
        latest_category=latest,
        previous_plans=record.get("previous_plans"),
        reviews=reviews,
    )


def census_plans(
    records: Iterable[Mapping[str, object]], year: CollectionYear
) -> Iterator[CensusPlan]:
    """The census entries of the records open at some time in the year, in order."""
    for record in records:
        entry = census_plan(record, year)
        if entry is not None:
            yield entry


# --- the XML file (CBDS element names, in the census's order) ------------------------

SOFTWARE_CODE = "family-plan-portal"


def _element(name: str, value: object) -> str:
    return f"<{name}>{_escape(str(value))}</{name}>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def header_xml(
    year: CollectionYear, made_at: dt.datetime, *, lea: str = "", release: str = ""
) -> str:
    """The opening of the file up to `<Children>`: the collection and its source."""
    source = [
        _element("SourceLevel", "L"),
        *([_element("LEA", lea)] if lea else []),
        _element("SoftwareCode", SOFTWARE_CODE),
        *([_element("Release", release)] if release else []),
        _element("SerialNo", 1),
        _element("DateTime", made_at.replace(microsecond=0).isoformat()),
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<Message>\n<Header>\n'
        "<CollectionDetails>"
        + _element("Collection", "CIN")
        + _element("Year", year.census_year)
        + _element("ReferenceDate", year.reference_date.isoformat())
        + "</CollectionDetails>\n<Source>"
        + "".join(source)
        + "</Source>\n</Header>\n<Children>\n"
    )


FOOTER_XML = "</Children>\n</Message>\n"


def child_xml(plan: CensusPlan) -> str:
    """One `<Child>`: its identifiers as far as the portal knows them, and one
    `CINdetails` holding the plan. Parts the portal does not hold are left out, not
    sent empty (the council's case system supplies them); only the group that every
    child must have is kept, with nothing in it."""
    identifiers = _element("LAchildID", plan.reference)
    if plan.birth_date is not None:
        identifiers += _element("PersonBirthDate", plan.birth_date.isoformat())
    details = _element("DateOfInitialCPC", plan.initial_cpc.isoformat())
    cpp = _element("CPPstartDate", plan.start.isoformat())
    if plan.end is not None:
        cpp += _element("CPPendDate", plan.end.isoformat())
    cpp += _element("InitialCategoryOfAbuse", plan.initial_category)
    cpp += _element("LatestCategoryOfAbuse", plan.latest_category)
    if plan.previous_plans is not None:
        cpp += _element("NumberOfPreviousCPP", plan.previous_plans)
    # One `Reviews` group per review conference, each holding its date.
    cpp += "".join(
        f"<Reviews>{_element('CPPreviewDate', day.isoformat())}</Reviews>" for day in plan.reviews
    )
    return (
        f"<Child><ChildIdentifiers>{identifiers}</ChildIdentifiers>"
        # Empty but present: readers of the census (the councils' validator among
        # them) expect every child to have this group.
        "<ChildCharacteristics></ChildCharacteristics>"
        f"<CINdetails>{details}<ChildProtectionPlans>{cpp}</ChildProtectionPlans>"
        "</CINdetails></Child>\n"
    )
