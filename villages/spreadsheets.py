"""Cells of every CSV and xlsx export, made safe to open in a spreadsheet (OWASP's rule for CSV injection).

A cell whose text begins with = + - @, a tab or a carriage return (or their full-width forms, which a
Chinese input method types) would be read by Excel or WPS as a formula: a name such as
`=HYPERLINK("http://…"&A1,"x")` would run on every office computer that opens the export. Such text is
written with a leading apostrophe, so that it stays text; numbers and dates pass unchanged.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value):
    """The value as it may be written into a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]
