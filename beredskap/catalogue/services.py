"""Loading catalogue editions: validate the whole file, then write all of it or nothing."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.db.models import ProtectedError

from beredskap import audit

from . import calculations, targets
from .models import (
    Activity,
    Area,
    Edition,
    GuidanceItem,
    Indicator,
    IndicatorVersion,
    Question,
)
from .validation import validate_edition

EDITIONS_DIR = Path(__file__).resolve().parent / "editions"
GUIDANCE_STARTER = Path(__file__).resolve().parent / "guidance" / "starter.yaml"


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


# --- guidance -------------------------------------------------------------------------


class GuidanceInvalid(Exception):
    """The guidance file has problems; nothing was loaded. `errors` lists every one."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = errors
        super().__init__(f"{source}: {len(errors)} error(s)")

    def lines(self) -> list[str]:
        return [f"{self.source}: {error}" for error in self.errors]


@dataclass
class GuidanceLoadResult:
    created: int
    updated: int
    unchanged: int


_GUIDANCE_FIELDS = {
    "slug",
    "title",
    "summary",
    "url",
    "publisher",
    "area_codes",
    "indicators",
    "active",
    "position",
}
_URL = URLValidator(schemes=["http", "https"])


def area_code_problems(value, known: set[str] | None = None) -> list[str]:
    """What is wrong with `value` as a list of area codes (shared with the admin form)."""
    if not isinstance(value, list) or not all(isinstance(c, str) and c for c in value):
        return ['area_codes must be a list of area codes (strings such as "B")']
    problems = []
    if len(set(value)) != len(value):
        problems.append("area_codes lists a code twice")
    if known:
        problems += [f"unknown area {code}" for code in value if code not in known]
    return problems


