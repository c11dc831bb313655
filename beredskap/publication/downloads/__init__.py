"""Downloads of a release: CSV, JSON, XLSX and a Frictionless data package.

A release is read once (`loading.load`) into plain rows, and one writer per format turns
them into a file (`csv_file`, `excel_csv`, `json_file`, `workbook`, `data_package`), every format
declaring the same columns (`columns`). A release holds only publishable values
(`calculations.publishable` decided when it was made), so nothing here decides
visibility again, and `results.Value` is never read: a file cannot leak what the release
never held.

This module is the list of a release's files and how they are served: files are built in
Swedish whatever the visitor's language (`build`), so a release's file is one file with
one ETag. See docs/open-data.md.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from ..models import Release
from .csv_file import values_csv
from .data_package import data_package
from .excel_csv import excel_csv
from .json_file import values_json
from .loading import ReleaseData, load
from .workbook import workbook

#: Bump when a file's layout changes, so ETags of already served files change with it.
FORMAT_VERSION = 3


@dataclass(frozen=True)
class Format:
    """One of a release's files: how it is offered (and for whom), its type, its writer."""

    label: Promise
    content_type: str
    build: Callable[[ReleaseData], bytes]
    cached: bool = False  # slow to build and small: kept in the shared cache
    audience: Promise | None = None  # said beside the link where two files look alike


#: A release's files by name; the URL's last part and the downloaded file's suffix.
FILES = {
    "values.csv": Format(
        gettext_lazy("CSV"),
        "text/csv; charset=utf-8",
        values_csv,
        audience=gettext_lazy("For software and analysis"),
    ),
    "values-excel.csv": Format(
        gettext_lazy("CSV for Excel"),
        "text/csv; charset=utf-8",
        excel_csv,
        audience=gettext_lazy("For Excel (Swedish settings)"),
    ),
    "values.json": Format(gettext_lazy("JSON"), "application/json", values_json),
    "results.xlsx": Format(
        gettext_lazy("Excel (XLSX)"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        workbook,
        cached=True,  # openpyxl takes seconds for a full round; the file is a few MB
    ),
    "datapackage.zip": Format(
        gettext_lazy("Data package (Frictionless)"), "application/zip", data_package, cached=True
    ),
}
CACHE_SECONDS = 24 * 3600


def build(release: Release, filename: str) -> bytes:
    """A release's file, in Swedish. A release never changes, so a cached file stays right
    for as long as the release and the file format do (both are in the key)."""
    file_format = FILES[filename]
    key = f"open-data:{_fingerprint(release, filename)}"
    if file_format.cached and (content := cache.get(key)) is not None:
        return content
    with translation.override("sv"):
        content = file_format.build(load(release))
    if file_format.cached:
        cache.set(key, content, CACHE_SECONDS)
    return content


def download_name(release: Release, filename: str) -> str:
    """`beredskap-2025.1-values.csv`: the release is in the saved file's name."""
    return f"beredskap-{release.label}-{filename}"


def _fingerprint(release: Release, filename: str) -> str:
    key = f"{release.pk}|{release.label}|{release.released_at.isoformat()}|{filename}"
    return hashlib.sha256(f"{key}|{FORMAT_VERSION}".encode()).hexdigest()[:32]


def etag(release: Release, filename: str) -> str:
    """A weak ETag: a release never changes, so its identity and the file format's
    version name the content (the bytes of an XLSX may differ between builds)."""
    return f'W/"{_fingerprint(release, filename)}"'
