"""No Python module grows past 400 lines: the portal's, its tests', the benchmark's or deploy's.

A module that long has always held more than one concern here (the family timeline's
words, view and next meetings; the plan form's reading, record and translations; the
production drills' journeys, outages and data), and it is split along those seams
rather than let grow. The anchors' 500 to 4,000-line modules are what this keeps us
from (docs/testing.md, "Module size").
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
# Every folder of Python the project keeps (a test or a drill is read as often as code).
FOLDERS = ("portal", "tests", "bench", "deploy")
# A module allowed over the limit, with the reason it cannot be split. None today.
EXCEPTIONS: dict[str, str] = {}


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_over_the_limit():
    modules = {
        str(path.relative_to(ROOT)): path
        for folder in FOLDERS
        for path in sorted((ROOT / folder).rglob("*.py"))
    }
    over = {
        name: lines for name, path in modules.items() if (lines := _line_count(path)) > MAX_LINES
    }
    unexcused = "; ".join(
        f"{name}: {lines} lines" for name, lines in sorted(over.items()) if name not in EXCEPTIONS
    )
    assert not unexcused, f"over {MAX_LINES} lines, split along their seams: {unexcused}"
    back_under = sorted(set(EXCEPTIONS) - set(over))
    assert not back_under, f"back under {MAX_LINES} lines, drop from EXCEPTIONS: {back_under}"
