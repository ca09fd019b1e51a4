"""`make prod-test`: the portal as a council runs it (tests/production/stack.py), drilled.

Each drill prints its figures and fails the run when its claim does not hold:

1. roles: the app's database role reads and writes rows, and cannot drop or alter a
   table or change the audit log;
2. journeys: a professional signs in and shares a plan; the family opens the link, enters
   the passcode, reads the plan and downloads a meeting for the calendar; TLS, HSTS and
   the plain-http redirect;
3. shared sign-out: a family and a professional sign out on one instance; the other
   refuses their cookies at once, kept pages included;
4. shared rate limits: the form limit holds over both instances (Redis);
5. header attacks: SCRIPT_NAME-style and forwarding headers change nothing a later
   visitor gets;
6. failover: one instance killed with SIGKILL under wrk load;
7. PostgreSQL restart under load: 503 with Retry-After, then recovery, no app restart;
8. rolling restart (HUP, one instance at a time) under load: no failed request;
9. backup, drop the database, restore: every row back, old family sessions refused;
10. logs: no family link token in any log.

Everything listens on 127.0.0.1. A whole run takes about two minutes.
"""

import contextlib
import json
import signal
import subprocess
import sys
import time

from tests.production.data_drills import DataDrills
from tests.production.drill_steps import DrillFailed
from tests.production.outage_drills import OutageDrills
from tests.production.stack import Stack
from tests.production.web_drills import WebDrills

ALL_LIMIT = 600  # seconds: the whole run stops by itself after this


class Drills(WebDrills, OutageDrills, DataDrills):
    """The ten drills (and the throughput figures) on one stack, sharing its sessions."""


def _over_time(signum, frame):
    raise TimeoutError(f"the drills took more than {ALL_LIMIT} s")


def main() -> int:
    signal.signal(signal.SIGALRM, _over_time)
    signal.alarm(ALL_LIMIT)
    started = time.monotonic()
    stack = Stack()
    outcomes: dict[str, str] = {}
    try:
        stack.start()
        drills = Drills(stack)
        drills.prepare()
        print(
            f"prod-test: stack up in {time.monotonic() - started:.1f} s "
            f"(nginx :{stack.https_port}, gunicorn :{stack.app_ports[0]} "
            f":{stack.app_ports[1]}, PostgreSQL :{stack.postgres.port}, "
            f"Redis :{stack.redis_port}); seconds: {json.dumps(stack.timings)}",
            flush=True,
        )
        if "--throughput" in sys.argv:
            drills.journeys()
            print(
                f"throughput (requests a second, median of 3 rounds of 5 s, wrk -t2 -c16): "
                f"{json.dumps(drills.throughput())}",
                flush=True,
            )
            return 0
        order = [
            ("roles", drills.roles),
            ("journeys", drills.journeys),
            ("shared sign-out", drills.shared_sign_out),
            ("shared rate limits", drills.shared_rate_limits),
            ("header attacks", drills.header_attacks),
            ("failover (kill -9)", drills.failover),
            ("PostgreSQL restart", drills.postgres_restart),
            ("rolling restart (HUP)", drills.rolling_restart),
            ("backup, drop, restore", drills.backup_and_restore),
            ("no tokens in logs", drills.no_tokens_in_logs),
        ]
        for name, drill in order:
            began = time.monotonic()
            try:
                figures = drill()
                outcomes[name] = "passed"
                print(
                    f"PASS {name} ({time.monotonic() - began:.1f} s): "
                    f"{json.dumps(figures, sort_keys=False)}",
                    flush=True,
                )
            except (DrillFailed, RuntimeError, subprocess.SubprocessError, OSError) as error:
                outcomes[name] = "failed"
                print(f"FAIL {name} ({time.monotonic() - began:.1f} s): {error}", flush=True)
                if name in ("roles", "journeys"):
                    break  # the others build on these
    except BaseException as error:
        print(f"prod-test stopped: {type(error).__name__}: {error}", flush=True)
        outcomes.setdefault("stack", "failed")
        for name in ("app0", "app1", "nginx", "redis"):
            with contextlib.suppress(OSError):
                tail = (stack.logs / f"{name}.log").read_text()[-1500:]
                print(f"--- {name}.log (end) ---\n{tail}", flush=True)
    finally:
        signal.alarm(0)
        stack.stop()
    passed = sum(1 for o in outcomes.values() if o == "passed")
    failed = sum(1 for o in outcomes.values() if o != "passed")
    print(f"prod-test took {time.monotonic() - started:.1f} s")
    print(f"prod-test: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed == 10 else 1


if __name__ == "__main__":
    sys.exit(main())
