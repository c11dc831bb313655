"""The register as an XLSX template, and reading a filled-in template back.

One sheet, one row per dependency (a function without dependencies, or a unit without
functions, takes one row with the rest blank): unit, activity, management, contract,
people served, function, tolerable downtime, dependency, reserve in hours, minimum staff,
staff available, and three hidden columns with the versions of the unit, the function and
the dependency when the template was made (optimistic locking: `importing` refuses a row
someone changed on the pages since). Row 1 carries the sensitivity marking (on every
sheet, and in the printed header), row 2 the column names. Reading names every problem by
row and column and raises nothing; `importing.import_register` saves nothing while any
exists. Names are read in the language they were written in, or as codes.
"""

import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from beredskap.documents import xlsx

from . import services
from .models import DEPENDENCY_CATEGORIES, Management

COLUMNS = (
    ("unit", "A"),
    ("activity_code", "B"),
    ("management", "C"),
    ("contract_sets_preparedness", "D"),
    ("people_served", "E"),
    ("function", "F"),
    ("max_tolerable_downtime_hours", "G"),
    ("category", "H"),
    ("reserve_hours", "I"),
    ("minimum_staff", "J"),
    ("staff_available", "K"),
    ("unit_version", "L"),
    ("function_version", "M"),
    ("dependency_version", "N"),
)
#: The hidden version columns, by the kind of item they lock.
VERSION_COLUMNS = {"unit": "unit_version", "function": "function_version",
                   "dependency": "dependency_version"}  # fmt: skip
LETTER = dict(COLUMNS)
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
FIRST_DATA_ROW = 3


def marking() -> str:
    return _("SENSITIVE – civil defence. Unit-level continuity register: do not spread.")


def headers() -> list[str]:
    return [
        _("Unit"),
        _("Activity"),
        _("Management"),
        _("The contract sets preparedness requirements"),
        _("People served"),
        _("Critical function"),
        _("Maximum tolerable downtime (hours)"),
        _("Depends on"),
        _("Reserve (hours, empty = none)"),
        _("Minimum staff"),
        _("Staff available"),
        _("Version of the unit (do not change)"),
        _("Version of the function (do not change)"),
        _("Version of the dependency (do not change)"),
    ]


def rows(units, activities: dict[str, str]) -> list[list]:
    """One row per dependency of the units (read with `queries.units`)."""
    categories = dict(DEPENDENCY_CATEGORIES)
    out = []
    for unit in units:
        head = [
            unit.name,
            activities.get(unit.activity_code, unit.activity_code),
            unit.get_management_display(),
            unit.contract_sets_preparedness,
            unit.people_served,
        ]
        version = unit.version
        functions = list(unit.functions.all()) or [None]
        for function in functions:
            fun = (
                [function.name, function.max_tolerable_downtime_hours] if function else [None] * 2
            )
            dependencies = list(function.dependencies.all()) if function else []
            for dep in dependencies or [None]:
                tail = (
                    [str(categories[dep.category]), dep.reserve_hours, dep.minimum_staff,
                     dep.staff_available]
                    if dep else [None] * 4
                )  # fmt: skip
                versions = [version, function.version if function else None,
                            dep.version if dep else None]  # fmt: skip
                out.append(head + fun + tail + versions)
    return out


def write_template(municipality, units, activities: dict[str, str]) -> bytes:
    """The register of `municipality` as a workbook to fill in, marked on every sheet."""
    book = xlsx.workbook(_("Continuity register – %(name)s") % {"name": municipality.name})
    sheet = book.create_sheet(_("Register")[:31])
    data = rows(units, activities)
    xlsx.set_widths(sheet, headers(), data)
    sheet.oddHeader.center.text = marking()
    sheet.freeze_panes = "A3"
    for name in VERSION_COLUMNS.values():
        sheet.column_dimensions[LETTER[name]].hidden = True
    sheet.append([xlsx.cell(sheet, marking(), xlsx.BOLD)])
    sheet.append([xlsx.cell(sheet, h, xlsx.BOLD) for h in headers()])
    for row in data:
        sheet.append([xlsx.cell(sheet, value) for value in row])
    help_sheet = book.create_sheet(_("Instructions")[:31])
    help_sheet.oddHeader.center.text = marking()
    lines = [
        marking(),
        _("One row per dependency. Repeat the unit and function on each of its rows."),
        _("Rows are matched by the unit's name, the function's name and the dependency."),
        _("The upload saves everything or nothing; errors are listed by row and column."),
        _(
            "The hidden version columns say what the register looked like when this file was "
            "made: a row someone has changed on the pages since is refused."
        ),
        _("Activities:") + " " + ", ".join(activities.values()),
        _("Dependencies:") + " " + ", ".join(str(label) for _v, label in DEPENDENCY_CATEGORIES),
        _("Management:") + " " + ", ".join(str(label) for _v, label in Management.choices),
    ]
    for line in lines:
        help_sheet.append([xlsx.cell(help_sheet, line)])
    return xlsx.to_bytes(book)


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str
    sheet: str = ""


