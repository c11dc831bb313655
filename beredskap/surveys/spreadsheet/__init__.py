"""The questionnaire as an XLSX workbook: built for download, read back on upload.

The workbook opens with an "Instruktioner" sheet, then has one sheet per area titled
"<area code> <area name>"; every row of an area sheet is one answer slot. The columns
both sides agree on are in `layout.py`; `writing.py` builds the workbook and
`reading.py` reads an uploaded one into rows for `services.import_answers`. The version
column holds the answer's version when the workbook was made, so an answer someone else
changed in the meantime is refused on upload instead of being overwritten. See
docs/surveys.md.
"""

from .layout import column_label
from .reading import Parsed, raw_value, read_workbook
from .writing import allowed_answers, answer_cells, build_workbook, filename, sheet_title

__all__ = [
    "Parsed",
    "allowed_answers",
    "answer_cells",
    "build_workbook",
    "column_label",
    "filename",
    "raw_value",
    "read_workbook",
    "sheet_title",
]
