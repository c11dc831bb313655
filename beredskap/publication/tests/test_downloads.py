"""Open data downloads through the web client: every format holds exactly the release."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import frictionless
import openpyxl
import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from beredskap.publication import services
from beredskap.publication.downloads.columns import VALUE_COLUMNS
from beredskap.publication.downloads.csv_file import plain
from beredskap.publication.downloads.labels import VALUE_CODES
from beredskap.registry.models import Municipality

from .conftest import approve, released

pytestmark = pytest.mark.django_db

FILES = ("values.csv", "values-excel.csv", "values.json", "results.xlsx", "datapackage.zip")
NUMBERS = ("value", "numerator", "denominator")
TEXTS = ("verdict", "classification", "reason")


@pytest.fixture
def release(approved_round, nadia):
    return services.release_round(survey_round=approved_round, notes="Första", by=nadia)


def url(release, filename):
    return reverse("downloads:file", args=[release.round.year, release.number, filename])


def get(client, release, filename, **headers):
    response = client.get(url(release, filename), headers=headers)
    assert response.status_code == 200, response.status_code
    return response


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def key(row) -> tuple:
    activity = row["activity_code"] or ""  # an empty spreadsheet cell reads as None
    return row["indicator_code"], row["level"], row["unit_code"], activity


def number(text):
    """A file's number (text or JSON) as the Decimal it stands for; None when empty."""
    return None if text in ("", None) else Decimal(str(text))


def expected(release) -> dict[tuple, dict]:
    """The release's rows as the files should hold them."""
    return {
        k: {
            **{name: getattr(v, name) for name in NUMBERS},
            **{name: getattr(v, name) for name in TEXTS},
            "units": v.units,
        }
        for k, v in released(release).items()
    }


def found(row) -> dict:
    return {
        **{name: number(row[name]) for name in NUMBERS},
        **{name: row[name] or "" for name in TEXTS},
        "units": int(row["units"]),
    }


