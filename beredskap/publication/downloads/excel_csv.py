"""CSV for Swedish Excel: the same rows as `values.csv`, written so that Excel with Swedish
settings opens it in columns without asking anything.

Excel reads a CSV file by the computer's regional settings: in Sweden the list separator
is a semicolon and the decimal sign a comma, and without a byte-order mark it reads the
text as Windows-1252 ("fÃ¶r" for "för"). So this file is UTF-8 with a BOM, `;` separated,
with decimal commas, Swedish headings and Swedish words for coded values (`labels`).
Fields holding `;`, `"` or a line break are quoted, quotes doubled.

Excel also turns text that looks like a number or a date into one: the municipality code
0380 would become 380, and the release 2025.10 a number or a date. Such codes are
written as the text formula `="0380"`, which Excel shows as the text itself. Any other
text that Excel would run as a formula (starting with =, +, - or @) gets a leading `'`.
Programs should read `values.csv` instead; this file is for people.
"""

import csv
import io
import re
from decimal import Decimal

from .columns import VALUE_COLUMNS
from .csv_file import plain
from .labels import VALUE_CODES, words_for
from .loading import ReleaseData

BOM = "\ufeff"
DELIMITER = ";"
#: Columns whose codes Excel would change (leading zeros, a label like 2025.10).
KEPT_AS_TEXT = {"release", "unit_code"}
LOOKS_NUMERIC = re.compile(r"^[0-9][0-9.,:/ -]*$")
FORMULA_START = ("=", "+", "-", "@")


def decimal_comma(number: Decimal | int | None) -> str:
    """58.3333 as 58,3333 (no thousands separator, which Excel would need to guess)."""
    return plain(number).replace(".", ",")


def excel_text(text: str, keep: bool = False) -> str:
    """Text as Excel should show it: a numeric-looking code kept as text where `keep`,
    and text that would run as a formula made harmless."""
    if keep and LOOKS_NUMERIC.match(text):
        return '="' + text + '"'
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _cells(row, in_words) -> list[str]:
    cells = []
    for column, cell in zip(VALUE_COLUMNS, in_words(row), strict=True):
        if cell is None or isinstance(cell, (Decimal, int)):
            cells.append(decimal_comma(cell))
        else:
            cells.append(excel_text(str(cell), keep=column.name in KEPT_AS_TEXT))
    return cells


def excel_csv(data: ReleaseData) -> bytes:
    """The release's values for Swedish Excel: UTF-8 with BOM, `;`, decimal commas."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([str(column.title) for column in VALUE_COLUMNS])
    in_words = words_for(VALUE_COLUMNS, VALUE_CODES)
    writer.writerows(_cells(row, in_words) for row in data.values)
    return out.getvalue().encode("utf-8")
