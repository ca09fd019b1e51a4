"""The portal as a council runs it, on this machine only: deploy/'s own files, on 127.0.0.1.

A throwaway PostgreSQL (with deploy/postgresql/roles.sql and grants.sql), Redis, two
gunicorn instances (deploy/gunicorn.conf.py) and nginx with deploy/nginx's site, its
ports, paths and host name moved into a temporary folder, with a self-signed
certificate. Everything is stopped and removed at the end, on failure too; a watchdog
stops what is left if this process itself is killed.
"""

import contextlib
import os
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.fixtures.postgres import PostgresServer, _binaries
from tests.production.nginx_front import HOST, make_certificate, nginx_main, nginx_site

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
DATABASE = "family_plan_portal"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str) -> float:
    """Call `check` until it is true; the seconds it took, or an error after `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        with contextlib.suppress(Exception):
            if check():
                return time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError(f"{what}: not within {seconds} s")


class Stack:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="portal-prod-"))
        self.root.chmod(0o755)
        self.logs = self.root / "logs"
        self.logs.mkdir()
        self.instance = self.root / "instance"
        self.instance.mkdir()
        rendered = ROOT / "instance" / "content-cache.json"
        if rendered.exists():  # pages rendered by `make setup`: a warm start, as after a deploy
            shutil.copy(rendered, self.instance / rendered.name)
        self.https_port = free_port()
        self.http_port = free_port()
        self.redis_port = free_port()
        self.app_ports = [free_port(), free_port()]
        self.base = f"https://{HOST}:{self.https_port}"
        self.secret_key = secrets.token_hex(32)
        self.passwords = {role: secrets.token_hex(12) for role in ("owner", "app", "backup")}
        self.postgres: PostgresServer | None = None
        self.processes: dict[str, subprocess.Popen] = {}
        self._watchdog: subprocess.Popen | None = None

    # --- addresses and environments -------------------------------------------------

    def database_url(self, role: str, database: str = DATABASE) -> str:
        port = self.postgres.port
        return f"postgresql://portal_{role}:{self.passwords[role]}@127.0.0.1:{port}/{database}"

    def app_environment(self, role: str = "app", **extra: str) -> dict:
        """deploy/portal.env.example's settings, filled in for this stack."""
        return {
            **os.environ,
            "PORTAL_ENV": "production",
            "SECRET_KEY": self.secret_key,
            "PORTAL_BASE_URL": self.base,
            "DATABASE_URL": self.database_url(role),
            "PORTAL_PROXY_COUNT": "1",
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{self.redis_port}/0",
            "PORTAL_INSTANCE_DIR": str(self.instance),
            "PORTAL_AUTHORITY_NAME": "Westshire Council",
            **extra,
        }

    def flask(self, *args: str, role: str = "app", stdin: str = "", **extra: str) -> str:
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "portal", *args],
            cwd=ROOT,
            env=self.app_environment(role, **extra),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed: {result.stderr[-2000:]}")
        return result.stdout

    def psql(
        self,
        sql_or_file: str,
        *,
        user: str = "postgres",
        database: str = DATABASE,
        variables: dict | None = None,
    ) -> str:
        """Run SQL (or a file) as a role; trust authentication on this throwaway server."""
        command = [
            str(self.postgres.bin_dir / "psql"),
            *("-h", "127.0.0.1", "-p", str(self.postgres.port), "-U", user, "-d", database),
            *("-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A"),
        ]
        for name, value in (variables or {}).items():
            command += ["-v", f"{name}={value}"]
        path = Path(sql_or_file)
        command += (
            ["-f", str(path)] if path.suffix == ".sql" and path.exists() else ["-c", sql_or_file]
        )
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"psql as {user} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    # --- starting ---------------------------------------------------------------------

    def start(self) -> None:
        self.timings: dict[str, float] = {}
        for stage, step in [
            ("watchdog", self._start_watchdog),
            ("PostgreSQL and roles", self._start_postgres),
            ("Redis", self._start_redis),
            ("migrations and grants", self._migrate),
            ("certificate", self._make_certificate),
            ("two gunicorn instances", self._start_apps),
            ("nginx", self._start_nginx),
        ]:
            began = time.monotonic()
            step()
            self.timings[stage] = round(time.monotonic() - began, 1)

    def _start_apps(self) -> None:
        for index in range(2):
            self.start_app(index, wait=False)
        for index in range(2):
            self.wait_for_app(index)

    def _start_watchdog(self) -> None:
        """Stop every process group listed in `pids` once this process has gone."""
        pids = self.root / "pids"
        pids.touch()
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
            f"for p in $(cat {shlex.quote(str(pids))}); do kill -9 -- -$p 2>/dev/null; done; "
            f"rm -rf {shlex.quote(str(self.root))}"
        )
        self._watchdog = subprocess.Popen(
            ["sh", "-c", script],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _spawn(self, name: str, command: list[str], **options) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **options
        )
        self.processes[name] = process
        with (self.root / "pids").open("a") as pids:
            pids.write(f"{process.pid}\n")
        return process

    def _start_postgres(self) -> None:
        bin_dir = _binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (make test-setup installs it)")
        self.postgres = PostgresServer(bin_dir)
        self.postgres.start()
        self.psql(
            str(DEPLOY / "postgresql" / "roles.sql"),
            database="postgres",
            variables={f"{role}_password": value for role, value in self.passwords.items()},
        )

    def stop_postgres(self) -> None:
        pg = self.postgres
        pg.run("pg_ctl", "-D", str(pg.data), "-m", "fast", "-w", "-t", "60", "stop")

    def start_postgres_again(self) -> None:
        pg = self.postgres
        options = (
            f"-c listen_addresses=127.0.0.1 -p {pg.port} -k {pg.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        pg.run(
            "pg_ctl",
            "-D",
            str(pg.data),
            "-o",
            options,
            "-l",
            str(pg.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def _start_redis(self) -> None:
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        self._spawn(
            "redis",
            [
                redis,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
        )
        wait_for(lambda: self.redis("PING") == "PONG", 20, "Redis answering")

    def redis(self, *command: str) -> str:
        cli = shutil.which("redis-cli") or "/usr/bin/redis-cli"
        result = subprocess.run(
            [cli, "-h", "127.0.0.1", "-p", str(self.redis_port), *command],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return result.stdout.strip()

    def _migrate(self) -> None:
        """As a council deploys: migrations as the owner, then the app's grants."""
        self.flask("db", "upgrade", role="owner")
        self.psql(str(DEPLOY / "postgresql" / "grants.sql"), user="portal_owner")

    def _make_certificate(self) -> None:
        self.certificate, self.key = make_certificate(self.root)

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.certificate))

    def app_address(self, index: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def start_app(self, index: int, wait: bool = True) -> None:
        name = f"app{index}"
        self._spawn(
            name,
            [
                str(BIN / "gunicorn"),
                "-c",
                str(DEPLOY / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.app_ports[index]}",
                "--pid",
                str(self.root / f"{name}.pid"),
                "portal:create_app()",
            ],
            cwd=ROOT,
            env=self.app_environment(),
        )
        if wait:
            self.wait_for_app(index)

    def wait_for_app(self, index: int) -> None:
        address = self.app_address(index)
        wait_for(
            lambda: urllib.request.urlopen(f"{address}/healthz", timeout=2).status == 200,
            90,
            f"gunicorn instance {index} answering",
        )

    def app_pid(self, index: int) -> int:
        return self.processes[f"app{index}"].pid

    def worker_pids(self, index: int) -> set[int]:
        """The instance's gunicorn workers: the processes whose parent is its master."""
        master, workers = self.app_pid(index), set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                # "pid (name) state ppid ...": the name may hold spaces, so split after ")"
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                    workers.add(int(stat.parent.name))
        return workers

    def kill_app(self, index: int) -> None:
        """kill -9 the instance: its master and every worker at once."""
        process = self.processes[f"app{index}"]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
        # Gone: the watchdog must never signal whatever gets that id next.
        pids = self.root / "pids"
        pids.write_text(
            "".join(f"{p}\n" for p in pids.read_text().split() if p != str(process.pid))
        )

    def _start_nginx(self) -> None:
        folder = self.root / "nginx"
        folder.mkdir()
        (folder / "site.conf").write_text(nginx_site(self))
        temp = folder / "temp"
        temp.mkdir()
        temp.chmod(0o777)  # nginx's workers run as nobody when started by root
        (folder / "nginx.conf").write_text(nginx_main(self, folder, temp))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run(
            [nginx, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {check.stderr}")
        self._spawn(
            "nginx",
            [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        )
        context = self.tls_context()
        wait_for(
            lambda: (
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2, context=context).status
                == 200
            ),
            20,
            "nginx answering over TLS",
        )

    # --- stopping ---------------------------------------------------------------------

    def stop(self) -> None:
        for name, process in reversed(list(self.processes.items())):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait(10)
            del self.processes[name]
        if self.postgres is not None:
            self.postgres.stop()
        keep = os.environ.get("PROD_TEST_KEEP_LOGS")
        if keep:  # to read after a failed run
            shutil.copytree(self.logs, keep, dirs_exist_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)
        if self._watchdog is not None:  # its work is done: end it (only it, by its id)
            self._watchdog.kill()
            self._watchdog.wait(10)
