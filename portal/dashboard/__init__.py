"""The professional dashboard: how long plans have run, what is due, the two-year measure.

Part of the professionals' workspace (same sign-in, same roles, same rule on who sees
which plan), in a blueprint of its own so that its counting stays out of the plan
forms. Counting is done by the database over small columns (queries.py); no page
computes a timeline per plan.
"""

from flask import Blueprint, render_template

from portal.security import keep_private
from portal.workspace.auth import PLAN_ROLES
from portal.workspace.labels import ROLE_NAMES

bp = Blueprint("dashboard", __name__, url_prefix="/<lang:lang>/professional/dashboard")


@bp.before_request
def _load_user():
    from portal.workspace.auth import load_current_user

    load_current_user()


bp.after_request(keep_private)  # plan data and sign-in pages


@bp.errorhandler(403)
def _forbidden(error):
    """A page for other roles (an administrator asking for a list of children): the
    workspace's own plain answer."""
    return render_template("professional/forbidden.html"), 403


@bp.context_processor
def _workspace_names():
    # The workspace layout (professional/base.html) needs these on every page.
    return {"role_names": ROLE_NAMES, "plan_roles": PLAN_ROLES}


@bp.context_processor
def _freshness():
    from portal.dashboard.freshness import dates_match_the_timescales

    return {"dates_match_the_timescales": dates_match_the_timescales}


from portal.dashboard import census_download, commands, views  # noqa: E402,F401  (routes register on import)
