"""A report as documents: the PDF to send (WeasyPrint) and its numbers as XLSX (openpyxl).

Both take the report (its status and narrative texts) and its draft (`drafts.county_draft`
or `drafts.national_draft`, made in Swedish by `tasks`). The PDF has a title page with the
commission's diarienummer and the recipient, a table of contents, each section's draft
followed by what people wrote, and page numbers. The XLSX has a cover sheet and one sheet
per table of numbers. Nothing is fetched while rendering: the draft's figures are inline
SVG, and any other URL is refused.
"""

import datetime
import io
import logging
import re
from collections.abc import Iterable
from decimal import Decimal

import openpyxl
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from beredskap.registry.models import Organisation

from .drafts import Draft
from .models import DIARIENUMMER, CountyReport, NationalReport

# WeasyPrint logs each rendering step at INFO; a report's progress is the generation's.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

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
    sender, recipient = parties(report)
    return [
        (_("County") if draft.county else _("Report"), _unit(draft)),
        (_("Reporting year"), str(draft.year)),
        (_("Registry number"), DIARIENUMMER),
        (_("To"), recipient),
        (_("From"), sender),
        (_("Status"), status_line(report)),
    ]


def _unit(draft: Draft) -> str:
    return draft.county.name if draft.county else str(_("National compilation"))


# --- PDF -------------------------------------------------------------------------------


def _refuse(url: str, *args, **kwargs):
    """The url fetcher: a report embeds everything it shows, so nothing is fetched."""
    raise ValueError(f"Reports fetch nothing; refused {url[:80]}")


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
    import weasyprint  # heavy: only where PDFs are made

    document = weasyprint.HTML(string=html(report, draft), url_fetcher=_refuse, base_url="/")
    return document.write_pdf(pdf_tags=True)  # tagged: headings and tables for screen readers


# --- XLSX ------------------------------------------------------------------------------

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
FORMULA_START = ("=", "+", "-", "@")
SHEET_NAME = 31
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def _cell(sheet, value, font=None, alignment=None) -> WriteOnlyCell:
    """A cell; text that a spreadsheet would run as a formula stays text."""
    cell = WriteOnlyCell(sheet, value=_value(value))
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(cell.value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    return cell


def _sheet_names(names: Iterable[str]) -> list[str]:
    """Valid and distinct sheet names: at most 31 characters, none of []:*?/\\."""
    taken: set[str] = set()
    result = []
    for name in names:
        base = NOT_IN_SHEET_NAMES.sub(" ", str(name)).strip()[:SHEET_NAME] or "Data"
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            suffix = f" {n}"
            candidate = base[: SHEET_NAME - len(suffix)] + suffix
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def _widths(sheet, headers: list[str], rows: list[list]) -> None:
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(row[index - 1] or "")) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)


def xlsx(report: CountyReport | NationalReport, draft: Draft) -> bytes:
    """The report's numbers: a cover sheet, then one sheet per table of the draft."""
    with translation.override(LANGUAGE):
        book = openpyxl.Workbook(write_only=True)
        book.properties.creator = "Beredskap"
        book.properties.title = draft.title
        names = _sheet_names([_("About"), *(sheet.name for sheet in draft.numbers)])
        cover = book.create_sheet(names[0])
        cover.column_dimensions["A"].width = 24
        cover.column_dimensions["B"].width = 60
        cover.append([_cell(cover, draft.title, TITLE)])
        cover.append([])
        for label, value in _facts(report, draft):
            cover.append([_cell(cover, label, BOLD), _cell(cover, value)])
        cover.append([_cell(cover, _("Made"), BOLD), _cell(cover, timezone.now())])
        cover.append([])
        cover.append([_cell(cover, _("Sheets"), BOLD)])
        for name, sheet in zip(names[1:], draft.numbers, strict=True):
            cover.append([_cell(cover, name), _cell(cover, len(sheet.rows))])
        for name, numbers in zip(names[1:], draft.numbers, strict=True):
            sheet = book.create_sheet(name)
            _widths(sheet, numbers.headers, numbers.rows)
            sheet.freeze_panes = "A2"
            sheet.append([_cell(sheet, header, BOLD) for header in numbers.headers])
            for row in numbers.rows:
                sheet.append([_cell(sheet, value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
