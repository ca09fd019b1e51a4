"""Dates typed in the GOV.UK pattern: three boxes, day, month and year.

A date is read into the record's ISO text (``2026-12-03``) or refused with the message
the GOV.UK design system gives for each mistake, naming the date and the part to fix,
so that the page can mark only the boxes that are wrong.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from portal.planning.format import N_

PARTS = ("day", "month", "year")

MSG_DATE_MISSING = N_("%(field)s: enter a day, month and year")
MSG_DATE_PART_MISSING = {
    "day": N_("%(field)s must include a day"),
    "month": N_("%(field)s must include a month"),
    "year": N_("%(field)s must include a year"),
}
MSG_DATE_YEAR_DIGITS = N_("%(field)s: the year must be 4 numbers, like 2026")
MSG_DATE_NOT_REAL = N_("%(field)s must be a real date")

# Month names people type for the month box ("Dec", "december"), as the GOV.UK
# pattern allows; only English ones, the workspace's working language.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


@dataclass
class DateInput:
    """What was typed in the three boxes, and what is wrong with it."""

    day: str = ""
    month: str = ""
    year: str = ""
    #: The message template (translate it with the date's name as ``field``), if any.
    error: str | None = None
    #: The boxes to mark as wrong.
    wrong: tuple[str, ...] = field(default_factory=tuple)
    #: The date as the record stores it, when it is a real date.
    iso: str | None = None

    @property
    def blank(self) -> bool:
        return not (self.day or self.month or self.year)


def from_iso(value: str | None) -> DateInput:
    """The boxes for a stored date (or empty ones)."""
    try:
        parsed = dt.date.fromisoformat(value) if value else None
    except ValueError:
        parsed = None
    if parsed is None:
        return DateInput()
    return DateInput(str(parsed.day), str(parsed.month), str(parsed.year), iso=value)


def _number(text: str, *, month: bool = False) -> int | None:
    if month and text.lower() in _MONTHS:
        return _MONTHS[text.lower()]
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def read_date(form: Mapping[str, str], name: str, *, required: bool = True) -> DateInput:
    """The date posted as ``<name>-day``, ``<name>-month`` and ``<name>-year``."""
    typed = {part: form.get(f"{name}-{part}", "").strip()[:20] for part in PARTS}
    result = DateInput(day=typed["day"], month=typed["month"], year=typed["year"])
    if result.blank:
        if required:
            result.error, result.wrong = MSG_DATE_MISSING, PARTS
        return result
    missing = tuple(part for part in PARTS if not typed[part])
    if missing:
        result.error, result.wrong = MSG_DATE_PART_MISSING[missing[0]], missing
        return result
    day, month, year = _number(typed["day"]), _number(typed["month"], month=True), None
    if typed["year"].isascii() and typed["year"].isdigit():
        year = int(typed["year"])
        if len(typed["year"]) != 4:
            result.error, result.wrong = MSG_DATE_YEAR_DIGITS, ("year",)
            return result
    if day is None or month is None or year is None:
        result.error = MSG_DATE_NOT_REAL
        result.wrong = tuple(
            part for part, value in zip(PARTS, (day, month, year), strict=True) if value is None
        )
        return result
    try:
        result.iso = dt.date(year, month, day).isoformat()
    except ValueError:
        result.error, result.wrong = MSG_DATE_NOT_REAL, PARTS
    return result
