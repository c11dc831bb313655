"""Every change to the library: items created and edited (each a revision, with optimistic
locking), the YAML loader (all or nothing) and the digest opt-in. Keyword-only arguments,
`by=user`, a transaction and an audit row each."""

import contextlib
import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access

from . import validation
from .models import DIMENSION_FIELDS, DigestSubscription, Item, Revision, Tag
from .validation import FIELDS, Known

STARTER = Path(__file__).resolve().parent / "items" / "starter.yaml"
_ITEM_FIELDS = [f for f in FIELDS if f not in DIMENSION_FIELDS and f != "slug"]


class ItemInvalid(Exception):
    """The fields have problems (`problems`: field → messages); nothing was saved."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in problems.items()))


class ConcurrentEdit(Exception):
    """Someone saved the item after the editor opened it; their version is kept."""


class LibraryInvalid(Exception):
    """The library file has problems; nothing was loaded. `errors` lists every one."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = errors
        super().__init__(f"{source}: {len(errors)} error(s)")


def blank() -> dict:
    """The fields of a new item before anything is filled in."""
    return (
        {f: "" for f in validation.TEXT_FIELDS}
        | {
            "slug": "",
            "kind": "article",
            "url": "",
            "publisher": "",
            "last_reviewed": None,
            "active": True,
            "position": 0,
        }
        | {field: [] for field in DIMENSION_FIELDS}
    )


def fields_of(item: Item) -> dict:
    """An item's fields as a flat mapping (tags prefetched or read here)."""
    data = {"slug": item.slug} | {f: getattr(item, f) for f in _ITEM_FIELDS}
    return data | {field: item.codes(dim) for field, dim in DIMENSION_FIELDS.items()}


def snapshot(data: dict) -> dict:
    reviewed = data.get("last_reviewed")
    return data | {"last_reviewed": reviewed.isoformat() if reviewed else None}


def _write(item: Item, data: dict) -> None:
    for field in _ITEM_FIELDS:
        setattr(item, field, data[field])
    item.save()
    item.tags.all().delete()
    Tag.objects.bulk_create(
        [
            Tag(item=item, dimension=dimension, code=code)
            for field, dimension in DIMENSION_FIELDS.items()
            for code in dict.fromkeys(data[field])
        ]
    )


def _check(data: dict, known: Known | None) -> dict:
    data = blank() | data
    found = validation.problems(data, known or Known.now())
    if found:
        raise ItemInvalid(found)
    return normal(data)


def normal(data: dict) -> dict:
    """Codes sorted, so two mappings of the same item compare equal."""
    return data | {field: sorted(data[field]) for field in DIMENSION_FIELDS}


def _require_editor(by) -> None:
    if by is not None and not access.may_edit_library(by):
        raise PermissionError("Only library editors change library items.")


@transaction.atomic
def create_item(*, data: dict, by, note: str = "", known: Known | None = None) -> Item:
    """A new item with its first revision; refuses a slug already used."""
    _require_editor(by)
    data = _check(data, known)
    if Item.objects.filter(slug=data["slug"]).exists():
        raise ItemInvalid({"slug": [_("An item with this address name exists.")]})
    now = timezone.now()
    item = Item(slug=data["slug"], created_at=now, updated_at=now, version=1)
    _write(item, data)
    Revision.objects.create(item=item, number=1, by=by, at=now, note=note, data=snapshot(data))
    audit.record(actor=by, action="library.item_created", target=item, slug=item.slug)
    return item


@transaction.atomic
def update_item(
    *, item: Item, data: dict, expected_version: int, by, note: str = "", known=None
) -> Item:
    """Save an edit as the next revision, unless the item changed since `expected_version`
    (`ConcurrentEdit`) or nothing changed (then no revision)."""
    _require_editor(by)
    data = _check(fields_of(item) | data | {"slug": item.slug}, known)
    current = Item.objects.select_for_update().get(pk=item.pk)
    if current.version != expected_version:
        raise ConcurrentEdit(
            f"{item.slug} is at version {current.version}, not {expected_version}"
        )
    if fields_of(current) == data:
        return current
    now = timezone.now()
    current.version += 1
    current.updated_at = now
    _write(current, data)
    Revision.objects.create(
        item=current, number=current.version, by=by, at=now, note=note, data=snapshot(data)
    )
    audit.record(
        actor=by,
        action="library.item_revised",
        target=current,
        slug=current.slug,
        version=current.version,
    )
    return current


