"""What a family sign-in keeps in the session cookie, and how it ends. Shared by the
family pages (portal/family/access.py), the exit control and the rate limits, which
must not import the family blueprint."""

from flask import session

SESSION_KEY = "family_link_id"
LINK_KEY = "family_link_key"  # the link's token hash: unique, and never given to another link
SIGNED_IN_AT_KEY = "family_signed_in_at"  # when the passcode was entered (UTC, ISO 8601)


def end_family_session() -> None:
    """Forget the family sign-in only: a professional signed in on the same browser
    stays signed in, so a link from another site to a family page cannot sign them out."""
    for key in (SESSION_KEY, LINK_KEY, SIGNED_IN_AT_KEY):
        session.pop(key, None)
