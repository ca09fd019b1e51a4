"""Loading plans through the API's bulk import, as a case system's first sync would:
N generated cp-plan/2 records (the demo generator's, open and ended in the proportion
1 to 2), sent as NDJSON in requests of BATCH records, one after another, to the portal
served by gunicorn (2 workers, as in production) on an empty SQLite database.

    python bench/bulk_import.py [--plans 50000] [--batch 500] [--database-url URL]
                                [--webhook]

Prints the wall time of the whole load (from the first request to the last answer),
records a second, and the slowest request. The records are made before the clock
starts. The API's rate limits are raised for the run (it measures the server, not the
limit); docs/api.md sets the default bulk limit from this figure. `--webhook` registers
one endpoint first, so each record also writes its change notice to the outbox.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.server import served  # noqa: E402 (after the path is set)


def flask(environment: dict, *args: str) -> str:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "portal", *args],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def batches(plans: int, batch: int) -> list[bytes]:
    """The records as NDJSON bodies, made with the demo generator (seeded: repeatable)."""
    from portal import clock, create_app
    from portal.demo.generate import random_record

    app = create_app()
    profiles = sorted(app.extensions["profiles"])
    languages = ("en", "pl", "ro", "ur", "ar", "bn", "pt")
    rng = random.Random(1)  # noqa: S311 - fictional benchmark data
    today = clock.today()
    lines = [
        json.dumps(
            random_record(
                rng,
                f"BULK-{number:07d}",
                rng.choice(profiles),
                rng.choice(languages),
                today,
                ended=number % 3 != 0,
            ),
            ensure_ascii=False,
        ).encode()
        for number in range(plans)
    ]
    return [b"\n".join(lines[i : i + batch]) + b"\n" for i in range(0, plans, batch)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--webhook", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bulk-bench-") as instance:
        environment = {
            "PORTAL_INSTANCE_DIR": instance,
            "DATABASE_URL": args.database_url or f"sqlite:///{instance}/portal.db",
            "PORTAL_API_RATE_LIMIT": "100000 per minute",
            "PORTAL_API_BULK_RATE_LIMIT": "100000 per minute",
        }
        flask(environment, "db", "upgrade")
        key = flask(environment, "apikeys", "create", "bench").strip()
        if args.webhook:
            flask(environment, "webhooks", "add", "https://hooks.example.org/plans")
        bodies = batches(args.plans, args.batch)
        size = sum(len(b) for b in bodies)
        print(f"{args.plans} records in {len(bodies)} requests, {size / 1e6:.1f} MB", flush=True)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "error": 0}
        slowest = 0.0
        with served(environment) as base:
            started = time.perf_counter()
            for number, body in enumerate(bodies, start=1):
                request = urllib.request.Request(
                    f"{base}/api/v1/plans/bulk",
                    data=body,
                    method="POST",
                    headers={
                        "Authorization": f"Bearer {key}",
                        "Content-Type": "application/x-ndjson",
                    },
                )
                sent = time.perf_counter()
                with urllib.request.urlopen(request, timeout=300) as response:
                    answer = json.load(response)
                slowest = max(slowest, time.perf_counter() - sent)
                for kind, count in answer["counts"].items():
                    counts[kind] += count
                if number % 10 == 0:
                    print(f"  {number}/{len(bodies)} requests", flush=True)
            elapsed = time.perf_counter() - started
    print(json.dumps(counts))
    print(
        f"Loaded {counts['created']} plans in {elapsed:.1f} s: "
        f"{args.plans / elapsed:.0f} records a second, {1000 * elapsed / args.plans:.2f} ms "
        f"a record; slowest request {slowest:.1f} s ({args.batch} records)"
    )
    if counts["error"]:
        raise SystemExit(f"{counts['error']} records were refused")


if __name__ == "__main__":
    main()
