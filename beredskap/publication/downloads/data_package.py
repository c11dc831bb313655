"""A Frictionless Tabular Data Package: datapackage.json and three CSV tables in a zip.

The descriptor declares each table's Table Schema from the same columns as the other
formats, with keys between the tables, so `frictionless validate` checks a release
without knowing anything of ours. Zip entries carry the release time, so the same release
gives the same bytes.
"""

import io
import json
import zipfile
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from .columns import (
    INDICATOR_COLUMNS,
    LICENCE,
    PRIMARY_KEY,
    UNIT_COLUMNS,
    VALUE_COLUMNS,
    Column,
)
from .csv_file import table, values_csv
from .loading import ReleaseData

DIALECT = {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "header": True}


def _fields(columns: Sequence[Column], required: Iterable[str] = ()) -> list[dict]:
    fields = []
    for column in columns:
        field = {
            "name": column.name,
            "type": column.type,
            "title": str(column.title),
            "description": str(column.description),
        }
        if column.name in required:
            field["constraints"] = {"required": True}
        if column.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    return fields


def _resource(name: str, title, schema: dict) -> dict:
    return {
        "name": name,
        "path": f"{name}.csv",
        "title": str(title),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": DIALECT,
        "schema": schema,
    }


def _values_schema() -> dict:
    return {
        "fields": _fields(
            VALUE_COLUMNS, required=("release", "indicator_code", "level", "unit_code")
        ),
        # Empty text is missing; activity_code is empty for municipality-wide values, so the
        # key leaves it out of the missing values (a key part may not be missing).
        "missingValues": [""],
        "primaryKey": PRIMARY_KEY,
        "foreignKeys": [
            {
                "fields": "indicator_code",
                "reference": {"resource": "indicators", "fields": "code"},
            },
            {
                "fields": ["level", "unit_code"],
                "reference": {"resource": "units", "fields": ["level", "code"]},
            },
        ],
    }


def _keyed_schema(columns: Sequence[Column], required: Iterable[str], key: list[str]) -> dict:
    return {
        "fields": _fields(columns, required=required),
        "missingValues": [""],
        "primaryKey": key,
    }


def package_descriptor(data: ReleaseData) -> dict:
    """The datapackage.json of a release (Frictionless Tabular Data Package)."""
    release = data.release
    description = release.notes
    if release.is_correction:
        description = "\n\n".join(filter(None, [description, release.errata]))
    return {
        "profile": "tabular-data-package",
        "name": f"beredskap-{release.label}",
        "title": _(
            "Crisis preparedness in municipal health care and social services, release %(label)s"
        )
        % {"label": release.label},
        "description": description,
        "version": f"{release.round.year}.{release.number}.0",
        "created": release.released_at.isoformat(),
        "licenses": [LICENCE],
        "keywords": ["beredskap", "civilt försvar", "socialtjänst", "hälso- och sjukvård"],
        "resources": [
            _resource("values", _("Values"), _values_schema()),
            _resource(
                "indicators",
                _("Indicators"),
                _keyed_schema(INDICATOR_COLUMNS, ("code",), ["code"]),
            ),
            _resource(
                "units",
                _("Units"),
                _keyed_schema(UNIT_COLUMNS, ("level", "code", "name"), ["level", "code"]),
            ),
        ],
    }


def data_package(data: ReleaseData) -> bytes:
    """A zip holding datapackage.json and values.csv, indicators.csv and units.csv."""
    moment = data.released_local.timetuple()[:6]
    files = {
        "datapackage.json": json.dumps(
            package_descriptor(data), ensure_ascii=False, indent=2
        ).encode("utf-8"),
        "values.csv": values_csv(data),
        "indicators.csv": table(INDICATOR_COLUMNS, data.indicator_rows()),
        "units.csv": table(UNIT_COLUMNS, data.units),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():  # fixed dates: the same release, the same bytes
            archive.writestr(
                zipfile.ZipInfo(name, date_time=moment),
                content,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()
