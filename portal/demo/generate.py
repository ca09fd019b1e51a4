"""Many random but valid plans, for trying the dashboard and its queries at scale.

Every generated record passes the same validation as an imported one, and its columns
come from the same mapping as a saved one (plan_columns); only the storing is done in
bulk (one multi-row INSERT per batch, a transaction each) instead of one save per plan.
"""

import datetime as dt
import random
import secrets
from collections.abc import Iterator

from sqlalchemy import insert

from portal.models import Plan, db
from portal.planning import PlanRecord, add_months, parse_record, record_to_dict
from portal.planning.format.vocabulary import ConferenceKind, Decision, MeetingStatus
from portal.records import audit
from portal.records.plans import plan_columns  # the one mapping from record to columns

BATCH_SIZE = 500
ACTOR = "demo"
CHILDREN = (
    "Alfie",
    "Amara",
    "Bea",
    "Callum",
    "Daisy",
    "Eli",
    "Freya",
    "Harun",
    "Isla",
    "Jayden",
    "Kacper",
    "Lena",
    "Mia",
    "Noah",
    "Oskar",
    "Rosa",
    "Sami",
    "Tia",
)
WORKERS = ("Alex", "Bola", "Chris", "Dee", "Femi", "Jo", "Kim", "Lee", "Sam", "Toni")
PLACES = ("Family centre", "School", "Children's centre", "Home")
END_REASONS = ("moved_area", "looked_after", "ended_by_letter")
CHAIRS = ("Morgan", "Ruth", "Dami", "Kim")
CONFERENCE_PLACES = ("Civic Centre, room 2", "Civic Centre, room 4", "Online")
TRANSFERRED_IN_SHARE = 0.05  # plans that began in another council
LONG_OPEN_SHARE = 0.04  # open plans past two years (England: 4.4% of plans ending 2024-25)


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _conferences(rng, start, today, ended: bool):
    """The ICPC, reviews on time (give or take a few days) up to today, and for an
    ended plan, the review that ended it. Returns (conferences, end date or None)."""
    conferences = [{"kind": "initial", "date": start.isoformat(), "status": "held"}]
    # Most plans end at a review conference; some end between conferences (see below).
    reviews_before_end = rng.randint(1, 4) if ended and rng.random() < 0.75 else None
    due, number = add_months(start, 3), 1
    while True:
        held_on = due - dt.timedelta(days=rng.randint(0, 6))
        if held_on >= today:
            if rng.random() < 0.6:
                conferences.append(
                    {"kind": "review", "date": held_on.isoformat(), "status": "scheduled"}
                )
            return conferences, None
        ends_here = number == reviews_before_end
        conferences.append(
            {
                "kind": "review",
                "date": held_on.isoformat(),
                "status": "held",
                "decision": "end" if ends_here else "continue",
            }
        )
        if ends_here:
            return conferences, held_on
        due, number = add_months(held_on, 6), number + 1


def _meetings(rng, start, last, today):
    """Core group meetings every four to six weeks from the start up to `last`; the
    first one not yet past is scheduled, and is the last."""
    meetings, day = [], start + dt.timedelta(days=rng.randint(7, 14))
    while day <= last:
        status = "held" if day < today else "scheduled"
        meetings.append(
            {
                "date": day.isoformat(),
                "time": "10:00",
                "place": rng.choice(PLACES),
                "status": status,
            }
        )
        if status == MeetingStatus.SCHEDULED:
            break
        day += dt.timedelta(weeks=rng.randint(4, 6))
    return meetings


