"""The files for people: the CSV for Swedish Excel, the workbook's words, formats and
area sheets, the release label as text, and the open-data page saying which file is for
whom. The machine files are pinned in test_downloads.py."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import frictionless
import openpyxl
import pytest
from django.urls import reverse

from beredskap.publication import services
from beredskap.publication.downloads.excel_csv import excel_csv
from beredskap.publication.downloads.loading import ReleaseData
from beredskap.publication.models import Release

from .test_downloads import csv_rows, get, main

pytestmark = pytest.mark.django_db

NUMBERS = ("value", "numerator", "denominator", "year", "edition", "units")


@pytest.fixture
def release(approved_round, nadia):
    return services.release_round(survey_round=approved_round, notes="Första", by=nadia)


def open_as_swedish_excel(content: bytes) -> list[list[str]]:
    """What Excel with Swedish settings does: a BOM means UTF-8, the list separator is
    `;`, and a text formula `="0380"` shows its text."""
    assert content.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would read Windows-1252"
    text = content[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return [[cell[2:-1] if cell.startswith('="') else cell for cell in row] for row in rows]


def decimal_comma(text: str) -> Decimal | None:
    """A number as Swedish Excel parses it: a decimal comma, no point allowed."""
    assert "." not in text, text
    return Decimal(text.replace(",", ".")) if text else None


def test_the_excel_csv_opens_in_columns_with_the_machine_csvs_numbers(client, release):
    response = get(client, release, "values-excel.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="beredskap-2025.1-values-excel.csv"'
    )
    assert b"\r\n" in response.content and b"\xc3\xb6" in response.content  # ö in UTF-8
    header, *rows = open_as_swedish_excel(response.content)
    assert header[:4] == ["Publicering", "År", "Indikatorkod", "Indikator"]
    assert all(len(row) == len(header) for row in rows)
    machine = csv_rows(get(client, release, "values.csv").content)
    assert len(rows) == len(machine) == release.value_count
    names = list(machine[0])
    for swedish, row in zip(rows, machine, strict=True):  # the same rows, in the same order
        cells = dict(zip(names, swedish, strict=True))
        for name in NUMBERS:
            expected = Decimal(row[name]) if row[name] else None
            assert decimal_comma(cells[name]) == expected, (name, cells, row)
        assert (cells["release"], cells["unit_code"]) == (row["release"], row["unit_code"])
        assert cells["indicator_title"] == row["indicator_title"]
    words = {tuple(row[6:8]) for row in rows} | {tuple(row[15:18]) for row in rows}
    assert ("ja/nej", "kommun") in words and ("andel", "riket") in words
    assert ("uppfyllt", "grön", "") in words and ("ej uppfyllt", "röd", "") in words
    assert ("", "", "för få kommuner (färre än 3)") in words


def test_codes_stay_text_and_awkward_fields_are_quoted(release):
    row = (
        "2025.10", 2025, "KON01", 'Plan; "ny"\nrad', 2025, "B", "share", "municipality",
        "0380", "=HYPERLINK(1)", "", "", Decimal("58.3333"), Decimal("7"), None,
        "", "green", "", 1,
    )  # fmt: skip
    content = excel_csv(ReleaseData(release=release, values=[row], indicators=[], units=[]))
    line = content.decode("utf-8-sig").split("\r\n")[1]
    assert line.startswith('"=""2025.10""";2025;KON01;"Plan; ""ny""\nrad";2025;B;andel;kommun;')
    assert ';"=""0380""";\'=HYPERLINK(1);;;58,3333;7;;;grön;;1' in line
    [_header, cells] = open_as_swedish_excel(content)
    assert (cells[0], cells[3], cells[8]) == ("2025.10", 'Plan; "ny"\nrad', "0380")


def workbook(client, release):
    content = get(client, release, "results.xlsx").content
    return openpyxl.load_workbook(io.BytesIO(content))


def rows_by_key(sheet) -> dict[tuple, list]:
    rows = {}
    for row in list(sheet.iter_rows())[1:]:
        rows[row[2].value, row[8].value, row[10].value] = row
    return rows


