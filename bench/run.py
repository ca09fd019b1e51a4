"""The portal's benchmark: wrk against gunicorn (2 workers) serving the portal.

Measures, in one run, requests per second for a guide page, the family plan page (with a
signed-in family session), and the same guide's HTML saved as a static file served by the
same server through WhiteNoise. Rounds are interleaved and the median of each is kept, so
the ratios guide/static and plan/static are fair on a shared, noisy machine. Also
measures start-up (import and rendering every page of every language) in fresh
interpreters, cold and warm.

    python bench/run.py [--duration 5] [--rounds 3] [--check] [--database-url URL]
"""

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.server import served  # noqa: E402 (after the path is set)

GUIDE = "/en/parents/core-group"
STATIC_COPY = ROOT / "static" / "build" / "bench" / "guide.html"
TARGETS = {"guide": 0.8, "plan": 0.4}
STARTUP_TARGET = 2.0  # seconds: import and every page of every language rendered
# Run in a fresh interpreter each time, as a server worker starts.
STARTUP_SCRIPT = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from portal import create_app
create_app({"CONTENT_CACHE_FILE": Path(sys.argv[1])})
print(time.perf_counter() - started)
"""


def app_with_a_family_link(environment: dict, config: dict | None = None):
    """The portal on a new database holding one plan; returns (app, link token, passcode)."""
    os.environ.update(environment)
    import flask_migrate

    from portal import create_app
    from portal.records import create_family_link, create_plan

    app = create_app(config)
    plan_file = ROOT / "tests" / "planning" / "examples" / "stoke-fifteen-months.plan.json"
    with app.app_context():
        flask_migrate.upgrade()
        plan = create_plan(
            json.loads(plan_file.read_text()), app.extensions["profiles"], actor="bench"
        )
        link = create_family_link(plan, "Mother", 1, actor="bench")
    return app, link.token, link.passcode


def prepare(environment: dict) -> tuple[str, str]:
    """Create the database with one plan and a family link; save the guide as a file."""
    app, token, passcode = app_with_a_family_link(environment)
    html = app.test_client().get(GUIDE).get_data()
    STATIC_COPY.parent.mkdir(parents=True, exist_ok=True)
    STATIC_COPY.write_bytes(html)
    return token, passcode


def sign_in(base: str, token: str, passcode: str) -> str:
    """Open the family link and enter the passcode, as a parent would; return the cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/en/f/{token}").read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": csrf, "passcode": passcode}).encode()
    response = opener.open(f"{base}/en/f/{token}", data=form)
    assert response.geturl().endswith("/en/my-plan"), "the passcode was not accepted"
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def startup_seconds(environment: dict, workdir: Path, runs: int) -> tuple[float, float]:
    """Median start-up: cold (nothing rendered before, as after a content change) and
    warm (rendered pages kept from the previous start)."""
    cold, warm = [], []
    for run in range(runs):
        cache = workdir / f"content-cache-{run}.json"
        for samples in (cold, warm):  # the cold start leaves the cache the warm one uses
            output = subprocess.run(
                [sys.executable, "-c", STARTUP_SCRIPT, str(cache)],
                cwd=ROOT,
                env={**os.environ, **environment},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            samples.append(float(output.split()[-1]))
    return statistics.median(cold), statistics.median(warm)


def wrk(url: str, duration: int, cookie: str | None = None) -> tuple[float, int]:
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, int(bad.group(1)) if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median kept)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--database-url",
        help="an empty database to use, e.g. postgresql://user@host/db (default: new SQLite)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    environment = {
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.db'}",
        "SECRET_KEY": "bench-only-secret",
        "PORTAL_ENV": "development",
    }
    token, passcode = prepare(environment)
    cold_start, warm_start = startup_seconds(environment, workdir, args.rounds)
    with served(environment) as base:
        cookie = sign_in(base, token, passcode)
        urls = {
            "static": (f"{base}/static/bench/guide.html", None),
            "guide": (f"{base}{GUIDE}", None),
            "plan": (f"{base}/en/my-plan", cookie),
        }
        for url, with_cookie in urls.values():  # warm every worker's caches
            wrk(url, 1, with_cookie)
        samples: dict[str, list[float]] = {name: [] for name in urls}
        failures = 0
        for _ in range(args.rounds):
            for name, (url, with_cookie) in urls.items():
                rps, bad = wrk(url, args.duration, with_cookie)
                samples[name].append(rps)
                failures += bad
        STATIC_COPY.unlink(missing_ok=True)
    median = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{'page':8} {'req/s (median)':>15}   rounds")
    for name, values in samples.items():
        print(f"{name:8} {median[name]:15.0f}   " + ", ".join(f"{v:.0f}" for v in values))
    ratios = {name: median[name] / median["static"] for name in TARGETS}
    for name, ratio in ratios.items():
        print(f"{name}/static ratio: {ratio:.2f} (target ≥ {TARGETS[name]})")
    print(f"non-2xx responses: {failures}")
    print(
        f"start-up: {cold_start:.2f} s cold (first start after a content change), "
        f"{warm_start:.2f} s warm (median of {args.rounds}; target < {STARTUP_TARGET:.0f} s)"
    )
    missed = (
        failures
        or any(ratios[name] < target for name, target in TARGETS.items())
        or cold_start >= STARTUP_TARGET
    )
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