def load_guidance(path=None, *, update: bool = False, by=None) -> GuidanceLoadResult:
    """Validate the guidance file (default: the shipped starter set) and load all of it or nothing.

    A slug already in the database is left as it is, so edits made in the admin survive a
    re-run, unless `update` is given: then its fields and indicator links are overwritten.
    """
    path = Path(path) if path is not None else GUIDANCE_STARTER
    items = _parse_guidance(path)
    indicators = {i.code: i for i in Indicator.objects.all()}
    errors = _validate_guidance(items, indicators)
    if errors:
        raise GuidanceInvalid(str(path), errors)
    with transaction.atomic():
        result = _write_guidance(items, indicators, update=update)
        audit.record(
            actor=by,
            action="catalogue.guidance_loaded",
            source=path.name,
            update=update,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    return result


def _parse_guidance(path: Path) -> list:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GuidanceInvalid(str(path), [f"cannot be read ({exc.strerror})"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise GuidanceInvalid(str(path), [f"{where}not valid YAML ({exc})"]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise GuidanceInvalid(str(path), ["the file must be a mapping with a list of items"])
    return data["items"]


def _validate_guidance(items: list, indicators: dict[str, Indicator]) -> list[str]:
    errors = []
    if not indicators:
        errors.append("no indicators are loaded; load the catalogue first (load_catalogue)")
    known_areas = set(Area.objects.values_list("code", flat=True).distinct())
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        slug = item.get("slug") if isinstance(item, dict) else None
        where = f"item {number} (slug {slug})" if slug else f"item {number}"
        errors += [f"{where}: {problem}" for problem in _item_problems(item, known_areas)]
        if isinstance(slug, str):
            if slug in seen:
                errors.append(f"{where}: duplicate slug {slug}")
            seen.add(slug)
        codes = item.get("indicators", []) if isinstance(item, dict) else []
        if indicators and isinstance(codes, list):
            errors += [
                f"{where}: unknown indicator {code}"
                for code in codes
                if isinstance(code, str) and code not in indicators
            ]
    return errors


def _item_problems(item, known_areas: set[str]) -> list[str]:
    if not isinstance(item, dict):
        return ["must be a mapping"]
    problems = [f"{key}: unknown field" for key in item if key not in _GUIDANCE_FIELDS]
    for key in ("slug", "title", "url"):
        if not item.get(key):
            problems.append(f"{key}: required")
    slug = item.get("slug")
    if slug:
        try:
            validate_slug(slug if isinstance(slug, str) else "")
        except ValidationError:
            problems.append(f"slug: {slug!r} is not a slug (letters, digits, - and _)")
    problems += _text_problems(item, "title", required=True, limit=250)
    problems += _text_problems(item, "summary", required=False, limit=None)
    url = item.get("url")
    if url and not _is_web_address(url):
        problems.append(f"url: {url!r} is not an http(s) address of at most 500 characters")
    publisher = item.get("publisher", "")
    if not isinstance(publisher, str) or len(publisher) > 150:
        problems.append("publisher: must be text of at most 150 characters")
    problems += area_code_problems(item.get("area_codes", []), known_areas)
    codes = item.get("indicators", [])
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        problems.append("indicators: must be a list of indicator codes")
    if not isinstance(item.get("active", True), bool):
        problems.append("active: must be true or false")
    position = item.get("position", 0)
    if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position < 32768:
        problems.append("position: must be a whole number from 0")
    return problems


def _is_web_address(url) -> bool:
    if not isinstance(url, str) or len(url) > 500:
        return False
    try:
        _URL(url)
    except ValidationError:
        return False
    return True


def _text_problems(item: dict, key: str, *, required: bool, limit: int | None) -> list[str]:
    value = item.get(key)
    if not value:
        return []  # a missing title is reported as required
    if not isinstance(value, dict) or set(value) - {"sv", "en"}:
        return [f"{key}: must be a mapping with sv and en"]
    problems = []
    for language in ("sv", "en"):
        text = value.get(language)
        if required and not text:
            problems.append(f"{key}.{language}: required")
        elif text is not None and not isinstance(text, str):
            problems.append(f"{key}.{language}: must be text")
        elif limit and text and len(text) > limit:
            problems.append(f"{key}.{language}: longer than {limit} characters")
    return problems


def _guidance_fields(item: dict, index: int) -> dict:
    summary = item.get("summary") or {}
    return {
        "title_sv": item["title"]["sv"],
        "title_en": item["title"]["en"],
        "summary_sv": summary.get("sv") or "",
        "summary_en": summary.get("en") or "",
        "url": item["url"],
        "publisher": item.get("publisher", ""),
        "area_codes": list(item.get("area_codes", [])),
        "active": item.get("active", True),
        "position": item.get("position", index),
    }


def _write_guidance(items: list, indicators: dict, *, update: bool) -> GuidanceLoadResult:
    existing = {
        g.slug: g
        for g in GuidanceItem.objects.filter(slug__in=[i["slug"] for i in items]).prefetch_related(
            "indicators"
        )
    }
    result = GuidanceLoadResult(created=0, updated=0, unchanged=0)
    for index, item in enumerate(items):
        fields = _guidance_fields(item, index)
        links = {indicators[code] for code in item.get("indicators", [])}
        current = existing.get(item["slug"])
        if current is None:
            created = GuidanceItem.objects.create(slug=item["slug"], **fields)
            created.indicators.set(links)
            result.created += 1
            continue
        same = (
            all(getattr(current, k) == v for k, v in fields.items())
            and set(current.indicators.all()) == links
        )
        if not update or same:
            result.unchanged += 1
            continue
        for key, value in fields.items():
            setattr(current, key, value)
        current.save()
        current.indicators.set(links)
        result.updated += 1
    return result


def guidance_for(
    area_codes: Iterable[str], indicator_codes: Iterable[str]
) -> dict[str, list[GuidanceItem]]:
    """Active guidance keyed by each asked area code and indicator code it helps with.

    An item linked to KON01 and area B appears under both "KON01" and "B" when both are
    asked for. Codes not asked for are absent, and so may be asked codes without guidance:
    use `.get(code, [])`. Items are in position, slug order. Two queries: guidance is a
    short list, so every active item is read and matched here (portable across databases,
    unlike JSON containment on SQLite).
    """
    areas, codes = set(area_codes), set(indicator_codes)
    if not areas and not codes:
        return {}
    found: dict[str, list[GuidanceItem]] = {}
    items = GuidanceItem.objects.filter(active=True).prefetch_related("indicators")
    for item in items.order_by("position", "slug"):
        keys = [c for c in item.area_codes if c in areas]
        keys += [i.code for i in item.indicators.all() if i.code in codes]
        for key in dict.fromkeys(keys):
            found.setdefault(key, []).append(item)
    return found
