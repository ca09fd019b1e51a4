"""Database tables. The plan record itself is kept whole as normalised cp-plan/2 JSON
(so export round-trips exactly); the columns beside it exist to find and filter plans.

Secrets are never stored: family link tokens, calendar tokens and API keys only as
SHA-256 hashes (they are long random values), passcodes and passwords only as argon2.
"""

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, cast

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    and_,
    event,
    false,
)
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql import Executable

from portal.link_audience import Visibility

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def SEARCH_KEY_TYPE(length: int):
    """Text compared byte by byte on every database: on PostgreSQL the "C" collation,
    so that `key >= 'mi' AND key < 'mj'` is exactly "starts with mi" and uses the
    index whatever locale the server was created with (SQLite compares bytes anyway)."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)

    if TYPE_CHECKING:
        # Every model here names its __tablename__, so its __table__ is a Table (which
        # update() and insert() take); DeclarativeBase allows any FromClause.
        __table__: ClassVar[Table]


db = SQLAlchemy(model_class=Base)

# The base every table subclasses. Flask-SQLAlchemy builds db.Model at run time (Base's
# body with its bind and table-name mixins), so a type checker cannot use it as a class;
# it is told Base, which declares the same metadata and mapping.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def rows_changed(statement: Executable) -> int:
    """Run an UPDATE or DELETE in the session; how many rows it changed."""
    # Session.execute is typed as returning a Result; for these statements it is a
    # CursorResult, the one that has the count.
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: write-ahead log for concurrent readers, and enforce foreign keys."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is still safe against the process dying mid-write (commits
        # are atomic); only a power cut can lose the last commits. It makes each commit
        # (every audited view writes one) far cheaper than FULL.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Deleted rows are overwritten with zeros, not left readable in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


class Role(StrEnum):
    """What a professional's account may do (portal/workspace/auth.py)."""

    SOCIAL_WORKER = "social-worker"
    CHAIR = "chair"
    MANAGER = "manager"
    ADMIN = "admin"


