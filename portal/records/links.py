"""Family links (one per family member) and their calendar feeds."""

import datetime as dt
import enum
import functools
from dataclasses import dataclass

from sqlalchemy import or_, select, update

from portal.link_audience import FAMILY, HIDEABLE, VIEWS, stored_hidden
from portal.models import CalendarFeed, FamilyLink, Plan, User, db, utcnow
from portal.records.audit_trail import audit
from portal.records.secrets import (
    hash_secret,
    hash_token,
    new_passcode,
    new_token,
    normalise_passcode,
    verify_secret,
)

MAX_ATTEMPTS = 5
LOCKOUT = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class NewLink:
    link: FamilyLink
    token: str  # shown once, never stored
    passcode: str  # shown once, never stored


class MeasurementOnly(ValueError):
    """The plan was loaded from an Annex A list for measurement only: its record holds
    stand-ins for the child's first name and the worker's contact, so a family must not
    see it until a professional completes it with the plan form."""

    def __init__(self, reference: str):
        super().__init__(
            f"plan {reference} is for measurement only: complete the record with the"
            " plan form (the child's first name and the social worker's contact) first"
        )
        self.reference = reference


def create_family_link(
    plan: Plan,
    label: str,
    days: int,
    *,
    actor: str,
    created_by: User | None = None,
    view: str = FAMILY,
    hidden: frozenset[str] = frozenset(),
) -> NewLink:
    """A new link and passcode. `view` and `hidden` (see link_audience) are checked by
    the caller, which names the field that is wrong; here they are only asserted."""
    if plan.measurement_only:
        raise MeasurementOnly(plan.reference)
    if view not in VIEWS or not hidden <= frozenset(HIDEABLE):
        raise ValueError("unknown link view or section")
    token, passcode = new_token(), new_passcode()
    link = FamilyLink(
        plan=plan,
        label=label.strip()[:100],
        view=view,
        hidden=stored_hidden(hidden),
        token_hash=hash_token(token),
        passcode_hash=hash_secret(normalise_passcode(passcode)),
        expires_at=utcnow() + dt.timedelta(days=days),
        created_by_id=getattr(created_by, "id", None),
    )
    db.session.add(link)
    db.session.flush()
    audit(actor, "link.create", plan.id, f"link:{link.id} view:{view} hides:{link.hidden}")
    db.session.commit()
    return NewLink(link, token, passcode)


def find_link(token: str, now: dt.datetime | None = None) -> FamilyLink | None:
    """The usable link for a token; None for made-up, expired or revoked ones alike."""
    if not token or len(token) > 100:
        return None
    link: FamilyLink | None = db.session.scalar(
        select(FamilyLink).where(FamilyLink.token_hash == hash_token(token))
    )
    if link is None or not link.usable(now or utcnow()):
        return None
    return link


class LinkCheck(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


def check_passcode(link: FamilyLink, passcode: str, now: dt.datetime | None = None) -> LinkCheck:
    """Check a passcode; five wrong ones lock this link (only this one) for 15 minutes.

    The counter lives in the database, and each guess takes its turn there before the
    passcode is checked: one `UPDATE … SET failed_attempts = failed_attempts + 1 …
    RETURNING`, which the database runs one at a time for a row. So however many guesses
    arrive at once, on however many workers, at most five are checked before the lock.
    """
    now = now or utcnow()
    actor = f"family-link:{link.id}"
    link_id, plan_id, passcode_hash = link.id, link.plan_id, link.passcode_hash
    turn = db.session.scalar(
        update(FamilyLink)
        .where(
            FamilyLink.id == link_id,
            or_(FamilyLink.locked_until.is_(None), FamilyLink.locked_until <= now),
        )
        .values(failed_attempts=FamilyLink.failed_attempts + 1)
        .returning(FamilyLink.failed_attempts)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()  # the turn is taken: other guesses see it at once
    if turn is None or turn > MAX_ATTEMPTS:
        # Locked, or five guesses are being checked already. The passcode is still
        # checked against a stand-in, so the answer takes as long as any other.
        verify_secret(_stand_in_hash(), normalise_passcode(passcode))
        audit(actor, "family.passcode_locked", plan_id)
        db.session.commit()
        return LinkCheck.LOCKED
    if verify_secret(passcode_hash, normalise_passcode(passcode)):
        db.session.execute(
            update(FamilyLink)
            .where(FamilyLink.id == link_id)
            .values(failed_attempts=0, locked_until=None, last_opened_at=now)
            .execution_options(synchronize_session=False)
        )
        audit(actor, "family.passcode_ok", plan_id)
        db.session.commit()
        return LinkCheck.OK
    result = LinkCheck.WRONG
    if turn >= MAX_ATTEMPTS:
        db.session.execute(
            update(FamilyLink)
            .where(FamilyLink.id == link_id)
            .values(failed_attempts=0, locked_until=now + LOCKOUT)
            .execution_options(synchronize_session=False)
        )
        result = LinkCheck.LOCKED
    audit(actor, "family.passcode_wrong", plan_id)
    db.session.commit()
    return result


@functools.cache
def _stand_in_hash() -> str:
    return hash_secret("00000000")


def revoke_link(link: FamilyLink, *, actor: str) -> None:
    link.revoked_at = utcnow()
    for feed in link.feeds:
        feed.revoked_at = feed.revoked_at or link.revoked_at
    audit(actor, "link.revoke", link.plan_id, f"link:{link.id}")
    db.session.commit()


def create_calendar_feed(link: FamilyLink, *, actor: str) -> str:
    token = new_token()
    db.session.add(CalendarFeed(link=link, token_hash=hash_token(token)))
    audit(actor, "calendar.create", link.plan_id, f"link:{link.id}")
    db.session.commit()
    return token


def find_calendar_feed(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    feed: CalendarFeed | None = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token))
    )
    if feed is None or feed.revoked_at is not None or not feed.link.usable(utcnow()):
        return None
    return feed
