"""Professionals' workspace: sign in, plan records, family links."""

from flask import Blueprint
from werkzeug.routing import BaseConverter

from portal.security import keep_private

bp = Blueprint("professional", __name__, url_prefix="/<lang:lang>/professional")


class ReferenceConverter(BaseConverter):
    """A plan reference as one URL segment.

    References may contain "/" (ST/2026/1), which cannot travel inside one path segment
    (servers decode %2F before routing). "~" is never part of a reference, so it
    stands in for "/" in addresses.
    """

    regex = r"[A-Za-z0-9~-]{1,40}"

    def to_python(self, value: str) -> str:
        return value.replace("~", "/")

    def to_url(self, value: str) -> str:
        return value.replace("/", "~")


@bp.record_once
def _register_converter(state) -> None:
    # Runs before the routes below are added, so their rules can use <reference:...>.
    state.app.url_map.converters.setdefault("reference", ReferenceConverter)


@bp.before_request
def _load_user():
    from portal.workspace.auth import load_current_user

    load_current_user()


bp.after_request(keep_private)  # plan data and sign-in pages


from portal.professional import (  # noqa: E402,F401  (routes register on import)
    edit_views,
    link_reminders,
    plan_list_views,
    plan_views,
    task_views,
    translation_views,
    views,
    webhook_views,
    weekly_summary,
)