# --- the YAML file ------------------------------------------------------------------------


@dataclass
class LoadResult:
    created: int
    updated: int
    unchanged: int


def load_library(path=None, *, update: bool = False, by=None) -> LoadResult:
    """Validate the library file (default: the shipped starter set) and load all of it or
    nothing. An item already in the database is left as edited unless `update` is given:
    then the file's fields are saved as its next revision."""
    path = Path(path) if path is not None else STARTER
    entries = _parse(path)
    known = Known.now()
    errors = [] if known.indicators else ["no indicators are loaded; run load_catalogue first"]
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        slug = entry.get("slug") if isinstance(entry, dict) else None
        where = f"item {number} (slug {slug})" if slug else f"item {number}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: must be a mapping")
            continue
        with translation.override("en"):  # a file's report is in English, as the loader's
            found = validation.problems(flat(entry, number), known)
        for field, messages in found.items():
            errors += [f"{where}: {field}: {message}" for message in messages]
        if slug in seen:
            errors.append(f"{where}: duplicate slug {slug}")
        seen.add(slug)
    if errors:
        raise LibraryInvalid(str(path), errors)
    with transaction.atomic():
        result = _load(entries, known, update=update, by=by)
        audit.record(
            actor=by,
            action="library.loaded",
            source=path.name,
            update=update,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    return result


def _parse(path: Path) -> list:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LibraryInvalid(str(path), [f"cannot be read ({exc.strerror})"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise LibraryInvalid(str(path), [f"{where}not valid YAML ({exc})"]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise LibraryInvalid(str(path), ["the file must be a mapping with a list of items"])
    return data["items"]


def flat(entry: dict, number: int) -> dict:
    """A file entry (texts as {sv, en}) as the flat fields of an item."""
    data = {k: v for k, v in entry.items() if k not in ("title", "summary", "body")}
    data.setdefault("kind", "link")
    data.setdefault("position", number * 10)
    for name in ("title", "summary", "body"):
        text = entry.get(name) or {}
        if not isinstance(text, dict) or set(text) - {"sv", "en"}:
            data[f"{name}_sv"] = None  # reported as "must be text"
            continue
        data[f"{name}_sv"], data[f"{name}_en"] = text.get("sv") or "", text.get("en") or ""
    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, str):
        with contextlib.suppress(ValueError):  # else reported as not a date
            data["last_reviewed"] = datetime.date.fromisoformat(reviewed)
    return data


def _load(entries: list, known: Known, *, update: bool, by) -> LoadResult:
    existing = {
        i.slug: i
        for i in Item.objects.filter(slug__in=[e["slug"] for e in entries]).prefetch_related(
            "tags"
        )
    }
    result = LoadResult(created=0, updated=0, unchanged=0)
    for number, entry in enumerate(entries, start=1):
        data = flat(entry, number)
        current = existing.get(data["slug"])
        if current is None:
            create_item(data=data, by=by, note="Loaded from file", known=known)
            result.created += 1
        elif update and fields_of(current) != normal(blank() | data):
            update_item(
                item=current,
                data=data,
                expected_version=current.version,
                by=by,
                note="Loaded from file",
                known=known,
            )
            result.updated += 1
        else:
            result.unchanged += 1
    return result


# --- the weekly digest (opt-in) ---------------------------------------------------------------


@transaction.atomic
def choose_digest(*, wanted: bool, by) -> bool:
    """Ask for (or stop) the weekly e-mail of what changed; returns whether `by` gets it."""
    if wanted:
        _, made = DigestSubscription.objects.get_or_create(user=by)
        changed = made
    else:
        changed = DigestSubscription.objects.filter(user=by).delete()[0] > 0
    if changed:
        audit.record(actor=by, action="library.digest_chosen", target=by, wanted=wanted)
    return wanted
