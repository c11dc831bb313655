"""The questionnaire as an XLSX workbook: built for download, read back on upload.

The workbook opens with an "Instruktioner" sheet, then has one sheet per area titled
"<area code> <area name>" (at most 31 characters). Row 1 of an area sheet holds the
headers and is frozen; every further row is one answer slot:

    A question code   B activity code (empty: the municipality as a whole)
    C question        D activity        E kind            F allowed answers
    G answer (for a share: the number counted)            H of total (shares only)
    I comment         J document        K decision date   L version (hidden)

Reading identifies a slot by columns A and B and a sheet by the area code before the
first space of its title; columns C to F are for people and are never read. The version is
the answer's version when the workbook was made, so an answer someone else changed in
the meantime is refused on upload instead of being overwritten. See docs/surveys.md.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from beredskap.catalogue.calculations import MATURITY_LEVELS, YES_NO_STATES

from . import services, validation
from .models import Response
from .services import ImportRow, RowProblem
from .templatetags.surveys import MATURITY_LABELS, YES_NO_LABELS

INSTRUCTIONS = "Instruktioner"
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # a questionnaire is far smaller; refuses zip bombs

QUESTION, ACTIVITY, TEXT, ACTIVITY_NAME, KIND, ALLOWED = "A", "B", "C", "D", "E", "F"
ANSWER, TOTAL, COMMENT, DOCUMENT, DATE, VERSION = "G", "H", "I", "J", "K", "L"
SHARE_COLUMNS = f"{ANSWER}:{TOTAL}"

COLUMNS = {  # letter: (header, width)
    QUESTION: (gettext_lazy("Question code"), 16),
    ACTIVITY: (gettext_lazy("Activity code"), 14),
    TEXT: (gettext_lazy("Question"), 60),
    ACTIVITY_NAME: (gettext_lazy("Activity"), 28),
    KIND: (gettext_lazy("Kind"), 16),
    ALLOWED: (gettext_lazy("Allowed answers"), 44),
    ANSWER: (gettext_lazy("Answer"), 18),
    TOTAL: (gettext_lazy("Of total (shares)"), 12),
    COMMENT: (gettext_lazy("Comment"), 40),
    DOCUMENT: (gettext_lazy("Document (name or reference)"), 28),
    DATE: (gettext_lazy("Decision date"), 14),
    VERSION: (gettext_lazy("Version (do not change)"), 10),
}
LETTERS = tuple(COLUMNS)

KIND_LABELS = {
    "yes_no": gettext_lazy("Yes/no"),
    "number": gettext_lazy("Number"),
    "share": gettext_lazy("Share"),
    "single_choice": gettext_lazy("Single choice"),
    "multiple_choice": gettext_lazy("Multiple choice"),
    "maturity": gettext_lazy("Maturity level 0–4"),
    "text": gettext_lazy("Text"),
}

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E2EC")
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
UNUSED_FILL = PatternFill("solid", fgColor="E7E7E7")
WRAP = Alignment(wrap_text=True, vertical="top")


def column_label(column: str) -> str:
    """'G' → 'G (Answer)'; 'G:H' → 'G:H (Answer, Of total (shares))'; '' stays ''."""
    letters = [c for c in column.split(":") if c in COLUMNS]
    if not letters:
        return column
    return f"{column} ({', '.join(str(COLUMNS[c][0]) for c in letters)})"


def filename(response: Response, *, blank: bool) -> str:
    suffix = "-blank" if blank else ""
    return f"beredskap-{response.round.year}-{response.municipality.code}{suffix}.xlsx"


# --- building ------------------------------------------------------------------------


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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


# --- reading -------------------------------------------------------------------------


@dataclass
class Parsed:
    """What a workbook holds: rows to import, and every problem found reading it."""

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """A cell as text, as the person typed it: 12 not 12.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _number_cell(value: Any) -> Any:
    """A numeric cell as it is (a TRUE cell too: refused later); other cells as text."""
    if isinstance(value, int | float):
        return value
    return _text(value)


def raw_value(kind: str, answer: Any, total: Any) -> Any:
    """The Answer (and Of total) cells as the raw value `validation.clean_value` takes."""
    if kind == "share":
        return {"numerator": _number_cell(answer), "denominator": _number_cell(total)}
    if kind == "multiple_choice":
        return [code.strip() for code in _text(answer).split(",") if code.strip()]
    if kind in ("number", "maturity"):
        return _number_cell(answer)
    if kind == "yes_no":
        return _text(answer).lower()
    return _text(answer)


def _open(file):
    """The workbook in `file`, or None when it is not a readable XLSX file."""
    try:
        with zipfile.ZipFile(file) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return None
        file.seek(0)
        return openpyxl.load_workbook(file, data_only=True)
    except Exception:  # openpyxl and zipfile raise many kinds of errors on foreign files
        return None


def read_workbook(file, *, edition) -> Parsed:
    """Read an uploaded workbook against `edition`; problems never raise, they are listed."""
    workbook = _open(file)
    if workbook is None:
        message = _(
            "The file could not be read as an Excel workbook (XLSX). Upload the workbook "
            "downloaded from this page, saved in the XLSX format."
        )
        return Parsed(problems=[RowProblem("", None, "", message)])
    reader = _Reader(edition)
    for sheet in workbook.worksheets:
        reader.read_sheet(sheet)
    workbook.close()
    if not reader.read_any and not reader.parsed.problems:
        message = _("The workbook has no sheet of the survey's areas.")
        reader.parsed.problems.append(RowProblem("", None, "", message))
    return reader.parsed


