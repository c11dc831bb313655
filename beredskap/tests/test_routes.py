"""Every URL of the project is either deliberately public or refuses anonymous users.

New apps extend PUBLIC only for pages meant for everyone; everything else must
send an anonymous visitor to a login page (or refuse with 401/403/405).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

#: Route names anyone may open. Adding one here is a decision: say why in the comment.
PUBLIC = {
    "home",  # start page: explains the service, links to sign-in
    "healthz",  # load-balancer health check, reveals nothing
    "set_language",  # language switch
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",  # guarded by the one-time token
    "password_reset_complete",
    "help",  # help for each role: needed before signing in as much as after
    "help_role",
    "accessibility",  # the accessibility statement must be open to all (lag 2018:1937)
    "contact",
    "api_docs",  # the open API's reference, drawn from its public OpenAPI document
    "admin:login",
    "admin:logout",
    # The planning direction: adopted and superseded versions are public by design; drafts
    # and consultations are a 404 except for analysts (beredskap/planning/tests/test_pages.py).
    "planning:index",
    "planning:detail",
    "planning:diff",
    "planning:pdf",  # the version's PDF, as its page (restricted items only for members)
    # The knowledge library: published items and the feed of their changes are for everyone;
    # unpublished items are a 404 except to editors, editing refuses (library/tests).
    "library:index",
    "library:feed",
    "library:item",
    # Meetings (issue 17 item 3): the list and pages show anonymous visitors only meetings
    # listed publicly (others are a 404), the public calendar holds only those, and an
    # organisation's calendar opens with its secret token alone; a wrong one is a 404
    # (beredskap/learning/tests/test_event_pages.py).
    "events:index",
    "events:detail",
    "events:feed",
    "events:organisation_feed",
}

#: Namespaces that are open data by design: they serve only released, public values (the
#: release holds nothing else; beredskap/publication/tests try every route anonymously).
PUBLIC_NAMESPACES = {"public", "downloads", "api-v1", "kolada"}

SAMPLES = {
    "role": "respondent",
    "code": "0380",
    "app_label": "registry",
    "object_id": "1",
    "uidb64": "MQ",
    "token": "x",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, prefix + str(entry.pattern)


def _sample_path(route: str) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES.get(m.group(1), "1"), route)
    path = re.sub(
        r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLES.get(m.group(1), "1"), path.replace("^", "")
    )
    return "/" + path.replace("$", "").replace("\\", "")


ROUTES = sorted(set(_walk(get_resolver().url_patterns)), key=lambda r: r[1])


def _is_refused(response) -> bool:
    if response.status_code in (401, 403, 405):
        return True
    return response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name, route", ROUTES, ids=[r[1] or "/" for r in ROUTES])
def test_every_route_is_public_or_refuses_anonymous_users(client, reference, name, route):
    response = client.get(_sample_path(route))
    if name in PUBLIC or (name or "").split(":")[0] in PUBLIC_NAMESPACES:
        assert response.status_code < 500
    else:
        assert _is_refused(response), f"{route} ({name}) answered {response.status_code}"


def test_every_public_name_still_exists():
    names = {name for name, _route in ROUTES}
    assert names >= PUBLIC


def test_the_route_list_covers_the_project():
    routes = {route for _name, route in ROUTES}
    assert "municipalities/<str:code>/" in routes
    assert "results/<int:year>/" in routes
    assert "releases/<int:year>/" in routes  # the analyst's release pages: not public
    assert "planning/<str:version>/diff/<str:other>/" in routes
    assert "scenarios/<str:code>/" in routes  # continuity scenarios: signed in, 404 across
    # The continuity register is never public (beredskap/continuity/tests/test_leaks.py).
    assert "continuity/<str:code>/plans/<int:pk>/download/" in routes
    assert {"library/new/", "library/<slug:slug>/edit/", "library/digest/"} <= routes
    assert any(route.startswith("admin/") for route in routes)
    # Notifications are personal: every route refuses anonymous users (none is PUBLIC).
    assert {"notifications/", "notifications/<int:pk>/", "notifications/settings/"} <= routes
