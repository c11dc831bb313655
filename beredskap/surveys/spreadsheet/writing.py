"""Building the questionnaire as an XLSX workbook for download.

The workbook opens with an "Instruktioner" sheet, then has one sheet per area titled
"<area code> <area name>" (at most 31 characters), a row per answer slot in the columns
of `layout.py`. Text is always written as data, never as a formula; lists of allowed
answers become drop-downs in the Answer cells. The hidden Version column holds each
answer's version when the workbook was made, so reading it back can refuse an answer
someone else changed meanwhile.
"""

import datetime
from decimal import Decimal
from typing import Any

import openpyxl
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from beredskap.catalogue.calculations import MATURITY_LEVELS, YES_NO_STATES
from beredskap.documents.xlsx import BOLD, WRAP, to_bytes

from .. import services
from ..models import Response
from ..templatetags.surveys import MATURITY_LABELS, YES_NO_LABELS
from .layout import (
    ACTIVITY,
    ACTIVITY_NAME,
    ALLOWED,
    ANSWER,
    COLUMNS,
    COMMENT,
    DATE,
    DOCUMENT,
    INSTRUCTIONS,
    KIND,
    QUESTION,
    TEXT,
    TOTAL,
    VERSION,
)

KIND_LABELS = {
    "yes_no": gettext_lazy("Yes/no"),
    "number": gettext_lazy("Number"),
    "share": gettext_lazy("Share"),
    "single_choice": gettext_lazy("Single choice"),
    "multiple_choice": gettext_lazy("Multiple choice"),
    "maturity": gettext_lazy("Maturity level 0–4"),
    "text": gettext_lazy("Text"),
}

HEADER_FILL = PatternFill("solid", fgColor="D9E2EC")
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
UNUSED_FILL = PatternFill("solid", fgColor="E7E7E7")


def filename(response: Response, *, blank: bool) -> str:
    suffix = "-blank" if blank else ""
    return f"beredskap-{response.round.year}-{response.municipality.code}{suffix}.xlsx"


def sheet_title(area) -> str:
    """'B Kontinuitetshantering': the code, a space and the name, fit for Excel (31 chars)."""
    name = "".join("-" if c in "[]:*?/\\" else c for c in str(area.name))
    return f"{area.code} {name}"[:31].rstrip()


def build_workbook(response: Response, *, blank: bool) -> bytes:
    """The response's questionnaire as XLSX bytes; `blank` leaves out the saved answers."""
    questions = services.edition_questions(response.round.edition)
    saved = [] if blank else response.answers.all()
    answers = {(a.question_id, a.activity_code): a for a in saved}
    workbook = openpyxl.Workbook()
    _write_instructions(workbook.active, response, blank=blank)
    sheets: dict[int, _AreaSheet] = {}
    for question in questions:
        if question.area_id not in sheets:
            sheet = workbook.create_sheet(sheet_title(question.area))
            sheets[question.area_id] = _AreaSheet(sheet)
        for activity in list(question.activities.all()) or [None]:
            answer = answers.get((question.pk, activity.code if activity else ""))
            sheets[question.area_id].add(question, activity, answer)
    return to_bytes(workbook)


