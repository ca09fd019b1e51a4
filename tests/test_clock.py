"""One clock: England's time and date are worked out in portal/clock.py and nowhere else."""

import datetime as dt
from pathlib import Path

from portal import clock

PORTAL = Path(__file__).resolve().parent.parent / "portal"


def test_a_summer_moment_just_after_midnight_is_the_next_day_in_england():
    moment = dt.datetime(2027, 6, 14, 23, 30)  # UTC, as the database keeps it
    assert clock.local(moment).isoformat() == "2027-06-15T00:30:00+01:00"
    assert clock.date_in_england(moment) == dt.date(2027, 6, 15)
    assert clock.date_in_england(dt.datetime(2027, 1, 14, 23, 30)) == dt.date(2027, 1, 14)


def test_a_time_in_england_is_stored_as_utc_without_a_zone():
    assert clock.in_england(dt.date(2027, 6, 15), dt.time(0, 30)) == dt.datetime(
        2027, 6, 14, 23, 30
    )
    assert clock.in_england(dt.date(2027, 1, 12), dt.time(10)) == dt.datetime(2027, 1, 12, 10)
    aware = dt.datetime(2027, 6, 15, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert clock.to_utc(aware) == dt.datetime(2027, 6, 15, 0, 0)


def test_time_zones_are_converted_only_in_the_clock():
    found = []
    for path in sorted(PORTAL.rglob("*.py")):
        name = path.relative_to(PORTAL).as_posix()
        if name == "clock.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "ZoneInfo(" in line:  # Europe/London or any other zone
                found.append(f"{name}:{number}: {line.strip()}")
            if "astimezone(" in line:
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == [], "use portal.clock's helpers instead:\n" + "\n".join(found)
