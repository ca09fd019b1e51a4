"""Registering and removing webhook endpoints: the one way, for the command line and the
administrators' page alike."""

import datetime as dt
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select, update

from portal import clock
from portal.models import db
from portal.models.outgoing import WebhookDelivery, WebhookEndpoint
from portal.records import audit
from portal.webhooks.addresses import check_url
from portal.webhooks.outbox import DELIVERED, GAVE_UP, PENDING
from portal.webhooks.sealing import seal


class AlreadyRegistered(ValueError):
    pass


@dataclass(frozen=True)
class EndpointSummary:
    id: int
    url: str
    created_at: dt.datetime
    pending: int
    delivered: int
    gave_up: int


def _site(url: str) -> str:
    """Scheme, host and port for the audit: where notices go, without a path or query
    that might carry the receiver's own token."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"[:150]


def new_secret() -> str:
    return secrets.token_hex(32)


def register(
    url: str,
    secret: str,
    *,
    actor: str,
    secret_key: str,
    allow_local_http: bool,
    ports: tuple[int, ...] = (443,),
):
    """Check the address, seal the secret and store the endpoint, audited (committed).

    Raises AddressRefused or AlreadyRegistered; nothing is stored then."""
    check_url(url, allow_local_http=allow_local_http, ports=ports)
    if live_endpoint(url) is not None:
        raise AlreadyRegistered(url)
    endpoint = WebhookEndpoint(url=url, secret_sealed=seal(secret, secret_key, url))
    db.session.add(endpoint)
    db.session.flush()
    audit(actor, "webhook.add", None, f"webhook:{endpoint.id} {_site(url)}")
    db.session.commit()
    return endpoint


def live_endpoint(url: str) -> WebhookEndpoint | None:
    return db.session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.url == url, WebhookEndpoint.removed_at.is_(None)
        )
    )


def unregister(endpoint: WebhookEndpoint, *, actor: str) -> None:
    """Stop sending to the endpoint (committed): its waiting notices are given up and
    its secret wiped; the row and its delivery log are kept (dropped with the log,
    KEEP_LOG after the last attempt)."""
    audit(actor, "webhook.remove", None, f"webhook:{endpoint.id} {_site(endpoint.url)}")
    now = clock.now()
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == PENDING)
        .values(status=GAVE_UP, error="endpoint removed", last_attempt_at=now)
    )
    endpoint.removed_at = now
    endpoint.secret_sealed = ""
    db.session.commit()


def summaries() -> list[EndpointSummary]:
    """Every endpoint with how many notices are waiting, delivered and given up."""
    counts = {
        (endpoint_id, status): number
        for endpoint_id, status, number in db.session.execute(
            select(WebhookDelivery.endpoint_id, WebhookDelivery.status, func.count()).group_by(
                WebhookDelivery.endpoint_id, WebhookDelivery.status
            )
        )
    }
    return [
        EndpointSummary(
            e.id,
            e.url,
            e.created_at,
            counts.get((e.id, PENDING), 0),
            counts.get((e.id, DELIVERED), 0),
            counts.get((e.id, GAVE_UP), 0),
        )
        for e in db.session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.removed_at.is_(None))
            .order_by(WebhookEndpoint.id)
        )
    ]
