"""CSV: the release's values as one table (also the tables of the data package).

UTF-8, comma separated, CRLF, a header row of the columns' machine names; numbers are
written without locale or trailing zeros, so the text is the same on every machine.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from .columns import VALUE_COLUMNS, Column
from .loading import ReleaseData


def plain(number: Decimal | int | None) -> str:
    """A number as text without locale or trailing zeros: 58.3333, 3, 0; empty for None."""
    if number is None:
        return ""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _csv_cell(value) -> str:
    if isinstance(value, Decimal) or value is None:
        return plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table(columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    """A CSV file: a header of the columns' names, then the rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8")


def values_csv(data: ReleaseData) -> bytes:
    """The release's values, one row per value, UTF-8, comma separated, a header row."""
    return table(VALUE_COLUMNS, data.values)
