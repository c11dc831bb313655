"""Swedish words for the coded values of the files meant for people (Excel, the workbook).

The machine files (`values.csv`, JSON, the data package) keep the codes (`yes_no`,
`municipality`, `met`, `green`), which scripts compare against; a person opening a file
in Excel reads `ja/nej`, `kommun`, `uppfyllt`, `grön` instead. Each file is built in
Swedish (`downloads.build`), so these are translated once, through the locale files.
A context keeps them apart from the same English words elsewhere in the interface.
"""

from collections.abc import Callable, Mapping, Sequence

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from beredskap.results.calculations import (
    COUNTY,
    GREEN,
    GROUP,
    MUNICIPALITY,
    NATION,
    RED,
    YELLOW,
)

from ..calculations import SUPPRESSED
from .columns import Column


def _l(text: str) -> Promise:
    return pgettext_lazy("open data value", text)


KINDS = {"yes_no": _l("yes/no"), "share": _l("share"), "count": _l("count"),
         "maturity": _l("maturity level")}  # fmt: skip
LEVELS = {MUNICIPALITY: _l("municipality"), COUNTY: _l("county"),
          GROUP: _l("municipality group"), NATION: _l("nation")}  # fmt: skip
VERDICTS = {"met": _l("met"), "partly": _l("partly met"), "not_met": _l("not met")}
CLASSES = {GREEN: _l("green"), YELLOW: _l("yellow"), RED: _l("red")}
REASONS = {
    "not_applicable": _l("not applicable"),
    "not_answered": _l("not answered"),
    "invalid_answer": _l("invalid answer"),
    SUPPRESSED: _l("suppressed (fewer than 3 municipalities)"),
}
SENSITIVITIES = {"public": _l("public"), "aggregate": _l("aggregates only")}
DIRECTIONS = {"higher_is_better": _l("higher is better"),
              "lower_is_better": _l("lower is better")}  # fmt: skip

#: The coded columns of the values and of the indicators, with their words.
VALUE_CODES = {"kind": KINDS, "level": LEVELS, "verdict": VERDICTS,
               "classification": CLASSES, "reason": REASONS}  # fmt: skip
INDICATOR_CODES = {"kind": KINDS, "sensitivity": SENSITIVITIES, "direction": DIRECTIONS}


def label(words: Mapping[str, Promise], code: str) -> str:
    """The word for a code; an unknown code as it is (a newer code is still shown)."""
    word = words.get(code)
    return str(word) if word is not None else code


def in_words(
    columns: Sequence[Column], row: Sequence, codes: Mapping[str, Mapping[str, Promise]]
) -> list:
    """The row with its coded cells as words; other cells unchanged, empty stays empty."""
    return words_for(columns, codes)(row)


def words_for(
    columns: Sequence[Column], codes: Mapping[str, Mapping[str, Promise]]
) -> Callable[[Sequence], list]:
    """A function putting a row's coded cells in words, translated once for all rows
    (a file has tens of thousands of rows; a lazy translation per cell would show)."""
    plain = [
        {code: str(word) for code, word in codes[column.name].items()}
        if column.name in codes
        else None
        for column in columns
    ]

    def convert(row: Sequence) -> list:
        return [
            words.get(cell, cell) if words is not None and cell else cell
            for words, cell in zip(plain, row, strict=True)
        ]

    return convert
