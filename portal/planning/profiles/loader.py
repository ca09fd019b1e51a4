"""Reading procedure profiles from YAML, strictly: every problem, with its file and key path."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import TypedDict, cast, get_args

from portal import safe_yaml

from ..dates import SPAN_UNITS
from .model import (
    EIGHTEENTH_BIRTHDAY,
    ExceptionalReview,
    IntervalChange,
    Milestone,
    MilestoneCondition,
    Profile,
    ProfileInvalid,
    Source,
    Span,
    default_profiles_dir,
)

_BUILTIN_FILE = "_builtin.yaml"
_BUILTIN_IDS = (EIGHTEENTH_BIRTHDAY,)
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_TEXT = 2000
_MAX_SHORT = 200
# Every milestone, built-in or not, has these texts; all are translated.
_MILESTONE_TEXTS = ("name", "family", "professional")
#: Conditions an after_review milestone may have (timeline rules v2).
_WHEN: tuple[str, ...] = get_args(MilestoneCondition)
#: A mapping read from YAML.
_Mapping = dict[str, object]


class _Texts(TypedDict):
    """A milestone's name and texts, as Milestone arguments."""

    name: str
    family: str
    professional: str


class _Reader:
    """Collects errors while reading one YAML document."""

    def __init__(self, name: str):
        self.name = name
        self.errors: list[str] = []

    def err(self, path: str, message: str) -> None:
        self.errors.append(f"{self.name}: {path or '(top)'}: {message}")

    def mapping(
        self,
        value: object,
        path: str,
        required: Collection[str],
        optional: Collection[str] = (),
    ) -> _Mapping | None:
        if not isinstance(value, dict):
            self.err(path, "must be a mapping")
            return None
        for key in value:
            if key not in required and key not in optional:
                self.err(f"{path}.{key}" if path else str(key), "unknown key")
        for key in required:
            if key not in value:
                self.err(f"{path}.{key}" if path else key, "missing")
        return value

    def integer(self, value: object, path: str, low: int = 1, high: int = 240) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.err(path, "must be a whole number")
            return None
        if not low <= value <= high:
            self.err(path, f"must be from {low} to {high}")
            return None
        return value

    def text(
        self, value: object, path: str, *, nullable: bool = False, limit: int = _MAX_SHORT
    ) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value.strip():
            self.err(path, "must be a non-empty string" + (" or null" if nullable else ""))
            return None
        if len(value) > limit:
            self.err(path, f"must be at most {limit} characters")
            return None
        if any(ord(c) < 32 for c in value) or value != value.strip():
            self.err(path, "must be one line without leading or trailing spaces")
            return None
        return value

    def span(self, value: object, path: str) -> Span | None:
        if not isinstance(value, dict) or len(value) != 1:
            self.err(path, f"must be a mapping with one of: {', '.join(SPAN_UNITS)}")
            return None
        ((unit, amount),) = value.items()
        if unit not in SPAN_UNITS:
            self.err(f"{path}.{unit}", f"unit must be one of: {', '.join(SPAN_UNITS)}")
            return None
        checked = self.integer(amount, f"{path}.{unit}", 1, 400)
        return None if checked is None else Span(checked, unit)

    def milestone_texts(self, m: _Mapping, path: str) -> _Texts | None:
        """The milestone's name and texts as Milestone arguments; None if any is wrong."""
        name = self.text(m.get("name"), f"{path}.name")
        family = self.text(m.get("family"), f"{path}.family", limit=_MAX_TEXT)
        professional = self.text(m.get("professional"), f"{path}.professional", limit=_MAX_TEXT)
        if name is None or family is None or professional is None:
            return None
        return {"name": name, "family": family, "professional": professional}