class User(Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # a Role
    # The team the person works in ("Team North"): the plan list's "my team" and the
    # dashboard's team column. Free text, set by an administrator; empty for no team.
    team: Mapped[str | None] = mapped_column(String(100), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    setup_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    setup_expires_at: Mapped[dt.datetime | None]
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Each staff session carries the generation it began in; signing out, a new
    # password and deactivation move it on, ending every earlier session everywhere.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # The weekly email summary of what is due in this person's plans: the language it
    # was chosen in ("en", "pl", ...), or None for no summary (the default).
    weekly_summary: Mapped[str | None] = mapped_column(String(8))


class SignInFailure(Model):
    """Wrong passwords for one account from one client address, and that pair's lock.

    Five wrong passwords lock the account for that address only, so someone who knows
    an email address cannot lock its owner out from elsewhere; `User.failed_logins`
    counts wrong passwords from every address, and locks the account for everyone at a
    much higher number (a guessing attack spread over many addresses).
    """

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(64))
    failed: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (UniqueConstraint("user_id", "address"),)


class Plan(Model):
    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    profile: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(8))
    child_first_name: Mapped[str] = mapped_column(String(100))
    categories: Mapped[str] = mapped_column(String(100))  # comma-separated, for filtering
    started: Mapped[dt.date] = mapped_column(index=True)
    ended: Mapped[dt.date | None]  # indexed first in ix_plans_list
    end_reason: Mapped[str | None] = mapped_column(String(40))
    social_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")  # indexed first in ix_plans_worker_list
    )
    record: Mapped[dict] = mapped_column(JSON)
    # Dates the dashboard filters, sorts and counts by. The timeline engine works them
    # out from the record when it is saved (none depends on today's date), so a list of
    # 50,000 plans never computes 50,000 timelines. Empty for an ended plan.
    next_review_due: Mapped[dt.date | None]  # due date of the lowest-numbered review not held
    next_core_group_due: Mapped[dt.date | None]  # the same for core group meetings
    last_review_date: Mapped[dt.date | None]  # the latest review conference held
    next_milestone: Mapped[str | None] = mapped_column(String(60))  # earliest not done
    next_milestone_due: Mapped[dt.date | None]
    next_milestone_conditional: Mapped[bool | None]  # waits on a review not held yet
    # Whole calendar months from start to end, once the plan has ended.
    duration_months: Mapped[int | None]
    # The earliest of the dates above that is really due (a conditional milestone is
    # not): what the plan list sorts by. Every open plan has one, an ended plan none.
    next_due: Mapped[dt.date | None]
    # Statutory visits (portal/planning/visits.py): the last recorded, whether the child
    # was seen alone then, and when the next is due (none for an ended plan, or with no
    # visit frequency recorded).
    last_visit: Mapped[dt.date | None]
    last_visit_seen_alone: Mapped[bool | None]
    next_visit_due: Mapped[dt.date | None]
    # The reference and the child's first name as searched: case and accents folded
    # (search_key in portal/records/plans.py). Compared byte by byte ("C" collation on
    # PostgreSQL), so a prefix is a range of one index whatever the server's locale.
    reference_key: Mapped[str | None] = mapped_column(SEARCH_KEY_TYPE(40))
    child_key: Mapped[str | None] = mapped_column(SEARCH_KEY_TYPE(100))
    # Loaded from an Annex A list (portal/exchange/annex_a_import.py): counted in the
    # measures, but the record holds stand-ins for what the list lacks (first name, the
    # worker's contact), so no family link may be made until the form completes it.
    measurement_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The reference this plan had before its last change renamed it (None when the last
    # change kept the reference): the change feed and webhook notices name it.
    previous_reference: Mapped[str | None] = mapped_column(String(40))
    # Optimistic locking: a save names the version it was based on; a stale one is refused.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Indexed: the API's change feed reads plans in (updated_at, id) order.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    social_worker: Mapped[User | None] = relationship()
    links: Mapped[list["FamilyLink"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it once
    __table_args__ = (
        # Everything the dashboard filters, counts and sorts by, in one index, so that
        # its counts never read the table: a row holds the whole record (a few KB), and
        # on SQLite the columns stored after it can only be reached through it.
        # Start date first: the list's default order (longest first) is then read straight
        # from the index, and a range of start dates is a duration band.
        Index(
            "ix_plans_dashboard",
            "started",
            "ended",
            "next_review_due",
            "next_core_group_due",
            "next_milestone_due",
            "next_milestone_conditional",
            "next_visit_due",
            "social_worker_id",
            "profile",
            "categories",
            "reference",
        ),
        # The plan list (portal/professional/plan_list.py): open or ended, by what is
        # due next, for everyone, one social worker, or a search. Each index holds every
        # column the list filters and sorts by, so a page's ids and the count are read
        # from an index alone, never from rows that carry the whole record. `ended`
        # comes before a search key: "open, and the name starts with zo" is one range.
        Index("ix_plans_list", "ended", "next_due", "reference", "social_worker_id"),
        Index("ix_plans_worker_list", "social_worker_id", "ended", "next_due", "reference"),
        Index(
            "ix_plans_child_key", "ended", "child_key", "next_due", "reference", "social_worker_id"
        ),
        Index(
            "ix_plans_reference_key",
            "ended",
            "reference_key",
            "next_due",
            "reference",
            "social_worker_id",
        ),
    )


class FamilyLink(Model):
    """One family member's private way in: a link token plus a passcode told separately."""

    __tablename__ = "family_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))  # who it is for: "Mother", "Young person"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    passcode_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    # Signing out ends every session opened with this link before that moment: a session
    # is a signed cookie, so a copy of it would otherwise work until it expires.
    sessions_ended_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Who the link is for and what it leaves out (portal/link_audience.py).
    view: Mapped[str] = mapped_column(String(20), default="family", server_default="family")
    hidden: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # When its passcode was last entered: shown to professionals as a date only.
    last_opened_at: Mapped[dt.datetime | None]

    plan: Mapped[Plan] = relationship(back_populates="links")
    feeds: Mapped[list["CalendarFeed"]] = relationship(
        back_populates="link", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def visibility(self) -> Visibility:
        return Visibility.of(self.view, self.hidden)

    @hybrid_method
    def usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    # hybrid_method.expression changes the hybrid in place (so `.inplace` is not needed,
    # and type checkers misread it): the name below is the same object as `usable`.
    @usable.expression
    @classmethod
    def _usable_expression(cls, now: dt.datetime):
        # The same rule in SQL, so a family page can check its link without loading it.
        return and_(cls.revoked_at.is_(None), cls.expires_at > now)


class CalendarFeed(Model):
    """A revocable, unguessable address for a family member's meeting calendar."""

    __tablename__ = "calendar_feeds"
    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("family_links.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None]

    link: Mapped[FamilyLink] = relationship(back_populates="feeds")


class ApiKey(Model):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]
    # Deleting a plan through the API is allowed only to keys made with --may-delete.
    may_delete: Mapped[bool] = mapped_column(default=False, server_default="0")


class AuditEvent(Model):
    """Who did what, when. Never plan content: only identifiers and the kind of action."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))  # "user:3", "family-link:7", "api-key:2", "cli"
    action: Mapped[str] = mapped_column(String(60))  # "plan.import", "family.view", ...
    plan_id: Mapped[int | None] = mapped_column(index=True)  # no FK: the log outlives plans
    detail: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (Index("ix_audit_events_plan_at", "plan_id", "at"),)


class PortalState(Model):
    """Facts about the stored data as a whole, one row each: for example which
    procedure timescales the dashboard's stored due dates were worked out with."""

    __tablename__ = "portal_state"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class KeptFigure(Model):
    """The dashboard trend's figures for one month end, kept so that deleting ended
    plans (the retention rule) does not lower the trend (portal/records/kept_figures.py).
    Counts only, over every plan: never a reference, a name or any child's data."""

    __tablename__ = "kept_figures"
    month_end: Mapped[dt.date] = mapped_column(primary_key=True)
    open_plans: Mapped[int]
    long_plans: Mapped[int]  # open 2 years or more
    # False when plans open that day may have been deleted before the figures were kept
    # (a first run over a database the retention rule had already thinned).
    complete: Mapped[bool]
    kept_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PlanDeletion(Model):
    """A tombstone: a plan was deleted (through the API or by the retention rule), so a
    case system reading the change feed learns of it. Only the reference, the last
    version and when: nothing of the plan's content."""

    __tablename__ = "plan_deletions"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40))
    version: Mapped[int]
    deleted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(String(20))  # "api", "retention" or "renamed"

    __table_args__ = (Index("ix_plan_deletions_deleted_at", "deleted_at", "id"),)


# Tables of what the portal sends out (reminders, weekly summaries, change notices).
from portal.models import outgoing  # noqa: E402, F401  (their tables join the metadata)
