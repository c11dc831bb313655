"""API v1's NinjaAPI: conditional GETs, cache and CORS headers, errors, throttle, docs page.

Every operation answers through `BeredskapAPI.create_response`, so each 200 carries an
ETag and a client's current copy is a 304; a request with a token is never kept by a
shared cache. Errors, whatever raised them, are one JSON shape naming the parameter at
fault (`registry.api.Errors`). The operations live beside this module, one per tag
(`registry`, `catalogue`, `releases`, `values`), and the token API for answers in
`surveys/api.py`; `__init__.py` puts them together. The contract is docs/api.md.
"""

import hashlib
import mimetypes
from datetime import datetime
from pathlib import Path as FilePath

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.html import escape, json_script
from django.utils.http import http_date, parse_http_date_safe
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.throttling import AnonRateThrottle

from beredskap.registry.api import Errors, SettingsRate

DEFAULT_ANON_RATE = "600/m"


class ApiError(Exception):
    """A request we understood but cannot answer: names the parameter at fault."""

    def __init__(self, status: int, parameter: str | None, message: str):
        super().__init__(message)
        self.status, self.parameter, self.message = status, parameter, message


class AnonThrottle(SettingsRate, AnonRateThrottle):
    """The anonymous rate limit per client address, `settings.API_ANON_RATE`."""

    scope = "api-v1-anon"
    setting = "API_ANON_RATE"
    default = DEFAULT_ANON_RATE


SWAGGER_ASSETS = FilePath(ninja.__file__).parent / "static" / "ninja"
ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"}


class SelfHostedSwagger(Swagger):
    """Swagger UI from our own origin: ninja's CDN page (an inline script and jsDelivr) is
    blocked by the project's CSP, and its static page needs `ninja` in INSTALLED_APPS."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)

        def asset(name: str) -> str:
            return escape(reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": name}))

        html = (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(api.title)}</title>\n"
            f'<link rel="stylesheet" href="{asset("swagger-ui.css")}">\n'
            f'<link rel="icon" href="{asset("favicon.png")}" type="image/png">\n'
            "</head>\n<body>\n"
            f"{json_script(self.settings, 'swagger-settings')}\n"
            '<div id="swagger-ui"></div>\n'
            f'<script src="{asset("swagger-ui-bundle.js")}"></script>\n'
            f'<script src="{asset("swagger-ui-init.js")}"></script>\n'
            "</body>\n</html>\n"
        )
        return HttpResponse(html)


#: Operation ids are clients' method names, so they are part of v1: each operation keeps
#: the id it was first published with, named after the module it was written in then.
FIRST_PUBLISHED_IN = {
    "beredskap.publication.api.registry": "beredskap.publication.api",
    "beredskap.publication.api.catalogue": "beredskap.publication.api",
    "beredskap.publication.api.releases": "beredskap.publication.api",
    "beredskap.publication.api.values": "beredskap.publication.api",
    "beredskap.surveys.api": "beredskap.publication.answers_api",
}


class Rendered(bytes):
    """A body already rendered to JSON (e.g. from the cache): sent as it is."""


class BeredskapAPI(NinjaAPI):
    """NinjaAPI that answers conditional GETs: every 200 gets an ETag (a hash of the body
    unless the view set one) and 304 when the client's copy is current."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        if isinstance(data, Rendered) and temporal_response is not None:
            response = temporal_response
            response.content = data
        else:
            response = super().create_response(
                request, data, status=status, temporal_response=temporal_response
            )
        # A token's answers are no one else's: no shared cache may keep them (RFC 9111
        # would let `public` override the Authorization header).
        private = "HTTP_AUTHORIZATION" in request.META
        response["Cache-Control"] = "private, no-store" if private else "public, no-cache"
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        if request.method != "GET" or response.status_code != 200:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        return conditional(request, response)

    def get_openapi_operation_id(self, operation) -> str:
        """`beredskap_publication_api_values`: see FIRST_PUBLISHED_IN."""
        view = operation.view_func
        module = FIRST_PUBLISHED_IN.get(view.__module__, view.__module__)
        return f"{module}_{view.__name__}".replace(".", "_")


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 (or 412 for a failed If-Match) when the preconditions say so, else `response`."""
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    answer = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    if answer is not response:
        answer["Access-Control-Allow-Origin"] = "*"
        answer["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return answer


api = BeredskapAPI(
    title="Beredskap API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Released results of the annual survey of crisis preparedness and civil defence in "
        "municipal health care and social services, with the registry (counties, "
        "municipalities, SKR groups) and the indicator catalogue: read-only, anonymous, JSON. "
        "Values come only from current releases; rounds not yet released are under embargo. "
        "Municipal respondents and approvers can also read and write their own municipality's "
        "draft answers with a personal token (tag `answers`). Within v1 only additions are "
        "made. See docs/api.md for pagination, conditional requests, throttling, tokens and "
        "errors."
    ),
    docs=SelfHostedSwagger(settings={"validatorUrl": None}),
    docs_url="/swagger",  # for trying calls; the linked, accessible page is api_docs.py
    throttle=AnonThrottle(),
)


# --- errors ------------------------------------------------------------------------


def _errors(request, status: int, *items: tuple[str | None, str]) -> HttpResponse:
    body = {"errors": [{"parameter": p, "message": m} for p, m in items]}
    return api.create_response(request, body, status=status)


def error_response(request, status: int, message: str) -> HttpResponse:
    """The error shape for what Django answers outside an operation: an unknown route
    under /api/v1/ (404) and a fault no handler here caught (500), see beredskap.views."""
    return _errors(request, status, (None, message))


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _errors(request, exc.status, (exc.parameter, exc.message))


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    items = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        # ("query", "round"), ("path", "label"), ("query", "indicator", 0)
        parameter = location[1] if len(location) > 1 else None
        if location[:1] == ["body"]:
            # ("body", "payload", "items", 3, "version") -> "items[3].version"
            parameter = _body_field(location[2:]) or "body"
        items.append((parameter, error.get("msg", "Invalid value.")))
    return _errors(request, 422, *items)


def _body_field(parts: list[str]) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if part.isdigit() else f".{part}" if path else part
    return path


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _errors(
        request,
        401,
        (
            None,
            "A valid API token is needed: send `Authorization: Bearer <token>`. Tokens are "
            "made, and revoked, on the account page; an expired or revoked token is refused.",
        ),
    )
    response["WWW-Authenticate"] = 'Bearer realm="api-v1"'
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _errors(request, 404, (None, "Not found."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _errors(request, exc.status_code, (None, exc.message))


def responses(ok, *codes: int) -> dict:
    """The operation's declared responses: `ok` for 200, 304, and the error codes given."""
    return {200: ok, 304: None, 429: Errors, **dict.fromkeys(codes, Errors)}


def last_modified(response: HttpResponse, *times: datetime | None) -> None:
    known = [t for t in times if t is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())


# --- the docs page's assets --------------------------------------------------------


@api.get("/docs/assets/{name}", include_in_schema=False, url_name="docs-asset")
def docs_asset(request, name: str):
    """Swagger UI's files, served from the installed django-ninja (see SelfHostedSwagger)."""
    if name not in ASSETS:
        raise Http404
    content_type, _encoding = mimetypes.guess_type(name)
    response = FileResponse((SWAGGER_ASSETS / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
