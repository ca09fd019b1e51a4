"""Drills under wrk load: an instance killed, PostgreSQL restarted, rolling restart; throughput."""

import re
import subprocess
import time

from tests.production.client import Browser
from tests.production.drill_steps import DrillSteps, claim
from tests.production.nginx_front import HOST
from tests.production.stack import wait_for


class OutageDrills(DrillSteps):
    def failover(self) -> dict:
        cookie = self.session_cookie()
        before = len(self.access_log())
        load = self.wrk_in_background("/en/my-plan", 8, cookie)
        time.sleep(2.5)
        killed_at = time.monotonic()
        self.stack.kill_app(0)
        try:
            during = load.result()
            after = self.wrk("/en/my-plan", 4, cookie)
        finally:
            restart = time.monotonic()
            self.stack.start_app(0)  # the later drills need both again
        # nginx lists every server it tried: "upstream=A, B" is a request sent on again.
        retried = sum(
            1 for line in self.access_log()[before:] if re.search(r"upstream=\S+, ", line)
        )
        failed_during = during["requests"] - during["statuses"].get(200, 0)
        failed_after = after["requests"] - after["statuses"].get(200, 0)
        claim(
            failed_after == 0 and after["socket_errors"] == 0,
            f"after the failover: {after}",
        )
        claim(
            failed_during + during["socket_errors"] <= max(5, during["requests"] // 100),
            f"during the failover: {during}",
        )
        return {
            "during": {**during, "failed": failed_during},
            "after": {**after, "failed": failed_after},
            "sent_on_to_the_other_instance": retried,
            "killed_after_s": round(killed_at - load.started, 1),
            "instance_back_in_s": round(time.monotonic() - restart, 1),
        }

    def postgres_restart(self) -> dict:
        stack = self.stack
        cookie = self.session_cookie()
        masters = [stack.app_pid(0), stack.app_pid(1)]
        probe = self.browser()
        probe.cookies = dict(self.family.cookies)
        load = self.wrk_in_background("/en/my-plan", 12, cookie)
        time.sleep(2)
        stack.stop_postgres()
        down_at = time.monotonic()
        time.sleep(0.5)
        plan = probe.get("/en/my-plan")
        ready = probe.get("/readyz")
        health = probe.get("/healthz")
        guide = probe.get("/en/parents/core-group")
        time.sleep(3)
        stack.start_postgres_again()
        up_at = time.monotonic()
        recovered = wait_for(lambda: probe.get("/en/my-plan").status == 200, 30, "recovery")
        during = load.result()
        after = self.wrk("/en/my-plan", 3, cookie)
        unexpected = {s: n for s, n in during["statuses"].items() if s not in (200, 503)}
        claim(
            plan.status == 503 and plan.header("Retry-After") == "30",
            f"family plan with the database down: {plan.status}, "
            f"Retry-After {plan.header('Retry-After')!r}",
        )
        claim(ready.status == 503 and health.status == 200, "readyz/healthz while down")
        claim(guide.status == 200, f"a guide while the database is down: {guide.status}")
        claim(not unexpected and during["socket_errors"] == 0, f"under load: {during}")
        claim(after["statuses"] == {200: after["requests"]}, f"after recovery: {after}")
        claim(masters == [stack.app_pid(0), stack.app_pid(1)], "an app server restarted")
        return {
            "down_for_s": round(up_at - down_at, 1),
            "while_down": {
                "family_plan": plan.status,
                "retry_after": plan.header("Retry-After"),
                "readyz": ready.status,
                "healthz": health.status,
                "guide": guide.status,
            },
            "recovered_after_start_s": round(recovered, 2),
            "under_load": during,
            "after": after,
            "app_servers_restarted": 0,
        }

    def rolling_restart(self) -> dict:
        stack = self.stack
        cookie = self.session_cookie()
        load = self.wrk_in_background("/en/my-plan", None, cookie)  # until both are done
        replaced = {}
        time.sleep(2)
        for index in (0, 1):
            old = stack.worker_pids(index)
            start = time.monotonic()
            subprocess.run(["kill", "-HUP", str(stack.app_pid(index))], check=True)
            wait_for(
                lambda old=old, index=index: (
                    len(stack.worker_pids(index) - old) >= 2
                    and not (stack.worker_pids(index) & old)
                ),
                40,
                f"instance {index}'s workers replaced",
            )
            # As docs/deploy.md says: the next instance only once this one answers again
            # (its new workers have loaded the portal).
            address = stack.app_address(index)
            wait_for(
                lambda address=address: (
                    Browser("127.0.0.1", int(address.rsplit(":", 1)[1]), None)
                    .get("/healthz")
                    .status
                    == 200
                ),
                60,
                f"instance {index} answering after HUP",
            )
            replaced[f"instance {index}"] = round(time.monotonic() - start, 1)
        time.sleep(2)  # and a moment with both answering
        during = load.result()
        failed = during["requests"] - during["statuses"].get(200, 0)
        claim(failed == 0 and during["socket_errors"] == 0, f"during the restart: {during}")
        return {"answering_again_after_s": replaced, "under_load": {**during, "failed": failed}}

    def throughput(self, seconds: float = 5, rounds: int = 3) -> dict:
        """Requests a second through nginx with TLS (both instances) beside one instance
        straight (2 workers): a guide, the family plan page and a static file, in
        interleaved rounds, median kept. Not a drill: `--throughput` prints it."""
        guide = "/en/parents/core-group"
        page = self.browser().get(guide).text
        static = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        cookie = self.session_cookie()
        doors = {
            "nginx + TLS": f"https://{HOST}:{self.stack.https_port}",
            "one instance, direct": self.stack.app_address(0),
        }
        figures: dict[str, dict[str, list[float]]] = {}
        for _ in range(rounds):
            for door, base in doors.items():
                for kind, path in (("guide", guide), ("plan", "/en/my-plan"), ("static", static)):
                    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "-H", "Accept-Encoding: gzip"]
                    if kind == "plan":
                        command += ["-H", f"Cookie: {cookie}"]
                    result = subprocess.run(
                        [*command, base + path],
                        capture_output=True,
                        text=True,
                        timeout=seconds + 60,
                        check=True,
                    )
                    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
                    claim("Non-2xx" not in result.stdout, f"{door} {kind}: {result.stdout}")
                    figures.setdefault(door, {}).setdefault(kind, []).append(rate)
        return {
            door: {kind: round(sorted(rates)[len(rates) // 2]) for kind, rates in kinds.items()}
            for door, kinds in figures.items()
        }
