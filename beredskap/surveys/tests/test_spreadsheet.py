"""The spreadsheet route: download the questionnaire as XLSX, fill it in, upload it.

Anna (respondent, Uppsala) downloads and uploads; Alva (approver, Uppsala) edits at the
same time; Cecilia (Enköping) must not see Uppsala's workbook at all.
"""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskap.audit.models import Event
from beredskap.surveys import services, spreadsheet, spreadsheet_views
from beredskap.surveys.models import Answer, AnswerRevision

from .conftest import answer, complete, slot

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"
AREA_B, AREA_H = "B Kontinuitetshantering", "H Utbildning och övning"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, *, blank=False):
    response = client.get(f"{URL}xlsx/" + ("?blank=1" if blank else ""))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def row_of(workbook, code, activity=""):
    """(sheet, row number) of a slot in a workbook."""
    for sheet in workbook.worksheets[1:]:
        for number in range(2, sheet.max_row + 1):
            if (sheet[f"A{number}"].value, sheet[f"B{number}"].value or "") == (code, activity):
                return sheet, number
    raise LookupError(code)


def fill(workbook, code, activity="", **cells):
    sheet, number = row_of(workbook, code, activity)
    for letter, value in cells.items():
        sheet[f"{letter}{number}"] = value
    return sheet.title, number