def _put(sheet, ref: str, value: Any):
    """Write a value as data: text is never taken for a formula, illegal characters go."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    elif value is not None and not isinstance(value, int | float | Decimal | datetime.date):
        value = str(value)
    cell = sheet[ref]
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _instruction_lines() -> list[str]:
    return [
        _(
            "Each area of the survey has its own sheet. Each row is one answer: a question, "
            "for one activity or for the municipality as a whole."
        ),
        _(
            "Write the answer in the column Answer. Yes/no, single choice and maturity answers "
            "are chosen from a list in the cell; the column Allowed answers explains the codes."
        ),
        _(
            "For multiple choice, write the codes separated by commas. For a share, write the "
            "number counted under Answer and the total under Of total."
        ),
        _("Comment, document and decision date (YYYY-MM-DD) are optional."),
        _(
            "Do not change the codes in the first two columns, the hidden Version column or "
            "the names of the sheets."
        ),
        _(
            "Upload the workbook on the response page. Everything is checked first: if "
            "anything is wrong, nothing is saved and every problem is listed by sheet, row "
            "and column."
        ),
        _(
            "An answer someone else changed after you downloaded the workbook is not "
            "overwritten: the upload is refused, and you download the workbook again."
        ),
        _(
            "Rows you leave empty in a blank workbook change nothing. To clear a saved "
            "answer, download the workbook with answers and empty the cell."
        ),
    ]


def _write_instructions(sheet, response: Response, *, blank: bool) -> None:
    sheet.title = INSTRUCTIONS
    survey_round = response.round
    _put(sheet, "A1", _("Survey %(year)s") % {"year": survey_round.year}).font = Font(
        bold=True, size=14
    )
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    kind = _("Blank form") if blank else _("With the answers saved %(when)s") % {"when": made}
    facts = [
        (_("Municipality"), f"{response.municipality.name} ({response.municipality.code})"),
        (_("Year"), survey_round.year),
        (_("Deadline"), survey_round.deadline),
        (_("Status"), response.get_status_display()),
        (_("Workbook"), kind),
    ]
    for number, (label, value) in enumerate(facts, start=3):
        _put(sheet, f"A{number}", label).font = BOLD
        cell = _put(sheet, f"B{number}", value)
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, datetime.date):
            cell.number_format = "YYYY-MM-DD"
    start = len(facts) + 4
    _put(sheet, f"A{start}", _("How to fill in the workbook")).font = BOLD
    for number, line in enumerate(_instruction_lines(), start=1):
        _put(sheet, f"A{start + number}", f"{number}.").alignment = WRAP
        _put(sheet, f"B{start + number}", line).alignment = WRAP
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100


def _choice_pairs(question) -> str:
    language = "en" if (get_language() or "sv").startswith("en") else "sv"
    return "; ".join(f"{c['code']} = {c.get(language) or c['code']}" for c in question.choices)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _number_rule(question) -> str:
    parts = [_("A whole number") if question.integer else _("A number")]
    if question.min_value is not None:
        parts.append(_("at least %(min)s") % {"min": _number(question.min_value)})
    if question.max_value is not None:
        parts.append(_("at most %(max)s") % {"max": _number(question.max_value)})
    text = ", ".join(parts)
    return f"{text} ({question.unit})" if question.unit else text


def allowed_answers(question) -> str:
    """What may be written in the answer column, in words."""
    kind = question.kind
    if kind == "yes_no":
        return "; ".join(f"{code} = {label}" for code, label in YES_NO_LABELS.items())
    if kind == "maturity":
        return "; ".join(str(label) for label in MATURITY_LABELS.values())
    if kind == "single_choice":
        return _("One code: %(choices)s") % {"choices": _choice_pairs(question)}
    if kind == "multiple_choice":
        return _("Codes separated by commas: %(choices)s") % {"choices": _choice_pairs(question)}
    if kind == "number":
        return _number_rule(question)
    if kind == "share":
        text = _("Whole numbers: the number counted under Answer, the total under Of total")
        return f"{text} ({question.unit})" if question.unit else text
    return _("Free text")


def answer_cells(question, value) -> tuple[Any, Any]:
    """A stored answer as the values of the Answer and Of total cells."""
    if value is None:
        return None, None
    if question.kind == "share":
        return value.get("numerator"), value.get("denominator")
    if question.kind == "multiple_choice":
        return ", ".join(value), None
    return value, None


def _list_formula(question) -> str | None:
    if question.kind == "yes_no":
        codes = YES_NO_STATES
    elif question.kind == "maturity":
        codes = tuple(str(level) for level in MATURITY_LEVELS)
    elif question.kind == "single_choice":
        codes = tuple(c["code"] for c in question.choices)
    else:
        return None
    formula = '"' + ",".join(codes) + '"'
    return formula if len(formula) <= 257 else None  # Excel allows 255 characters in a list


class _AreaSheet:
    """One area's sheet being written: headers, then a row per slot."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.row = 1
        self.validations: dict[str, DataValidation] = {}
        for letter, (title, width) in COLUMNS.items():
            cell = _put(sheet, f"{letter}1", str(title))
            cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
            sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[VERSION].hidden = True
        sheet.freeze_panes = "A2"

    def add(self, question, activity, answer) -> None:
        self.row += 1
        row, put = self.row, self._put_in_row
        put(QUESTION, question.code)
        put(ACTIVITY, activity.code if activity else "")
        put(TEXT, question.text).alignment = WRAP
        put(ACTIVITY_NAME, activity.name if activity else _("The municipality as a whole"))
        put(KIND, KIND_LABELS.get(question.kind, question.kind))
        put(ALLOWED, allowed_answers(question)).alignment = WRAP
        value, total = answer_cells(question, answer.value if answer else None)
        put(ANSWER, value).fill = INPUT_FILL
        put(TOTAL, total).fill = INPUT_FILL if question.kind == "share" else UNUSED_FILL
        put(COMMENT, answer.comment if answer else None).fill = INPUT_FILL
        for letter, saved in (
            (DOCUMENT, answer.evidence_reference if answer else None),
            (DATE, answer.evidence_date if answer else None),
        ):
            put(letter, saved or None).fill = INPUT_FILL if question.evidence else UNUSED_FILL
        self.sheet[f"{DATE}{row}"].number_format = "YYYY-MM-DD"
        put(VERSION, answer.version if answer else 0)
        self._validate(question, f"{ANSWER}{row}")

    def _put_in_row(self, letter: str, value: Any):
        return _put(self.sheet, f"{letter}{self.row}", value)

    def _validate(self, question, ref: str) -> None:
        formula = _list_formula(question)
        if formula is None:
            return
        if formula not in self.validations:
            validation_list = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                error=_("Choose one of the answers."),
            )
            self.sheet.add_data_validation(validation_list)
            self.validations[formula] = validation_list
        self.validations[formula].add(ref)
