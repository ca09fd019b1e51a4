"""Sending the outbox: each due notice is signed and POSTed to its endpoint; a failure
is tried again later (1, 5, 25, 125 and 625 minutes on), and after MAX_ATTEMPTS tries
the notice is given up. Each row keeps the attempts, the last status code and times:
never a body, of the notice or of the answer.

Run by `flask --app portal webhooks send` from a timer, one run at a time.
"""

import datetime as dt
import hashlib
import hmac
import http.client
import json
import socket
import ssl
from collections.abc import Callable

from sqlalchemy import delete, func, select

from portal.models import db
from portal.models.outgoing import WebhookDelivery, WebhookEndpoint
from portal.webhooks.addresses import AddressRefused, Target, resolve
from portal.webhooks.outbox import DELIVERED, GAVE_UP, PENDING
from portal.webhooks.sealing import SecretUnreadable, unseal

MAX_ATTEMPTS = 6
FIRST_RETRY = dt.timedelta(minutes=1)
BACKOFF = 5
TIMEOUT_SECONDS = 10
BATCH = 500
#: Delivered and given-up rows are kept this long as the delivery log.
KEEP_LOG = dt.timedelta(days=30)
USER_AGENT = "family-plan-portal-webhooks/1"


def notice_body(delivery: WebhookDelivery, sent_at: dt.datetime) -> bytes:
    """The JSON notice: which plan, which version, what kind of change and which
    top-level sections changed. Never the plan's content."""
    notice = {
        "delivery_id": delivery.delivery_id,
        "kind": delivery.kind,
        "reference": delivery.reference,
        "version": delivery.version,
        "changed": delivery.sections.split(",") if delivery.sections else [],
        "changed_at": delivery.changed_at.isoformat(timespec="seconds") + "Z",
        "sent_at": sent_at.isoformat(timespec="seconds") + "Z",
    }
    return json.dumps(notice, ensure_ascii=False).encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over `timestamp.body`: the timestamp is signed too, so a receiver
    that refuses old timestamps cannot be sent an old notice again."""
    signed = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the address that was checked, with the certificate checked for the name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = target.ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)


def post(target: Target, body: bytes, headers: dict[str, str]) -> int:
    """POST and return the status code; redirects are not followed."""
    if target.scheme == "https":
        connection: http.client.HTTPConnection = _PinnedHTTPSConnection(target, TIMEOUT_SECONDS)
    else:
        connection = http.client.HTTPConnection(target.ip, target.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # drained, never kept
        return response.status
    finally:
        connection.close()


def _retry_delay(attempts: int) -> dt.timedelta:
    return FIRST_RETRY * BACKOFF ** (attempts - 1)


def send_due(
    now: dt.datetime,
    *,
    secret_key: str,
    allow_local_http: bool,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Send every notice due at `now`; returns counts of what happened."""
    summary = {"delivered": 0, "failed": 0, "gave_up": 0, "postponed": 0}
    endpoints = {e.id: e for e in db.session.scalars(select(WebhookEndpoint))}
    unreachable: set[int] = set()
    done = 0
    while True:  # batch after batch, until nothing is due (a bulk load queues thousands)
        due = list(
            db.session.scalars(
                select(WebhookDelivery)
                .where(
                    WebhookDelivery.status == PENDING,
                    WebhookDelivery.next_attempt_at <= now,
                    WebhookDelivery.endpoint_id.not_in(sorted(unreachable)),
                )
                .order_by(WebhookDelivery.id)
                .limit(BATCH)
            )
        )
        if not due:
            break
        for delivery in due:
            if delivery.endpoint_id in unreachable:
                continue  # its endpoint just failed: it waits for the next run, untried
            endpoint = endpoints[delivery.endpoint_id]
            outcome = _attempt(delivery, endpoint, now, secret_key, allow_local_http)
            summary[outcome] += 1
            if outcome != "delivered":
                unreachable.add(delivery.endpoint_id)
            db.session.commit()
            done += 1
            if progress is not None:
                progress(done)
    if unreachable:
        summary["postponed"] = (
            db.session.scalar(
                select(func.count()).where(
                    WebhookDelivery.status == PENDING,
                    WebhookDelivery.next_attempt_at <= now,
                    WebhookDelivery.endpoint_id.in_(sorted(unreachable)),
                )
            )
            or 0
        )
    db.session.execute(
        delete(WebhookDelivery).where(
            WebhookDelivery.status.in_((DELIVERED, GAVE_UP)),
            WebhookDelivery.last_attempt_at < now - KEEP_LOG,
        )
    )
    db.session.commit()
    return summary


def _attempt(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    now: dt.datetime,
    secret_key: str,
    allow_local_http: bool,
) -> str:
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = None
    delivery.error = None
    try:
        secret = unseal(endpoint.secret_sealed, secret_key, endpoint.url)
        target = resolve(endpoint.url, allow_local_http=allow_local_http)
        body = notice_body(delivery, now)
        timestamp = str(int(now.replace(tzinfo=dt.UTC).timestamp()))
        status = post(
            target,
            body,
            {
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-Portal-Delivery": delivery.delivery_id,
                "X-Portal-Timestamp": timestamp,
                "X-Portal-Signature": signature(secret, timestamp, body),
            },
        )
        delivery.last_status_code = status
        if 200 <= status < 300:
            delivery.status = DELIVERED
            delivery.delivered_at = now
            return "delivered"
        delivery.error = f"answered {status}"
    except SecretUnreadable:
        delivery.error = "secret unreadable: SECRET_KEY changed? register the endpoint again"
    except AddressRefused as refused:
        delivery.error = str(refused)[:120]
    except TimeoutError:
        delivery.error = "timed out"
    except (OSError, http.client.HTTPException) as exc:
        delivery.error = f"connection failed: {type(exc).__name__}"[:120]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = GAVE_UP
        return "gave_up"
    delivery.next_attempt_at = now + _retry_delay(delivery.attempts)
    return "failed"
