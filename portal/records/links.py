"""Family links (one per family member) and their calendar feeds."""

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select

from portal.models import CalendarFeed, FamilyLink, Plan, db, utcnow
from portal.records.audit import audit
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


def create_family_link(
    plan: Plan, label: str, days: int, *, actor: str, created_by=None
) -> NewLink:
    token, passcode = new_token(), new_passcode()
    link = FamilyLink(
        plan=plan,
        label=label.strip()[:100],
        token_hash=hash_token(token),
        passcode_hash=hash_secret(normalise_passcode(passcode)),
        expires_at=utcnow() + dt.timedelta(days=days),
        created_by_id=getattr(created_by, "id", None),
    )
    db.session.add(link)
    db.session.flush()
    audit(actor, "link.create", plan.id, f"link:{link.id}")
    db.session.commit()
    return NewLink(link, token, passcode)


def find_link(token: str, now: dt.datetime | None = None) -> FamilyLink | None:
    """The usable link for a token; None for made-up, expired or revoked ones alike."""
    if not token or len(token) > 100:
        return None
    link = db.session.scalar(select(FamilyLink).where(FamilyLink.token_hash == hash_token(token)))
    if link is None or not link.usable(now or utcnow()):
        return None
    return link


class LinkCheck(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


def check_passcode(link: FamilyLink, passcode: str, now: dt.datetime | None = None) -> LinkCheck:
    """Check a passcode; five wrong ones lock this link (only this one) for 15 minutes.

    The counters live in the database so the lockout holds across workers and servers.
    """
    now = now or utcnow()
    actor = f"family-link:{link.id}"
    if link.locked_until and link.locked_until > now:
        audit(actor, "family.passcode_locked", link.plan_id)
        db.session.commit()
        return LinkCheck.LOCKED
    if verify_secret(link.passcode_hash, normalise_passcode(passcode)):
        link.failed_attempts = 0
        link.locked_until = None
        audit(actor, "family.passcode_ok", link.plan_id)
        db.session.commit()
        return LinkCheck.OK
    link.failed_attempts = (link.failed_attempts or 0) + 1
    result = LinkCheck.WRONG
    if link.failed_attempts >= MAX_ATTEMPTS:
        link.failed_attempts = 0
        link.locked_until = now + LOCKOUT
        result = LinkCheck.LOCKED
    audit(actor, "family.passcode_wrong", link.plan_id)
    db.session.commit()
    return result


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
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token))
    )
    if feed is None or feed.revoked_at is not None or not feed.link.usable(utcnow()):
        return None
    return feed