def as_file(workbook, name="svar.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def upload(client, workbook_or_file):
    file = workbook_or_file
    if isinstance(workbook_or_file, openpyxl.Workbook):
        file = as_file(workbook_or_file)
    return client.post(f"{URL}upload/", {"file": file})


def problems_of(response):
    assert response.status_code == 422
    return {(p["sheet"], p["row"], p["column"]) for p in response.context["problems"]}


def value(code, activity=""):
    return Answer.objects.get(question__code=code, activity_code=activity).value


# --- download ----------------------------------------------------------------------


def test_a_blank_workbook_has_instructions_and_a_sheet_per_area(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    client.force_login(anna)
    workbook = download(client, blank=True)
    assert workbook.sheetnames == ["Instruktioner", AREA_B, AREA_H]
    facts = [c.value for c in workbook["Instruktioner"]["B"]]
    assert "Uppsala (0380)" in facts and 2025 in facts
    sheet = workbook[AREA_B]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["L"].hidden
    slots = [(sheet[f"A{n}"].value, sheet[f"B{n}"].value) for n in range(2, sheet.max_row + 1)]
    assert slots == [
        ("KON_PLAN", "sabo"),
        ("KON_PLAN", "hemtjanst"),
        ("KON_PARTS", "sabo"),
        ("KON_PARTS", "hemtjanst"),
        ("KON_UNITS", None),
    ]
    assert all(sheet[f"G{n}"].value is None for n in range(2, 7))  # blank: no answers
    assert sheet["L2"].value == 0
    lists = {v.formula1: str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert "G2" in lists['"ja,nej,pagar,ej_aktuellt,vet_ej"']
    assert "reserv" in sheet["F4"].value and "kontakt" in sheet["F4"].value
    assert not Event.objects.filter(action="response.exported").exists()  # no answers left


def test_a_prefilled_workbook_holds_the_answers_and_their_versions(client, uppsala, anna):
    complete(uppsala, anna)
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna, version=1, comment="=HYPERLINK(1)")
    client.force_login(anna)
    workbook = download(client)
    sheet, number = row_of(workbook, "KON_PLAN", "sabo")
    assert (sheet[f"G{number}"].value, sheet[f"L{number}"].value) == ("ja", 2)
    assert sheet[f"I{number}"].value == "=HYPERLINK(1)"
    assert sheet[f"I{number}"].data_type == "s"  # a comment is never a formula
    sheet, number = row_of(workbook, "KON_PARTS", "hemtjanst")
    assert sheet[f"G{number}"].value == "reserv, kontakt"
    sheet, number = row_of(workbook, "KON_UNITS")
    assert (sheet[f"G{number}"].value, sheet[f"H{number}"].value) == (3, 4)
    sheet, number = row_of(workbook, "UTB_EXERCISES")
    assert (sheet.title, sheet[f"G{number}"].value) == (AREA_H, 2)
    assert Event.objects.filter(action="response.exported", actor=anna).count() == 1


# --- upload ------------------------------------------------------------------------


def test_a_filled_workbook_is_saved_as_import_revisions(client, uppsala, anna):
    client.force_login(anna)
    workbook = download(client, blank=True)
    fill(workbook, "KON_PLAN", "sabo", G="ja", J="Plan 2024", K=datetime.date(2024, 5, 2))
    fill(workbook, "KON_PLAN", "hemtjanst", G="Nej ", I="Tas fram under året")
    fill(workbook, "KON_PARTS", "sabo", G="kontakt,reserv")
    fill(workbook, "KON_UNITS", G=3, H="4")
    fill(workbook, "UTB_EXERCISES", G="2")
    response = upload(client, workbook)
    assert response.status_code == 302
    assert response["Location"] == URL
    assert value("KON_PLAN", "sabo") == "ja"
    plan = Answer.objects.get(question__code="KON_PLAN", activity_code="sabo")
    assert (plan.evidence_reference, plan.evidence_date) == (
        "Plan 2024",
        datetime.date(2024, 5, 2),
    )
    assert value("KON_PLAN", "hemtjanst") == "nej"
    assert value("KON_PARTS", "sabo") == ["reserv", "kontakt"]
    assert value("KON_UNITS") == {"numerator": 3, "denominator": 4}
    assert value("UTB_EXERCISES") == 2
    assert set(AnswerRevision.objects.values_list("source", "created_by__username")) == {
        ("import", "anna")
    }
    event = Event.objects.get(action="response.imported")
    assert event.details["answers"] == 5
    page = client.get(URL).content.decode()
    assert "response.imported" not in page  # the timeline says it in words


def test_only_changed_rows_are_saved(client, uppsala, anna, alva):
    complete(uppsala, anna)
    client.force_login(anna)
    workbook = download(client)
    answer(uppsala, "KON_PLAN", "hemtjanst", "nej", alva, version=1)  # untouched by Anna
    fill(workbook, "UTB_EXERCISES", G=7)
    assert upload(client, workbook).status_code == 302
    assert value("UTB_EXERCISES") == 7
    assert value("KON_PLAN", "hemtjanst") == "nej"  # Alva's answer stands
    assert AnswerRevision.objects.filter(source="import").count() == 1


def test_an_unchanged_workbook_saves_nothing(client, uppsala, anna):
    complete(uppsala, anna)
    client.force_login(anna)
    before = AnswerRevision.objects.count()
    assert upload(client, download(client)).status_code == 302
    assert AnswerRevision.objects.count() == before
    assert Event.objects.get(action="response.imported").details["answers"] == 0


def test_emptying_a_cell_of_a_prefilled_workbook_clears_the_answer(client, uppsala, anna):
    answer(uppsala, "UTB_EXERCISES", "", "2", anna)
    client.force_login(anna)
    workbook = download(client)
    fill(workbook, "UTB_EXERCISES", G=None)
    assert upload(client, workbook).status_code == 302
    assert value("UTB_EXERCISES") is None


def test_empty_rows_of_a_blank_workbook_leave_saved_answers_alone(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    client.force_login(anna)
    workbook = download(client, blank=True)
    fill(workbook, "UTB_EXERCISES", G=4)
    assert upload(client, workbook).status_code == 302
    assert (value("KON_PLAN", "sabo"), value("UTB_EXERCISES")) == ("nej", 4)


def test_several_bad_cells_change_nothing_and_every_one_is_listed(client, uppsala, anna):
    client.force_login(anna)
    workbook = download(client, blank=True)
    bad_answer = fill(workbook, "KON_PLAN", "sabo", G="kanske")
    bad_date = fill(workbook, "KON_PLAN", "hemtjanst", G="ja", K="igår")
    bad_share = fill(workbook, "KON_UNITS", G=5, H=4)
    bad_number = fill(workbook, "UTB_EXERCISES", G="många")
    fill(workbook, "KON_PARTS", "hemtjanst", G="reserv")  # valid, but not saved either
    sheet = workbook[AREA_B]
    sheet.append(["OKAND", "", None, None, None, None, "ja"])
    sheet.append(["KON_PLAN", "khsv", None, None, None, None, "ja"])
    sheet.append(["KON_PARTS", "hemtjanst", None, None, None, None, "kontakt"])
    workbook.create_sheet("X Annat")
    response = upload(client, workbook)
    assert problems_of(response) == {
        (*bad_answer, "G"),
        (*bad_date, "K"),
        (*bad_share, "G:H"),
        (*bad_number, "G"),
        (AREA_B, 7, "A"),  # unknown question code
        (AREA_B, 8, "B"),  # activity the question is not asked for
        (AREA_B, 9, "A"),  # the same slot twice
        ("X Annat", None, ""),
    }
    html = response.content.decode()
    assert "<caption>" in html and '<th scope="col">' in html
    assert "Välj ett av svaren" in html and "måste vara ett tal" in html
    assert "G:H (" in html  # the column is named, not only lettered
    assert not AnswerRevision.objects.exists()
    assert not Event.objects.filter(action="response.imported").exists()


def test_an_answer_changed_after_download_is_not_overwritten(client, uppsala, anna, alva):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    client.force_login(anna)
    workbook = download(client)
    answer(uppsala, "KON_PLAN", "sabo", "ja", alva, version=1)  # Alva saves meanwhile
    conflict = fill(workbook, "KON_PLAN", "sabo", G="pagar")
    fill(workbook, "UTB_EXERCISES", G=3)
    response = upload(client, workbook)
    assert problems_of(response) == {(*conflict, "G")}
    assert "Ja" in response.context["problems"][0]["message"]  # the answer that was saved
    assert value("KON_PLAN", "sabo") == "ja"
    assert not Answer.objects.filter(question__code="UTB_EXERCISES").exists()
    assert not AnswerRevision.objects.filter(source="import").exists()


def test_a_blank_workbook_does_not_overwrite_a_saved_answer(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    client.force_login(anna)
    workbook = download(client, blank=True)
    conflict = fill(workbook, "KON_PLAN", "sabo", G="ja")
    assert problems_of(upload(client, workbook)) == {(*conflict, "G")}
    assert value("KON_PLAN", "sabo") == "nej"


def test_a_submitted_response_refuses_the_upload(client, uppsala, anna, alva):
    complete(uppsala, anna)
    client.force_login(anna)
    workbook = download(client)
    services.submit_response(response=uppsala, by=alva)
    fill(workbook, "UTB_EXERCISES", G=9)
    assert problems_of(upload(client, workbook)) == {("", None, "")}
    assert value("UTB_EXERCISES") == 2
    assert not AnswerRevision.objects.filter(source="import").exists()
    page = client.get(f"{URL}upload/")
    assert page.status_code == 200 and 'type="file"' not in page.content.decode()


def test_a_returned_response_accepts_only_the_returned_questions(
    client, uppsala, anna, alva, bengt
):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    services.return_response(
        response=uppsala, by=bengt, comment="", items=[(slot("KON_PLAN", "sabo"), "Stämmer?")]
    )
    client.force_login(anna)
    workbook = download(client)
    fill(workbook, "KON_PLAN", "sabo", G="pagar")
    closed = fill(workbook, "UTB_EXERCISES", G=9)
    assert problems_of(upload(client, workbook)) == {(*closed, "G")}
    assert (value("KON_PLAN", "sabo"), value("UTB_EXERCISES")) == ("ja", 2)
    fill(workbook, "UTB_EXERCISES", G=2)
    assert upload(client, workbook).status_code == 302
    assert value("KON_PLAN", "sabo") == "pagar"


def a_zip_without_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("svar.txt", "KON_PLAN ja")
    return buffer.getvalue()


def test_a_file_that_is_not_a_workbook_gets_a_clear_message(client, uppsala, anna):
    client.force_login(anna)
    for content in (b"not a spreadsheet", b"kod;svar\nKON_PLAN;ja\n", a_zip_without_a_workbook()):
        response = upload(client, SimpleUploadedFile("svar.xlsx", content))
        assert problems_of(response) == {("", None, "")}
        assert "Traceback" not in response.content.decode()
    assert problems_of(client.post(f"{URL}upload/", {})) == {("", None, "")}
    assert not AnswerRevision.objects.exists()


def test_a_file_that_is_too_large_is_refused(client, uppsala, anna, monkeypatch):
    client.force_login(anna)
    workbook = download(client, blank=True)
    fill(workbook, "UTB_EXERCISES", G=3)
    monkeypatch.setattr(spreadsheet_views, "MAX_UPLOAD_BYTES", 1000)
    assert problems_of(upload(client, workbook)) == {("", None, "")}
    assert not AnswerRevision.objects.exists()


def test_the_upload_page_has_a_labelled_file_field(client, uppsala, anna):
    client.force_login(anna)
    page = client.get(f"{URL}upload/").content.decode()
    assert '<label for="upload-file">' in page
    assert 'type="file" id="upload-file" name="file"' in page
    assert 'enctype="multipart/form-data"' in page
    response_page = client.get(URL).content.decode()
    assert f'href="{URL}xlsx/"' in response_page
    assert f'href="{URL}xlsx/?blank=1"' in response_page
    assert f'href="{URL}upload/"' in response_page


# --- access ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, export, upload_page",
    [
        ("anna", 200, 200),
        ("alva", 200, 200),
        ("nadia", 200, 404),  # sees every response, answers for none
        ("cecilia", 404, 404),  # another municipality
        ("bengt", 404, 404),  # the county board sees drafts only once submitted
        ("olle", 404, 404),
    ],
)
def test_who_may_download_and_upload(client, uppsala, cast, who, export, upload_page):
    client.force_login(cast[who])
    assert client.get(f"{URL}xlsx/").status_code == export
    assert client.get(f"{URL}xlsx/?blank=1").status_code == export
    assert client.get(f"{URL}upload/").status_code == upload_page


def test_another_municipality_cannot_upload(client, uppsala, anna, cecilia):
    client.force_login(anna)
    workbook = download(client, blank=True)
    fill(workbook, "UTB_EXERCISES", G=3)
    client.force_login(cecilia)
    assert upload(client, workbook).status_code == 404
    assert not AnswerRevision.objects.exists()


def test_the_service_refuses_someone_who_does_not_answer_for_the_municipality(uppsala, cecilia):
    row = services.ImportRow(sheet=AREA_H, row=2, slot=slot("UTB_EXERCISES"), value="3")
    with pytest.raises(PermissionDenied):
        services.import_answers(response=uppsala, rows=[row], by=cecilia)
    assert not AnswerRevision.objects.exists()


# --- reading cells -----------------------------------------------------------------


def read_back(response, code, activity, cells):
    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet.build_workbook(response, blank=True)))
    where = fill(workbook, code, activity, **cells)
    return where, spreadsheet.read_workbook(as_file(workbook), edition=response.round.edition)


@pytest.mark.parametrize(
    "code, activity, cells, raw",
    [
        ("KON_PLAN", "sabo", {"G": " Ja "}, "ja"),
        ("KON_PARTS", "sabo", {"G": "kontakt, reserv"}, ["kontakt", "reserv"]),
        ("KON_UNITS", "", {"G": 3.0, "H": 4}, {"numerator": 3.0, "denominator": 4}),
        ("UTB_EXERCISES", "", {"G": "1 2"}, "1 2"),
        ("KON_PLAN", "sabo", {"G": "ja", "K": "2024-05-02"}, "ja"),
        ("KON_PLAN", "sabo", {"I": "Bara en kommentar"}, ""),
    ],
)
def test_reading_a_good_row(uppsala, code, activity, cells, raw):
    _where, parsed = read_back(uppsala, code, activity, cells)
    assert parsed.problems == []
    (row,) = parsed.rows
    assert (row.slot.question.code, row.slot.activity_code, row.value) == (code, activity, raw)


@pytest.mark.parametrize(
    "code, activity, cells, column",
    [
        ("UTB_EXERCISES", "", {"H": 3}, "H"),
        ("UTB_EXERCISES", "", {"G": 2, "J": "Beslut"}, "J"),
        ("UTB_EXERCISES", "", {"G": 2.5}, "G"),
        ("UTB_EXERCISES", "", {"G": True}, "G"),
        ("KON_PLAN", "sabo", {"G": "ja", "K": "2 maj"}, "K"),
        ("KON_PLAN", "sabo", {"G": "ja", "J": "x" * 251}, "J"),
        ("KON_PLAN", "sabo", {"G": "ja", "L": "två"}, "L"),
        ("KON_PARTS", "sabo", {"G": "reserv; kontakt"}, "G"),
        ("KON_UNITS", "", {"G": 3}, "G:H"),
    ],
)
def test_reading_a_bad_row(uppsala, code, activity, cells, column):
    (sheet, number), parsed = read_back(uppsala, code, activity, cells)
    assert [(p.sheet, p.row, p.column) for p in parsed.problems] == [(sheet, number, column)]
    assert parsed.rows == []


def test_an_answer_to_a_question_not_asked_refuses_the_upload(client, uppsala, anna):
    client.force_login(anna)
    workbook = download(client, blank=True)
    fill(workbook, "KON_PLAN", "sabo", G="nej")
    where = fill(workbook, "KON_PARTS", "sabo", G="reserv")
    response = upload(client, workbook)
    assert problems_of(response) == {(*where, "G")}
    message = response.context["problems"][0]["message"]
    assert "Finns en aktuell kontinuitetsplan?" in message
    assert not Answer.objects.filter(value__isnull=False).exists()  # all or nothing


def test_an_upload_that_takes_a_plan_back_clears_its_parts(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna)
    client.force_login(anna)
    workbook = download(client)
    fill(workbook, "KON_PLAN", "sabo", G="nej")  # the parts row is left as it was
    assert upload(client, workbook).status_code == 302
    assert value("KON_PARTS", "sabo") is None
    assert Event.objects.filter(action="response.answers_cleared").count() == 1
