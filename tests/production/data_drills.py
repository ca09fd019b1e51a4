"""Drills on the data: the app's database role, backup/drop/restore, no family token in logs."""

import subprocess
import time
from collections import Counter

from tests.production.drill_steps import OTHER_PLAN, PLAN, DrillSteps, claim
from tests.production.stack import DEPLOY


class DataDrills(DrillSteps):
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