def random_record(
    rng: random.Random, reference: str, profile: str, language: str, today: dt.date, ended: bool
) -> dict:
    if ended:
        start = today - dt.timedelta(days=rng.randint(700, 2000))
    elif rng.random() < LONG_OPEN_SHARE:
        # A few open plans have drifted past two years: the dashboard is there to show them.
        start = today - dt.timedelta(days=rng.randint(731, 1100))
    else:
        start = today - dt.timedelta(days=rng.randint(10, 700))
    conferences, end = _conferences(rng, start, today, ended)
    reason = "no_longer_at_risk"
    if ended and end is None:  # a plan can also end between conferences, at any length
        end = min(start + dt.timedelta(days=rng.randint(20, 800)), today - dt.timedelta(days=1))
        reason = rng.choice(END_REASONS)
        conferences = [c for c in conferences if dt.date.fromisoformat(c["date"]) < end]
    last_meeting_day = end or today + dt.timedelta(weeks=6)
    worker = rng.choice(WORKERS)
    categories = [rng.choice(("neglect", "emotional_abuse", "physical_abuse", "sexual_abuse"))]
    record = {
        "format": "cp-plan/2",
        "reference": reference,
        "profile": profile,
        "language": language,
        "child": {
            "first_name": rng.choice(CHILDREN),
            "date_of_birth": (start - dt.timedelta(days=rng.randint(60, 16 * 365))).isoformat(),
        },
        "categories": categories,
        "lead_social_worker": {
            "name": worker,
            "phone": f"01632 960{rng.randint(0, 999):03d}",
            "email": f"{worker.lower()}@example.org",
        },
        "concerns": ["Generated demo plan: not a real family."],
        "conferences": conferences,
        "core_group_meetings": _meetings(rng, start, last_meeting_day, today),
        "ended": {"date": end.isoformat(), "reason": reason} if ended else None,
    }
    version_2_rng = random.Random(reference)  # noqa: S311 - fictional demo data, repeatable
    _add_version_2_values(version_2_rng, record, start, categories)
    return record


def _add_version_2_values(rng: random.Random, record: dict, start: dt.date, categories) -> None:
    """Times, places and chairs of conferences, what held ones decided, the progress
    held reviews found, and some plans transferred in from another council. A second
    generator, seeded by the reference, so the plans' dates stay as they were."""
    chair = rng.choice(CHAIRS)
    for conference in record["conferences"]:
        conference["time"] = rng.choice(("10:00", "14:00"))
        conference["place"] = rng.choice(CONFERENCE_PLACES)
        conference["chair"] = chair
        if conference["status"] != MeetingStatus.HELD:
            continue
        conference["categories"] = list(categories)
        if (
            conference["kind"] == ConferenceKind.REVIEW
            and conference["decision"] == Decision.CONTINUE
        ):
            conference["progress"] = rng.choice(("sufficient", "insufficient", None))
    if rng.random() < TRANSFERRED_IN_SHARE:
        record["conferences"][0]["kind"] = "transfer_in"
        record["on_plan_since"] = (start - dt.timedelta(days=rng.randint(30, 400))).isoformat()
        record["previous_plans"] = rng.randint(0, 2)


def _records(
    count_open: int,
    count_ended: int,
    profiles: dict,
    languages: tuple[str, ...],
    today: dt.date,
    seed: int | None,
) -> Iterator[tuple[PlanRecord, dict]]:
    rng = random.Random(seed)  # noqa: S311 - fictional demo data, repeatable from a seed
    run = secrets.token_hex(3).upper() if seed is None else f"{seed:06X}"[-6:]
    profile_ids = sorted(profiles)
    for number in range(count_open + count_ended):
        data = random_record(
            rng,
            f"GEN-{run}-{number + 1:07d}",
            rng.choice(profile_ids),
            rng.choice(languages),
            today,
            ended=number >= count_open,
        )
        parsed = parse_record(data, profiles, languages)
        yield parsed, record_to_dict(parsed)


def generate_plans(
    count_open: int,
    count_ended: int,
    profiles: dict,
    languages: tuple[str, ...],
    today: dt.date,
    seed: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Store the plans in batches, one transaction each; returns how many were stored."""
    stored, batch = 0, []
    for parsed, record in _records(count_open, count_ended, profiles, languages, today, seed):
        batch.append(plan_columns(record, profiles, parsed))
        if len(batch) == batch_size:
            stored += _store(batch)
            batch = []
    if batch:
        stored += _store(batch)
    return stored


def _store(batch: list[dict]) -> int:
    try:
        db.session.execute(insert(Plan), batch)
        audit(ACTOR, "plan.generate", None, f"{len(batch)} generated plans")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    db.session.expunge_all()  # keep memory flat however many batches there are
    return len(batch)