def test_the_workbook_has_swedish_words_and_number_formats(client, release):
    book = workbook(client, release)
    municipalities = rows_by_key(book["Kommuner"])
    met = municipalities["KON01", "0380", "sabo"]
    assert [met[i].value for i in (6, 7, 15, 16)] == ["ja/nej", "kommun", "uppfyllt", "grön"]
    assert (met[12].value, met[12].number_format) == (1, '"Ja";"Ja";"Nej"')
    not_met = municipalities["KON01", "0381", "sabo"]
    assert (not_met[12].value, not_met[15].value, not_met[16].value) == (0, "ej uppfyllt", "röd")
    summary = municipalities["KON01", "0380", "*"]
    assert (summary[12].value, summary[12].number_format) == (100, '0.0" %"')
    assert ("KON02", "0380", None) not in municipalities  # aggregate-only
    nation = rows_by_key(book["Riket"])["KON02", "SE", None]
    assert (nation[7].value, nation[6].value) == ("riket", "andel")
    assert (nation[12].value, nation[12].number_format) == (58.3333, '0.0" %"')
    assert (nation[13].value, nation[13].number_format, nation[18].value) == (7, "0", 3)
    county = rows_by_key(book["Län"])["KON02", "03", None]
    assert county[17].value == "för få kommuner (färre än 3)" and county[12].value is None
    every_result = [r for r in municipalities.values() if r[15].value or r[12].value is not None]
    assert all(r[12].value is not None for r in every_result)  # a Värde wherever a result
    indicators = list(book["Indikatorer"].iter_rows(values_only=True))
    assert indicators[1][7:10] == ("ja/nej", "offentlig", "högre är bättre")


def test_the_workbook_has_a_wide_sheet_per_area_with_the_class_in_words(client, release):
    book = workbook(client, release)
    sheet = book["B Kontinuitetshantering"]
    assert sheet.freeze_panes == "B2"
    header, *rows = list(sheet.iter_rows())
    assert [c.value for c in header[:5]] == [
        "Kommun", "Kommunkod", "Län", "KON01 Aktuell kontinuitetsplan", "KON01 Klass"
    ]  # fmt: skip
    assert len(header) == 5  # KON02 is published for aggregates only
    by_code = {row[1].value: row for row in rows}
    assert len(by_code) == 290  # every municipality of the round
    uppsala, enkoping, tierp = by_code["0380"], by_code["0381"], by_code["0360"]
    assert [c.value for c in uppsala[:3]] == ["Uppsala", "0380", "Uppsala län"]
    assert (uppsala[3].value, uppsala[3].number_format, uppsala[4].value) == (
        100,
        '0.0" %"',
        "Grön",
    )
    assert uppsala[3].fill.fgColor.rgb.endswith("C6EFCE")
    assert (enkoping[3].value, enkoping[4].value) == (0, "Röd")
    assert enkoping[3].fill.fgColor.rgb.endswith("FFC7CE")
    assert tierp[3].value is None and tierp[4].value == "Ej besvarat"
    about = " ".join(str(c) for r in book["Om"].iter_rows(values_only=True) for c in r if c)
    assert "B Kontinuitetshantering" in about and "Ja eller Nej" in about


def test_release_ten_is_text_and_does_not_collide_with_release_one(client, release, tmp_path):
    Release.objects.filter(pk=release.pk).update(number=10)
    release.refresh_from_db()
    assert json.loads(get(client, release, "values.json").content)["release"]["label"] == "2025.10"
    assert {row["release"] for row in csv_rows(get(client, release, "values.csv").content)} == {
        "2025.10"
    }
    content = get(client, release, "datapackage.zip").content
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path)
    package = frictionless.Package(str(tmp_path / "datapackage.json"))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])
    values = package.get_resource("values")
    assert values.schema.get_field("release").type == "string"
    assert {row["release"] for row in values.read_rows()} == {"2025.10"}
    book = workbook(client, release)
    assert {r[0] for r in book["Kommuner"].iter_rows(min_row=2, values_only=True)} == {"2025.10"}


def test_the_open_data_pages_say_which_csv_is_for_whom(client, release):
    index = main(client.get(reverse("downloads:index")))
    page = main(client.get(reverse("downloads:release", args=[2025, 1])))
    for html in (index, page):
        assert 'href="/open-data/2025.1/values-excel.csv"' in html
        assert "För Excel (svenska inställningar)" in html
        assert "För program och analys" in html
        assert html.index("values.csv") < html.index("För program och analys")
    assert "CSV för Excel" in page and "semikolon" in page
