"""Navigation by role: what the signed-in user can open from every page (all apps)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import access
from .registry.models import Role


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = [(_("Start"), reverse("home")), (_("Open comparisons"), reverse("public:index"))]
    items.append((_("Planning direction"), reverse("planning:index")))  # public (issue 15)
    items.append((_("Knowledge library"), reverse("library:index")))
    items.append((_("Meetings"), reverse("events:index")))  # open meetings are public
    if user is not None and user.is_authenticated:
        if access.has_role(user, Role.RESPONDENT, Role.APPROVER, Role.REVIEWER, Role.ANALYST):
            items.append((_("Surveys"), reverse("surveys:index")))
        items.append((_("Results"), reverse("results:index")))
        if access.may_read_trainings(user):
            items.append((_("Training"), reverse("training:index")))
        if access.may_use_register(user):
            items.append((_("Continuity"), reverse("continuity:index")))
        if access.may_read_shared_support(user):
            items.append((_("Support log"), reverse("support:index")))
        if access.has_role(user, Role.REVIEWER, Role.COORDINATOR):
            items.append((_("Reports"), reverse("reports:index")))
        items.append((_("Deadlines"), reverse("deadlines:index")))
        if access.may_read_lessons(user):
            items.append((_("Exercises"), reverse("exercises:index")))
            items.append((_("Lessons"), reverse("lessons:index")))
        if access.has_role(user, Role.RESPONDENT, Role.APPROVER, Role.REVIEWER, Role.ANALYST):
            items.append((_("Scenarios"), reverse("scenarios:index")))
        for municipality in access.own_municipalities(user):
            items.append(
                (municipality.name, reverse("registry:municipality", args=[municipality.code]))
            )
        for county in access.board_counties(user):
            items.append((county.name, reverse("registry:county", args=[county.code])))
        if access.is_analyst(user):
            items.append((_("Counties"), reverse("registry:counties")))
        if user.is_staff:
            items.append((_("Administration"), reverse("admin:index")))
    return {"nav_items": items}
