"""`flask --app portal apikeys ...`: keys for case-management systems calling the API.

A key is shown once, when it is made; the database keeps only its SHA-256 hash.
"""

import json

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal.commands.common import fail as _fail
from portal.commands.common import one_line_errors, utc_text
from portal.models import ApiKey, db, utcnow
from portal.records import audit, hash_token, new_token

apikeys = AppGroup("apikeys", help="Make, list and revoke API keys.")

MAX_NAME = 100
ACTOR = "cli"


_guard = one_line_errors("apikeys", changed="nothing was changed")


def _active(name: str) -> list[ApiKey]:
    return list(
        db.session.scalars(select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None)))
    )


@apikeys.command("create")
@click.argument("name")
@click.option(
    "--may-delete",
    is_flag=True,
    help="Allow this key to delete plans (DELETE /api/v1/plans/<reference>).",
)
@_guard
def create(name: str, may_delete: bool) -> None:
    """Make a key called NAME (say which system uses it) and print it, once."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        _fail(f"NAME: give the key a name of 1 to {MAX_NAME} characters")
    if _active(name):
        # Names are how keys are revoked, so two live keys must not share one.
        _fail(f"{name}: a key with this name is already in use; revoke it or choose another name")
    key = new_token()
    record = ApiKey(name=name, key_hash=hash_token(key), may_delete=may_delete)
    db.session.add(record)
    db.session.flush()
    detail = f"api-key:{record.id}" + (" may delete" if may_delete else "")
    audit(ACTOR, "apikey.create", None, detail)
    db.session.commit()
    click.echo("Keep this key secret; it will not be shown again:", err=True)
    click.echo(key)


@apikeys.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of lines.")
@_guard
def list_keys(as_json: bool) -> None:
    """Every key: id, name, when made and last used, and whether it is revoked."""
    keys = db.session.scalars(select(ApiKey).order_by(ApiKey.id)).all()
    items = [
        {
            "id": key.id,
            "name": key.name,
            "created": utc_text(key.created_at),
            "last_used": utc_text(key.last_used_at),
            "revoked": utc_text(key.revoked_at),
            "may_delete": key.may_delete,
        }
        for key in keys
    ]
    if as_json:
        click.echo(json.dumps(items, indent=1, ensure_ascii=False))
        return
    for item in items:
        state = f"revoked {item['revoked']}" if item["revoked"] else "active"
        used = item["last_used"] or "never used"
        deletes = "may delete" if item["may_delete"] else "may not delete"
        click.echo(f"{item['id']}\t{item['name']}\t{item['created']}\t{used}\t{state}\t{deletes}")


@apikeys.command("revoke")
@click.argument("name")
@_guard
def revoke(name: str) -> None:
    """Stop the key called NAME from working, at once."""
    keys = _active(name.strip())
    if not keys:
        _fail(f"{name}: there is no active key with this name")
    now = utcnow()
    for key in keys:
        key.revoked_at = now
        audit(ACTOR, "apikey.revoke", None, f"api-key:{key.id}")
    db.session.commit()
    click.echo(f"Revoked the key called {name.strip()}.")
