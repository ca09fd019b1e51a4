"""Sending the outbox: each due notice is signed and POSTed to its endpoint; a failure
is tried again later (1, 5, 25, 125 and 625 minutes on), and after MAX_ATTEMPTS tries
the notice is given up. Each row keeps the attempts, the last status code and times:
never a body, of the notice or of the answer.

Run by `flask --app portal webhooks send` from a timer, one run at a time. A receiver
cannot hold a run up: each attempt has a wall-clock deadline (connecting, the TLS
handshake, sending, and reading the answer's status line and headers, never its body),
the attempt is counted before connecting, and a run stops starting attempts once its
time budget is spent (what is left waits for the next run).
"""

import datetime as dt
import hashlib
import hmac
import http.client
import json
import select as selectors
import socket
import ssl
import time
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
#: Wall-clock limit for one attempt, from connecting to the end of the answer's headers.
ATTEMPT_SECONDS = 10
#: No attempt is started after this many seconds of a run (the timer starts one a minute).
RUN_SECONDS = 40
#: The answer's status line and headers are read up to this size; the body never.
MAX_ANSWER_HEAD = 16 * 1024
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
        **(
            {"previous_reference": delivery.previous_reference}
            if delivery.previous_reference
            else {}
        ),
        "changed_at": delivery.changed_at.isoformat(timespec="seconds") + "Z",
        "sent_at": sent_at.isoformat(timespec="seconds") + "Z",
    }
    if delivery.previous_reference:  # the change renamed the plan
        notice["previous_reference"] = delivery.previous_reference
    return json.dumps(notice, ensure_ascii=False).encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over `timestamp.body`: the timestamp is signed too, so a receiver
    that refuses old timestamps cannot be sent an old notice again."""
    signed = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


class AttemptTimedOut(TimeoutError):
    pass


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise AttemptTimedOut
    return left


class _Connection(http.client.HTTPConnection):
    """HTTP(S) to the address that was checked (the certificate checked for the name),
    connecting and shaking hands within the attempt's deadline."""

    def __init__(self, target: Target, deadline: float):
        super().__init__(target.host, target.port, timeout=_left(deadline))
        self._target = target
        self._deadline = deadline

    def connect(self) -> None:
        sock = socket.create_connection((self._target.ip, self.port), _left(self._deadline))
        if self._target.scheme == "https":
            sock.setblocking(False)
            context = ssl.create_default_context()
            sock = context.wrap_socket(
                sock, server_hostname=self.host, do_handshake_on_connect=False
            )
            try:
                _handshake(sock, self._deadline)
            except BaseException:
                sock.close()
                raise
        # Sending the small request: one timeout is enough, the answer is read by `_status`.
        sock.settimeout(_left(self._deadline))
        self.sock = sock


def _handshake(sock: ssl.SSLSocket, deadline: float) -> None:
    """The TLS handshake, checking the clock between its reads (a blocking handshake
    restarts its timeout with each byte a receiver trickles)."""
    while True:
        try:
            sock.do_handshake()
            return
        except ssl.SSLWantReadError:
            selectors.select([sock], [], [], _left(deadline))
        except ssl.SSLWantWriteError:
            selectors.select([], [sock], [], _left(deadline))


def _status(sock: socket.socket, deadline: float) -> int:
    """Read the answer's status line and headers (capped) before the deadline; the
    status code. A socket's own timeout restarts with each byte, so the clock is
    checked between reads."""
    head = b""
    while b"\r\n\r\n" not in head:
        sock.settimeout(_left(deadline))
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
        if len(head) > MAX_ANSWER_HEAD:
            raise http.client.HTTPException("answer headers too long")
    version, _, rest = head.partition(b"\r\n")[0].partition(b" ")
    code = rest[:3]
    if not version.startswith(b"HTTP/") or len(code) != 3 or not code.isdigit():
        raise http.client.BadStatusLine("unreadable answer")
    return int(code)


