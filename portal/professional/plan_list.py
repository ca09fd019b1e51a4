"""The plan list every professional lands on: 50 a page, searched and sorted in the database.

A region holds hundreds of thousands of plans, so the list never loads a plan object:
the ids of one page come from an index that holds every column the list filters and
sorts by (`ix_plans_list` and its siblings in portal/models.py), the count from the
same index, and then only the 50 rows of the page are read. On SQLite that matters
most: a row holds the whole record, and the columns after it are reached only
through it.

- **Which plans** (`show`): a social worker's own; their team's (everyone whose
  account names the same team as the reader's); or all. Each is narrowed further by
  who may see what (`visible_plans_query`): a social worker sees their own plans only.
- **Open or ended** (`status`): open plans sort by what is due next (`next_due`, the
  earliest real due date, overdue first); ended plans by when they ended, latest first.
- **Search** (`q`): the start of the reference or of the child's first name, with
  case and accents folded on both sides (`search_key`).
- **Social worker** (`worker`, for managers and chairs): one worker's plans, or those
  with no worker (`none`), read from `ix_plans_worker_list`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import and_, false, func, select, union
from sqlalchemy.sql.elements import ColumnElement
from werkzeug.datastructures import MultiDict

from portal.models import Plan, User, db
from portal.planning import PlanStatus
from portal.records.plans import CHILD_KEY_LENGTH, search_key
from portal.workspace.auth import ALL_PLANS_ROLES, visible_plans_query

PAGE_SIZE = 50
MAX_PAGE = 100_000
MAX_QUERY = 100
STATUSES = tuple(PlanStatus)
NOT_ASSIGNED = "none"


def show_choices(user: User) -> list[str]:
    """The lists this reader may choose between, the default first."""
    if user.role not in ALL_PLANS_ROLES:
        return ["mine"]  # a social worker's plans are all they may see
    return ["team", "all"] if user.team else ["all"]


@dataclass
class ListRequest:
    q: str = ""
    show: str = "mine"
    status: PlanStatus = PlanStatus.OPEN
    page: int = 1
    #: A social worker's account id (as text), NOT_ASSIGNED, or "" for any worker.
    worker: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    def args(self, default_show: str, **changes) -> dict[str, str | int]:
        """This list's query string, with `changes`; defaults left out."""
        values = {
            "q": self.q,
            "show": self.show if self.show != default_show else "",
            "status": self.status if self.status != PlanStatus.OPEN else "",
            "page": self.page if self.page != 1 else "",
            "worker": self.worker,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None)}


def worker_choices(user: User) -> list[tuple[str, str]]:
    """The social workers a manager or chair may filter by and assign plans to:
    (account id as text, email), active accounts only."""
    if user.role not in ALL_PLANS_ROLES:
        return []
    rows = db.session.execute(
        select(User.id, User.email)
        .where(User.role == "social-worker", User.active)
        .order_by(User.email)
    )
    return [(str(row.id), row.email) for row in rows]


def read_list_request(
    args: MultiDict, user: User, workers: list[tuple[str, str]] | None = None
) -> ListRequest:
    """The list's search, filters and page from the query string. A value that is not
    one of the choices is reported against its field, never dropped quietly: a list
    that ignored a filter would show more plans than the reader thinks."""
    errors: dict[str, str] = {}
    choices = show_choices(user)
    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_QUERY:
        errors["q"] = _("Enter %(max)s characters or fewer", max=MAX_QUERY)
        q = q[:MAX_QUERY]
    show = args.get("show", "").strip() or choices[0]
    if show not in choices:
        errors["show"] = _("Choose which plans to show from the list")
        show = choices[0]
    status_text = args.get("status", "").strip() or PlanStatus.OPEN
    status = PlanStatus.OPEN
    if status_text in STATUSES:
        status = PlanStatus(status_text)
    else:
        errors["status"] = _("Choose open or ended plans")
    page = 1
    page_text = args.get("page", "").strip()
    if page_text:
        if page_text.isascii() and page_text.isdigit() and 1 <= int(page_text) <= MAX_PAGE:
            page = int(page_text)
        else:
            errors["page"] = _("The page number must be a whole number, like 2")
    worker = args.get("worker", "").strip()
    known = {NOT_ASSIGNED} | {worker_id for worker_id, _email in workers or ()}
    if worker and worker not in known:
        errors["worker"] = _("Choose a social worker from the list")
        worker = ""
    return ListRequest(q=q, show=show, status=status, page=page, worker=worker, errors=errors)


def _starts_with(column, prefix: str) -> ColumnElement[bool]:
    """`column` starts with `prefix`, as a range of the index: both databases compare
    these columns byte by byte, and UTF-8 byte order is code point order."""
    last = prefix[-1]
    if ord(last) >= 0x10FFFF:
        return column >= prefix
    return and_(column >= prefix, column < prefix[:-1] + chr(ord(last) + 1))


