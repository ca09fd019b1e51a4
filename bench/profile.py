"""Profile one kind of request in process with pyinstrument, to see where the time goes.

    python bench/profile.py plan|guide|start [--requests 2000]

`plan` signs in to a family link (through the passcode form) and asks for the plan page
again and again; `guide` asks for a guide page; `start` builds the portal from nothing
rendered (a cold start; the helper processes that render run under the profiler too, so
it is slower than a real one). Prints the time per request and pyinstrument's call tree.
Measure before and after a change, on an otherwise idle machine.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import GUIDE, app_with_a_family_link


def signed_in_client(app, token: str, passcode: str):
    client = app.test_client()
    form = client.get(f"/en/f/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post(f"/en/f/{token}", data={"csrf_token": csrf, "passcode": passcode})
    assert answer.status_code == 303, "the passcode was not accepted"
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["plan", "guide", "start"])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="portal-profile-"))
    environment = {
        "DATABASE_URL": f"sqlite:///{workdir / 'profile.db'}",
        "SECRET_KEY": "profile-only-secret",
        "PORTAL_ENV": "development",
    }
    profiler = Profiler(interval=0.0005)
    if args.what == "start":
        os.environ.update(environment)
        from portal import create_app  # imports are not part of this profile

        with profiler:
            started = time.perf_counter()
            create_app({"CONTENT_CACHE_FILE": workdir / "nothing-rendered-yet.json"})
        print(f"cold start (imports excluded): {time.perf_counter() - started:.2f} s")
    else:
        app, token, passcode = app_with_a_family_link(environment)
        client = signed_in_client(app, token, passcode)
        path = "/en/my-plan" if args.what == "plan" else GUIDE
        for _ in range(3):  # fill the caches, as a reader's second visit would find them
            assert client.get(path).status_code == 200
        with profiler:
            started = time.perf_counter()
            for _ in range(args.requests):
                client.get(path)
        elapsed = time.perf_counter() - started
        print(f"{path}: {elapsed / args.requests * 1000:.3f} ms a request (with profiling)")
    print(profiler.output_text(unicode=True, color=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
