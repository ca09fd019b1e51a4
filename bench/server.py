"""The portal served as in production (gunicorn, 2 workers) on a free local port."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served(environment: dict, wait_seconds: float = 30):
    """Yield the base address of a running portal; stop it afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            *("-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"),
            "portal:create_app()",
        ],
        cwd=ROOT,
        # Served on a free port: the address the portal builds links on says so too.
        env={**os.environ, **environment, "PORTAL_BASE_URL": base},
    )
    try:
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
