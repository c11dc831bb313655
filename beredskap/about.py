"""Pages about the service, open to everyone and linked from every page's footer: help
for each role, the accessibility statement (lag 2018:1937, in DIGG's form) and contact.

They are plain templates: what they say is the same for every visitor, so a help page
never depends on being signed in (a reader may be stuck at the sign-in page).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

#: Help pages, one per role, in the order of the yearly cycle: slug → title.
HELP_ROLES = {
    "respondent": _("Respondents and approvers in a municipality"),
    "reviewer": _("Reviewers at a county board"),
    "coordinator": _("The national coordinator at Länsstyrelsen i Kronobergs län"),
    "analyst": _("Analysts at Socialstyrelsen"),
}

#: When the accessibility statement was last reviewed (DIGG asks for the date).
STATEMENT_REVIEWED = "2026-12-05"


def help_index(request):
    return render(request, "about/help_index.html", {"roles": HELP_ROLES.items()})


def help_role(request, role: str):
    if role not in HELP_ROLES:
        raise Http404
    context = {"title": HELP_ROLES[role], "roles": HELP_ROLES.items(), "role": role}
    return render(request, f"about/help_{role}.html", context)


def accessibility(request):
    context = {"reviewed": STATEMENT_REVIEWED, "contact_email": settings.CONTACT_EMAIL}
    return render(request, "about/accessibility.html", context)


def contact(request):
    return render(request, "about/contact.html", {"contact_email": settings.CONTACT_EMAIL})
