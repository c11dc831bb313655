"""Access to the continuity register and its scenarios: unit-level data is sensitive."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import County, Municipality, Role, User
from .core import _reviewed_county_ids, answers_for, has_role, is_analyst, visible_municipalities

# --- continuity scenarios (c16s) ---------------------------------------------------
# A municipality's scenario page has the register's access (`may_see_register`); the
# county's side-by-side view its board's reviewers and analysts; the national aggregate
# (counts and shares only) Socialstyrelsen's analysts. Anyone else gets a 404.


def scenario_county_for_user(user: User, code: str) -> County:
    """The county with SCB `code` if the user reviews for its board or is an analyst."""
    county = County.objects.filter(code=code).first()
    if county is None or not (is_analyst(user) or county.pk in _reviewed_county_ids(user)):
        raise Http404(_("No county with code %(code)s that you have access to.") % {"code": code})
    return county


def scenario_counties(user: User) -> QuerySet[County]:
    """Counties whose scenario outcomes side by side the user may see."""
    if is_analyst(user):
        return County.objects.all()
    return County.objects.filter(pk__in=_reviewed_county_ids(user))


def may_see_national_scenarios(user: User) -> bool:
    return is_analyst(user)


# --- continuity register -----------------------------------------------------------
# Unit-level register data is civil-defence sensitive: the municipality itself, its
# county board's reviewers and Socialstyrelsen's analysts; anyone else gets a 404.


def may_see_register(user: User, municipality: Municipality) -> bool:
    """The municipality itself, its county board's reviewers, analysts."""
    return (
        is_analyst(user)
        or answers_for(user, municipality)
        or municipality.county_id in _reviewed_county_ids(user)
    )


def register_municipalities(user: User) -> QuerySet[Municipality]:
    """Municipalities whose continuity register the user may read."""
    return visible_municipalities(user)


def register_for_user(user: User, code: str) -> Municipality:
    """The municipality with SCB `code` if the user may read its register; otherwise 404."""
    municipality = register_municipalities(user).filter(code=code).first()
    if municipality is None or not may_see_register(user, municipality):
        raise Http404(
            _("No municipality with code %(code)s that you have access to.") % {"code": code}
        )
    return municipality


def may_edit_register(user: User, municipality: Municipality) -> bool:
    """The municipality's own respondents and approvers keep its register."""
    return answers_for(user, municipality)


def reads_across(user: User, municipality: Municipality) -> bool:
    """Whether reading this register is a read of another organisation's data (audited)."""
    return not answers_for(user, municipality)


def may_verify_plans(user: User, municipality: Municipality) -> bool:
    """The county board's reviewers verify the continuity plans of its municipalities."""
    return municipality.county_id in _reviewed_county_ids(user)


def may_use_register(user: User) -> bool:
    """Who has continuity registers to open: municipalities, reviewers, analysts."""
    return has_role(user, Role.RESPONDENT, Role.APPROVER, Role.REVIEWER, Role.ANALYST)
