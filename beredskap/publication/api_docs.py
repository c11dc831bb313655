"""The API v1 documentation page, drawn from the OpenAPI document with the site's template.

Swagger UI (still served at /api/v1/swagger for developers who want to try calls) fails
WCAG 2.1 AA in ways its configuration cannot fix (nested buttons, contrast, headings, no
landmarks), so the page people are linked to is ours: every operation with its method,
path, parameters and answers, read from the same schema the clients use, in plain HTML.
"""

from dataclasses import dataclass
from functools import cache

from django.shortcuts import render

from .api import api


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    statuses: tuple[str, ...]
    needs_token: bool

    @property
    def anchor(self) -> str:
        return "op-" + "".join(c if c.isalnum() else "-" for c in f"{self.method}{self.path}")


def kind_of(schema: dict) -> str:
    """A parameter's type in words: `integer`, `string`, or the non-null one of a union."""
    if "type" in schema:
        return schema["type"]
    kinds = [kind_of(option) for option in schema.get("anyOf", [])]
    return " | ".join(kind for kind in kinds if kind != "null") or "any"


def _operation(method: str, path: str, spec: dict) -> Operation:
    parameters = tuple(
        Parameter(
            name=p["name"],
            location=p["in"],
            kind=kind_of(p.get("schema", {})),
            required=p.get("required", False),
            description=p.get("description", ""),
        )
        for p in spec.get("parameters", [])
    )
    body = spec.get("requestBody") and Parameter("body", "body", "JSON", True, "")
    return Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        parameters=parameters + ((body,) if body else ()),
        statuses=tuple(sorted(spec.get("responses", {}), key=str)),
        needs_token=bool(spec.get("security")),
    )


def sections(schema: dict) -> list[tuple[str, list[Operation]]]:
    """The schema's operations grouped by their first tag, in the schema's order."""
    grouped: dict[str, list[Operation]] = {}
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            tag = (spec.get("tags") or ["other"])[0]
            grouped.setdefault(tag, []).append(_operation(method, path, spec))
    return list(grouped.items())


@cache
def _schema() -> dict:
    """The schema is fixed for the life of the process: built once."""
    return api.get_openapi_schema(path_prefix="/api/v1/")


def api_docs(request):
    """Public: the API's reference, as accessible as the rest of the site."""
    schema = _schema()
    context = {"info": schema["info"], "sections": sections(schema)}
    return render(request, "publication/api_docs.html", context)