def test_the_csv_holds_exactly_the_release(client, release):
    response = get(client, release, "values.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="beredskap-2025.1-values.csv"'
    rows = csv_rows(response.content)
    assert list(rows[0]) == [column.name for column in VALUE_COLUMNS]
    assert len(rows) == release.value_count
    assert {key(row): found(row) for row in rows} == expected(release)
    assert all(row["release"] == "2025.1" and row["year"] == "2025" for row in rows)
    by_key = {key(row): row for row in rows}
    uppsala = by_key["KON01", "municipality", "0380", "sabo"]
    assert (uppsala["unit_name"], uppsala["verdict"], uppsala["indicator_title"]) == (
        "Uppsala",
        "met",
        "Aktuell kontinuitetsplan",
    )
    assert (uppsala["edition"], uppsala["kind"], uppsala["area_code"]) == ("2025", "yes_no", "B")
    assert by_key["KON01", "municipality", "0380", "*"]["activity_name"] == "Alla verksamheter"
    nation = by_key["KON02", "nation", "SE", ""]
    assert (nation["unit_name"], nation["value"], nation["units"]) == ("Riket", "58.3333", "3")
    assert by_key["KON02", "county", "03", ""]["unit_name"] == "Uppsala län"
    group = Municipality.objects.get(code="0380").group_for(2025)
    assert by_key["KON02", "group", group.code, ""]["unit_name"] == group.name


def test_the_json_holds_exactly_the_release(client, release):
    response = get(client, release, "values.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="beredskap-2025.1-values.json"'
    document = json.loads(response.content)
    assert document["release"] | {"released_at": None} == {
        "label": "2025.1",
        "year": 2025,
        "number": 1,
        "released_at": None,
        "correction": False,
        "notes": "Första",
        "errata": "",
        "value_count": release.value_count,
        "licence": "CC0-1.0",
        "licence_url": "https://creativecommons.org/publicdomain/zero/1.0/",
    }
    assert [i["code"] for i in document["indicators"]] == ["KON01", "KON02"]
    assert document["indicators"][0]["activities"] == ["sabo", "hemtjanst"]
    values = document["values"]
    assert {key(row): found(row) for row in values} == expected(release)
    nation = next(v for v in values if key(v) == ("KON02", "nation", "SE", ""))
    assert (nation["value"], nation["numerator"], nation["denominator"]) == (58.3333, 7, 12)


def test_nothing_unpublishable_reaches_any_format(client, release, tmp_path):
    csv_text = get(client, release, "values.csv").content.decode()
    json_text = get(client, release, "values.json").content.decode()
    book = openpyxl.load_workbook(io.BytesIO(get(client, release, "results.xlsx").content))
    package = zipfile.ZipFile(io.BytesIO(get(client, release, "datapackage.zip").content))
    texts = [csv_text, json_text, *(package.read(n).decode() for n in package.namelist())]
    texts += [repr(list(sheet.values)) for sheet in book]
    for text in texts:
        assert "UTB01" not in text  # restricted: in no format at all
        assert "Antal övningar" not in text

    rows = csv_rows(csv_text.encode()) + json.loads(json_text)["values"]
    rows += csv_rows(package.read("values.csv"))
    assert not [r for r in rows if r["indicator_code"] == "KON02" and r["level"] == "municipality"]
    suppressed = [r for r in rows if key(r) == ("KON02", "county", "03", "")]
    assert len(suppressed) == 3
    for row in suppressed:  # Uppsala county stands on 2 municipalities
        assert row["reason"] == "suppressed"
        assert [row[n] for n in (*NUMBERS, "verdict", "classification")] in (
            ["", "", "", "", ""],
            [None, None, None, "", ""],
        )
    county = [r for r in book["Län"].values if r[8:11] == ("03", "Uppsala län", None)]
    assert [r[12:17] for r in county if r[2] == "KON02"] == [(None,) * 5]


def test_the_workbook_opens_and_its_result_sheets_hold_every_value(client, release):
    response = get(client, release, "results.xlsx")
    assert (
        response["Content-Disposition"] == 'attachment; filename="beredskap-2025.1-results.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [
        "Om",
        "Indikatorer",
        "Kommuner",
        "Län",
        "Kommungrupper",
        "Riket",
        "B Kontinuitetshantering",
    ]
    names = [column.name for column in VALUE_COLUMNS]
    rows = []
    for sheet, level in (
        ("Kommuner", "municipality"),
        ("Län", "county"),
        ("Kommungrupper", "group"),
        ("Riket", "nation"),
    ):
        header, *body = book[sheet].iter_rows(values_only=True)
        assert len(header) == len(names)
        for cells in body:
            row = coded(dict(zip(names, cells, strict=True)))
            assert row["level"] == level
            rows.append(row)
    assert len(rows) == release.value_count
    assert {key(row): found(row) for row in rows} == expected(release)

    indicators = list(book["Indikatorer"].iter_rows(values_only=True))
    assert [row[0] for row in indicators[1:]] == ["KON01", "KON02"]
    about = [cell for row in book["Om"].iter_rows(values_only=True) for cell in row if cell]
    assert "2025.1" in about and "Första" in about
    assert "suppressed" in " ".join(map(str, about))


def coded(row: dict) -> dict:
    """A workbook row as the codes of the other files: Swedish words back to codes, and a
    municipality's yes/no Värde (1 or 0, shown as Ja or Nej) back to no number."""
    with translation.override("sv"):
        for name, words in VALUE_CODES.items():
            codes = {str(word): code for code, word in words.items()}
            row[name] = codes[row[name]] if row[name] else row[name]
    answer = row["kind"] == "yes_no" and row["level"] == "municipality"
    if answer and row["activity_code"] != "*" and row["verdict"]:
        assert row["value"] == (1 if row["verdict"] == "met" else 0)
        row["value"] = None
    return row


def test_the_data_package_validates(client, release, tmp_path):
    response = get(client, release, "datapackage.zip")
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [
            "datapackage.json",
            "indicators.csv",
            "units.csv",
            "values.csv",
        ]
        archive.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    if not report.valid:
        print(report.flatten(["type", "message"]))
    assert report.valid
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["name"] == "beredskap-2025.1"
    assert descriptor["licenses"][0]["name"] == "CC0-1.0"
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert [r["path"] for r in resources.values()] == [
        "values.csv",
        "indicators.csv",
        "units.csv",
    ]
    schema = resources["values"]["schema"]
    assert schema["primaryKey"] == ["indicator_code", "level", "unit_code", "activity_code"]
    assert schema["foreignKeys"][0]["reference"] == {"resource": "indicators", "fields": "code"}
    types = {field["name"]: field["type"] for field in schema["fields"]}
    assert (types["value"], types["units"], types["unit_code"]) == ("number", "integer", "string")
    units = csv_rows((tmp_path / "units.csv").read_bytes())
    uppsala = next(u for u in units if u["code"] == "0380")
    assert (uppsala["name"], uppsala["county_code"]) == ("Uppsala", "03")


def test_a_damaged_package_does_not_validate(client, release, tmp_path):
    """The schema really checks: a value of an unknown indicator breaks the foreign key."""
    with zipfile.ZipFile(io.BytesIO(get(client, release, "datapackage.zip").content)) as archive:
        archive.extractall(tmp_path)
    values = tmp_path / "values.csv"
    values.write_bytes(values.read_bytes().replace(b",KON01,", b",XXX99,", 1))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert ["foreign-key"] in report.flatten(["type"])


@pytest.mark.parametrize("filename", FILES)
def test_a_file_is_read_in_a_fixed_number_of_queries(
    client, release, filename, django_assert_max_num_queries
):
    cache.clear()
    # The release, then downloads.load's eight (and the JSON's continuity-plan shares).
    with django_assert_max_num_queries(10 if filename == "values.json" else 9):
        get(client, release, filename)


def test_files_are_the_same_in_every_interface_language(client, release):
    swedish = get(client, release, "values.json").content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert get(client, release, "values.json").content == swedish


def test_conditional_get_answers_304(client, release):
    for filename in FILES:
        response = get(client, release, filename)
        etag, modified = response["ETag"], response["Last-Modified"]
        assert etag and modified
        assert "public" in response["Cache-Control"]
        again = client.get(url(release, filename), headers={"if-none-match": etag})
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
        since = client.get(url(release, filename), headers={"if-modified-since": modified})
        assert since.status_code == 304
    other = client.get(url(release, "values.csv"), headers={"if-none-match": 'W/"other"'})
    assert other.status_code == 200


def test_the_latest_address_follows_corrections_and_withdrawals(client, approved_round, nadia):
    first = services.release_round(survey_round=approved_round, by=nadia)
    response = client.get("/open-data/latest/2025/values.csv")
    assert (response.status_code, response["Location"]) == (302, "/open-data/2025.1/values.csv")
    approve("0381", "ja")
    second = services.release_round(survey_round=approved_round, errata="Enköping", by=nadia)
    response = client.get(reverse("downloads:latest", args=[2025, "results.xlsx"]))
    assert (response.status_code, response["Location"]) == (302, "/open-data/2025.2/results.xlsx")
    # The earlier release stays downloadable and unchanged.
    assert key_of(get(client, first, "values.csv"), "0381") == "not_met"
    assert key_of(get(client, second, "values.csv"), "0381") == "met"
    services.withdraw_release(release=second, reason="Fel", by=nadia)
    response = client.get("/open-data/latest/2025/values.json")
    assert response["Location"] == "/open-data/2025.1/values.json"
    assert client.get("/open-data/latest/2025/other.txt").status_code == 404
    assert client.get("/open-data/latest/2024/values.csv").status_code == 404


def key_of(response, code):
    rows = {key(r): r for r in csv_rows(response.content)}
    return rows["KON01", "municipality", code, "sabo"]["verdict"]


def test_withdrawn_releases_and_embargoed_rounds_are_not_served(client, approved_round, nadia):
    paths = ["/open-data/2025.1/", *(f"/open-data/2025.1/{name}" for name in FILES)]
    paths.append("/open-data/latest/2025/values.csv")
    for path in paths:  # under embargo: not released yet
        assert client.get(path).status_code == 404, path
    assert "2025" not in main(client.get(reverse("downloads:index")))

    release = services.release_round(survey_round=approved_round, by=nadia)
    assert all(client.get(path).status_code in (200, 302) for path in paths)
    assert client.get("/open-data/2025.1/other.csv").status_code == 404
    assert client.get("/open-data/2025.9/values.csv").status_code == 404

    services.withdraw_release(release=release, reason="Fel underlag", by=nadia)
    for path in paths:
        assert client.get(path).status_code == 404, path
    assert "2025.1" not in main(client.get(reverse("downloads:index")))


def main(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_the_index_lists_current_releases_newest_first(client, approved_round, nadia):
    first = services.release_round(survey_round=approved_round, notes="Första", by=nadia)
    approve("0381", "ja")
    services.release_round(survey_round=approved_round, errata="Enköpings svar rättat", by=nadia)
    withdrawn = services.release_round(survey_round=approved_round, errata="Dubblett", by=nadia)
    services.withdraw_release(release=withdrawn, reason="Dubblett", by=nadia)

    html = main(client.get(reverse("downloads:index")))
    assert "<caption>" in html and '<th scope="col">' in html
    assert '<th scope="row"><a href="/open-data/2025.2/">2025.2</a></th>' in html
    assert html.index("2025.2") < html.index('href="/open-data/2025.1/"')
    assert "Enköpings svar rättat" in html and "Första" in html
    assert "2025.3" not in html and "Dubblett" not in html
    for name in FILES:
        assert f'href="/open-data/2025.1/{name}"' in html
    assert f">{first.value_count}<" in html
    assert 'href="/open-data/latest/2025/values.csv"' in html

    page = main(client.get(reverse("downloads:release", args=[2025, 1])))
    assert 'href="/open-data/2025.2/"' in page  # points to the correction
    assert 'href="/open-data/2025.1/values.csv"' in page


@pytest.mark.parametrize(
    "number, text",
    [
        (Decimal("58.3333"), "58.3333"),
        (Decimal("3.0000"), "3"),
        (Decimal("100.0000"), "100"),
        (Decimal("0.0000"), "0"),
        (Decimal("-0.5000"), "-0.5"),
        (Decimal("12345678.1200"), "12345678.12"),
        (None, ""),
    ],
)
def test_numbers_are_plain_decimals_with_a_point(number, text):
    assert plain(number) == text


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(client, approved_round, nadia):
    release = services.release_round(survey_round=approved_round, notes="=SUM(1,2)", by=nadia)
    book = openpyxl.load_workbook(io.BytesIO(get(client, release, "results.xlsx").content))
    cells = [cell for row in book["Om"].iter_rows() for cell in row if cell.value == "=SUM(1,2)"]
    assert [cell.data_type for cell in cells] == ["s"]