def _read_yaml(path: Path, reader: _Reader) -> object:
    try:
        with path.open(encoding="utf-8") as fh:
            return safe_yaml.load(fh)
    except (OSError, UnicodeDecodeError, safe_yaml.YAMLError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        reader.err("", f"cannot be read: {first_line}")
        return None


def _read_builtins(path: Path, errors: list[str]) -> tuple[Milestone, ...]:
    reader = _Reader(path.name)
    raw = _read_yaml(path, reader) if path.exists() else None
    if not path.exists():
        reader.err("", "is missing")
    result: list[Milestone] = []
    doc = reader.mapping(raw, "", ("milestones",)) if raw is not None else None
    if doc is not None:
        items = doc.get("milestones")
        if not isinstance(items, list):
            reader.err("milestones", "must be a list")
            items = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            p = f"milestones[{i}]"
            m = reader.mapping(item, p, ("id", *_MILESTONE_TEXTS))
            if m is None:
                continue
            mid = m.get("id")
            if mid not in _BUILTIN_IDS:
                reader.err(f"{p}.id", f"must be one of: {', '.join(_BUILTIN_IDS)}")
                continue
            if mid in seen:
                reader.err(f"{p}.id", "is repeated")
                continue
            seen.add(mid)
            texts = reader.milestone_texts(m, p)
            if texts:
                result.append(Milestone(mid, **texts, builtin=True))
        for mid in _BUILTIN_IDS:
            if mid not in seen:
                reader.err("milestones", f"has no texts for {mid}")
    errors.extend(reader.errors)
    return tuple(result)


_TOP_KEYS = (
    "id",
    "name",
    "source",
    "first_core_group",
    "core_group_max_interval_weeks",
    "core_group_note",
    "first_review_months",
    "review_interval_months",
    "interval_changes",
    "milestones",
)
#: Keys a profile may leave out.
_OPTIONAL_TOP_KEYS = ("exceptional_review",)


def load_profile_file(path: Path, builtin_milestones: tuple[Milestone, ...] = ()) -> Profile:
    """Read and check one profile file; raise :class:`ProfileInvalid` on any problem."""
    path = Path(path)
    reader = _Reader(path.name)
    doc = _read_yaml(path, reader)
    if doc is None and not reader.errors:
        reader.err("", "is empty")
    profile = _build_profile(doc, path.stem, reader, builtin_milestones) if doc else None
    if reader.errors or profile is None:
        raise ProfileInvalid(reader.errors)
    return profile


def _build_profile(
    raw: object, stem: str, r: _Reader, builtins: tuple[Milestone, ...]
) -> Profile | None:
    doc = r.mapping(raw, "", _TOP_KEYS, _OPTIONAL_TOP_KEYS)
    if doc is None:
        return None
    pid = doc.get("id")
    if not isinstance(pid, str) or not _ID_RE.fullmatch(pid):
        r.err("id", "must be lower-case letters and digits separated by hyphens")
    elif pid != stem:
        r.err("id", f"must match the file name ({stem})")
    name = r.text(doc.get("name"), "name")

    source = None
    src = r.mapping(doc.get("source"), "source", ("title", "authority", "version", "review_date"))
    if src is not None:
        title = r.text(src.get("title"), "source.title")
        authority = r.text(src.get("authority"), "source.authority", nullable=True)
        version = r.text(src.get("version"), "source.version", nullable=True)
        review_date = r.text(src.get("review_date"), "source.review_date", nullable=True)
        if title is not None:
            source = Source(title, authority, version, review_date)

    first = doc.get("first_core_group")
    first_span = r.span(first, "first_core_group")
    if first_span is not None and first_span.unit not in ("working_days", "days"):
        r.err("first_core_group", "must be given in working_days or days")
    max_weeks = None
    if doc.get("core_group_max_interval_weeks") is not None:  # null: no interval
        max_weeks = r.integer(
            doc.get("core_group_max_interval_weeks"), "core_group_max_interval_weeks", 1, 52
        )
    note = r.text(doc.get("core_group_note"), "core_group_note", nullable=True, limit=_MAX_TEXT)
    first_review = r.integer(doc.get("first_review_months"), "first_review_months", 1, 24)
    interval = r.integer(doc.get("review_interval_months"), "review_interval_months", 1, 24)

    changes: list[IntervalChange] = []
    raw_changes = doc.get("interval_changes")
    if not isinstance(raw_changes, list):
        r.err("interval_changes", "must be a list (use [] for none)")
        raw_changes = []
    for i, item in enumerate(raw_changes):
        p = f"interval_changes[{i}]"
        ch = r.mapping(item, p, ("after_review", "interval_months"))
        if ch is None:
            continue
        after = r.integer(ch.get("after_review"), f"{p}.after_review", 1, 100)
        months = r.integer(ch.get("interval_months"), f"{p}.interval_months", 1, 24)
        if after is None or months is None:
            continue
        if changes and after <= changes[-1].after_review:
            r.err(f"{p}.after_review", "must be greater than the one before")
            continue
        changes.append(IntervalChange(after, months))

    milestones: list[Milestone] = []
    raw_ms = doc.get("milestones")
    if not isinstance(raw_ms, list):
        r.err("milestones", "must be a list (use [] for none)")
        raw_ms = []
    seen: set[str] = set()
    for i, item in enumerate(raw_ms):
        p = f"milestones[{i}]"
        if not isinstance(item, dict):
            r.err(p, "must be a mapping")
            continue
        if "at_months" in item:
            m = r.mapping(item, p, ("id", "at_months", *_MILESTONE_TEXTS))
        else:
            m = r.mapping(
                item,
                p,
                ("id", "after_review", "within", *_MILESTONE_TEXTS),
                ("when", "not_before_months"),
            )
        if m is None:
            continue
        mid = m.get("id")
        if not isinstance(mid, str) or not _ID_RE.fullmatch(mid):
            r.err(f"{p}.id", "must be lower-case letters and digits separated by hyphens")
            continue
        if mid in seen or mid in _BUILTIN_IDS:
            r.err(f"{p}.id", "is repeated or the id of a built-in milestone")
            continue
        seen.add(mid)
        texts = r.milestone_texts(m, p)
        if "at_months" in m:
            at = r.integer(m.get("at_months"), f"{p}.at_months", 1, 240)
            if at is not None and texts:
                milestones.append(Milestone(mid, **texts, at_months=at))
        else:
            after = r.integer(m.get("after_review"), f"{p}.after_review", 1, 100)
            within = r.span(m.get("within"), f"{p}.within")
            when = m.get("when")
            if when is not None and when not in _WHEN:
                r.err(f"{p}.when", f"must be one of: {', '.join(_WHEN)}")
                continue
            not_before = _not_before(r, m, p)
            if after is not None and within is not None and texts:
                milestones.append(
                    Milestone(
                        mid,
                        **texts,
                        after_review=after,
                        within=within,
                        when=cast(MilestoneCondition | None, when),  # checked against _WHEN above
                        not_before_months=not_before,
                    )
                )

    exceptional = None
    raw_exceptional = doc.get("exceptional_review")
    p = "exceptional_review"
    rule = (
        r.mapping(raw_exceptional, p, ("after_review", *_MILESTONE_TEXTS), ("not_before_months",))
        if raw_exceptional is not None
        else None
    )
    if rule:
        after = r.integer(rule.get("after_review"), f"{p}.after_review", 1, 100)
        not_before = _not_before(r, rule, p)
        texts = r.milestone_texts(rule, p)
        if after is not None and texts:
            exceptional = ExceptionalReview(after, not_before, **texts)

    if (
        r.errors
        or not isinstance(pid, str)
        or name is None
        or source is None
        or first_span is None
        or first_review is None
        or interval is None
    ):
        return None  # every value missing here has an error listed
    return Profile(
        id=pid,
        name=name,
        source=source,
        first_core_group=first_span,
        core_group_max_interval_weeks=max_weeks,
        core_group_note=note,
        first_review_months=first_review,
        review_interval_months=interval,
        interval_changes=tuple(changes),
        milestones=tuple(milestones),
        builtin_milestones=tuple(builtins),
        exceptional_review=exceptional,
    )


def _not_before(r: _Reader, mapping: _Mapping, path: str) -> int | None:
    if mapping.get("not_before_months") is None:
        return None
    return r.integer(mapping["not_before_months"], f"{path}.not_before_months", 1, 240)


def load_profiles(dir: str | Path | None = None) -> dict[str, Profile]:
    """Load every ``<id>.yaml`` profile in ``dir`` (default: the repo's content/profiles).

    Returns a dict keyed by profile id, in id order. Raises :class:`ProfileInvalid`
    listing every problem in every file if any file is unusable.
    """
    folder = Path(dir) if dir is not None else default_profiles_dir()
    errors: list[str] = []
    if not folder.is_dir():
        raise ProfileInvalid([f"{folder}: not a folder of profiles"])
    builtins = _read_builtins(folder / _BUILTIN_FILE, errors)
    profiles: dict[str, Profile] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        try:
            profile = load_profile_file(path, builtins)
        except ProfileInvalid as exc:
            errors.extend(exc.errors)
            continue
        profiles[profile.id] = profile
    if not profiles and not errors:
        errors.append(f"{folder}: no profile files (*.yaml)")
    if errors:
        raise ProfileInvalid(errors)
    return profiles
