"""Ofsted's Annex A child protection list, from plan records (pure).

Column names and answer wording as councils' shared tooling reads them
(docs/data-exchange.md): dates DD/MM/YYYY, categories "a) Neglect" ..., yes/no
answers "a) Yes", "b) No", "c) Unknown". What the portal does not hold is left blank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import cast

from dateutil.relativedelta import relativedelta

from portal.planning.census import initial_and_latest_category
from portal.planning.format.record_dict import StoredRecord
from portal.planning.format.vocabulary import FIRST_CONFERENCE_KINDS, ConferenceKind, MeetingStatus

COLUMNS = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    (
        "Subject to Emergency Protection Order or Protected Under Police Powers"
        " in Last Six Months (Y/N)"
    ),
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
)

#: Census code → Annex A wording.
CATEGORY_TEXT = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}
YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
#: The list holds plans open on the day, and those that ended in the six months before.
ENDED_WITHIN = relativedelta(months=6)


def annex_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else ""


def on_the_list(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or end > day - ENDED_WITHIN)


def annex_a_row(
    record: Mapping[str, object], day: dt.date, *, team: str | None = None
) -> dict[str, str] | None:
    """The list's row for a stored record on `day`, or None when it is not on the list."""
    record = cast(StoredRecord, record)  # as stored: by record_to_dict, or cp-plan/1
    first = next(c for c in record["conferences"] if c["kind"] in FIRST_CONFERENCE_KINDS)
    start = dt.date.fromisoformat(first["date"])
    ended = record.get("ended")
    end = dt.date.fromisoformat(ended["date"]) if ended else None
    if end is not None and end > day:
        end = None
    if not on_the_list(start, end, day):
        return None
    initial, latest = initial_and_latest_category(record, end or day)
    birth_text = (record.get("child") or {}).get("date_of_birth")
    birth = dt.date.fromisoformat(birth_text) if birth_text else None
    visits = sorted(
        (v for v in record.get("visit_log") or () if v["date"] <= day.isoformat()),
        key=lambda v: v["date"],
    )
    last_visit = visits[-1] if visits else None
    reviews = [
        c["date"]
        for c in record["conferences"]
        if c["kind"] == ConferenceKind.REVIEW
        and c.get("status") == MeetingStatus.HELD
        and c["date"] <= day.isoformat()
    ]
    previous = record.get("previous_plans")
    return {
        "Child Unique ID": record["reference"],
        "Gender": "",
        "Ethnicity": "",
        "Date of Birth": annex_date(birth),
        "Age of Child (Years)": str(relativedelta(day, birth).years) if birth else "",
        "Does the Child have a Disability": "",
        "Child Protection Plan Start Date": annex_date(start),
        "Initial Category of Abuse": CATEGORY_TEXT[initial],
        "Latest Category of Abuse": CATEGORY_TEXT[latest],
        "Date of the Last Statutory Visit": annex_date(
            dt.date.fromisoformat(last_visit["date"]) if last_visit else None
        ),
        "Was the Child Seen Alone?": (
            ""
            if last_visit is None
            # not recorded (None) is no key: UNKNOWN
            else cast(Mapping[bool | None, str], {True: YES, False: NO}).get(
                last_visit.get("seen_alone"), UNKNOWN
            )
        ),
        "Date of latest review conference": annex_date(
            dt.date.fromisoformat(max(reviews)) if reviews else None
        ),
        "Child Protection Plan End Date": annex_date(end),
        COLUMNS[13]: "",
        "Number of Previous Child Protection Plans": "" if previous is None else str(previous),
        "Allocated Team": team or "",
        "Allocated Worker": (record.get("lead_social_worker") or {}).get("name", ""),
    }
