"""Formula cells in an uploaded workbook: read by their stored result, refused without one.

Anna (respondent, Uppsala) fills the downloaded workbook with a formula. openpyxl, like
some converters, saves formulas without computing them; such a cell must not read as an
emptied answer. Excel and LibreOffice store each result beside its formula, as the test
does by writing the result into the file.
"""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskap.surveys.models import AnswerRevision

from .conftest import answer
from .test_spreadsheet import AREA_B, XLSX, download, fill, problems_of, upload, value

pytestmark = pytest.mark.django_db


def with_stored_result(workbook, sheet_title, cell, result):
    """The workbook as Excel would save it: `cell`'s formula with `result` stored beside."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    part = f"xl/worksheets/sheet{workbook.sheetnames.index(sheet_title) + 1}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                pattern = rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/>'.encode()
                stored = rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{result}</v>'.encode()
                data, count = re.subn(pattern, stored, data)
                assert count == 1
            target.writestr(item, data)
    return SimpleUploadedFile("svar.xlsx", out.getvalue(), content_type=XLSX)


def test_a_formula_without_a_stored_result_is_refused_naming_sheet_and_cell(client, uppsala, anna):
    client.force_login(anna)
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    workbook = download(client)
    formula = fill(workbook, "KON_PLAN", "sabo", G='=IF(1=1,"ja","nej")')
    fill(workbook, "KON_PLAN", "hemtjanst", G="ja")  # valid, but not saved either
    response = upload(client, workbook)
    assert problems_of(response) == {(*formula, "G")}
    html = response.content.decode()
    cell = f"G{formula[1]}"
    assert f"Cellen {cell} på bladet {AREA_B}" in html
    assert "formel utan sparat resultat" in html
    assert value("KON_PLAN", "sabo") == "nej"  # not silently emptied
    assert AnswerRevision.objects.filter(source="import").count() == 0


def test_the_refusal_is_in_english_for_an_english_speaker(client, uppsala, anna):
    client.force_login(anna)
    workbook = download(client, blank=True)
    formula = fill(workbook, "UTB_EXERCISES", G="=1+2")
    client.cookies["django_language"] = "en"
    response = upload(client, workbook)
    html = response.content.decode()
    assert f"Cell G{formula[1]} on sheet {formula[0]} holds a formula without a stored" in html


def test_a_formula_with_its_stored_result_is_read_as_that_result(client, uppsala, anna):
    client.force_login(anna)
    workbook = download(client, blank=True)
    sheet, number = fill(workbook, "KON_PLAN", "sabo", G='=IF(1=1,"ja","nej")')
    response = upload(client, with_stored_result(workbook, sheet, f"G{number}", "ja"))
    assert response.status_code in (200, 302)
    assert value("KON_PLAN", "sabo") == "ja"


def test_a_formula_in_a_column_for_people_is_not_read(client, uppsala, anna):
    client.force_login(anna)
    workbook = download(client, blank=True)
    fill(workbook, "KON_PLAN", "sabo", C="=A1", G="ja")
    response = upload(client, workbook)
    assert response.status_code in (200, 302)
    assert value("KON_PLAN", "sabo") == "ja"
