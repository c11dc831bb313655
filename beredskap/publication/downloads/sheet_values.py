"""How a value appears in the workbook: the number shown, its number format and colour.

The workbook keeps the numbers of the other files (a share of 58.3333 is 58.3333, not
0.583333) and shows them the way Öppna jämförelser does: percentages with one decimal
and a per cent sign, counts and levels as whole numbers where they are whole, a yes/no
answer as Ja or Nej. A municipality's yes/no value has no number in the data (its
verdict says it); here it is 1 when met and 0 otherwise, shown as Ja or Nej, so every
row with a result has a Värde and a column of them can be summed or averaged.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import PatternFill

from beredskap.results.calculations import GREEN, MUNICIPALITY, RED, SUMMARY, YELLOW

from .json_file import json_number

PERCENT = '0.0" %"'
DECIMAL = "0.0"
INTEGER = "0"
#: Light fills under black text (contrast well above 4.5:1); the class is also in words.
FILLS = {
    GREEN: PatternFill(fill_type="solid", start_color="C6EFCE", end_color="C6EFCE"),
    YELLOW: PatternFill(fill_type="solid", start_color="FFEB9C", end_color="FFEB9C"),
    RED: PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE"),
}
MET = "met"


def is_answer(kind: str, level: str, activity: str) -> bool:
    """A municipality's own yes/no result (not its summary of all activities)."""
    return kind == "yes_no" and level == MUNICIPALITY and activity != SUMMARY


def shown_value(kind: str, level: str, activity: str, value, verdict: str):
    """The number in the Värde cell: the value, or 1/0 for a municipality's yes/no."""
    if value is None and verdict and is_answer(kind, level, activity):
        return 1 if verdict == MET else 0
    return json_number(value) if isinstance(value, Decimal) else value


def yes_no_format() -> str:
    """Ja for 1, Nej for 0 (the number stays, so it can be counted)."""
    yes, no = _("Yes"), _("No")
    return f'"{yes}";"{yes}";"{no}"'


def whole_format(number) -> str:
    return INTEGER if number == int(number) else DECIMAL


def value_format(kind: str, level: str, activity: str, number) -> str:
    """Percent for shares and yes/no aggregates, Ja/Nej for a yes/no answer, else whole
    numbers where whole and one decimal where not (a mean of counts or levels)."""
    if is_answer(kind, level, activity):
        return yes_no_format()
    if kind in ("yes_no", "share"):
        return PERCENT
    return whole_format(number)


def number_cell(sheet, number, number_format: str, klass: str = "") -> WriteOnlyCell:
    """A number with its format, filled with its class's colour when it has one."""
    written = WriteOnlyCell(sheet, value=number)
    written.number_format = number_format
    if klass in FILLS:
        written.fill = FILLS[klass]
    return written
