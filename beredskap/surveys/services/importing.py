"""Importing a filled spreadsheet: every changed row through `save_answer`, all or nothing.

Reading the workbook (`surveys.spreadsheet`) turns rows into `ImportRow`s and lists what
it could not read; `import_answers` saves the rows that change something and reports
every problem by sheet, row and column, rolling everything back when there is any.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access

from .. import validation
from ..models import Answer, Response
from .answers import ConcurrentEdit, Locked, Slot, _editable, save_answer


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with an imported file: where (sheet, row, column letter) and what."""

    sheet: str
    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    """One answer as read from a file: the raw value, not yet cleaned, and where it was."""

    sheet: str
    row: int
    slot: Slot
    value: Any
    comment: str = ""
    evidence_reference: str = ""
    evidence_date: datetime.date | None = None
    version: int = 0
    value_column: str = ""


class ImportFailed(Exception):
    """Nothing was imported; `problems` lists every row-level problem found."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the imported file.")


IMPORT_ERRORS = (validation.Invalid, ConcurrentEdit, ValidationError, PermissionDenied)


NOTHING_SAVED = (None, "", "", None)


def _stored(answer) -> tuple:
    """What an answer or revision holds, as compared with an imported row."""
    return (answer.value, answer.comment, answer.evidence_reference, answer.evidence_date)


def _as_written(row: ImportRow) -> tuple:
    """The row in its stored form (raises Invalid for a bad value)."""
    cleaned = validation.clean_value(validation.Rule.of(row.slot.question), row.value)
    return (cleaned, row.comment.strip(), row.evidence_reference.strip(), row.evidence_date)


def _import_changes(row: ImportRow, answer: Answer | None) -> bool:
    """Whether the row changes the saved answer.

    A row that still says what the answer said at the row's version was not touched by
    the person importing; someone else's later answer then stands and is not a conflict.
    """
    written = _as_written(row)
    if written == (_stored(answer) if answer else NOTHING_SAVED):
        return False
    if answer is None or row.version in (0, answer.version):
        return True
    downloaded = answer.revisions.filter(version=row.version).first()
    return downloaded is None or written != _stored(downloaded)


def _import_message(exc: Exception) -> str:
    if isinstance(exc, ConcurrentEdit):
        from ..templatetags.surveys import answer_label

        return _(
            "Someone else changed this answer after the workbook was downloaded (saved answer: "
            "%(current)s). Download the workbook again and make your change there."
        ) % {"current": answer_label(exc.current.question, exc.current.value)}
    if isinstance(exc, PermissionDenied):
        return _("You may not change this response.")
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _import_row(row: ImportRow, *, response: Response, answer: Answer | None, by) -> bool:
    """Save one row through `save_answer` when it changes something; True when saved."""
    if not _import_changes(row, answer):
        return False
    save_answer(
        response=response,
        slot=row.slot,
        value=row.value,
        expected_version=row.version,
        by=by,
        comment=row.comment,
        evidence_reference=row.evidence_reference,
        evidence_date=row.evidence_date,
        source=Answer.Source.IMPORT,
    )
    return True


@transaction.atomic
def import_answers(
    *,
    response: Response,
    rows: list[ImportRow],
    by,
    problems: list[RowProblem] | tuple[RowProblem, ...] = (),
) -> int:
    """Save every changed row as an import revision, all or nothing; returns how many.

    `problems` are those already found while reading the file: they are reported together
    with the ones found here. When any problem exists, everything is rolled back and
    `ImportFailed` lists them all by sheet, row and column.
    """
    if not access.may_edit_answers(by, response):
        raise PermissionDenied
    response = Response.objects.select_for_update().select_related("round").get(pk=response.pk)
    if response.is_locked:
        try:
            _editable(response, None)
        except Locked as exc:
            raise ImportFailed([RowProblem("", None, "", " ".join(exc.messages))]) from exc
    current = {(a.question_id, a.activity_code): a for a in response.answers.all()}
    found, saved = list(problems), 0
    for row in rows:
        answer = current.get((row.slot.question.pk, row.slot.activity_code))
        try:
            saved += _import_row(row, response=response, answer=answer, by=by)
        except IMPORT_ERRORS as exc:
            found.append(RowProblem(row.sheet, row.row, row.value_column, _import_message(exc)))
    if found:
        raise ImportFailed(found)
    audit.record(actor=by, action="response.imported", target=response, answers=saved)
    return saved
