"""Professional views: signing in and out, setting a password, and managing accounts."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from portal.models import Role, User, db
from portal.professional import bp
from portal.records import audit
from portal.sharing import absolute_url
from portal.workspace.auth import (
    MAX_TEAM,
    MIN_PASSWORD_LENGTH,
    PLAN_ROLES,
    ROLES,
    AccountError,
    SignIn,
    check_sign_in,
    create_user,
    deactivate,
    end_all_sessions,
    end_session,
    login_required,
    new_setup_token,
    password_problem,
    safe_next,
    set_password,
    start_session,
    user_for_setup_token,
)
from portal.workspace.common import actor, audit_now
from portal.workspace.labels import ROLE_NAMES


@bp.context_processor
def _workspace_names():
    return {"role_names": ROLE_NAMES, "plan_roles": PLAN_ROLES}


@bp.app_template_global()
def workspace_has(endpoint: str) -> bool:
    """Whether a workspace page exists in this app (the menu links only to those)."""
    return endpoint in current_app.view_functions


@bp.errorhandler(CSRFError)
def session_ended(error):
    """A form sent without a valid token: almost always a session that ended while the
    page was open (an hour without a request). Say what happened: nothing was saved."""
    return render_template("professional/session_ended.html"), 400


@bp.errorhandler(403)
def forbidden(error):
    """A page for another role: say so plainly, in the workspace's own layout."""
    return render_template("professional/forbidden.html"), 403


def _home_for(user: User) -> str:
    return url_for("professional.users" if user.role == Role.ADMIN else "professional.plans")


def _summary(errors: dict[str, str]) -> list[tuple[str, str]]:
    return [(message, f"#{field_id}") for field_id, message in errors.items()]


@bp.get("/")
def index() -> ResponseReturnValue:
    """The workspace's front door: your plans, or the sign-in page."""
    if g.professional is None:
        return redirect(url_for("professional.sign_in"))
    return redirect(_home_for(g.professional))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    """Sign in with an email address and password."""
    errors: dict[str, str] = {}
    email = ""
    next_url = safe_next(request.values.get("next"))
    if request.method == "POST":
        email = request.form.get("email", "").strip()[:254]
        password = request.form.get("password", "")[:1000]
        if not email:
            errors["email"] = _("Enter your email address")
        if not password:
            errors["password"] = _("Enter your password")
        if not errors:
            result, user = check_sign_in(email, password, address=request.remote_addr)
            # An OK sign-in always names its user; the check only tells the type checker.
            if result is SignIn.OK and user is not None:
                start_session(user)
                return redirect(next_url or _home_for(user))
            # One message for a wrong email, a wrong password and a locked account, so
            # the page never tells anyone which email addresses have accounts.
            errors["email"] = _(
                "The email address or password is not right, or there have been too many "
                "tries. Check them and try again. After 5 wrong tries, wait 15 minutes."
            )
    elif g.professional is not None:
        return redirect(next_url or _home_for(g.professional))
    expired = request.args.get("expired") == "1" and not errors
    return render_template(
        "professional/sign_in.html",
        errors=errors,
        summary=_summary(errors),
        email=email,
        next_url=next_url,
        expired=expired,
    )


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out: the session ends at once."""
    if g.professional is not None:
        # Every session of this user ends, not just this browser's cookie: a copy of
        # the cookie taken earlier stops working too.
        end_all_sessions(g.professional.id)
        audit(actor(), "user.sign_out")
        db.session.commit()
    end_session()
    flash(_("You have signed out."))
    return redirect(url_for("professional.sign_in"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password_page(token: str) -> ResponseReturnValue:
    """Choose a password from a one-time set-up link."""
    user = user_for_setup_token(token)
    if user is None:
        return render_template("professional/set_password_invalid.html"), 404
    errors: dict[str, str] = {}
    if request.method == "POST":
        password = request.form.get("password", "")
        problem = password_problem(password, request.form.get("confirm_password", ""))
        if problem == "short":
            errors["password"] = _(
                "Your password must be at least %(min)s characters long", min=MIN_PASSWORD_LENGTH
            )
        elif problem == "long":
            errors["password"] = _("Your password must be 200 characters or fewer")
        elif problem == "mismatch":
            errors["confirm_password"] = _("The two passwords are not the same")
        else:
            set_password(user, password)
            audit(f"user:{user.id}", "user.set_password")
            db.session.commit()
            end_session()
            flash(_("Your password is set. You can now sign in."))
            return redirect(url_for("professional.sign_in"))
    return render_template(
        "professional/set_password.html",
        errors=errors,
        summary=_summary(errors),
        email=user.email,
        min_length=MIN_PASSWORD_LENGTH,
    )


# --- accounts (administrators) -------------------------------------------------------


def _users_page(errors=None, email="", role="", team="", status=200, team_form=None):
    users = db.session.scalars(select(User).order_by(User.email)).all()
    errors = errors or {}
    return (
        render_template(
            "professional/users.html",
            users=users,
            role_options=[(role, ROLE_NAMES[role]) for role in ROLES],
            user_options=[(str(user.id), user.email) for user in users if user.active],
            errors=errors,
            summary=_summary(errors),
            email=email,
            role=role,
            team=team,
            team_form=team_form or {"user": "", "team": ""},
        ),
        status,
    )


def _read_team(value: str) -> str | None:
    """A team name as typed, spaces squeezed; None for no team; ValueError if too long."""
    team = " ".join(value.split())
    if len(team) > MAX_TEAM:
        raise ValueError(team)
    return team or None


@bp.get("/users")
@login_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    """Everyone who can sign in, and a form to add someone."""
    return _users_page()


@bp.post("/users")
@login_required(Role.ADMIN)
def create_user_account() -> ResponseReturnValue:
    """Add an account and show its one-time set-up link."""
    email = request.form.get("email", "").strip()[:254]
    role = request.form.get("role", "")
    team_text = request.form.get("team", "")[:1000]
    try:
        team = _read_team(team_text)
    except ValueError:
        message = _("Use %(max)s characters or fewer", max=MAX_TEAM)
        return _users_page({"team": message}, email, role, team_text, status=422)
    try:
        user = create_user(email, role)
        user.team = team
    except AccountError as problem:
        field, message = {
            "email": ("email", _("Enter an email address, like name@example.org")),
            "role": ("role", _("Choose a role")),
            "duplicate": ("email", _("There is already an account with this email address")),
        }[str(problem)]
        db.session.rollback()
        return _users_page({field: message}, email, role, team_text, status=422)
    return _show_setup_link(user, "user.create", new_link=False)


@bp.post("/users/team")
@login_required(Role.ADMIN)
def set_user_team() -> ResponseReturnValue:
    """Put someone in a team (or in none): the plan list's "my team" and the
    dashboard's team column follow it."""
    chosen = request.form.get("team-user", "")
    team_text = request.form.get("team-name", "")[:1000]
    form = {"user": chosen, "team": team_text}
    errors: dict[str, str] = {}
    user = None
    if chosen.isascii() and chosen.isdigit() and len(chosen) <= 9:
        user = db.session.get(User, int(chosen))
    if user is None or not user.active:
        errors["team-user"] = _("Choose a user from the list")
    try:
        team = _read_team(team_text)
    except ValueError:
        errors["team-name"] = _("Use %(max)s characters or fewer", max=MAX_TEAM)
    if errors or user is None:  # no user always comes with its error
        return _users_page(errors, status=422, team_form=form)
    user.team = team
    audit_now("user.set_team", detail=f"user:{user.id}")
    if team:
        flash(_("%(email)s is now in %(team)s.", email=user.email, team=team))
    else:
        flash(_("%(email)s is now in no team.", email=user.email))
    return redirect(url_for("professional.users"))


