"""Turns a browser-matrix report into the known-failures list or a findings table.

    MATRIX_REPORT=var/matrix.json pytest tests/browser/test_matrix.py   # writes the report
    python -m tests.browser.matrix_report var/matrix.json known > tests/browser/known_failures.py
    python -m tests.browser.matrix_report var/matrix.json table        # Markdown, for notes

Regenerating known_failures.py is for starting a list (or after a deliberate change of the
matrix); when a fix makes an entry XPASS, delete that entry by hand."""

import json
import sys
from collections import defaultdict
from pathlib import Path

# Keeps each entry within the line length; the full findings are in the report.
MAX_REASON = 88

HEADER = '''"""The browser matrix's known failures: (page, language, viewport, check) -> what fails.

Each entry makes that case an expected failure (xfail, strict): when a change fixes it, the
case passes, pytest reports XPASS(strict) as a failure, and the entry must be removed here.
Made by tests/browser/matrix_report.py from a run of tests/browser/test_matrix.py.
"""

# fmt: off
KNOWN_FAILURES: dict[tuple[str, str, str, str], str] = {
'''


def summary(check: str, findings: list[str]) -> str:
    """One line: what to fix, short enough to read in pytest's xfail reason."""
    if check == "overflow":  # "page width: the culprit's own selector and text"
        culprits = [f.removeprefix("culprit ") for f in findings if f.startswith("culprit ")]
        selector, _, rest = (culprits or findings[1:])[0].partition(" (width")
        text = rest.partition(") ")[2]
        width = findings[0].replace("scrollWidth ", "").replace(" innerWidth", "")
        line = f"{width}: {selector.split(' > ')[-1]} {text}"
    elif check == "axe":  # "rule (impact, n x) [targets]" without axe's help text
        line = "; ".join(f"{f.split(':')[0]} [{f.rsplit('[', 1)[-1]}" for f in findings)
    else:
        line = "; ".join(findings)
    return line[:MAX_REASON]


def failures(report: dict) -> list[tuple[tuple[str, str, str, str], list[str]]]:
    out = []
    for row in report["rows"]:
        for check, findings in row["findings"].items():
            if findings:
                out.append(((row["page"], row["lang"], row["viewport"], check), findings))
    return out


def known(report: dict) -> str:
    lines = [HEADER]
    for key, findings in failures(report):
        lines.append(f"    {key!r}:\n        {summary(key[3], findings)!r},\n")
    lines.append("}\n# fmt: on\n")
    return "".join(lines)


def table(report: dict) -> str:
    """Rows grouped by page and check: the languages and viewports where the same findings
    occur, then the findings."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[str]] = defaultdict(list)
    for (page, lang, viewport, check), findings in failures(report):
        groups[(page, check, tuple(findings))].append(f"{lang}/{viewport}")
    lines = ["| page | check | where (lang/size) | details |", "|---|---|---|---|"]
    for (page, check, findings), where in groups.items():
        details = "<br>".join(f.replace("|", "\\|") for f in findings)
        lines.append(f"| {page} | {check} | {', '.join(where)} | {details} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    sys.stdout.write(known(data) if sys.argv[2] == "known" else table(data))