def _team_ids(user: User) -> list[int]:
    return list(
        db.session.scalars(select(User.id).where(User.team == user.team, User.team.is_not(None)))
    )


def conditions(user: User, request: ListRequest) -> list[ColumnElement[bool]]:
    """Who may see what, which plans were asked for, open or ended; not the search."""
    where = []
    visible = visible_plans_query(user).whereclause
    if visible is not None:
        where.append(visible)
    if request.show == "team":
        team = _team_ids(user)
        where.append(Plan.social_worker_id.in_(team) if team else false())
    elif request.show == "mine":
        where.append(Plan.social_worker_id == user.id)
    if request.worker == NOT_ASSIGNED:
        where.append(Plan.social_worker_id.is_(None))
    elif request.worker:
        where.append(Plan.social_worker_id == int(request.worker))
    where.append(
        Plan.ended.is_(None) if request.status == PlanStatus.OPEN else Plan.ended.is_not(None)
    )
    return where


def _order(status: PlanStatus, source=Plan.__table__.c) -> list:
    if status == PlanStatus.OPEN:
        # Every open plan has a next due date (a next review is always due), so no
        # NULLs to place, and the order is read straight from the index.
        return [source.next_due, source.reference]
    return [source.ended.desc(), source.reference]


def _candidates(user: User, request: ListRequest):
    """A select of (id, next_due, ended, reference) of every plan in the list.

    A search is two index ranges, one per key, joined with UNION: one OR over two
    indexes would make the database read every matching row to sort it.
    """
    where = conditions(user, request)
    columns = (Plan.id, Plan.next_due, Plan.ended, Plan.reference)
    key = search_key(request.q)[:CHILD_KEY_LENGTH]
    return union(
        select(*columns).where(*where, _starts_with(Plan.reference_key, key)),
        select(*columns).where(*where, _starts_with(Plan.child_key, key)),
    )


def count_and_page_ids(user: User, request: ListRequest) -> tuple[int, list[int]]:
    """How many plans the list holds, and the ids of the requested page, in order."""
    if not search_key(request.q):
        # One table, one index: the database reads the page in order and stops.
        where = conditions(user, request)
        total = db.session.execute(
            select(func.count()).select_from(Plan).where(*where)
        ).scalar_one()
        ids = select(Plan.id).where(*where).order_by(*_order(request.status))
    else:
        found = _candidates(user, request).subquery()
        total = db.session.execute(select(func.count()).select_from(found)).scalar_one()
        ids = select(found.c.id).order_by(*_order(request.status, found.c))
    ids = ids.limit(PAGE_SIZE).offset((request.page - 1) * PAGE_SIZE)
    return total, list(db.session.scalars(ids))


ROW_COLUMNS = (
    Plan.id,
    Plan.reference,
    Plan.child_first_name,
    Plan.profile,
    Plan.started,
    Plan.ended,
    Plan.end_reason,
    Plan.social_worker_id,
    Plan.next_due,
    Plan.next_review_due,
    Plan.next_core_group_due,
    Plan.next_milestone,
    Plan.next_milestone_due,
    Plan.next_milestone_conditional,
    Plan.measurement_only,
)


@dataclass(frozen=True)
class ListedPlan:
    reference: str
    child: str
    profile: str
    started: dt.date
    ended: dt.date | None
    end_reason: str | None
    worker: str | None  # the social worker's email
    due: dt.date | None
    due_kind: str | None  # "review", "core-group" or "milestone"
    milestone: str | None
    overdue: bool
    measurement_only: bool = False  # loaded from an Annex A list, not completed yet


def _due_kind(row) -> str | None:
    if row.next_due is None:
        return None
    if row.next_review_due == row.next_due:
        return "review"
    if row.next_core_group_due == row.next_due:
        return "core-group"
    return "milestone"


def page_rows(ids: list[int], day: dt.date) -> list[ListedPlan]:
    """The page's plans, in the order of `ids`: small columns only, never the record."""
    if not ids:
        return []
    rows = db.session.execute(
        select(*ROW_COLUMNS, User.email)
        .outerjoin(User, User.id == Plan.social_worker_id)
        .where(Plan.id.in_(ids))
    )
    by_id = {row.id: row for row in rows}
    listed = []
    for plan_id in ids:
        row = by_id[plan_id]
        kind = _due_kind(row)
        listed.append(
            ListedPlan(
                reference=row.reference,
                child=row.child_first_name,
                profile=row.profile,
                started=row.started,
                ended=row.ended,
                end_reason=row.end_reason,
                worker=row.email,
                due=row.next_due,
                due_kind=kind,
                milestone=row.next_milestone if kind == "milestone" else None,
                overdue=row.next_due is not None and row.next_due < day,
                measurement_only=row.measurement_only,
            )
        )
    return listed
