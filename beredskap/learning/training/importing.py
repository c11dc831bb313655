"""Completion counts by spreadsheet: the template to fill in, and reading it back.

The template's first sheet has one row per national training and activity with the
year and an empty count; a second sheet lists the codes. Reading checks every row first
(unknown training or activity codes, bad years, negative or implausible counts) and
stores all rows or none, through `services.record_completions`.
"""

import io
from dataclasses import dataclass

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from beredskap.documents import xlsx
from beredskap.registry.models import Municipality

from ..models import Completion, Training
from . import queries, services

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024


def headers() -> list[str]:
    return [_("Training code"), _("Activity code"), _("Year"), _("Completed")]


def template(municipality: Municipality, year: int) -> bytes:
    """An XLSX to fill in: every national training for every activity and for none."""
    trainings = list(queries.trainings_for(municipality))
    activities = queries.activity_names()
    rows = [
        [training.code, code, year, None] for training in trainings for code in ["", *activities]
    ]
    book = xlsx.workbook(_("Training completions, %(name)s") % {"name": municipality.name})
    xlsx.table_sheet(book, _("Completions")[:31], headers(), rows)
    codes = [[t.code, t.name] for t in trainings] + [[c, n] for c, n in activities.items()]
    xlsx.table_sheet(book, _("Codes")[:31], [_("Code"), _("Name")], codes)
    return xlsx.to_bytes(book)


@dataclass
class RowError:
    row: int  # the spreadsheet's row number
    messages: list[str]


class ImportRefused(Exception):
    """The file was not stored; `errors` says why, by row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("The file was not imported. Nothing was stored."))


def _integer(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def read(data: bytes) -> list[tuple[int, list]]:
    """The filled rows of the first sheet as (row number, [code, activity, year, count])."""
    if len(data) > MAX_BYTES:
        raise ImportRefused([RowError(0, [_("The file is larger than 2 MB.")])])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        message = _("The file is not an Excel workbook (.xlsx).")
        raise ImportRefused([RowError(0, [message])]) from error
    sheet = book.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=4, values_only=True), 2):
        values = list(values) + [None] * (4 - len(values))
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if values[3] is None or str(values[3]).strip() == "":
            continue  # a template row left empty
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ImportRefused([RowError(number, [_("The file has too many rows.")])])
    book.close()
    return rows


def import_completions(*, municipality: Municipality, data: bytes, by) -> int:
    """Store every count of the file, or none: an `ImportRefused` lists the rows' errors."""
    rows = read(data)
    trainings = {t.code: t for t in Training.objects.all()}
    errors, counts, numbers = [], [], []
    for number, (code, activity, year, count) in rows:
        code, activity = str(code or "").strip(), str(activity or "").strip()
        problems = []
        training = trainings.get(code)
        if training is None:
            problems.append(_("Unknown training code “%(code)s”.") % {"code": code[:60]})
        year, count = _integer(year), _integer(count)
        if year is None:
            problems.append(_("The year must be a whole number."))
        if count is None:
            problems.append(_("The count must be a whole number, 0 or more."))
        if problems:
            errors.append(RowError(number, problems))
            continue
        counts.append(services.Count(training, activity, year, count))
        numbers.append(number)
    for index, found in services.check_counts(municipality, counts).items():
        errors.append(RowError(numbers[index], found))
    if not rows:
        errors.append(RowError(0, [_("The file has no counts filled in.")]))
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    try:
        return services.record_completions(
            municipality=municipality, rows=counts, by=by, source=Completion.Source.IMPORT
        )
    except ValidationError as error:  # changed between the check and the write
        raise ImportRefused([RowError(0, list(error.messages))]) from error
