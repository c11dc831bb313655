"""Reading an uploaded workbook back into rows to import, listing every problem.

Reading identifies a slot by columns A and B and a sheet by the area code before the
first space of its title; columns C to F are for people and are never read. A formula
cell is read as the result stored with it; a formula saved without one (openpyxl and some
converters write no results) is refused, as it would otherwise read as blank. Nothing
here raises on a bad file: every problem is listed by sheet, row and column, and
`services.import_answers` saves nothing while any exists. See docs/surveys.md.
"""

import datetime
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import services, validation
from ..services import ImportRow, RowProblem
from .layout import (
    ACTIVITY,
    ANSWER,
    COMMENT,
    DATE,
    DOCUMENT,
    INSTRUCTIONS,
    LETTERS,
    QUESTION,
    SHARE_COLUMNS,
    TOTAL,
    VERSION,
)

#: The columns read; the others (C to F) are for people and may hold anything.
READ = {QUESTION, ACTIVITY, ANSWER, TOTAL, COMMENT, DOCUMENT, DATE, VERSION}
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # a questionnaire is far smaller; refuses zip bombs


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


def _open(file, *, data_only=True):
    """The workbook in `file`, or None when it is not a readable XLSX file.

    `data_only` gives each formula cell the result Excel stored with it (None when none
    was stored); otherwise a formula cell holds its formula."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return None
        file.seek(0)
        return openpyxl.load_workbook(file, data_only=data_only)
    except Exception:  # openpyxl and zipfile raise many kinds of errors on foreign files
        return None


def uncomputed_formulas(file, values) -> dict[tuple[str, int], list[str]]:
    """The columns, by (sheet, row), of formula cells we would read that have no stored
    result: a program that writes formulas without computing them (openpyxl, some
    converters) leaves None there, which would read as an emptied answer. `values` is the
    workbook opened with stored results."""
    formulas = _open(file, data_only=False)
    found: dict[tuple[str, int], list[str]] = {}
    for sheet in formulas.worksheets if formulas else ():
        for row in sheet.iter_rows(min_row=2, max_col=len(LETTERS)):
            for cell in row:
                if (
                    cell.data_type == "f"
                    and cell.column_letter in READ
                    and (values[sheet.title][cell.coordinate].value is None)
                ):
                    found.setdefault((sheet.title, cell.row), []).append(cell.column_letter)
    return found


def read_workbook(file, *, edition) -> Parsed:
    """Read an uploaded workbook against `edition`; problems never raise, they are listed."""
    workbook = _open(file)
    if workbook is None:
        message = _(
            "The file could not be read as an Excel workbook (XLSX). Upload the workbook "
            "downloaded from this page, saved in the XLSX format."
        )
        return Parsed(problems=[RowProblem("", None, "", message)])
    reader = _Reader(edition, uncomputed=uncomputed_formulas(file, workbook))
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

    def __init__(self, edition, *, uncomputed: dict[tuple[str, int], list[str]]):
        self.uncomputed = uncomputed
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
        if self._refuse_formulas(row):
            return
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

    def _refuse_formulas(self, row: _Row) -> bool:
        """A formula without a stored result is refused, before it could read as blank."""
        for letter in self.uncomputed.get((row.sheet, row.number), ()):
            message = _(
                "Cell %(cell)s on sheet %(sheet)s holds a formula without a stored result, "
                "so its value cannot be read. Open the workbook in Excel or LibreOffice, "
                "let it calculate and save it, or type the value instead of the formula."
            )
            row.report(letter, message % {"cell": f"{letter}{row.number}", "sheet": row.sheet})
        self.parsed.problems.extend(row.problems)
        return bool(row.problems)

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
                % {"code": code, "area": f"{question.area.code} {question.area.name}"},
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
