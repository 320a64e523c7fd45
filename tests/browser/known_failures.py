"""The browser matrix's known failures: (page, language, viewport, check) -> what fails.

Each entry makes that case an expected failure (xfail, strict): when a change fixes it, the
case passes, pytest reports XPASS(strict) as a failure, and the entry must be removed here.
Made by tests/browser/matrix_report.py from a run of tests/browser/test_matrix.py.
"""

# fmt: off
KNOWN_FAILURES: dict[tuple[str, str, str, str], str] = {}
# fmt: on
