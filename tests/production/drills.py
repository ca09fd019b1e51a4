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
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from tests.production.client import Browser
from tests.production.stack import DEPLOY, HOST, Stack, wait_for

HERE = Path(__file__).resolve().parent
STAFF_EMAIL = "chair@example.org"
STAFF_PASSWORD = "correct horse battery staple 42"
PLAN = "DEMO-ENG-0001"
OTHER_PLAN = "DEMO-STK-0002"
ALL_LIMIT = 600  # seconds: the whole run stops by itself after this


class DrillFailed(AssertionError):
    pass


def claim(holds: bool, message: str) -> None:
    if not holds:
        raise DrillFailed(message)


class Drills:
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

    # --- the drills -------------------------------------------------------------------

    def roles(self) -> dict:
        stack = self.stack
        refused = {}
        for name, sql in {
            "DROP TABLE plans": "DROP TABLE plans",
            "ALTER TABLE plans": "ALTER TABLE plans ADD COLUMN x integer",
            "TRUNCATE family_links": "TRUNCATE family_links",
            "CREATE TABLE": "CREATE TABLE intruder (id integer)",
            "DELETE FROM audit_events": "DELETE FROM audit_events",
            "UPDATE audit_events": "UPDATE audit_events SET actor = 'x'",
        }.items():
            try:
                stack.psql(sql, user="portal_app")
                refused[name] = False
            except RuntimeError as error:
                refused[name] = "permission denied" in str(error) or "must be owner" in str(error)
        reads = stack.psql("SELECT count(*) FROM plans", user="portal_app")
        claim(all(refused.values()), f"the app's role was allowed: {refused}")
        return {"refused_to_app_role": sorted(refused), "app_role_reads_plans": int(reads)}

    def journeys(self) -> dict:
        steps = {}
        staff = self.browser()
        page = staff.get("/en/professional/sign-in")
        signed_in = staff.post(
            "/en/professional/sign-in",
            {"csrf_token": page.csrf(), "email": STAFF_EMAIL, "password": STAFF_PASSWORD},
        )
        claim(signed_in.status == 302, f"professional sign-in answered {signed_in.status}")
        steps["professional sign-in"] = signed_in.seconds
        plans = staff.get("/en/professional/plans")
        claim(plans.status == 200 and PLAN in plans.text, "the plan list lacks the plan")
        steps["plan list"] = plans.seconds
        plan_page = staff.get(f"/en/professional/plans/{PLAN}")
        claim(plan_page.status == 200, f"the plan page answered {plan_page.status}")
        steps["plan page"] = plan_page.seconds
        began = time.monotonic()
        link, passcode = self.share_link(PLAN, "Mother")
        token = link.removeprefix("/f/")
        steps["share link"] = time.monotonic() - began
        claim(token not in "".join(self.access_log()), "the token is in nginx's access log")

        family = self.browser()
        opened = family.get(f"/f/{token}")
        claim(opened.status == 302, f"the family link answered {opened.status}")
        steps["family link"] = opened.seconds
        passcode_path = urlpath(opened.header("Location"))
        form = family.get(passcode_path)
        steps["passcode page"] = form.seconds
        entered = family.post(passcode_path, {"csrf_token": form.csrf(), "passcode": passcode})
        claim(entered.status == 303, f"the passcode answered {entered.status}")
        steps["passcode"] = entered.seconds
        plan = family.get("/en/my-plan")
        claim(plan.status == 200, f"the family plan answered {plan.status}")
        steps["family plan"] = plan.seconds
        claim("no-store" in plan.header("Cache-Control"), "the family plan may be stored")
        hsts = plan.headers.get_all("Strict-Transport-Security") or []
        claim(hsts == ["max-age=31536000; includeSubDomains"], f"HSTS headers: {hsts}")
        claim(family.tls_version == "TLSv1.3", f"TLS version {family.tls_version}")
        again = family.get("/en/my-plan")
        steps["family plan again (kept)"] = again.seconds
        meeting = re.search(r'href="(/en/my-plan/calendar/[^"]+\.ics)"', plan.text)
        claim(meeting is not None, "no Add to calendar link on the plan")
        ics = family.get(meeting.group(1))
        claim(
            ics.status == 200 and "BEGIN:VCALENDAR" in ics.text,
            f"the calendar file answered {ics.status}",
        )
        steps["calendar file"] = ics.seconds
        young = family.get("/en/my-plan/young-person")
        claim(young.status == 200, f"the young person's page answered {young.status}")
        steps["young person's page"] = young.seconds

        plain = Browser("127.0.0.1", self.stack.http_port, None).get("/en/my-plan")
        claim(
            plain.status == 301 and plain.header("Location").startswith("https://"),
            f"plain http answered {plain.status} {plain.header('Location')}",
        )
        big = family.post("/en/my-plan/sign-out", {"x": "y" * (1024 * 1024 + 10)})
        claim(big.status == 413, f"a body over 1 MB answered {big.status}")
        self.family = family  # signed in: the load drills use this session
        return {
            "steps_ms": {name: round(seconds * 1000, 1) for name, seconds in steps.items()},
            "tls": family.tls_version,
            "http_redirect": plain.status,
            "body_over_1MB": big.status,
        }

    def shared_sign_out(self) -> dict:
        figures = {}
        link, passcode = self.share_link(OTHER_PLAN, "Father")
        family = self.family_session(link, passcode)
        on = [self.direct(family, 0), self.direct(family, 1)]
        # Each instance keeps the page (two workers each: ask each several times).
        for _ in range(6):
            for door in on:
                claim(door.get("/en/my-plan").status == 200, "the family plan did not open")
        copied = on[1].cookies.copy()
        page = on[0].get("/en/my-plan")
        signed_out = on[0].post("/en/my-plan/sign-out", {"csrf_token": page.csrf()})
        claim(signed_out.status == 303, f"family sign-out answered {signed_out.status}")
        other = self.direct(family, 1)
        other.cookies = copied
        statuses = Counter(other.get("/en/my-plan").status for _ in range(12))
        through_nginx = family.copy_to(HOST, self.stack.https_port, self.tls)
        through_nginx.cookies = copied
        statuses_nginx = Counter(through_nginx.get("/en/my-plan").status for _ in range(8))
        claim(set(statuses) == {303}, f"instance B after the sign-out on A: {dict(statuses)}")
        claim(set(statuses_nginx) == {303}, f"through nginx: {dict(statuses_nginx)}")
        figures["family_after_sign_out_on_A"] = {
            "instance_B": dict(statuses),
            "through_nginx": dict(statuses_nginx),
        }

        staff = self.staff_session()
        staff_on = [self.direct(staff, 0), self.direct(staff, 1)]
        path = f"/en/professional/plans/{PLAN}"
        claim(staff_on[1].get(path).status == 200, "the staff session did not open on B")
        copied = staff_on[1].cookies.copy()
        page = staff_on[0].get(path)
        out = staff_on[0].post("/en/professional/sign-out", {"csrf_token": page.csrf()})
        claim(out.status == 302, f"staff sign-out answered {out.status}")
        other = self.direct(staff, 1)
        other.cookies = copied
        answers = [other.get(path) for _ in range(6)]
        statuses = Counter(a.status for a in answers)
        claim(
            all(a.status == 302 and "sign-in" in a.header("Location") for a in answers),
            f"staff cookie on B after sign-out on A: {dict(statuses)}",
        )
        figures["staff_after_sign_out_on_A"] = {"instance_B": dict(statuses)}
        return figures

    def shared_rate_limits(self) -> dict:
        # Another client address (127.0.0.2): its own bucket, from its first request.
        link, _ = self.share_link(PLAN, "Aunt")
        visitor = self.browser(source="127.0.0.2")
        opened = visitor.get(link)
        path = urlpath(opened.header("Location"))
        token = visitor.get(path).csrf()
        before = len(self.access_log())
        statuses = []
        for number in range(30):
            # A wrong-length passcode is not a guess (no lockout), but it is a POST; each
            # claims to come from another address, which nginx replaces with the real one.
            answer = visitor.post(
                path,
                {"csrf_token": token, "passcode": "123"},
                headers={"X-Forwarded-For": f"10.9.8.{number}", "X-Real-IP": "10.0.0.1"},
            )
            statuses.append(answer.status)
        # Another client behind the same nginx has a bucket of its own (nginx passes the
        # real address; without PORTAL_PROXY_COUNT everyone would share nginx's).
        neighbour = self.browser(source="127.0.0.3")
        neighbour_path = urlpath(neighbour.get(link).header("Location"))
        neighbour_status = neighbour.post(
            neighbour_path,
            {"csrf_token": neighbour.get(neighbour_path).csrf(), "passcode": "123"},
        ).status
        lines = [line for line in self.access_log()[before:] if '"POST ' in line][:30]
        upstreams = Counter(re.search(r"upstream=(\S+)", line).group(1) for line in lines)
        passed = sum(1 for status in statuses if status != 429)
        keys = len(self.stack.redis("--scan", "--pattern", "LIMITS*").split())
        claim(len(upstreams) == 2, f"only one instance answered: {dict(upstreams)}")
        claim(passed == 20, f"{passed} of 30 POSTs passed a limit of 20 a minute")
        claim(statuses[20:] == [429] * 10, f"after 20: {statuses[20:]}")
        claim(neighbour_status == 200, f"another client was refused: {neighbour_status}")
        return {
            "posts": 30,
            "passed": passed,
            "refused_429": statuses.count(429),
            "answered_by": {
                f"instance {self.stack.app_ports.index(int(u.rsplit(':', 1)[1]))}": n
                for u, n in upstreams.items()
            },
            "redis_counter_keys": keys,
            "another_client_meanwhile": neighbour_status,
        }

    def header_attacks(self) -> dict:
        attacks = {
            "SCRIPT_NAME": "//evil.example",
            "Script-Name": "//evil.example",
            "X-Script-Name": "//evil.example",
            "PATH_INFO": "/evil",
            "X-Forwarded-Prefix": "//evil.example",
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-Proto": "http",
            "X-Forwarded-For": "6.6.6.6",
            "Forwarded": "for=6.6.6.6;host=evil.example;proto=http",
            "X-Original-URL": "/evil",
            "X-Rewrite-URL": "/evil",
            "X-Host": "evil.example",
        }
        # Pages nobody has asked for yet in any worker: the attack gets the first request.
        pages = [f"/{lang}/glossary" for lang in ("en", "pl", "ro", "ur", "ar", "bn", "pt")]
        attacker = self.browser()
        attack_statuses = Counter()
        for page in pages:
            for _ in range(4):  # every worker of both instances, on average twice
                attack_statuses[attacker.get(page, headers=attacks).status] += 1
        # Straight to gunicorn too (only something on this host could do that).
        for index in (0, 1):
            door = Browser("127.0.0.1", self.stack.app_ports[index], None)
            for _ in range(2):
                door.get("/en/parents/", headers={"SCRIPT_NAME": "//evil.example"})
        host_attack = attacker.get("/en/parents/", headers={"Host": "evil.example"}).status
        poisoned = 0
        checked = 0
        visitor = self.browser()
        for page in [*pages, "/en/parents/"]:
            for _ in range(6):
                answer = visitor.get(page)
                checked += 1
                bad = (
                    answer.status != 200
                    or "evil" in answer.text
                    or 'href="/exit"' not in answer.text
                )
                poisoned += bad
        claim(poisoned == 0, f"{poisoned} of {checked} later answers were changed")
        return {
            "attack_headers": len(attacks),
            "attack_requests": sum(attack_statuses.values()),
            "attack_statuses": dict(attack_statuses),
            "forged_host_status": host_attack,
            "later_answers_checked": checked,
            "later_answers_changed": poisoned,
        }

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

    def backup_and_restore(self) -> dict:
        stack = self.stack
        tables = stack.psql(
            "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables "
            "WHERE schemaname = 'public'"
        ).split()

        def counts() -> dict:
            return {t: int(stack.psql(f"SELECT count(*) FROM {t}")) for t in tables}

        # A session signed out before the backup, and one still live.
        link, passcode = self.share_link(PLAN, "Grandmother")
        signed_out = self.family_session(link, passcode)
        page = signed_out.get("/en/my-plan")
        copied = dict(signed_out.cookies)
        signed_out.post("/en/my-plan/sign-out", {"csrf_token": page.csrf()})
        signed_out.cookies = copied
        live = self.family
        claim(live.get("/en/my-plan").status == 200, "the live session did not open")

        time.sleep(0.5)  # the view rows written in batches reach the database
        folder = stack.root / "backups"
        folder.mkdir(mode=0o700)
        started = time.monotonic()
        subprocess.run(
            [str(DEPLOY / "backup.sh"), str(folder), "3"],
            env={
                "PATH": "/usr/bin:/bin:" + str(stack.postgres.bin_dir),
                "PGHOST": "127.0.0.1",
                "PGPORT": str(stack.postgres.port),
                "PGDATABASE": "family_plan_portal",
                "PGUSER": "portal_backup",
                "PGPASSWORD": stack.passwords["backup"],
            },
            check=True,
            capture_output=True,
            timeout=120,
        )
        backup_seconds = time.monotonic() - started
        dump = next(folder.glob("portal-*.dump"))
        before = counts()
        last_audit = int(stack.psql("SELECT coalesce(max(id), 0) FROM audit_events"))

        # After the backup: a new link and a session on it, which the restore will undo.
        link, passcode = self.share_link(PLAN, "Uncle")
        lost = self.family_session(link, passcode)
        claim(lost.get("/en/my-plan").status == 200, "the new session did not open")
        lost_link_id = int(stack.psql("SELECT max(id) FROM family_links"))

        started = time.monotonic()
        stack.psql("DROP DATABASE family_plan_portal WITH (FORCE)", database="postgres")
        while_dropped = self.browser()
        while_dropped.cookies = dict(live.cookies)
        dropped_status = while_dropped.get("/en/my-plan").status
        stack.psql(
            "CREATE DATABASE family_plan_portal OWNER portal_owner TEMPLATE template0",
            database="postgres",
        )
        restore = subprocess.run(
            [
                str(stack.postgres.bin_dir / "pg_restore"),
                "--exit-on-error",
                "--no-password",
                f"--dbname={stack.database_url('owner')}",
                str(dump),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        claim(restore.returncode == 0, f"pg_restore failed: {restore.stderr[-1000:]}")
        restore_seconds = time.monotonic() - started
        after = counts()
        after["audit_events"] = int(
            stack.psql(f"SELECT count(*) FROM audit_events WHERE id <= {last_audit}")
        )
        claim(after == before, f"rows before {before}, after {after}")
        roles_after = self.roles()

        # The restore rewound the ids: the next link made is given the lost link's id.
        link, _ = self.share_link(OTHER_PLAN, "Neighbour")
        reused_id = int(stack.psql("SELECT max(id) FROM family_links")) == lost_link_id
        lost_status = Counter(lost.get("/en/my-plan").status for _ in range(4))
        out_status = Counter(signed_out.get("/en/my-plan").status for _ in range(4))
        live_status = live.get("/en/my-plan").status
        claim(set(lost_status) == {303}, f"a session on a link the restore undid: {lost_status}")
        claim(set(out_status) == {303}, f"a session signed out before the backup: {out_status}")
        claim(live_status == 200, f"a live session from before the backup: {live_status}")
        claim(dropped_status == 503, f"with the database dropped: {dropped_status}")
        return {
            "backup_s": round(backup_seconds, 2),
            "dump_bytes": dump.stat().st_size,
            "drop_and_restore_s": round(restore_seconds, 2),
            "rows": before,
            "while_dropped": dropped_status,
            "link_id_reused_after_restore": reused_id,
            "session_on_undone_link": dict(lost_status),
            "session_signed_out_before_backup": dict(out_status),
            "live_session_from_before_backup": live_status,
            "app_role_still_refused": roles_after["refused_to_app_role"],
        }

    def no_tokens_in_logs(self) -> dict:
        found = {}
        files = sorted(self.stack.logs.glob("*.log"))
        for path in files:
            text = path.read_text(errors="replace")
            hits = sum(text.count(token) for token in self.tokens)
            if hits:
                found[path.name] = hits
        cut = sum(line.count("/f/[cut]") for line in self.access_log())
        claim(not found, f"family tokens in logs: {found}")
        claim(cut > 0, "no family link request in the access log at all")
        return {
            "tokens_made": len(self.tokens),
            "log_files": len(files),
            "access_log_lines": len(self.access_log()),
            "token_paths_cut": cut,
        }

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

    def __init__(self, drills: Drills, path: str, seconds: float | None, cookie: str) -> None:
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