@dataclass
class _Row:
    """One row being read, collecting its own problems."""

    sheet: str
    number: int
    cells: dict[str, Any]
    problems: list[RowProblem] = field(default_factory=list)

    def text(self, letter: str) -> str:
        return _text(self.cells[letter])

    def report(self, letter: str, message: str) -> None:
        self.problems.append(RowProblem(self.sheet, self.number, letter, message))

    def says_nothing(self) -> bool:
        """Nothing filled in, and no saved answer it could clear (a blank workbook's row)."""
        filled = (ANSWER, TOTAL, COMMENT, DOCUMENT, DATE)
        return all(_blank(self.cells[c]) for c in filled) and self.text(VERSION) in ("", "0")


class _Reader:
    """Reads the sheets of one workbook against an edition's questions."""

    def __init__(self, edition):
        questions = services.edition_questions(edition)
        self.questions = {q.code: q for q in questions}
        self.areas = set(edition.areas.values_list("code", flat=True))
        self.seen: dict[tuple[str, str], tuple[str, int]] = {}
        self.parsed = Parsed()
        self.read_any = False

    def read_sheet(self, sheet) -> None:
        title = sheet.title
        if title == INSTRUCTIONS:
            return
        if title.split(" ", 1)[0] not in self.areas:
            message = _(
                "Unknown sheet. Area sheets are named by the area code, a space and the "
                "area's name, as in the downloaded workbook."
            )
            self.parsed.problems.append(RowProblem(title, None, "", message))
            return
        self.read_any = True
        area = title.split(" ", 1)[0]
        width = len(LETTERS)
        for number, values in enumerate(
            sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
        ):
            cells = dict(zip(LETTERS, (*values, *([None] * width))[:width], strict=True))
            self.read_row(_Row(title, number, cells), area)

    def read_row(self, row: _Row, area: str) -> None:
        if row.says_nothing():
            return
        slot = self._slot(row, area)
        version = self._version(row)
        evidence_date = self._evidence(row, slot)
        value = self._value(row, slot) if slot else None
        if slot:
            self._check_duplicate(row, slot)
        if row.problems:
            self.parsed.problems.extend(row.problems)
            return
        self.parsed.rows.append(
            ImportRow(
                sheet=row.sheet,
                row=row.number,
                slot=slot,
                value=value,
                comment=row.text(COMMENT),
                evidence_reference=row.text(DOCUMENT),
                evidence_date=evidence_date,
                version=version,
                value_column=SHARE_COLUMNS if slot.question.kind == "share" else ANSWER,
            )
        )

    def _slot(self, row: _Row, area: str) -> services.Slot | None:
        code = row.text(QUESTION).upper()
        question = self.questions.get(code)
        if not code:
            row.report(QUESTION, _("The question code is missing."))
        elif question is None:
            row.report(QUESTION, _("Unknown question code %(code)s.") % {"code": code})
        elif question.area.code != area:
            row.report(
                QUESTION,
                _("Question %(code)s belongs on the sheet of area %(area)s.")
                % {"code": code, "area": question.area.code},
            )
        if question is None or row.problems:
            return None
        slot = services.Slot(question, row.text(ACTIVITY).lower())
        try:
            services.check_slot(slot)
        except ValidationError as exc:
            row.report(ACTIVITY, " ".join(exc.messages))
            return None
        return slot

    def _version(self, row: _Row) -> int:
        text = row.text(VERSION)
        if not text or (text.isascii() and text.isdigit()):
            return int(text or 0)
        row.report(VERSION, _("The version must stay as it was in the downloaded workbook."))
        return 0

    def _evidence(self, row: _Row, slot: services.Slot | None) -> datetime.date | None:
        if slot and not slot.question.evidence:
            for letter in (DOCUMENT, DATE):
                if not _blank(row.cells[letter]):
                    row.report(letter, _("This question does not ask for a document."))
            return None
        if len(row.text(DOCUMENT)) > 250:
            row.report(DOCUMENT, _("The document reference can be at most 250 characters."))
        raw = row.cells[DATE]
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date) or _blank(raw):
            return raw or None
        try:
            return datetime.date.fromisoformat(_text(raw))
        except ValueError:
            row.report(DATE, _("Give the decision date as YYYY-MM-DD."))
            return None

    def _value(self, row: _Row, slot: services.Slot) -> Any:
        kind = slot.question.kind
        if kind != "share" and not _blank(row.cells[TOTAL]):
            row.report(TOTAL, _("Only share questions use this column."))
        raw = raw_value(kind, row.cells[ANSWER], row.cells[TOTAL])
        try:
            validation.clean_value(validation.Rule.of(slot.question), raw)
        except validation.Invalid as exc:
            row.report(SHARE_COLUMNS if kind == "share" else ANSWER, str(exc))
        return raw

    def _check_duplicate(self, row: _Row, slot: services.Slot) -> None:
        key = (slot.question.code, slot.activity_code)
        if key in self.seen:
            sheet, number = self.seen[key]
            row.report(
                QUESTION,
                _("The same answer is also on sheet %(sheet)s, row %(row)s.")
                % {"sheet": sheet, "row": number},
            )
        else:
            self.seen[key] = (row.sheet, row.number)
