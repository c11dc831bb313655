"""The workbook's layout, which writing and reading must agree on.

Row 1 of an area sheet holds the headers and is frozen; every further row is one answer
slot:

    A question code   B activity code (empty: the municipality as a whole)
    C question        D activity        E kind            F allowed answers
    G answer (for a share: the number counted)            H of total (shares only)
    I comment         J document        K decision date   L version (hidden)

The letters are named here once; a problem found on upload names its column by them.
"""

from django.utils.translation import gettext_lazy

INSTRUCTIONS = "Instruktioner"

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


def column_label(column: str) -> str:
    """'G' → 'G (Answer)'; 'G:H' → 'G:H (Answer, Of total (shares))'; '' stays ''."""
    letters = [c for c in column.split(":") if c in COLUMNS]
    if not letters:
        return column
    return f"{column} ({', '.join(str(COLUMNS[c][0]) for c in letters)})"
