"""Workbook cells and sheets: values a spreadsheet shows as meant, names it accepts."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone, translation

from beredskap.documents.xlsx import BOLD, cell, safe_value, sheet_names, table_sheet, to_bytes
from beredskap.documents.xlsx import workbook as new_workbook


def test_sheet_names_are_valid_and_distinct():
    names = sheet_names(["Om", "a/b:c", "x" * 40, "x" * 40, "OM"])
    assert names[1] == "a b c"
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == 5


def test_values_are_what_a_spreadsheet_should_show():
    moment = timezone.make_aware(datetime.datetime(2025, 1, 20, 9, 30))
    with translation.override("sv"):
        assert safe_value(True) == "Ja" and safe_value(False) == "Nej"
    assert safe_value(Decimal("0.5")) == 0.5
    assert safe_value(moment) == datetime.datetime(2025, 1, 20, 9, 30)  # local, naive
    assert safe_value("bell\x07") == "bell"
    assert safe_value("") is None


def test_a_table_sheet_keeps_formulas_as_text_and_headers_bold():
    book = new_workbook("Test")
    table_sheet(book, "Tabell", ["Kod", "Text"], [["A1", '=HYPERLINK("x")'], ["B2", "-1 dag"]])
    read = openpyxl.load_workbook(io.BytesIO(to_bytes(book)))
    sheet = read["Tabell"]
    assert read.properties.creator == "Beredskap" and read.properties.title == "Test"
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    for ref in ("B2", "B3"):
        assert sheet[ref].data_type == "s" and sheet[ref].quotePrefix
    assert sheet.column_dimensions["B"].width == len('=HYPERLINK("x")') + 2


def test_a_date_cell_is_formatted_as_a_date():
    book = new_workbook("Test")
    sheet = book.create_sheet("Datum")
    written = cell(sheet, datetime.date(2025, 3, 15), BOLD)
    assert written.number_format == "yyyy-mm-dd" and written.font.b
