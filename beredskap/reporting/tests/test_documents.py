"""The report's PDF and XLSX, the generation task and the command, on the drafts' test data.

The PDF is read back with pypdfium2: text extraction may split or join words at line
ends, so texts are compared with their whitespace removed.
"""

import datetime
import io
import re

import openpyxl
import pypdfium2
import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from beredskap.registry.models import County

from .. import documents, drafts, tasks
from ..models import COUNTY_SECTIONS, DIARIENUMMER, CountyReport, Generation, NationalReport
from .test_drafts import (  # noqa: F401 (fixtures)
    YEAR,
    activity,
    cell,
    finish,
    reports,
    rounds,
    shown_text,
    supported,
)

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "preparedness": "Länets kommuner har kommit långt med kontinuitetsplaner.",
    "support": "Vi har hållit nätverksträffar varje kvartal.",
    "cooperation": "Samverkan med regionen sker i det regionala nätverket.",
    "information": "Alla kommuner har fått stöd att svara på kartläggningen.",
    "development": "Fler övningar behövs i hemtjänsten.",
}


def squeeze(text: str) -> str:
    """Text without any whitespace (and without soft hyphens): extraction breaks lines."""
    return re.sub(r"[\s\u00ad\ufffe]+", "", text)


def pdf_text(data: bytes) -> tuple[str, int]:
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    texts = []
    for page in document:
        texts.append(page.get_textpage().get_text_range())
        image = page.render(scale=1).to_pil()
        assert image.size[0] > 500 and image.size[1] > 700  # A4 at 72 dpi
    return "\n".join(texts), len(document)


@pytest.fixture
def county_report(supported):  # noqa: F811
    return CountyReport.objects.create(
        county=County.objects.get(code="03"), year=YEAR, **NARRATIVE
    )


def make(report_obj):
    with translation.override("sv"):
        if isinstance(report_obj, CountyReport):
            draft = drafts.county_draft(report_obj.county, report_obj.year)
        else:
            draft = drafts.national_draft(report_obj.year)
    return draft


# --- the PDF -------------------------------------------------------------------------------


def test_the_county_pdf_has_title_page_sections_texts_and_numbers(county_report):
    draft = make(county_report)
    data = documents.pdf(county_report, draft)
    assert data.startswith(b"%PDF")
    text, pages = pdf_text(data)
    flat = squeeze(text)
    assert pages >= 6  # title, contents, five sections
    for expected in ("Uppsala län", str(YEAR), DIARIENUMMER, "Länsstyrelsen i Kronobergs län"):
        assert squeeze(expected) in flat, expected
    with translation.override("sv"):
        for _key, heading in COUNTY_SECTIONS:
            assert flat.count(squeeze(str(heading))) >= 2, heading  # contents and section
        contents = squeeze(str(translation.gettext("Contents")))
    assert contents in flat
    for written in NARRATIVE.values():
        assert squeeze(written) in flat
    # The county's value of KON01 as the pages show it, and the narrative after the draft.
    kon01 = shown_text("KON01", "county", "03", "yes_no")
    assert kon01 == "50 %"
    assert squeeze(kon01) in flat
    assert flat.index(squeeze("Kontinuitet i äldreomsorgen")) < flat.index(
        squeeze(NARRATIVE["support"])
    )
    # Page numbers.
    assert squeeze(f"2 / {pages}") in flat


def test_the_pdf_escapes_what_people_wrote(county_report):
    county_report.development = '<img src="http://example.org/x.png"> & <b>fet</b>'
    draft = make(county_report)
    page = documents.html(county_report, draft)
    assert "&lt;img src=" in page and "<b>fet" not in page
    text, _pages = pdf_text(documents.pdf(county_report, draft))
    assert squeeze("<b>fet</b>") in squeeze(text)


def test_a_draft_pdf_says_it_is_not_sent_and_a_sent_one_has_its_date(county_report):
    draft = make(county_report)
    with translation.override("sv"):
        mark = squeeze(str(translation.gettext("Draft – not sent")))
    assert mark in squeeze(pdf_text(documents.pdf(county_report, draft))[0])
    county_report.status = CountyReport.Status.SUBMITTED
    county_report.revision = 1
    county_report.submitted_at = timezone.make_aware(datetime.datetime(YEAR + 1, 1, 20, 9))
    flat = squeeze(pdf_text(documents.pdf(county_report, draft))[0])
    assert mark not in flat
    assert f"{YEAR + 1}-01-20" in flat


