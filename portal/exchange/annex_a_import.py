"""Loading Ofsted's Annex A child protection list as plans "for measurement only".

A council can then see its dashboard (open plans, two-year share, trend, categories)
on its first day. The list has no child's first name and no contact for the worker,
which a plan record needs, so the record holds stand-ins (portal/records/stand_ins.py) and the
plan is marked `measurement_only`: no family link may be made for it until a
professional completes it with the plan form (docs/data-exchange.md, "Annex A import").

Every row is checked before anything is stored; the key is the Child Unique ID, which
becomes the plan's reference.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from portal.models import db
from portal.planning import record_to_dict, validate_record
from portal.planning.annex_a import COLUMNS, NO, UNKNOWN, YES
from portal.planning.format import FORMAT, parse_record
from portal.records.plans import create_plan, get_plan, replace_plan
from portal.records.stand_ins import STAND_IN_EMAIL, STAND_IN_END_REASON, STAND_IN_WORKER

ID, START, INITIAL, LATEST = COLUMNS[0], COLUMNS[6], COLUMNS[7], COLUMNS[8]
BIRTH, VISIT, SEEN_ALONE = COLUMNS[3], COLUMNS[9], COLUMNS[10]
REVIEW, END, PREVIOUS, WORKER = COLUMNS[11], COLUMNS[12], COLUMNS[14], COLUMNS[16]
REQUIRED_COLUMNS = (ID, START, INITIAL, LATEST)


#: Census codes → cp-plan categories. "Multiple" does not say which: all four are held
#: until a professional records the real ones.
CATEGORIES_FOR_CODE = {
    "NEG": ["neglect"],
    "PHY": ["physical_abuse"],
    "SAB": ["sexual_abuse"],
    "EMO": ["emotional_abuse"],
    "MUL": ["neglect", "physical_abuse", "emotional_abuse", "sexual_abuse"],
}
_CATEGORY_WORDS = {
    "neglect": "NEG",
    "physical abuse": "PHY",
    "physical": "PHY",
    "sexual abuse": "SAB",
    "sexual": "SAB",
    "emotional abuse": "EMO",
    "emotional": "EMO",
    "multiple not recommended": "MUL",
    "multiple": "MUL",
    **{code.casefold(): code for code in CATEGORIES_FOR_CODE},
}
_YES_NO = {"yes": True, "y": True, "no": False, "n": False, "unknown": None}
# A pointer in the built record → the list's column it came from.
_COLUMN_FOR_POINTER = (
    ("/reference", ID),
    ("/child/date_of_birth", BIRTH),
    ("/conferences/0", START),
    ("/conferences/1", REVIEW),
    ("/categories", LATEST),
    ("/ended", END),
    ("/visit_log", VISIT),
    ("/previous_plans", PREVIOUS),
    ("/lead_social_worker", WORKER),
)
MAX_PROBLEMS_SHOWN = 200


def header_key(text: str) -> str:
    """Headers compared loosely: councils' files vary in case, spacing and marks."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


_COLUMN_FOR_HEADER = {header_key(column): column for column in COLUMNS}


@dataclass(frozen=True)
class RowProblem:
    line: int  # the file's line number, the header being line 1
    column: str  # "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column!r}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ListRow:
    line: int
    reference: str
    record: dict[str, Any]  # a normalised cp-plan/2 record with stand-ins


@dataclass
class ReadResult:
    rows: list[ListRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)

    def add(self, problem: RowProblem) -> None:
        self.problems.append(problem)
        self.bad_lines.add(problem.line)


def read_annex_a(
    source: TextIO,
    profiles: Mapping[str, Any],
    profile: str,
    *,
    progress: Callable[[int], None] | None = None,
) -> ReadResult:
    """Every row of the list as a record, or the problems with it (by line and column)."""
    result = ReadResult()
    reader = csv.reader(source)
    header = next(reader, None)
    if header is None:
        result.add(RowProblem(1, "", "the file is empty: it needs the list's header row"))
        return result
    columns = [_COLUMN_FOR_HEADER.get(header_key(text)) for text in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        result.add(RowProblem(1, "", f"the header row has no column {names}"))
        return result
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if progress is not None:
            progress(1)
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            column: cell.strip().lstrip("'")  # our export's guard against formulas
            for column, cell in zip(columns, cells, strict=False)
            if column is not None
        }
        problems, record = _row_record(values, line, profile)
        if record is not None:
            reference = record["reference"]
            if reference in seen:
                problems.append(
                    RowProblem(line, ID, f"{reference} is also on line {seen[reference]}")
                )
            seen.setdefault(reference, line)
            problems += _record_problems(record, profiles, line)
        for problem in problems:
            result.add(problem)
        if not problems and record is not None:
            normalised = record_to_dict(parse_record(record, profiles))
            result.rows.append(ListRow(line, record["reference"], normalised))
    return result


