"""Reading the dashboard's GET parameters: filters, sort, page and the chosen date.

Every value comes from a link or a GET form, so anything can arrive. A value that is
not one of the offered choices is reported against its field, never ignored quietly:
a list that silently dropped a filter would show more plans than the reader thinks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal.dashboard.periods import BANDS_BY_KEY
from portal.dashboard.queries import SORTS, ListFilters
from portal.workspace.date_fields import MSG_DATE_NOT_REAL, PARTS, DateInput, from_iso, read_date
from portal.workspace.labels import CATEGORY_NAMES, OVERDUE_NAMES

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)
MAX_PAGE = 100_000


@dataclass
class ListRequest:
    filters: ListFilters = field(default_factory=ListFilters)
    sort: str = "duration"
    order: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)
    on: str = ""  # the day asked about, as given (empty: today)

    def args(self, **changes) -> dict[str, str | int]:
        """The query string of this list, with `changes`; empty values left out."""
        values = {
            "band": self.filters.band,
            "overdue": self.filters.overdue,
            "profile": self.filters.profile,
            "worker": self.filters.worker,
            "category": self.filters.category,
            "sort": self.sort if self.sort != "duration" else "",
            "order": self.order,
            "page": self.page if self.page != 1 else "",
            "on": self.on,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None)}


def _choice(args: MultiDict, name: str, choices, errors: dict, message: str) -> str:
    value = args.get(name, "").strip()
    if value and value not in choices:
        errors[name] = message
        return ""
    return value


def read_list_request(args: MultiDict, profiles: dict, worker_ids: set[int] | None) -> ListRequest:
    """The list's filters from the query string. `worker_ids` is None when the reader may
    not filter by social worker (a social worker sees only their own plans anyway)."""
    errors: dict[str, str] = {}
    one_of = _("Choose a sort order from the list")
    band = _choice(args, "band", BANDS_BY_KEY, errors, _("Choose a duration from the list"))
    overdue = _choice(
        args, "overdue", OVERDUE_NAMES, errors, _("Choose what is overdue from the list")
    )
    profile = _choice(
        args, "profile", profiles, errors, _("Choose a procedure profile from the list")
    )
    category = _choice(
        args, "category", CATEGORY_NAMES, errors, _("Choose a category from the list")
    )
    # A social worker's list holds only their own plans: no other worker can be chosen.
    choices = {"none", *(str(i) for i in worker_ids)} if worker_ids is not None else set()
    worker = _choice(args, "worker", choices, errors, _("Choose a social worker from the list"))
    sort = _choice(args, "sort", SORTS, errors, one_of) or "duration"
    order = _choice(args, "order", ("asc", "desc"), errors, one_of)
    page = read_page(args, errors)
    return ListRequest(
        ListFilters(band, overdue, profile, worker, category), sort, order, page, errors
    )


def read_page(args: MultiDict, errors: dict) -> int:
    value = args.get("page", "").strip()
    if not value:
        return 1
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        errors["page"] = _("The page number must be a whole number, like 2")
        return 1
    return int(value)


def day_input(args: MultiDict) -> DateInput:
    """The day asked about, as typed in the form's three boxes (``on-day``, ``on-month``,
    ``on-year``), or as ``on=YYYY-MM-DD`` in the page's own links and CSV addresses."""
    if any(args.get(f"on-{part}", "").strip() for part in PARTS):
        return read_date(args, "on", required=False)
    value = args.get("on", "").strip()[:20]
    if not value:
        return DateInput()
    typed = from_iso(value) if _DATE_RE.fullmatch(value) else DateInput()
    return typed if typed.iso else DateInput(error=MSG_DATE_NOT_REAL, wrong=PARTS)


def read_day(args: MultiDict, errors: dict, today: dt.date) -> dt.date:
    """The day the measures are counted on (see :func:`day_input`); today when none."""
    typed = day_input(args)
    if typed.error:
        errors["on"] = _(typed.error, field=_("Date to count on"))
        return today
    if typed.iso is None:
        return today
    day = dt.date.fromisoformat(typed.iso)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        errors["on"] = _("Enter a date from 2000 to 2199")
        return today
    return day
