"""The training pages through the web client: who sees and does what, the completion
form, the XLSX import, the plan, the county board's trainings and the coverage pages
(with their query counts)."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.learning.models import Completion, PlanItem, Training
from beredskap.learning.training import services
from beredskap.registry.models import Municipality

from .training_fixtures import ENKOPING

pytestmark = pytest.mark.django_db

PAGE = f"/training/municipalities/{ENKOPING}/"


def _client(client, user):
    client.force_login(user)
    return client


def test_cecilia_records_a_count_and_sees_it(client, trainings, h_round, cecilia):
    c = _client(client, cecilia)
    page = c.get(PAGE + "?year=2025")
    assert page.status_code == 200
    assert "Introduktion till beredskap" in page.text and 'id="completion-form"' in page.text
    intro = trainings["introduktion-till-beredskap"]
    data = {
        "completion-training": intro.pk,
        "completion-activity_code": "sabo",
        "completion-year": "2025",
        "completion-count": "9",
    }
    response = c.post(PAGE + "record/", data)
    assert response.status_code == 302 and response["Location"].endswith("?year=2025")
    assert Completion.objects.get().count == 9
    page = c.get(PAGE + "?year=2025")
    assert 'id="row-introduktion-till-beredskap"' in page.text
    # The survey's indicators stand beside: Enköping held 3 exercises, Uppsala 1.
    assert "Antal genomförda övningar" in page.text and "Andel utbildade medarbetare" in page.text


def test_a_count_over_the_staff_is_refused_with_a_message(client, trainings, h_round, cecilia):
    intro = trainings["introduktion-till-beredskap"]
    data = {
        "completion-training": intro.pk,
        "completion-activity_code": "hemtjanst",
        "completion-year": "2025",
        "completion-count": "500",
    }
    response = _client(client, cecilia).post(PAGE + "record/", data)
    assert response.status_code == 400
    assert "mer än kommunens personal gör rimligt" in response.text
    data["completion-count"] = "-3"
    response = client.post(PAGE + "record/", data)
    assert response.status_code == 400 and "0 eller fler" in response.text
    assert not Completion.objects.exists()


@pytest.mark.parametrize(
    ("who", "page", "record"), [("anna", 404, 404), ("bengt", 200, 403), ("greta", 404, 404),
                                ("nadia", 200, 403), ("olle", 404, 404)],
)  # fmt: skip
def test_others_read_or_are_refused(client, trainings, cast, olle, who, page, record):
    c = _client(client, {**cast, "olle": olle}[who])
    assert c.get(PAGE).status_code == page
    assert c.post(PAGE + "record/", {}).status_code == record
    assert c.get(PAGE + "import/").status_code == record
    assert c.get(PAGE + "template.xlsx").status_code == record


def test_the_template_and_an_import_store_all_rows(client, trainings, h_round, cecilia):
    c = _client(client, cecilia)
    template = c.get(PAGE + "template.xlsx?year=2025")
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Utbildningskod", "Verksamhetskod", "År", "Genomfört")
    assert ("introduktion-till-beredskap", "sabo", 2025, None) in rows
    sheet["D2"], sheet["D3"] = 7, 8
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "filled.xlsx"
    response = c.post(PAGE + "import/", {"file": out})
    assert response.status_code == 302
    assert sorted(Completion.objects.values_list("count", flat=True)) == [7, 8]
    assert set(Completion.objects.values_list("source", flat=True)) == {"import"}


def _xlsx(rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "activity", "year", "count"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "counts.xlsx"
    return out


def test_a_bad_import_names_each_row_and_stores_nothing(client, trainings, h_round, cecilia):
    rows = [
        ["introduktion-till-beredskap", "", 2025, 4],
        ["okand-kurs", "", 2025, 4],
        ["introduktion-till-beredskap", "sabo", 2025, -2],
        ["introduktion-till-beredskap", "hemtjanst", 2025, 999],
        ["introduktion-till-beredskap", "", "förra året", 1],
    ]
    response = _client(client, cecilia).post(PAGE + "import/", {"file": _xlsx(rows)})
    assert response.status_code == 400
    text = response.text
    assert "Okänd utbildningskod" in text and "okand-kurs" in text
    for number in (3, 4, 5, 6):
        assert f'<th scope="row">{number}</th>' in text
    assert '<th scope="row">2</th>' not in text
    assert not Completion.objects.exists()
    not_xlsx = io.BytesIO(b"just text")
    not_xlsx.name = "x.xlsx"
    response = client.post(PAGE + "import/", {"file": not_xlsx})
    assert response.status_code == 400 and "inte en Excel-arbetsbok" in response.text


def test_the_plan_grows_and_its_status_changes(client, trainings, cecilia, bengt):
    c = _client(client, cecilia)
    intro = trainings["introduktion-till-beredskap"]
    data = {"item-year": "2026", "item-kind": "training", "item-training": intro.pk}
    assert c.post(PAGE + "plan/?term=2023", data).status_code == 302
    item = PlanItem.objects.get()
    assert item.term_start == 2023 and item.training == intro
    page = c.get(PAGE + "plan/?term=2023")
    assert "Introduktion till beredskap" in page.text and "2023–2026" in page.text
    response = c.post(PAGE + f"plan/{item.pk}/", {"status": "done", "version": "1"})
    assert response.status_code == 302
    assert PlanItem.objects.get().status == "done"
    c.post(PAGE + f"plan/{item.pk}/", {"status": "cancelled", "version": "1"})
    assert PlanItem.objects.get().status == "done"  # a stale version changes nothing
    b = _client(client, bengt)
    assert b.get(PAGE + "plan/?term=2023").status_code == 200
    assert b.post(PAGE + "plan/?term=2023", data).status_code == 403
    assert b.post(PAGE + f"plan/{item.pk}/", {"status": "planned"}).status_code == 403


def test_a_county_board_adds_a_training_and_its_participants(client, trainings, bengt, nadia):
    c = _client(client, bengt)
    data = {
        "code": "natverk-2026",
        "name": "Länets nätverksträff",
        "format": "workshop",
        "audiences": ["coordinators"],
        "duration_minutes": "120",
        "areas": [],
    }
    assert c.post("/training/counties/03/new/", data).status_code == 302
    training = Training.objects.get(code="03-natverk-2026")
    participants = {"training": training.pk, "year": "2026", "m_0381": "5", "m_0380": "7"}
    assert c.post("/training/counties/03/participants/", participants).status_code == 302
    counts = dict(Completion.objects.values_list("municipality__code", "count"))
    assert counts == {"0381": 5, "0380": 7}
    page = c.get("/training/counties/03/?year=2026")
    assert "Länets nätverksträff" in page.text
    assert "2 av 8 kommuner" in page.text
    assert c.get("/training/counties/01/").status_code == 404
    n = _client(client, nadia)
    assert n.get("/training/counties/03/").status_code == 200
    assert n.get("/training/counties/03/new/").status_code == 403


def _record(year: int, codes, training):
    rows = [
        Completion(
            municipality=m, training=training, year=year, count=3, source="demo", activity_code=""
        )
        for m in Municipality.objects.filter(code__in=codes)
    ]
    Completion.objects.bulk_create(rows)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_coverage_pages_read_in_constant_queries(client, trainings, h_round, nadia, bengt):
    intro = trainings["introduktion-till-beredskap"]
    c = _client(client, nadia)
    _record(2025, ["0381"], intro)
    _queries(c, "/training/counties/03/?year=2025")  # warm: the edition's versions, once
    few_county = _queries(c, "/training/counties/03/?year=2025")
    few_nation = _queries(c, "/training/nation/?year=2025")
    few_place = _queries(c, PAGE + "?year=2025")
    _record(2025, ["0380", "0360", "0180", "1280"], intro)
    _record(2025, ["0381", "0380"], trainings["digital-motesplats"])
    _client(client, bengt)
    services.create_regional_training(
        county=Municipality.objects.get(code="0381").county, by=bengt, code="x",
        name={"sv": "X"}, format="seminar", audiences=["staff"], duration_minutes=30,
    )  # fmt: skip
    c = _client(client, nadia)
    assert _queries(c, "/training/counties/03/?year=2025") == few_county
    assert _queries(c, "/training/nation/?year=2025") == few_nation
    assert _queries(c, PAGE + "?year=2025") == few_place
    page = c.get("/training/nation/?year=2025")
    assert 'id="c-03"' in page.text and "Uppsala län" in page.text


def test_the_catalogue_and_the_nation_need_a_role(client, trainings, cecilia, olle):
    assert client.get("/training/").status_code == 302  # to sign in
    page = _client(client, cecilia).get("/training/")
    assert page.status_code == 200 and "Digital mötesplats" in page.text
    assert "Webbkurs" in page.text
    assert _client(client, olle).get("/training/").status_code == 403
    assert client.get("/training/nation/").status_code == 403


def test_bad_participants_store_nothing_and_say_why(client, trainings, bengt, karl, cecilia):
    training = services.create_regional_training(
        county=Municipality.objects.get(code=ENKOPING).county, by=bengt, code="ovning",
        name={"sv": "Länsövning"}, format="workshop", audiences=["staff"], duration_minutes=60,
    )  # fmt: skip
    data = {"training": training.pk, "year": "2025", "m_0381": "4", "m_0380": "-1"}
    response = _client(client, bengt).post("/training/counties/03/participants/", data)
    assert response.status_code == 400
    assert "Uppsala: Antalet måste vara ett heltal, 0 eller fler." in response.text
    assert not Completion.objects.exists()
    # The coordinator reads the coverage of Kronoberg's municipalities, not Uppsala's.
    k = _client(client, karl)
    assert k.get("/training/counties/07/").status_code == 200
    assert k.get("/training/counties/03/").status_code == 404
    assert k.get("/training/municipalities/0780/").status_code == 200
    assert k.get("/training/counties/07/participants/").status_code == 403
    c = _client(client, cecilia)
    assert c.get("/training/counties/03/").status_code == 404
    assert c.post("/training/counties/03/participants/", data).status_code == 404