def post(
    target: Target, body: bytes, headers: dict[str, str], *, seconds: float | None = None
) -> int:
    """POST and return the status code within `seconds` (ATTEMPT_SECONDS); redirects
    are not followed."""
    deadline = time.monotonic() + (ATTEMPT_SECONDS if seconds is None else seconds)
    connection = _Connection(target, deadline)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        return _status(connection.sock, deadline)
    finally:
        connection.close()


def _retry_delay(attempts: int) -> dt.timedelta:
    return FIRST_RETRY * BACKOFF ** (attempts - 1)


def send_due(
    now: dt.datetime,
    *,
    secret_key: str,
    allow_local_http: bool,
    ports: tuple[int, ...] = (443,),
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Send every notice due at `now`; returns counts of what happened."""
    summary = {"delivered": 0, "failed": 0, "gave_up": 0, "postponed": 0}
    endpoints = {
        e.id: e
        for e in db.session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.removed_at.is_(None))
        )
    }
    unreachable: set[int] = set()
    done = 0
    started = time.monotonic()

    def clock_now() -> dt.datetime:
        # `now` moved on by the run's real time: each attempt is signed with the time it
        # is made (receivers refuse old timestamps), not the time the run started.
        return now + dt.timedelta(seconds=time.monotonic() - started)

    out_of_time = False
    while not out_of_time:  # batch after batch, until nothing is due (a bulk load queues thousands)
        due = list(
            db.session.scalars(
                select(WebhookDelivery)
                .where(
                    WebhookDelivery.status == PENDING,
                    WebhookDelivery.next_attempt_at <= now,
                    # Endpoints added or removed while the run goes wait for the next.
                    WebhookDelivery.endpoint_id.in_(sorted(endpoints)),
                    WebhookDelivery.endpoint_id.not_in(sorted(unreachable)),
                )
                .order_by(WebhookDelivery.id)
                .limit(BATCH)
            )
        )
        if not due:
            break
        for delivery in due:
            if time.monotonic() - started > RUN_SECONDS:
                out_of_time = True  # the rest waits for the next run
                break
            if delivery.endpoint_id in unreachable:
                continue  # its endpoint just failed: it waits for the next run, untried
            endpoint = endpoints[delivery.endpoint_id]
            outcome = _attempt(
                delivery, endpoint, now, clock_now, secret_key, allow_local_http, ports
            )
            summary[outcome] += 1
            if outcome != "delivered":
                unreachable.add(delivery.endpoint_id)
            db.session.commit()
            done += 1
            if progress is not None:
                progress(done)
    if out_of_time or unreachable:
        # What was due and waits for the next run: everything still due when time ran
        # out, else what belongs to the endpoints that failed during this run.
        still_due = select(func.count()).where(
            WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now
        )
        if not out_of_time:
            still_due = still_due.where(WebhookDelivery.endpoint_id.in_(sorted(unreachable)))
        summary["postponed"] += db.session.scalar(still_due) or 0
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
    clock_now: Callable[[], dt.datetime],
    secret_key: str,
    allow_local_http: bool,
    ports: tuple[int, ...],
) -> str:
    # Counted (and the retry scheduled) before connecting: an attempt that never comes
    # back, however it ends, still counts towards giving up.
    delivery.attempts += 1
    delivery.last_attempt_at = clock_now()
    delivery.last_status_code = None
    delivery.error = "attempt did not finish"
    delivery.next_attempt_at = now + _retry_delay(delivery.attempts)
    db.session.commit()
    delivery.error = None
    try:
        secret = unseal(endpoint.secret_sealed, secret_key, endpoint.url)
        target = resolve(endpoint.url, allow_local_http=allow_local_http, ports=ports)
        sent_at = clock_now()
        body = notice_body(delivery, sent_at)
        timestamp = str(int(sent_at.replace(tzinfo=dt.UTC).timestamp()))
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
            seconds=ATTEMPT_SECONDS,
        )
        delivery.last_status_code = status
        if 200 <= status < 300:
            delivery.status = DELIVERED
            delivery.delivered_at = clock_now()
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
    return "failed"
