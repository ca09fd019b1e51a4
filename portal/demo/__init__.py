"""Demo plans: four fictional families at different stages, always current.

Each `*.plan.json` here is a valid cp-plan/2 record (one of them a plan transferred in
from another council) written as if today were
`WRITTEN_FOR` (Monday 2 March 2026). Loading moves every date forward by the whole
weeks since then, so a meeting on a Thursday stays on a Thursday and the plans are
always as far along as they were written: held events are on or before
`WRITTEN_FOR`, scheduled ones at least a week after it, which keeps them in the past
and the future whatever the day of the week the demo is loaded.

All names are first names only, emails use example.org and phone numbers are in the
01632 960xxx range reserved for drama: nothing here is a real person.
"""

import datetime as dt
import json
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
WRITTEN_FOR = dt.date(2026, 3, 2)
REFERENCE_PREFIX = "DEMO-"
# The files, in the order they are loaded; the first gets the family link.
FILES = (
    "england-ellie.plan.json",
    "stoke-zofia.plan.json",
    "west-sussex-ayaan.plan.json",
    "greenwich-kofi.plan.json",
)
LINK_LABEL = "Mother"
_DATE_KEYS = {"date", "date_of_birth", "by", "on_plan_since"}


def weeks_since_written(today: dt.date) -> dt.timedelta:
    """Whole weeks from WRITTEN_FOR to today, rounded down (so never past today)."""
    return dt.timedelta(weeks=(today - WRITTEN_FOR).days // 7)


def _shift(value, by: dt.timedelta):
    if isinstance(value, dict):
        return {
            key: (
                (dt.date.fromisoformat(item) + by).isoformat()
                if key in _DATE_KEYS and isinstance(item, str)
                else _shift(item, by)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_shift(item, by) for item in value]
    return value


def demo_records(today: dt.date, languages: tuple[str, ...] | None = None) -> list[dict]:
    """The demo records with their dates moved up to `today`.

    A plan in a language this portal does not offer is shown in English instead, so
    the demo works whatever PORTAL_LANGUAGES says.
    """
    by = weeks_since_written(today)
    records = []
    for name in FILES:
        record = _shift(json.loads((DEMO_DIR / name).read_text(encoding="utf-8")), by)
        if languages is not None and record.get("language") not in languages:
            record["language"] = "en"
        records.append(record)
    return records


def demo_references() -> list[str]:
    return [
        json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))["reference"] for name in FILES
    ]
