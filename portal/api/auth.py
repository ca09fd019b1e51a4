"""Bearer API keys, and the audit row every authenticated call leaves behind."""

from flask import Blueprint, current_app, g, request
from sqlalchemy import select

from portal.api.errors import ApiError, error_response
from portal.models import ApiKey, db, utcnow
from portal.records import audit, hash_token

# The API's own description is public: it holds no family data.
PUBLIC_ENDPOINTS = {"api.openapi"}
MAX_KEY_LENGTH = 200
CHALLENGE = 'Bearer realm="api"'


def api_actor() -> str:
    return f"api-key:{g.api_key_id}"


def _presented_key() -> str | None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key or len(key) > MAX_KEY_LENGTH:
        return None
    return key


def init_auth(bp: Blueprint) -> None:
    @bp.before_request
    def require_api_key():
        """Refuse the call unless it carries a live key; remember which key it was."""
        # `g` can outlive a request (an app context pushed around several): start clean.
        g.pop("api_key_id", None)
        g.pop("audit_plan_id", None)
        if request.endpoint in PUBLIC_ENDPOINTS or request.method == "OPTIONS":
            return
        presented = _presented_key()
        if presented is None:
            raise ApiError(401, headers={"WWW-Authenticate": CHALLENGE})
        key_id = db.session.scalar(
            select(ApiKey.id).where(
                ApiKey.key_hash == hash_token(presented), ApiKey.revoked_at.is_(None)
            )
        )
        if key_id is None:
            raise ApiError(
                401,
                "This API key is not valid or has been revoked.",
                headers={"WWW-Authenticate": CHALLENGE + ', error="invalid_token"'},
            )
        g.api_key_id = key_id

    @bp.after_request
    def record_call(response):
        """One audit row per authenticated call, whatever its outcome, and the key's
        last use. The views commit their own changes; anything left over is dropped."""
        key_id = g.get("api_key_id")
        if key_id is None:
            return response
        response.headers["Cache-Control"] = "no-store"
        try:
            db.session.rollback()
            key = db.session.get(ApiKey, key_id)
            if key is not None:
                key.last_used_at = utcnow()
            action = "api." + (request.endpoint or "unknown").removeprefix("api.")
            detail = f"{request.method} {response.status_code}"
            audit(api_actor(), action, g.get("audit_plan_id"), detail)
            db.session.commit()
        except Exception:  # reported below, never as a traceback
            db.session.rollback()
            current_app.logger.exception("Could not record an API call in the audit log")
            if response.status_code < 400 and request.method == "GET":
                # No family data leaves without its audit row.
                return error_response(500)
        return response