@dataclass
class Parsed:
    units: dict[str, dict] = field(default_factory=dict)  # name (lower) → cleaned unit
    functions: dict[tuple[str, str], dict] = field(default_factory=dict)
    dependencies: dict[tuple[str, str, str], dict] = field(default_factory=dict)
    # (kind, key) → (row, version in the file) for rows that carry a version
    versions: dict[tuple[str, Any], tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""  # the register sheet's name, for problems found later


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _lookup(text: str, choices: dict[str, str]) -> str | None:
    """The code for a name or code, ignoring case."""
    wanted = text.strip().lower()
    for code, label in choices.items():
        if wanted in (code.lower(), str(label).lower()):
            return code
    return None


def _open(file):
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return None
        file.seek(0)
        return openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl and zipfile raise many kinds of errors on foreign files
        return None


class _Reader:
    def __init__(self, activities: dict[str, str]):
        self.activities = activities
        self.categories = dict(DEPENDENCY_CATEGORIES)
        self.management = dict(Management.choices)
        self.parsed = Parsed()
        self.first_row: dict[str, int] = {}

    def problems_of(self, row: int, exc: ValidationError, fields: dict[str, str]) -> None:
        for name, messages in exc.message_dict.items():
            column = LETTER.get(fields.get(name, name), "")
            for message in messages:
                self.parsed.problems.append(Problem(row, column, message))

    def unit(self, row: int, cells: dict) -> str | None:
        name = cells["unit"]
        key = name.lower()
        management = _lookup(cells["management"], self.management) if cells["management"] else ""
        values = {
            "name": name,
            "activity_code": _lookup(cells["activity_code"], self.activities)
            or cells["activity_code"],
            "management": management if management is not None else "?",
            "contract_sets_preparedness": cells["contract_sets_preparedness"].lower()
            in ("ja", "yes", "true", "1", "x"),
            "people_served": cells["people_served"],
        }
        if cells["activity_code"] and values["activity_code"] not in self.activities:
            self.parsed.problems.append(
                Problem(row, "B", _("Unknown activity: %(v)s") % {"v": cells["activity_code"]})
            )
            return None
        try:
            cleaned = services.clean_unit(values)
        except ValidationError as exc:
            self.problems_of(row, exc, {"name": "unit"})
            return None
        if key in self.parsed.units and self.parsed.units[key] != cleaned:
            message = _("The unit's details differ from row %(row)s.") % {
                "row": self.first_row[key]
            }
            self.parsed.problems.append(Problem(row, "A", message))
            return None
        self.parsed.units.setdefault(key, cleaned)
        self.first_row.setdefault(key, row)
        return key

    def function(self, row: int, unit_key: str, cells: dict) -> tuple[str, str] | None:
        values = {
            "name": cells["function"],
            "max_tolerable_downtime_hours": cells["max_tolerable_downtime_hours"],
        }
        try:
            cleaned = services.clean_function(values)
        except ValidationError as exc:
            self.problems_of(row, exc, {"name": "function"})
            return None
        key = (unit_key, cleaned["name"].lower())
        if key in self.parsed.functions and self.parsed.functions[key] != cleaned:
            self.parsed.problems.append(
                Problem(row, "G", _("The function's downtime differs from an earlier row."))
            )
            return None
        self.parsed.functions.setdefault(key, cleaned)
        return key

    def dependency(self, row: int, function_key: tuple[str, str], cells: dict) -> bool:
        category = _lookup(cells["category"], self.categories) or "?"
        values = {
            "category": category,
            "reserve_hours": cells["reserve_hours"],
            "minimum_staff": cells["minimum_staff"],
            "staff_available": cells["staff_available"],
        }
        try:
            cleaned = services.clean_dependency(values)
        except ValidationError as exc:
            self.problems_of(row, exc, {})
            return False
        key = (*function_key, category)
        if key in self.parsed.dependencies:
            message = _("The function names this dependency twice.")
            self.parsed.problems.append(Problem(row, "H", message))
            return False
        self.parsed.dependencies[key] = cleaned
        return True

    def read_row(self, row: int, values: tuple) -> None:
        cells = {name: _text(values[i] if i < len(values) else None) for i, (name, _l) in
                 enumerate(COLUMNS)}  # fmt: skip
        if not any(cells.values()):
            return
        if not cells["unit"]:
            self.parsed.problems.append(Problem(row, "A", _("Name the unit.")))
            return
        unit_key = self.unit(row, cells)
        self.version(row, "unit", unit_key, cells)
        if unit_key is None or not (cells["function"] or cells["category"]):
            return
        function_key = self.function(row, unit_key, cells)
        self.version(row, "function", function_key, cells)
        if function_key is not None and cells["category"]:
            category = _lookup(cells["category"], self.categories)
            if self.dependency(row, function_key, cells):
                self.version(row, "dependency", (*function_key, category), cells)

    def version(self, row: int, kind: str, key, cells: dict) -> None:
        """Remember the version the row carries for the item (the first row's counts)."""
        name = VERSION_COLUMNS[kind]
        text = cells[name]
        if key is None or not text or (kind, key) in self.parsed.versions:
            return
        if not (text.isascii() and text.isdigit()):
            message = _("The version must stay as it was in the downloaded workbook.")
            self.parsed.problems.append(Problem(row, LETTER[name], message))
            return
        self.parsed.versions[(kind, key)] = (row, int(text))


def read_template(file, activities: dict[str, str]) -> Parsed:
    """Read a filled-in template; problems never raise, they are listed by row and column."""
    book = _open(file)
    if book is None:
        message = _("The file could not be read as an Excel workbook (XLSX).")
        return Parsed(problems=[Problem(None, "", message)])
    reader = _Reader(activities)
    sheet = book.worksheets[0]
    reader.parsed.sheet = sheet.title
    for number, values in enumerate(
        sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=len(COLUMNS), values_only=True),
        start=FIRST_DATA_ROW,
    ):
        reader.read_row(number, values)
    book.close()
    if not reader.parsed.units and not reader.parsed.problems:
        reader.parsed.problems.append(Problem(None, "", _("The workbook has no units.")))
    return reader.parsed
