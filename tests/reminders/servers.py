"""Real servers on 127.0.0.1 for the reminder tests: an SMTP server (aiosmtpd) and a small
HTTP server that answers as GOV.UK Notify's API does, checking each request against
Notify's documented API (path, JWT bearer token signed with the key's secret, JSON body)."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    messages: list = field(default_factory=list)  # email.message.EmailMessage

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        # aiosmtpd checks its server by connecting to the port it was given: not 0.
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


@dataclass
class NotifyState:
    service_id: str
    secret: str
    sent: list = field(default_factory=list)  # (path, body) accepted
    rejected: list = field(default_factory=list)  # why a request was refused
    fail_next: int = 0  # answer this many sends with 500, as Notify does when it is down
    received_texts: list = field(default_factory=list)


SMS_FIELDS = {"phone_number", "template_id"}
EMAIL_FIELDS = {"email_address", "template_id"}
OPTIONAL = {
    "personalisation",
    "reference",
    "sms_sender_id",
    "email_reply_to_id",
    "one_click_unsubscribe_url",
}


class NotifyHandler(BaseHTTPRequestHandler):
    state: NotifyState

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            self.state.rejected.append("no bearer token")
            return False
        try:
            claims = jwt.decode(header[7:], self.state.secret, algorithms=["HS256"])
        except jwt.PyJWTError as error:
            self.state.rejected.append(f"bad token: {error}")
            return False
        if (
            claims.get("iss") != self.state.service_id
            or abs(time.time() - claims.get("iat", 0)) > 30
        ):
            self.state.rejected.append("wrong issuer or time")
            return False
        return True

    def do_GET(self):
        if not self._authorised():
            return self._answer(403, {"errors": [{"error": "AuthError"}], "status_code": 403})
        path, _, query = self.path.partition("?")
        if path == "/v2/received-text-messages":
            # As Notify pages them: newest first, with a "next" link while a page had any;
            # the page after the last one is empty.
            texts = [] if "older_than=" in query else self.state.received_texts
            links = {"current": self.path}
            if texts:
                links["next"] = f"{path}?older_than={texts[-1]['id']}"
            return self._answer(200, {"received_text_messages": texts, "links": links})
        return self._answer(404, {"errors": [{"error": "NotFound"}], "status_code": 404})

    def do_POST(self):
        if not self._authorised():
            return self._answer(403, {"errors": [{"error": "AuthError"}], "status_code": 403})
        if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
            self.state.rejected.append("not JSON")
            return self._answer(400, {"errors": [{"error": "BadRequest"}], "status_code": 400})
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        required = {
            "/v2/notifications/sms": SMS_FIELDS,
            "/v2/notifications/email": EMAIL_FIELDS,
        }.get(self.path)
        if required is None:
            return self._answer(404, {"errors": [{"error": "NotFound"}], "status_code": 404})
        unknown = set(body) - required - OPTIONAL
        if (
            not required <= set(body)
            or unknown
            or not isinstance(body.get("personalisation", {}), dict)
        ):
            self.state.rejected.append(f"body fields {sorted(body)}")
            return self._answer(400, {"errors": [{"error": "ValidationError"}], "status_code": 400})
        if self.state.fail_next:
            self.state.fail_next -= 1
            return self._answer(500, {"errors": [{"error": "Exception"}], "status_code": 500})
        self.state.sent.append((self.path, body))
        return self._answer(
            201,
            {"id": str(uuid.uuid4()), "reference": None, "content": {}, "uri": "", "template": {}},
        )


class NotifyServer:
    def __init__(self):
        self.state = NotifyState(service_id=str(uuid.uuid4()), secret=str(uuid.uuid4()))
        self.api_key = f"portal_test-{self.state.service_id}-{self.state.secret}"
        handler = type("Handler", (NotifyHandler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