def test_the_national_pdf(reports):  # noqa: F811
    national = NationalReport.objects.create(year=YEAR, summary="Länen har stärkt sitt stöd.")
    draft = make(national)
    text, pages = pdf_text(documents.pdf(national, draft))
    flat = squeeze(text)
    with translation.override("sv"):
        assert squeeze(str(translation.gettext("National compilation"))) in flat
        for _key, heading in drafts.NATIONAL_SECTIONS:
            assert squeeze(str(heading)) in flat
        summary = squeeze(str(translation.gettext("The coordinator's summary")))
    assert squeeze("Regeringskansliet (Socialdepartementet)") in flat
    assert DIARIENUMMER in flat and str(YEAR) in flat
    assert flat.index(summary) < flat.index(squeeze("Länen har stärkt sitt stöd."))
    assert squeeze("Fler övningar behövs i hemtjänsten.") in flat
    assert squeeze("Gotlands län") in flat  # every county in the overview
    # The safeguard: the counts of accepted and only submitted county reports, plainly.
    others = County.objects.count() - 2
    counts = f"1 av 21 länsredovisningar godkända, 1 inskickad men inte godkänd, {others} inte inskickade"
    assert County.objects.count() == 21 and squeeze(counts) in flat
    assert pages >= 6


def test_a_pdf_for_a_year_without_a_round(reference):
    empty = CountyReport.objects.create(county=County.objects.get(code="03"), year=2030)
    text, _pages = pdf_text(documents.pdf(empty, make(empty)))
    with translation.override("sv"):
        assert squeeze(drafts.no_round(2030)) in squeeze(text)


# --- the XLSX ------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _expected(value):
    from decimal import Decimal

    if value == "":
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        with translation.override("sv"):
            return translation.gettext("Yes") if value else translation.gettext("No")
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def test_the_xlsx_holds_the_draft_numbers_sheet_by_sheet(county_report):
    draft = make(county_report)
    book = openpyxl.load_workbook(io.BytesIO(documents.xlsx(county_report, draft)))
    names = book.sheetnames
    assert len(names) == 1 + len(draft.numbers)
    cover = [c for row in book[names[0]].iter_rows(values_only=True) for c in row if c]
    assert (
        DIARIENUMMER in cover
        and "Uppsala län" in cover
        and "Länsstyrelsen i Kronobergs län" in cover
    )
    for name, numbers in zip(names[1:], draft.numbers, strict=True):
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[0]) == numbers.headers
        assert len(rows) - 1 == len(numbers.rows)
        for got, want in zip(rows[1:], numbers.rows, strict=True):
            assert [_plain(v) for v in got] == [_expected(v) for v in want], name
    with translation.override("sv"):
        index = [s.name for s in draft.numbers].index(translation.gettext("County and nation"))
    values = {row[0]: row for row in book[names[1 + index]].iter_rows(values_only=True)}
    assert values["KON01"][3] == float(cell("KON01", "county", "03").value)


def test_the_xlsx_keeps_formulas_as_text(county_report):
    activity("03", title='=HYPERLINK("http://example.org","x")', reach=["0380"])
    activity("03", title="@SUM(A1)", kind="advice")
    draft = make(county_report)
    book = openpyxl.load_workbook(io.BytesIO(documents.xlsx(county_report, draft)))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=@":
                    found.append(c)
    assert {c.value[:4] for c in found} == {"=HYP", "@SUM"}
    assert all(c.data_type == "s" and c.quotePrefix for c in found)


# --- the task ---------------------------------------------------------------------------------


def test_a_generation_ends_done_with_both_files(county_report, nadia):
    generation = tasks.start_generation(county_report, by=nadia)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.DONE
    assert generation.done == generation.total == 3
    assert generation.percent == 100
    assert bytes(generation.pdf).startswith(b"%PDF")
    assert bytes(generation.xlsx).startswith(b"PK")
    assert generation.requested_by == nadia and generation.finished_at
    assert generation.revision == county_report.revision and not generation.final
    assert tasks.files_for(county_report) == generation


def test_a_failure_is_recorded_and_never_left_running(county_report, monkeypatch):
    def broken(_report, _draft):
        raise RuntimeError("no fonts today")

    monkeypatch.setattr(documents, "pdf", broken)
    generation = tasks.start_generation(county_report, by=None)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.FAILED
    assert "no fonts today" in generation.error
    assert generation.done < generation.total and generation.finished_at
    assert generation.pdf is None
    assert tasks.files_for(county_report) is None