def _row_record(
    values: Mapping[str, str], line: int, profile: str
) -> tuple[list[RowProblem], dict[str, Any] | None]:
    problems: list[RowProblem] = []

    def problem(column: str, message: str) -> None:
        problems.append(RowProblem(line, column, message))

    def date_in(column: str, *, required: bool = False) -> str | None:
        text = values.get(column, "")
        if not text:
            if required:
                problem(column, "a date is needed (DD/MM/YYYY)")
            return None
        british = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        try:
            if british:
                day, month, year = (int(part) for part in british.groups())
                return dt.date(year, month, day).isoformat()
            if iso:
                return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        problem(column, f"{text!r} is not a date: write it DD/MM/YYYY")
        return None

    def category_in(column: str) -> str | None:
        text = values.get(column, "")
        words = header_key(re.sub(r"^\s*[a-e]\)\s*", "", text, flags=re.IGNORECASE))
        code = _CATEGORY_WORDS.get(words)
        if code is None:
            shown = f"{text!r} is not a category of abuse" if text else "a category is needed"
            problem(
                column,
                f"{shown}: use a) Neglect, b) Physical abuse, c) Sexual abuse,"
                " d) Emotional abuse or e) Multiple/not recommended",
            )
        return code

    reference = values.get(ID, "")
    if not reference:
        problem(ID, "the child's ID is needed: it becomes the plan's reference")
    start = date_in(START, required=True)
    initial, latest = category_in(INITIAL), category_in(LATEST)
    birth, review, end, visit = date_in(BIRTH), date_in(REVIEW), date_in(END), date_in(VISIT)
    seen_text = header_key(re.sub(r"^\s*[a-c]\)\s*", "", values.get(SEEN_ALONE, ""), flags=re.I))
    if seen_text and seen_text not in _YES_NO:
        problem(SEEN_ALONE, f"use {YES}, {NO} or {UNKNOWN}")
    previous_text = values.get(PREVIOUS, "")
    if previous_text and not (previous_text.isascii() and previous_text.isdigit()):
        problem(PREVIOUS, f"{previous_text!r} is not a whole number")
    if problems or start is None or initial is None or latest is None:
        return problems, None
    conferences: list[dict[str, Any]] = [{"kind": "initial", "date": start, "status": "held"}]
    if review is not None:
        conferences[0]["categories"] = CATEGORIES_FOR_CODE[initial]
        conferences.append(
            {
                "kind": "review",
                "date": review,
                "status": "held",
                "decision": "end" if review == end else "continue",
                "categories": CATEGORIES_FOR_CODE[latest],
            }
        )
    elif initial == latest:
        conferences[0]["categories"] = CATEGORIES_FOR_CODE[initial]
    record: dict[str, Any] = {
        "format": FORMAT,
        "reference": reference,
        "profile": profile,
        # The reference stands in for the name: an identifier, never a made-up name.
        "child": {"first_name": reference, **({"date_of_birth": birth} if birth else {})},
        "categories": CATEGORIES_FOR_CODE[latest],
        "lead_social_worker": {
            "name": values.get(WORKER) or STAND_IN_WORKER,
            "email": STAND_IN_EMAIL,
        },
        "conferences": conferences,
    }
    if visit is not None:
        record["visit_log"] = [{"date": visit, "seen_alone": _YES_NO.get(seen_text)}]
    if previous_text:
        record["previous_plans"] = int(previous_text)
    if end is not None:
        record["ended"] = {"date": end, "reason": STAND_IN_END_REASON}
    return problems, record


def _record_problems(
    record: dict[str, Any], profiles: Mapping[str, Any], line: int
) -> list[RowProblem]:
    return [
        RowProblem(line, _column_for(error.pointer), error.message)
        for error in validate_record(record, profiles)
    ]


def _column_for(pointer: str) -> str:
    for prefix, column in _COLUMN_FOR_POINTER:
        if pointer == prefix or pointer.startswith(prefix + "/"):
            return column
    return ""


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    complete_kept: list[str] = field(default_factory=list)  # completed plans left alone

    @property
    def changed(self) -> int:
        return self.added + self.updated


def store_rows(
    rows: Iterable[ListRow],
    profiles: dict[str, Any],
    *,
    actor: str,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Store each row as a measurement-only plan: new, updated, or left as it is when
    nothing changed. A plan a professional has completed is never overwritten."""
    summary = ImportSummary()
    for row in rows:
        plan = get_plan(row.reference)
        if plan is None:
            create_plan(row.record, profiles, actor=actor, measurement_only=True)
            summary.added += 1
        elif not plan.measurement_only:
            summary.complete_kept.append(row.reference)
        elif plan.record == row.record:
            summary.unchanged += 1
        else:
            replace_plan(
                row.record,
                profiles,
                actor=actor,
                reference=row.reference,
                measurement_only=True,
                match_owner=False,
            )
            summary.updated += 1
        db.session.expunge_all()  # 50,000 plans need not stay in the session
        if progress is not None:
            progress(1)
    return summary
