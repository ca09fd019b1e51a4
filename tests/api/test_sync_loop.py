"""The sync loop in docs/api.md, run as written against the portal served on 127.0.0.1:
it copies every plan, then on the next run picks up a change and a deletion."""

import os

from portal.config import ROOT
from portal.records import export_record, get_plan, replace_plan
from tests.api.test_plans import PLANS, example, imported
from tests.browser.conftest import serving


class CaseSystem:
    def __init__(self):
        self.plans: dict[str, dict] = {}
        self.renamed: list[tuple[str, str]] = []

    def store_plan(self, record, version):
        self.plans[record["reference"]] = {**record, "_version": version}

    def remove_plan(self, reference):
        self.plans.pop(reference, None)

    def rename_plan(self, old, new):
        self.renamed.append((old, new))
        if old in self.plans:
            self.plans[new] = self.plans.pop(old)


def sync_loop_code(base: str) -> str:
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    code = docs.split("A sync loop, in Python", 1)[1].split("```python\n", 1)[1]
    code = code.split("```", 1)[0]
    written = 'BASE, KEY = "https://plans.example.gov.uk/api/v1", os.environ["PORTAL_API_KEY"]'
    assert written in code
    return code.replace(written, f'BASE, KEY = "{base}", os.environ["PORTAL_API_KEY"]')


def rename(api, old: str, new: str) -> None:
    """What staff do on the plan form: the same record under another reference."""
    with api.app.app_context():
        record = export_record(get_plan(old))
        record["reference"] = new
        replace_plan(record, api.app.extensions["profiles"], actor="staff", reference=old)


def run_sync(code: str, case_system: CaseSystem) -> None:
    exec(code, {"case_system": case_system})  # noqa: S102 - our own documentation


def test_the_documented_sync_loop_copies_changes_and_deletions(api, tmp_path, monkeypatch):
    for name in ("england-new-plan", "stoke-fifteen-months", "greenwich-ended"):
        imported(api, name)
    monkeypatch.chdir(tmp_path)  # the loop keeps its cursor in ./sync.cursor
    monkeypatch.setenv("PORTAL_API_KEY", api.key)
    case_system = CaseSystem()
    with serving(api.app) as address:
        code = sync_loop_code(f"{address}/api/v1")
        run_sync(code, case_system)
        assert sorted(case_system.plans) == ["EX-0001", "EX-0002", "EX-0003"]
        changed = example("england-new-plan")
        changed["child"]["first_name"] = "Changed"
        assert api.put(f"{PLANS}/EX-0001", changed, {"If-Match": '"1"'}).status_code == 200
        deleted = api.delete(f"{PLANS}/EX-0002", {"If-Match": "*"}, key=api.deleting_key)
        assert deleted.status_code == 204
        rename(api, "EX-0003", "EX-RENAMED")
        run_sync(code, case_system)
    assert sorted(case_system.plans) == ["EX-0001", "EX-RENAMED"]
    assert case_system.renamed == [("EX-0003", "EX-RENAMED")]
    assert case_system.plans["EX-0001"]["child"]["first_name"] == "Changed"
    assert case_system.plans["EX-0001"]["_version"] == 2
    assert os.path.exists(tmp_path / "sync.cursor")
