"""A report as documents: the PDF to send (WeasyPrint) and its numbers as XLSX (openpyxl).

Both take the report (its status and narrative texts) and its draft (`drafts.county_draft`
or `drafts.national_draft`, made in Swedish by `tasks`). The PDF has a title page with the
commission's diarienummer and the recipient, a table of contents, each section's draft
followed by what people wrote, and page numbers. The XLSX has a cover sheet and one sheet
per table of numbers. The making of PDF pages and safe cells is `beredskap.documents`':
nothing is fetched while rendering (the draft's figures are inline SVG), and text that a
spreadsheet would run as a formula stays text.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskap.documents.pdf import html_to_pdf
from beredskap.documents.xlsx import (
    BOLD,
    TITLE,
    cell,
    sheet_names,
    table_sheet,
    to_bytes,
    workbook,
)
from beredskap.registry.models import Organisation

from . import acceptance
from .drafts import Draft
from .models import DIARIENUMMER, CountyReport, NationalReport

#: Proper names, not translated: where the reports go.
COORDINATOR = "Länsstyrelsen i Kronobergs län"
GOVERNMENT = "Regeringskansliet (Socialdepartementet)"
LANGUAGE = "sv"


# --- who sends it, to whom -----------------------------------------------------------


def _coordinator() -> str:
    found = Organisation.objects.filter(is_coordinator=True).values_list("name", flat=True)
    return found.first() or COORDINATOR


def parties(report: CountyReport | NationalReport) -> tuple[str, str]:
    """(sender, recipient) of the report."""
    if isinstance(report, CountyReport):
        board = (
            Organisation.objects.filter(county_id=report.county_id)
            .values_list("name", flat=True)
            .first()
        )
        return board or f"Länsstyrelsen i {report.county.name}", _coordinator()
    return _coordinator(), GOVERNMENT


def _day(moment: datetime.datetime | None) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""


def status_line(report: CountyReport | NationalReport) -> str:
    """The report's status, with the date it was sent or made final."""
    status = str(report.get_status_display())
    if isinstance(report, CountyReport):
        when = report.accepted_at if report.status == "accepted" else report.submitted_at
        if report.locked and when:
            return f"{status} {_day(when)}"
        return status
    if report.locked and report.finalised_at:
        return f"{status} {_day(report.finalised_at)}"
    return status


def _facts(report, draft: Draft) -> list[tuple[str, str]]:
    """The title page's facts; the national report's states how many county reports
    Kronoberg had accepted when it was made (`acceptance`)."""
    sender, recipient = parties(report)
    facts = [
        (_("County") if draft.county else _("Report"), _unit(draft)),
        (_("Reporting year"), str(draft.year)),
        (_("Registry number"), DIARIENUMMER),
        (_("To"), recipient),
        (_("From"), sender),
        (_("Status"), status_line(report)),
    ]
    if isinstance(report, NationalReport):
        facts.append((_("County reports"), acceptance.sentence(acceptance.tally(report.year))))
    return facts


def _unit(draft: Draft) -> str:
    return draft.county.name if draft.county else str(_("National compilation"))


# --- PDF -------------------------------------------------------------------------------


def _parts(report, draft: Draft) -> list[dict]:
    """Each section with the narrative text people wrote under the same name."""
    parts = []
    for number, section in enumerate(draft.sections, start=1):
        text = getattr(report, section.key, None) if isinstance(report, CountyReport) else None
        parts.append(
            {
                "number": number,
                "section": section,
                "id": f"section-{section.key}",
                "narrative": isinstance(report, CountyReport),
                "text": (text or "").strip(),
            }
        )
    return parts


def html(report: CountyReport | NationalReport, draft: Draft) -> str:
    """The PDF's HTML, in Swedish."""
    with translation.override(LANGUAGE):
        sender, _recipient = parties(report)
        summary = report.summary.strip() if isinstance(report, NationalReport) else None
        return render_to_string(
            "reporting/pdf/report.html",
            {
                "report": report,
                "draft": draft,
                "title": draft.title,
                "unit": _unit(draft),
                "facts": _facts(report, draft),
                "sender": sender,
                "final": report.locked,
                "summary": summary,
                "national": isinstance(report, NationalReport),
                "parts": _parts(report, draft),
                "diarienummer": DIARIENUMMER,
            },
        )


def pdf(report: CountyReport | NationalReport, draft: Draft) -> bytes:
    """The report as PDF: title page, contents, each section's draft and text, page numbers."""
    return html_to_pdf(html(report, draft))


# --- XLSX ------------------------------------------------------------------------------


def _cover(sheet, report, draft: Draft, names: list[str]) -> None:
    """The title, the report's facts, the time made and the list of the other sheets."""
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    sheet.append([cell(sheet, draft.title, TITLE)])
    sheet.append([])
    for label, value in _facts(report, draft):
        sheet.append([cell(sheet, label, BOLD), cell(sheet, value)])
    sheet.append([cell(sheet, _("Made"), BOLD), cell(sheet, timezone.now())])
    sheet.append([])
    sheet.append([cell(sheet, _("Sheets"), BOLD)])
    for name, numbers in zip(names, draft.numbers, strict=True):
        sheet.append([cell(sheet, name), cell(sheet, len(numbers.rows))])


def xlsx(report: CountyReport | NationalReport, draft: Draft) -> bytes:
    """The report's numbers: a cover sheet, then one sheet per table of the draft."""
    with translation.override(LANGUAGE):
        book = workbook(draft.title)
        names = sheet_names([_("About"), *(sheet.name for sheet in draft.numbers)])
        _cover(book.create_sheet(names[0]), report, draft, names[1:])
        for name, numbers in zip(names[1:], draft.numbers, strict=True):
            table_sheet(book, name, numbers.headers, numbers.rows)
        return to_bytes(book)
