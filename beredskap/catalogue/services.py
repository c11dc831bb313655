"""Loading catalogue editions: validate the whole file, then write all of it or nothing."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import ProtectedError

from beredskap import audit

from . import calculations, targets
from .models import (
    Activity,
    Area,
    Edition,
    Indicator,
    IndicatorVersion,
    Question,
)
from .validation import validate_edition

EDITIONS_DIR = Path(__file__).resolve().parent / "editions"


class EditionInvalid(Exception):
    """The file has problems; nothing was loaded. `problems` lists every one."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)")

    def lines(self) -> list[str]:
        return [f"{self.source}: {location}: {message}" for location, message in self.problems]


@dataclass
class LoadResult:
    edition: Edition | None
    status: str  # "checked", "created", "replaced" or "unchanged"
    indicators: int
    questions: int


def _parse(path: Path) -> tuple[dict, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditionInvalid(str(path), [("file", f"cannot be read ({exc.strerror})")]) from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise EditionInvalid(str(path), [(where, f"not valid YAML ({exc})")]) from exc
    return data, hashlib.sha256(raw).hexdigest()


def _previous_codes(year, folder: Path) -> set[str] | None:
    """Indicator codes of the previous edition: loaded, or else a YYYY.yaml beside the file."""
    if not isinstance(year, int):
        return None
    previous = Edition.objects.filter(year__lt=year).order_by("-year").first()
    if previous is not None:
        return set(previous.indicators.values_list("indicator__code", flat=True))
    earlier = sorted(p for p in folder.glob("*.yaml") if p.stem.isdigit() and int(p.stem) < year)
    if not earlier:
        return None
    try:
        data = yaml.safe_load(earlier[-1].read_text(encoding="utf-8"))
        return {item["code"] for item in data["indicators"]}
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return None  # the earlier file is checked on its own


def load_edition(*, path: Path, by=None, check_only: bool = False) -> LoadResult:
    """Validate `path` and, unless `check_only`, load it as the edition of its year."""
    path = Path(path)
    data, checksum = _parse(path)
    year = data.get("edition") if isinstance(data, dict) else None
    problems = validate_edition(data, _previous_codes(year, path.parent))
    problems += targets.problems(data)
    if problems:
        raise EditionInvalid(str(path), problems)
    counts = {"indicators": len(data["indicators"]), "questions": len(data["questions"])}
    if check_only:
        return LoadResult(edition=None, status="checked", **counts)
    existing = Edition.objects.filter(year=year).first()
    if existing and existing.checksum == checksum:
        return LoadResult(edition=existing, status="unchanged", **counts)
    edition = _write(data, source=path.name, checksum=checksum, existing=existing, path=path)
    audit.record(
        actor=by,
        action="catalogue.edition_loaded",
        target=edition,
        source=path.name,
        checksum=checksum,
        replaced=existing is not None,
    )
    return LoadResult(edition=edition, status="replaced" if existing else "created", **counts)


@transaction.atomic
def _write(data: dict, *, source: str, checksum: str, existing, path: Path) -> Edition:
    if existing is not None:
        try:
            existing.delete()
        except ProtectedError as exc:
            raise EditionInvalid(
                str(path), [("edition", f"{data['edition']} is used by a survey round")]
            ) from exc
    notes = data.get("notes") or {"sv": "", "en": ""}
    edition = Edition.objects.create(
        year=data["edition"],
        title_sv=data["title"]["sv"],
        title_en=data["title"]["en"],
        notes_sv=notes["sv"],
        notes_en=notes["en"],
        direction=data.get("direction") or "",
        source=source,
        checksum=checksum,
    )
    areas = {
        item["code"]: Area.objects.create(
            edition=edition, code=item["code"], position=index, **_names(item["name"], "name")
        )
        for index, item in enumerate(data["areas"])
    }
    activities = {
        item["code"]: Activity.objects.create(
            edition=edition, code=item["code"], position=index, **_names(item["name"], "name")
        )
        for index, item in enumerate(data["activities"])
    }
    questions = {}
    for index, item in enumerate(data["questions"]):
        questions[item["code"]] = _write_question(edition, item, index, areas, activities)
    for index, item in enumerate(data["indicators"]):
        _write_indicator(edition, item, index, areas, activities, questions)
    return edition


def _names(text: dict | None, field: str) -> dict:
    text = text or {"sv": "", "en": ""}
    return {f"{field}_sv": text["sv"], f"{field}_en": text["en"]}


def _write_question(edition, item, index, areas, activities) -> Question:
    question = Question.objects.create(
        edition=edition,
        area=areas[item["area"]],
        code=item["code"],
        kind=item["kind"],
        required=item.get("required", item["kind"] != "text"),
        evidence=item.get("evidence", False),
        asked_if=item.get("asked_if"),
        choices=[
            {"code": c["code"], "sv": c["label"]["sv"], "en": c["label"]["en"]}
            for c in item.get("choices", [])
        ],
        min_value=item.get("min"),
        max_value=item.get("max"),
        integer=item.get("integer", False),
        target_state=item.get("target_state", ""),
        position=index,
        **_names(item["text"], "text"),
        **_names(item.get("help"), "help"),
        **_names(item.get("unit"), "unit"),
    )
    question.activities.set([activities[code] for code in item.get("activities", [])])
    return question


def _write_indicator(edition, item, index, areas, activities, questions) -> IndicatorVersion:
    indicator, _created = Indicator.objects.get_or_create(code=item["code"])
    version = IndicatorVersion.objects.create(
        indicator=indicator,
        edition=edition,
        area=areas[item["area"]],
        kind=item["kind"],
        sensitivity=item["sensitivity"],
        direction=item["direction"],
        comparable_with_previous=item.get("comparable_with_previous"),
        formula=item["formula"],
        classification=item["classification"],
        position=index,
        **_names(item["title"], "title"),
        **_names(item["description"], "description"),
        **_names(item.get("change_note"), "change_note"),
    )
    version.activities.set([activities[code] for code in item.get("activities", [])])
    codes = calculations.referenced_questions(item["formula"])
    version.questions.set([questions[code] for code in sorted(codes)])
    return version


def shipped_editions() -> list[Path]:
    """The edition files that ship with Beredskap, oldest first."""
    return sorted(EDITIONS_DIR.glob("*.yaml"))
