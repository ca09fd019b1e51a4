"""What the drills share: sessions, family links, wrk load, the access log, how a drill fails."""

import re
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from tests.production.client import Browser
from tests.production.nginx_front import HOST
from tests.production.stack import Stack

HERE = Path(__file__).resolve().parent
STAFF_EMAIL = "chair@example.org"
STAFF_PASSWORD = "correct horse battery staple 42"
PLAN = "DEMO-ENG-0001"
OTHER_PLAN = "DEMO-STK-0002"


class DrillFailed(AssertionError):
    pass


def claim(holds: bool, message: str) -> None:
    if not holds:
        raise DrillFailed(message)


class DrillSteps:
    """One stack's shared steps; the web, outage and data drills build on them."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.tls = stack.tls_context()
        self.tokens: list[str] = []  # every family token made: none may reach a log
        self.results: dict[str, dict] = {}

    # --- shared steps -------------------------------------------------------------------

    def browser(self, source: str = "") -> Browser:
        return Browser(HOST, self.stack.https_port, self.tls, source)

    def direct(self, browser: Browser, index: int) -> Browser:
        """The same cookies, straight to one gunicorn instance (as nginx would send)."""
        return browser.copy_to("127.0.0.1", self.stack.app_ports[index], None)

    def share_link(self, reference: str, label: str) -> tuple[str, str]:
        """A family link made by a chair on the plan's page: (path /f/<token>, passcode)."""
        staff = self.staff_session()
        page = staff.get(f"/en/professional/plans/{reference}")
        shared = staff.post(
            f"/en/professional/plans/{reference}/links",
            {"csrf_token": page.csrf(), "label": label, "days": "7"},
        )
        claim(shared.status == 200, f"sharing answered {shared.status}")
        token = re.search(r'id="family-link"[^>]*value="[^"]*/f/([^"]+)"', shared.text).group(1)
        passcode = "".join(
            re.findall(r"\d", re.search(r'id="passcode">(.*?)</strong>', shared.text).group(1))
        )
        self.tokens.append(token)
        return f"/f/{token}", passcode

    def family_session(self, link: str, passcode: str) -> Browser:
        family = self.browser()
        opened = family.get(link)
        claim(opened.status == 302, f"the family link answered {opened.status}")
        page = family.get(urlpath(opened.header("Location")))
        answer = family.post(
            urlpath(opened.header("Location")),
            {"csrf_token": page.csrf(), "passcode": passcode},
        )
        claim(answer.status == 303, f"the passcode answered {answer.status}")
        return family

    def staff_session(self) -> Browser:
        staff = self.browser()
        page = staff.get("/en/professional/sign-in")
        answer = staff.post(
            "/en/professional/sign-in",
            {"csrf_token": page.csrf(), "email": STAFF_EMAIL, "password": STAFF_PASSWORD},
        )
        claim(answer.status == 302, f"sign-in answered {answer.status}")
        return staff

    def wrk(self, path: str, seconds: float, cookie: str = "", connections: int = 8) -> dict:
        command = [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(HERE / "statuses.lua"),
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        command.append(f"https://{HOST}:{self.stack.https_port}{path}")
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=True
        )
        statuses = {
            int(code): int(count)
            for code, count in re.findall(r"^status (\d+) (\d+)$", result.stdout, re.M)
        }
        errors = [
            int(n) for n in re.search(r"^socket_errors (.*)$", result.stdout, re.M).group(1).split()
        ]
        rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
        latency = re.search(r"^latency_max_ms (.*)$", result.stdout, re.M)
        return {
            "requests": sum(statuses.values()),
            "statuses": statuses,
            "socket_errors": sum(errors[:4]),
            "requests_per_second": float(rate.group(1)) if rate else 0.0,
            "max_latency_ms": float(latency.group(1)) if latency else 0.0,
        }

    def wrk_in_background(self, path: str, seconds: float | None, cookie: str = "") -> "Load":
        return Load(self, path, seconds, cookie)

    def access_log(self) -> list[str]:
        log = self.stack.logs / "family-plan-portal.access.log"
        return log.read_text().splitlines() if log.exists() else []

    # --- shared sessions for load -------------------------------------------------------

    def session_cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.family.cookies.items())

    def prepare(self) -> None:
        stack = self.stack
        out = stack.flask("demo", "load", "--base-url", stack.base, PORTAL_ENV="development")
        self.tokens += re.findall(r"/f/([A-Za-z0-9_-]{20,})", out)
        stack.flask(
            "users",
            "create",
            STAFF_EMAIL,
            "--role",
            "chair",
            stdin=f"{STAFF_PASSWORD}\n{STAFF_PASSWORD}\n",
        )


class Load:
    """wrk running in a thread while a drill breaks something: for `seconds`, or (with
    seconds=None) in runs of 3 s until `result()` is asked for, added up."""

    def __init__(self, drills: DrillSteps, path: str, seconds: float | None, cookie: str) -> None:
        self._result: dict | None = None
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self.started = time.monotonic()

        def run() -> None:
            try:
                if seconds is not None:
                    self._result = drills.wrk(path, seconds, cookie)
                    return
                total: dict = {"requests": 0, "statuses": Counter(), "socket_errors": 0}
                latency = 0.0
                while not self._stop.is_set():
                    part = drills.wrk(path, 3, cookie)
                    total["requests"] += part["requests"]
                    total["statuses"].update(part["statuses"])
                    total["socket_errors"] += part["socket_errors"]
                    latency = max(latency, part["max_latency_ms"])
                elapsed = time.monotonic() - self.started
                self._result = {
                    **total,
                    "statuses": dict(total["statuses"]),
                    "seconds": round(elapsed, 1),
                    "requests_per_second": round(total["requests"] / elapsed, 1),
                    "max_latency_ms": latency,
                }
            except BaseException as error:  # reported by result()
                self._error = error

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self) -> dict:
        self._stop.set()
        self._thread.join(120)
        if self._error is not None:
            raise self._error
        return self._result


def urlpath(location: str) -> str:
    """The path of a Location header (absolute or not)."""
    return re.sub(r"^https?://[^/]+", "", location)
