"""The professionals' plan list at England's scale: how long the signed-in landing page,
a searched list, the last page and the social worker filter take, with
`demo generate --plans N` (N open plans and 2N ended: 150,000 for the default 50,000).

    python bench/plan_list.py [--plans 50000] [--runs 5] [--postgres] [--database-url URL]
                              [--keep PATH] [--check]

It makes the plans with the real command (`flask --app portal demo generate`), adds a
manager account (managers see every plan) and a social worker with a caseload of
CASELOAD open plans (generated plans have no worker), serves the portal with gunicorn (2 workers,
as in production) and signs in through the sign-in form. Each page is asked for once
to warm up, then `--runs` times; the median is reported, with the fastest, the
slowest and the page's size. `--postgres` runs the same on a throwaway PostgreSQL
server (Debian's binaries, 127.0.0.1 only, removed afterwards), as the storage tests
do. `--keep PATH` keeps the SQLite file and reuses it next time (generating 150,000
plans takes minutes). `--check` exits 1 if a median is 1 s or more.
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.server import served  # noqa: E402 (after the path is set)

EMAIL = "bench-manager@example.org"
WORKER_EMAIL = "bench-worker@example.org"
CASELOAD = 20  # open plans: a social worker's caseload
PASSWORD = "bench password 12345"  # noqa: S105 (a throwaway benchmark account)
TARGET = 1.0  # seconds, median


def flask(environment: dict, *args: str) -> str:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "portal", *args],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def plan_count(environment: dict) -> int:
    os.environ.update(environment)
    from sqlalchemy import func, select

    from portal import create_app
    from portal.models import Plan, db

    app = create_app()
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Plan))
        db.engine.dispose()
    return count


def prepare(environment: dict, plans: int) -> None:
    flask(environment, "db", "upgrade")
    if plan_count(environment) == 0:
        started = time.perf_counter()
        print(f"Generating {plans} open and {2 * plans} ended plans ...", flush=True)
        flask(environment, "demo", "generate", "--plans", str(plans), "--seed", "1")
        print(f"  took {time.perf_counter() - started:.0f} s", flush=True)
    else:
        print("Reusing the plans already in the database.", flush=True)
    users = flask(environment, "users", "list")
    if EMAIL not in users:
        flask(environment, "users", "create", EMAIL, "--role", "manager")
    if WORKER_EMAIL not in users:
        flask(environment, "users", "create", WORKER_EMAIL, "--role", "social-worker")
    give_caseload(environment)


def give_caseload(environment: dict) -> None:
    """The bench social worker holds CASELOAD open plans, spread through the list."""
    os.environ.update(environment)
    from sqlalchemy import func, select, update

    from portal import create_app
    from portal.models import Plan, User, db

    app = create_app()
    with app.app_context():
        worker = db.session.scalar(select(User.id).where(User.email == WORKER_EMAIL))
        held = db.session.scalar(
            select(func.count()).select_from(Plan).where(Plan.social_worker_id == worker)
        )
        if not held:
            open_ids = select(Plan.id).where(Plan.ended.is_(None)).order_by(Plan.id)
            ids = list(db.session.scalars(open_ids))[:: max(1, 50_000 // CASELOAD)][:CASELOAD]
            db.session.execute(update(Plan).where(Plan.id.in_(ids)).values(social_worker_id=worker))
            db.session.commit()
        db.engine.dispose()


def worker_id(environment: dict) -> str:
    os.environ.update(environment)
    from sqlalchemy import select

    from portal import create_app
    from portal.models import User, db

    app = create_app()
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.email == WORKER_EMAIL))
        db.engine.dispose()
    return str(found)


def signed_in_opener(base: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/en/professional/sign-in").read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": csrf, "email": EMAIL, "password": PASSWORD})
    response = opener.open(f"{base}/en/professional/sign-in", data=form.encode())
    assert response.geturl().endswith("/en/professional/plans"), response.geturl()
    return opener


def timed(opener, url: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    with opener.open(url) as response:
        body = response.read()
        status = response.status
    elapsed = time.perf_counter() - started
    assert status == 200, (url, status)
    return elapsed, len(body), body.decode()


def last_page(html: str) -> int:
    numbers = [int(n) for n in re.findall(r'aria-label="Page (\d+)"', html)]
    return max(numbers) if numbers else 1


def measure(base: str, runs: int, worker: str) -> list[tuple[str, str, list[float], int, str]]:
    opener = signed_in_opener(base)
    _, _, landing = timed(opener, f"{base}/en/professional/plans")
    total = re.search(r'id="results">\s*([\d,]+) plans', landing).group(1)
    pages = last_page(landing)
    requests = [
        ("signed-in landing page", "/en/professional/plans"),
        ("searched: child's name 'mia'", "/en/professional/plans?q=mia"),
        ("searched: a reference", "/en/professional/plans?q=GEN-000001-00049"),
        (f"last page (page {pages})", f"/en/professional/plans?page={pages}"),
        ("ended plans, page 1", "/en/professional/plans?status=ended"),
        ("filtered: one social worker", f"/en/professional/plans?worker={worker}"),
        ("filtered: not assigned", "/en/professional/plans?worker=none"),
        ("filtered: not assigned, last page", f"/en/professional/plans?worker=none&page={pages}"),
    ]
    results = []
    for name, path in requests:
        timed(opener, base + path)  # warm up
        samples, size, html = [], 0, ""
        for _ in range(runs):
            elapsed, size, html = timed(opener, base + path)
            samples.append(elapsed)
        found = re.search(r'id="results">\s*([^<]+)<', html)
        results.append((name, path, samples, size, found.group(1).strip() if found else ""))
    print(f"Open plans listed on the landing page: {total} ({pages} pages)")
    return results


def serve_and_measure(environment: dict, runs: int) -> list:
    worker = worker_id(environment)
    with served(environment) as base:
        return measure(base, runs, worker)


def report(database: str, results: list, check: bool) -> int:
    print(f"\n{database}: median of {len(results[0][2])} (fastest, slowest), page size")
    print("| request | median | fastest | slowest | HTML | result |")
    print("|---|---|---|---|---|---|")
    missed = 0
    for name, _path, samples, size, found in results:
        median = statistics.median(samples)
        missed += median >= TARGET
        print(
            f"| {name} | {median:.3f} s | {min(samples):.3f} s | {max(samples):.3f} s "
            f"| {size / 1024:.0f} KB | {found} |"
        )
    return 1 if check and missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=50_000, help="open plans (2N ended added)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    parser.add_argument("--database-url", help="a database to use (plans are added if empty)")
    parser.add_argument("--keep", type=Path, help="SQLite file to keep and reuse")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if a median ≥ {TARGET} s")
    args = parser.parse_args()

    server = None
    if args.postgres:
        from tests.fixtures.postgres import PostgresServer, _binaries

        bin_dir = _binaries()
        if bin_dir is None:
            raise SystemExit("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb)")
        server = PostgresServer(bin_dir)
        server.start()
        url, database = server.url(), "PostgreSQL"
    elif args.database_url:
        url, database = args.database_url, args.database_url.split(":")[0]
    else:
        path = args.keep or Path(tempfile.mkdtemp(prefix="portal-list-bench-")) / "bench.db"
        url, database = f"sqlite:///{path.resolve()}", "SQLite"
    environment = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only-secret",
        "PORTAL_ENV": "development",
        # One signed-in reader asks again and again: the form limit is not measured here.
        "PORTAL_FORM_RATE_LIMIT": "10000 per minute",
    }
    try:
        prepare(environment, args.plans)
        results = serve_and_measure(environment, args.runs)
    finally:
        if server is not None:
            server.stop()
    return report(database, results, args.check)


if __name__ == "__main__":
    sys.exit(main())
