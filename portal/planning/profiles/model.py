"""Procedure profiles: a local authority's timescales (the values; loading is in
``loader.py``).

A profile lives in ``content/profiles/<id>.yaml``. Files whose name starts with
``_`` are not profiles: ``_builtin.yaml`` holds the texts of the milestones every
profile has (today only ``eighteenth-birthday``), and the loader attaches them to
each profile. The YAML layout is described in ``docs/timeline-decisions.md`` and
checked strictly here: an unknown key, a wrong type or a missing text is an error,
reported with the file name and the key path, all at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from ..dates import add_span

__all__ = [
    "EIGHTEENTH_BIRTHDAY",
    "ExceptionalReview",
    "IntervalChange",
    "Milestone",
    "MilestoneCondition",
    "Profile",
    "ProfileInvalid",
    "Source",
    "Span",
    "default_profiles_dir",
    "timescales_fingerprint",
]

#: Id of the built-in milestone on the child's 18th birthday.
EIGHTEENTH_BIRTHDAY = "eighteenth-birthday"
#: What an after_review milestone may depend on besides its review (timeline rules v2).
MilestoneCondition = Literal["insufficient_progress"]


def default_profiles_dir() -> Path:
    """The repository's ``content/profiles`` folder."""
    return Path(__file__).resolve().parents[3] / "content" / "profiles"


class ProfileInvalid(Exception):
    """One or more profile files are unusable; ``errors`` lists every problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Source:
    """The procedure a profile encodes, as written in the source document."""

    title: str
    authority: str | None
    version: str | None
    review_date: str | None


@dataclass(frozen=True)
class Span:
    """An amount of time: ``amount`` ``unit`` (months, weeks, days or working_days)."""

    amount: int
    unit: str

    def after(self, start: date) -> date:
        return add_span(start, self.amount, self.unit)


@dataclass(frozen=True)
class IntervalChange:
    """From review #``after_review`` on, reviews are ``interval_months`` apart."""

    after_review: int
    interval_months: int


@dataclass(frozen=True)
class Milestone:
    """An escalation point of a profile: a short ``name`` that professionals see in
    lists and forms instead of the id, and its two plain-English texts.

    Exactly one trigger is set: ``at_months``, or ``after_review`` with
    ``within``; the built-in ``eighteenth-birthday`` has neither (``builtin``).
    ``when`` (after_review only) is ``insufficient_progress`` for a milestone that
    applies only where review #``after_review`` found the plan not making enough
    progress, else None. ``not_before_months`` (after_review only) ties the milestone
    to a review by time as well as number: where the procedure speaks of "the
    15-month conference", a review brought forward earlier does not count
    (see ``milestones.review_number_for``).
    """

    id: str
    name: str
    family: str
    professional: str
    at_months: int | None = None
    after_review: int | None = None
    within: Span | None = None
    when: MilestoneCondition | None = None
    not_before_months: int | None = None
    builtin: bool = False

    @property
    def trigger(self) -> str:
        if self.builtin:
            return "eighteenth_birthday"
        if self.at_months is not None:
            return "at_months"
        return "after_review"


@dataclass(frozen=True)
class ExceptionalReview:
    """A review conference that the procedure holds only in exceptional circumstances:
    the one after review #``after_review`` (found as for milestones, with
    ``not_before_months``). The 21-month policy's 24-month conference is one: held
    only if the matter has not gone to court. Its texts say so, in place of an
    ordinary review's."""

    after_review: int
    not_before_months: int | None
    name: str
    family: str
    professional: str


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    source: Source
    first_core_group: Span
    core_group_max_interval_weeks: int | None  # None: no interval (the core group agrees)
    core_group_note: str | None
    first_review_months: int
    review_interval_months: int
    interval_changes: tuple[IntervalChange, ...]
    milestones: tuple[Milestone, ...]
    builtin_milestones: tuple[Milestone, ...] = ()
    exceptional_review: ExceptionalReview | None = None

    def interval_after(self, review_number: int) -> int:
        """Months from review #``review_number`` to the next one (0 = the initial)."""
        if review_number <= 0:
            return self.first_review_months
        months = self.review_interval_months
        for change in self.interval_changes:  # sorted by after_review
            if change.after_review <= review_number:
                months = change.interval_months
        return months

    @property
    def all_milestones(self) -> tuple[Milestone, ...]:
        return self.milestones + self.builtin_milestones

    @property
    def milestone_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.all_milestones)

    def milestone(self, milestone_id: str) -> Milestone | None:
        for m in self.all_milestones:
            if m.id == milestone_id:
                return m
        return None


def timescales_fingerprint(profiles: dict[str, Profile]) -> str:
    """A short hash of every profile's timescales (not its texts). Due dates stored from
    plans were worked out with one set of timescales; a different hash means a profile's
    timing changed since, and stored dates may be out of date."""
    timings = [
        (
            profile.id,
            profile.first_core_group,
            profile.core_group_max_interval_weeks,
            profile.first_review_months,
            profile.review_interval_months,
            profile.interval_changes,
            tuple(
                (m.id, m.at_months, m.after_review, m.within, m.when, m.not_before_months)
                for m in profile.all_milestones
            ),
            (
                (
                    profile.exceptional_review.after_review,
                    profile.exceptional_review.not_before_months,
                )
                if profile.exceptional_review is not None
                else None
            ),
        )
        for profile in sorted(profiles.values(), key=lambda profile: profile.id)
    ]
    return hashlib.sha256(repr(timings).encode()).hexdigest()[:16]
