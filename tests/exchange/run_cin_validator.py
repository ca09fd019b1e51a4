"""Run the councils' CIN census validator over one census file; print its issues as JSON.

Run with the validator's own environment (.venv-cin/bin/python, `make test-setup`),
not the portal's: `python run_cin_validator.py FILE [RULESET]`. One JSON object a line:
rule code, its type, the census table and fields it names, and the child (LAchildID).
"""

import contextlib
import importlib
import io
import json
import sys
import warnings
import xml.etree.ElementTree as ET

warnings.simplefilter("ignore")  # pandas' deprecation notices from inside the rules

from cin_validator import cin_validator  # noqa: E402


def main(path: str, ruleset: str) -> None:
    root = ET.parse(path).getroot()  # noqa: S314 - our own export, in a test
    data = cin_validator.process_data(cin_validator.convert_data(root))
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    # The validator prints a line for each rule that raised instead of answering (one
    # LA-level rule divides by zero on small files); those are reported apart.
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(data, registry)
    for row in validator.full_issue_df.to_dict("records"):
        print(
            json.dumps(
                {
                    "rule": str(row["rule_code"]),
                    "type": str(row["rule_type"]),
                    "table": str(row["tables_affected"]),
                    "fields": str(row["columns_affected"]),
                    "child": None if row["child_id"] != row["child_id"] else str(row["child_id"]),
                }
            )
        )
    for row in validator.multichild_issues.to_dict("records"):
        print(json.dumps({"rule": str(row["rule_code"]), "table": "LA level", "child": None}))
    for line in printed.getvalue().splitlines():
        if line.startswith("Error with rule"):
            print(
                json.dumps({"rule": line.split()[3].rstrip(":"), "table": "raised", "child": None})
            )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "cin2026_27")