@bp.post("/users/<int(max=2147483647):user_id>/setup-link")
@login_required(Role.ADMIN)
def new_setup_link(user_id: int) -> ResponseReturnValue:
    """A new one-time set-up link, for someone whose link expired or who forgot their
    password. Any earlier link stops working; a password they have works until they
    choose a new one."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        abort(404)
    return _show_setup_link(user, "user.setup_link", new_link=True)


def _show_setup_link(user: User, action: str, new_link: bool) -> str:
    """Give `user` a one-time set-up link (any earlier one stops working), audit it as
    `action`, and show it this once.

    An account that can see families' plans never gets its link from this page: the
    administrator who asked for it could use it themselves, and so read every plan or
    take over a manager's account. Its link is printed by `flask users setup-link` for
    an operator to give to the person; the request is audited all the same."""
    if user.role in PLAN_ROLES:
        if action == "user.create":
            audit(actor(), action, detail=f"user:{user.id}")
        audit(actor(), "user.setup_link_held_back", detail=f"user:{user.id}")
        db.session.commit()
        return render_template(
            "professional/user_created.html", user=user, link=None, new_link=new_link
        )
    token = new_setup_token(user)
    audit(actor(), action, detail=f"user:{user.id}")
    db.session.commit()
    link = absolute_url(url_for("professional.set_password_page", token=token))
    return render_template(
        "professional/user_created.html", user=user, link=link, new_link=new_link
    )


@bp.post("/users/<int(max=2147483647):user_id>/deactivate")
@login_required(Role.ADMIN)
def deactivate_user(user_id: int) -> ResponseReturnValue:
    """Stop an account: it cannot sign in any more, and its set-up link stops working."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if user.id == g.professional.id:
        flash(_("You cannot deactivate your own account."), "important")
        return redirect(url_for("professional.users"))
    deactivate(user)
    audit_now("user.deactivate", detail=f"user:{user.id}")
    flash(_("The account %(email)s is deactivated.", email=user.email))
    return redirect(url_for("professional.users"))
