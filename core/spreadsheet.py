"""Cells for spreadsheets (CSV and XLSX exports) that a spreadsheet will not run."""

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by Excel,
# LibreOffice or Google Sheets. A leading apostrophe makes the spreadsheet show it as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
