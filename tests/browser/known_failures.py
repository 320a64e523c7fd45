"""The browser matrix's known failures: (page, language, viewport, check) -> what fails.

Each entry makes that case an expected failure (xfail, strict): when a change fixes it, the
case passes, pytest reports XPASS(strict) as a failure, and the entry must be removed here.
Made by tests/browser/matrix_report.py from a run of tests/browser/test_matrix.py.
"""

# fmt: off
KNOWN_FAILURES: dict[tuple[str, str, str, str], str] = {
    ('event_registration', 'da', 'phone360', 'axe'):
        'color-contrast (serious, 1x) [.alert > a]',
    ('event_registration', 'da', 'desktop', 'axe'):
        'color-contrast (serious, 1x) [.alert > a]',
    ('event_registration', 'en', 'phone360', 'axe'):
        'color-contrast (serious, 1x) [.alert > a]',
    ('event_registration', 'en', 'desktop', 'axe'):
        'color-contrast (serious, 1x) [.alert > a]',
    ('event_registration', 'de', 'phone360', 'axe'):
        'color-contrast (serious, 1x) [.alert > a]',
    ('event_registration', 'de', 'desktop', 'axe'):
        'color-contrast (serious, 1x) [.alert > a]',
    ('org_event', 'da', 'phone360', 'axe'):
        'scrollable-region-focusable (serious, 1x) [.table-responsive]',
    ('org_event', 'en', 'phone360', 'axe'):
        'scrollable-region-focusable (serious, 1x) [.table-responsive]',
    ('org_event', 'de', 'phone360', 'axe'):
        'scrollable-region-focusable (serious, 1x) [.table-responsive]',
}
# fmt: on
