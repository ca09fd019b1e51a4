"""Review finding 14: CSV formula protection looked at a cell's first character only.

`Ann;=1+1` went out unquoted, so Excel in a ";"-separator locale (pl, ro, pt) split it
and evaluated `=1+1`. Every cell is now quoted, and a formula start just after a
separator inside a cell gets the same `'` as one at the start, so however a spreadsheet
splits the line, no piece starts a formula.
"""

import csv
import io

import pytest

from portal.exchange.csv_cells import csv_lines

HOSTILE = ["Ann;=1+1", "Ann,=1+1", "Ann\t=1+1", "x;@SUM(A1)", "y;+1", "z;-1", "=HYPERLINK(1)"]


def _split_as(text: str, delimiter: str) -> list[list[str]]:
    """Fields as a spreadsheet reading with this separator and `"` as quote would."""
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_formula_cells_after_a_separator(delimiter):
    text = "".join(csv_lines([HOSTILE, ["Sam", 12]])).removeprefix("\ufeff")
    fields = [f for row in _split_as(text, delimiter) for f in row]
    starts = [f for f in fields if f[:1] in ("=", "+", "-", "@")]
    assert not starts, starts
    # Read with the file's own separator, every value comes back whole, with the marks.
    rows = _split_as(text, ",")
    assert [value.replace("'", "") for value in rows[0]] == HOSTILE
    assert rows[0][0] == "Ann;'=1+1"
    assert rows[1] == ["Sam", "12"]
