"""Drills through nginx: journeys over TLS, shared sign-out and rate limits, header attacks."""

import re
import time
from collections import Counter

from tests.production.client import Browser
from tests.production.drill_steps import (
    OTHER_PLAN,
    PLAN,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    DrillSteps,
    claim,
    urlpath,
)
from tests.production.nginx_front import HOST


class WebDrills(DrillSteps):
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
