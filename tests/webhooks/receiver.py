"""A real webhook receiver on 127.0.0.1 for the tests: it keeps what it was sent and
answers with the status codes it is told to, then 200. It stops itself after a minute
if a test forgets to."""

import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class ReceiverState:
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # next status codes, then 200


class _Handler(BaseHTTPRequestHandler):
    state: ReceiverState

    def log_message(self, *args):  # quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.state.received.append(Received(self.path, dict(self.headers.items()), body))
        status = self.state.answers.pop(0) if self.state.answers else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


class Receiver:
    def __init__(self):
        self.state = ReceiverState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/plans"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._deadline = threading.Timer(60, self.server.shutdown)

    def __enter__(self):
        self._thread.start()
        self._deadline.start()
        return self

    def __exit__(self, *exc):
        self._deadline.cancel()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)


class TricklingReceiver:
    """A receiver that reads the notice, then sends its answer one byte a second (a
    broken or hostile receiver trying to hold the sender up). Stops itself after a minute."""

    ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(60)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/hooks/slow"
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        try:
            while not self._stop.is_set():
                connection, _ = self.listener.accept()
                self.requests += 1
                with connection:
                    connection.settimeout(10)
                    data = b""
                    while b"\r\n\r\n" not in data:
                        data += connection.recv(65536)
                    for byte in self.ANSWER:
                        if self._stop.wait(1):
                            return
                        connection.sendall(bytes([byte]))
        except OSError:  # the sender hung up, or a minute passed
            pass

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.listener.close()
        self._thread.join(5)