def test_the_national_compilation_is_one_task_with_a_step_per_county(reports, monkeypatch):  # noqa: F811
    national = NationalReport.objects.create(year=YEAR)
    seen = []
    original = tasks._update

    def spy(generation_id, **fields):
        if fields.get("step"):
            seen.append((fields["step"], fields.get("done")))
        original(generation_id, **fields)

    monkeypatch.setattr(tasks, "_update", spy)
    generation = tasks.start_generation(national, by=None)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.DONE
    assert generation.total == 1 + 21 + 2 == generation.done
    assert [done for _step, done in seen] == list(range(24))
    assert seen[1][0] == "Stockholms län"


def test_the_files_sent_do_not_change_when_the_data_do(county_report, nadia):
    county_report.status = CountyReport.Status.SUBMITTED
    county_report.revision = 1
    county_report.submitted_at = timezone.now()
    county_report.save()
    final = tasks.start_generation(county_report, by=nadia, final=True)
    sent_pdf = bytes(tasks.files_for(county_report).pdf)
    # The data change afterwards: more answers, more support, a preview made.
    finish(YEAR, "0319", "nej")
    from beredskap.results import services as results
    from beredskap.surveys.models import Round

    results.compute_round(survey_round=Round.objects.get(year=YEAR))
    activity("03", title="Senare aktivitet", reach=["0319"])
    later = tasks.start_generation(county_report, by=nadia)
    assert bytes(later.pdf) != sent_pdf
    assert tasks.files_for(county_report) == final
    assert bytes(tasks.files_for(county_report).pdf) == sent_pdf
    # A new revision (returned and sent again) has no files until they are made.
    county_report.revision = 2
    county_report.save()
    assert tasks.files_for(county_report) is None
    # A generation already made is never made again.
    assert tasks.generate_report.call(final.pk) == Generation.Status.DONE
    final.refresh_from_db()
    assert bytes(final.pdf) == sent_pdf


def test_files_for_a_draft_is_the_latest_done(county_report):
    first = tasks.start_generation(county_report, by=None)
    second = tasks.start_generation(county_report, by=None)
    Generation.objects.create(county_report=county_report, status=Generation.Status.QUEUED)
    assert tasks.files_for(county_report) == second != first


# --- the command ---------------------------------------------------------------------------


def test_the_command_writes_pdf_and_xlsx_with_progress(county_report, tmp_path, capsys):
    out = tmp_path / "uppsala.pdf"
    call_command("generate_report", county="03", year=YEAR, out=str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert (tmp_path / "uppsala.xlsx").read_bytes().startswith(b"PK")
    captured = capsys.readouterr()
    assert "3/3" in captured.err
    assert str(out) in captured.out
    from beredskap.audit.models import Event

    event = Event.objects.get(action="report.exported")
    assert event.target_id == str(county_report.pk) and event.details["year"] == YEAR


def test_the_command_makes_the_national_compilation(reports, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "national.pdf"
    call_command("generate_report", national=True, year=YEAR, out=str(out))
    text, _pages = pdf_text(out.read_bytes())
    assert squeeze("Regeringskansliet (Socialdepartementet)") in squeeze(text)
    assert "24/24" in capsys.readouterr().err


def test_the_command_refuses_unknown_counties(reference):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="99"):
        call_command("generate_report", county="99", year=YEAR)
    with pytest.raises(CommandError):
        call_command("generate_report", year=YEAR)


# --- the section include ----------------------------------------------------------------


def test_the_section_include_is_accessible_html(supported):  # noqa: F811
    from django.template.loader import render_to_string

    draft = make(CountyReport(county=County.objects.get(code="03"), year=YEAR))
    section = draft.section("preparedness")
    with translation.override("sv"):
        page = render_to_string("reporting/includes/section.html", {"section": section})
        heading = str(section.heading)
        hidden = render_to_string(
            "reporting/includes/section.html", {"section": section, "hide_heading": True}
        )
        second = render_to_string(
            "reporting/includes/section.html", {"section": section, "heading_level": 2}
        )
    assert f'<h3 class="draft-heading">{heading}</h3>' in page
    assert heading not in hidden and "<h2 " in second
    assert page.count("<caption>") == len(section.tables) >= 3
    assert 'scope="col"' in page and 'scope="row"' in page and 'class="num"' in page
    assert page.count('role="img"') == len(section.figures) >= 2
    assert page.count("<desc id=") == len(section.figures)
    assert "<script" not in page and "style=" not in page  # nothing the CSP would block
