"""The one gatekeeper: every "may this user see or do this?" is answered here.

Views ask first and then act. Data a user may not see is a 404, never a 403,
so that the existence of another organisation's data is not revealed.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import County, Membership, Municipality, Organisation, Role, User


@dataclass(frozen=True)
class Grant:
    """One role a user holds in one organisation."""

    role: str
    organisation_id: int
    municipality_id: int | None
    county_id: int | None
    municipality_code: str = ""
    county_code: str = ""


def grants(user: User) -> list[Grant]:
    """The user's roles, read once per request object and cached on it (and, with a
    shared cache, across requests: `_stored_grants`)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_beredskap_grants", None)
    if cached is None:
        cached = _stored_grants(user.pk, getattr(user, "_beredskap_generation", None))
        user._beredskap_grants = cached
    return cached


def _read_grants(user_id: int) -> list[Grant]:
    return [
        Grant(
            m.role,
            m.organisation_id,
            m.organisation.municipality_id,
            m.organisation.county_id,
            m.organisation.municipality.code if m.organisation.municipality_id else "",
            m.organisation.county.code if m.organisation.county_id else "",
        )
        for m in Membership.objects.filter(user_id=user_id).select_related(
            "organisation__municipality", "organisation__county"
        )
    ]


#: How long a user's grants stay in the shared cache; a change of membership ends them at
#: once (`forget_grants`), so this only bounds what a lost invalidation could keep.
GRANTS_SECONDS = 300


def shared_store():
    """The cache every app server shares (settings.GRANTS_CACHE), or None: one process's
    memory cannot hear another's membership change, so grants are then read each request."""
    alias = getattr(settings, "GRANTS_CACHE", "")
    return caches[alias] if alias else None


def generation(store, key: str) -> str:
    """The current generation under `key` in a shared cache, made if missing: what depends
    on rows other servers may change is kept under a key naming it, and a change sets a new
    random one as it commits, so what was stored under the old one is never asked for
    again (the grants and user rows here, the results pages of `results.fragments`)."""
    found = store.get(key)
    if found is None:
        store.add(key, uuid.uuid4().hex, timeout=None)
        found = store.get(key)
    return found


def user_generation(store, user_id: int) -> str:
    """The user's generation: a change of the user's row or memberships sets a new one
    when it commits (`forget_grants`)."""
    return generation(store, f"grants-generation:{user_id}")


def _stored_grants(user_id: int, generation: str | None = None) -> list[Grant]:
    """The grants from the shared cache, under the user's current generation
    (`user_generation`; the sign-in backend hands over the one it read with the user), so
    a request that read the database before a membership change committed stores its
    grants under a key no later request asks for."""
    store = shared_store()
    if store is None:
        return _read_grants(user_id)
    key = f"grants:{user_id}:{generation or user_generation(store, user_id)}"
    found = store.get(key)
    if found is None:
        found = _read_grants(user_id)
        store.set(key, found, GRANTS_SECONDS)
    return found


def forget_organisation_grants(organisation_id: int) -> None:
    """`forget_grants` of every member of the organisation (none to ask without a shared
    cache)."""
    if shared_store() is None:
        return
    members = Membership.objects.filter(organisation_id=organisation_id)
    for user_id in members.values_list("user_id", flat=True).distinct():
        forget_grants(user_id)


def forget_grants(user_id: int) -> None:
    """End the user's cached grants and cached row (`registry.backends`) when the caller's
    transaction commits (the user, a membership or its organisation changed)."""
    store = shared_store()
    if store is not None:
        generation_key = f"grants-generation:{user_id}"
        transaction.on_commit(lambda: store.set(generation_key, uuid.uuid4().hex, timeout=None))


def roles(user: User) -> set[str]:
    return {g.role for g in grants(user)}


def has_role(user: User, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def is_analyst(user: User) -> bool:
    return has_role(user, Role.ANALYST)


def may_release(user: User) -> bool:
    """Releasing results to the public, and withdrawing a release: Socialstyrelsen."""
    return is_analyst(user)


def _own_municipality_ids(user: User) -> set[int]:
    return {
        g.municipality_id
        for g in grants(user)
        if g.role in (Role.RESPONDENT, Role.APPROVER) and g.municipality_id
    }


def _reviewed_county_ids(user: User) -> set[int]:
    return {g.county_id for g in grants(user) if g.role == Role.REVIEWER and g.county_id}


def _board_county_ids(user: User) -> set[int]:
    """Counties whose board the user works for, in any role."""
    return {g.county_id for g in grants(user) if g.county_id}


def visible_municipalities(user: User) -> QuerySet[Municipality]:
    """Municipalities whose internal pages the user may open."""
    qs = Municipality.objects.select_related("county")
    if is_analyst(user):
        return qs
    return qs.filter(pk__in=_own_municipality_ids(user)) | qs.filter(
        county_id__in=_reviewed_county_ids(user)
    )


def visible_counties(user: User) -> QuerySet[County]:
    """Counties whose internal county pages the user may open."""
    if is_analyst(user):
        return County.objects.all()
    return board_counties(user)


def municipality_for_user(user: User, code: str) -> Municipality:
    """The municipality with SCB `code`, if the user may see it; otherwise 404."""
    municipality = visible_municipalities(user).filter(code=code).first()
    if municipality is None:
        raise Http404(
            _("No municipality with code %(code)s that you have access to.") % {"code": code}
        )
    return municipality


def county_for_user(user: User, code: str) -> County:
    """The county with SCB `code`, if the user works for its board or is an analyst; else 404."""
    county = visible_counties(user).filter(code=code).first()
    if county is None:
        raise Http404(_("No county with code %(code)s that you have access to.") % {"code": code})
    return county


def organisations_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in={g.organisation_id for g in grants(user)})


def own_municipalities(user: User) -> QuerySet[Municipality]:
    """The municipalities the user answers for (respondent or approver)."""
    return Municipality.objects.filter(pk__in=_own_municipality_ids(user))


def board_counties(user: User) -> QuerySet[County]:
    """The counties whose board the user works for."""
    return County.objects.filter(pk__in=_board_county_ids(user))


def require_role(user: User, *wanted: str) -> None:
    """Refuse (403) a function the user's roles do not include."""
    if not has_role(user, *wanted):
        raise PermissionDenied


# --- survey responses ------------------------------------------------------------
# Responses live in a higher app; these take any object with `municipality` (with its
# county) and `first_submitted_at`, so the registry does not import the surveys app.


def answers_for(user: User, municipality: Municipality) -> bool:
    """Respondents and approvers answer for their own municipality."""
    return municipality.pk in _own_municipality_ids(user)


def may_see_response(user: User, response) -> bool:
    """The municipality itself; its county board from submission on; analysts."""
    if is_analyst(user) or answers_for(user, response.municipality):
        return True
    reviewed = response.municipality.county_id in _reviewed_county_ids(user)
    return reviewed and response.first_submitted_at is not None


def may_edit_answers(user: User, response) -> bool:
    return answers_for(user, response.municipality)


def may_use_answer_api(user: User) -> bool:
    """Personal API tokens are for those who answer for a municipality (respondents and
    approvers); a token acts with its owner's roles, so others would gain nothing."""
    return bool(_own_municipality_ids(user))


def may_revoke_api_token(user: User, token) -> bool:
    """The owner, and the national analyst (to stop a leaked token at once)."""
    return token.user_id == user.pk or is_analyst(user)


def may_submit(user: User, response) -> bool:
    municipality_id = response.municipality_id
    return any(
        g.role == Role.APPROVER and g.municipality_id == municipality_id for g in grants(user)
    )


def may_review(user: User, response) -> bool:
    """Return and approve: a reviewer at the municipality's county board."""
    return (
        response.municipality.county_id in _reviewed_county_ids(user)
        and response.first_submitted_at is not None
    )


def may_reopen(user: User, response) -> bool:
    return is_analyst(user)


def followed_counties(user: User) -> QuerySet[County]:
    """Counties whose survey status the user follows: reviewers their own, analysts all."""
    if is_analyst(user):
        return County.objects.all()
    return County.objects.filter(pk__in=_reviewed_county_ids(user))


# --- regional support and reports ----------------------------------------------------
# Support activities and reports live in the reporting app; these take any object with
# `county_id` (and a report's `revision` and `locked`), so the registry does not import it.


def is_coordinator(user: User) -> bool:
    """The national coordinator at Länsstyrelsen i Kronobergs län: compiles the reports."""
    return has_role(user, Role.COORDINATOR)


def support_counties(user: User) -> QuerySet[County]:
    """Counties whose support log and annual report the user keeps: their reviewers'."""
    return County.objects.filter(pk__in=_reviewed_county_ids(user))


def may_keep_support(user: User, county_id: int) -> bool:
    """Log, edit and delete the county's support activities; write its report."""
    return county_id in _reviewed_county_ids(user)


def may_read_shared_support(user: User) -> bool:
    """Experience exchange shared with all county boards: anyone working for a board."""
    return bool(_board_county_ids(user))


def may_see_county_report(user: User, report) -> bool:
    """The county's reviewers always; the coordinator once it has been submitted."""
    if may_keep_support(user, report.county_id):
        return True
    return is_coordinator(user) and report.revision > 0


def may_edit_county_report(user: User, report) -> bool:
    """The county's reviewers while it is a draft or returned; a sent report is locked."""
    return may_keep_support(user, report.county_id) and not report.locked


def may_judge_county_report(user: User, report) -> bool:
    """Return for completion or accept: the coordinator, while it waits (submitted)."""
    return is_coordinator(user) and report.status == "submitted"


def may_see_national_report(user: User) -> bool:
    """Open the national compilation's pages: the coordinator alone (others get 404, so
    their deadline lists name it without a link)."""
    return is_coordinator(user)


def may_compile(user: User, report=None) -> bool:
    """Write the national compilation: the coordinator, until it is final."""
    return is_coordinator(user) and (report is None or not report.locked)


# --- who is told, and who does what --------------------------------------------------
# Notifications and the "who does what" lines name people by their roles; these are the
# one place that says which memberships hold a role where. Active users only, by name.


def _people(**membership) -> QuerySet[User]:
    held = Membership.objects.filter(**membership).values("user_id")
    return User.objects.filter(pk__in=held, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def municipal_people(municipality_id: int, *wanted: str) -> QuerySet[User]:
    """Those who answer for the municipality in the `wanted` roles (default: both)."""
    wanted = wanted or (Role.RESPONDENT, Role.APPROVER)
    return _people(organisation__municipality_id=municipality_id, role__in=wanted)


def approvers_of(municipality_id: int) -> QuerySet[User]:
    """Who may submit the municipality's response (see `may_submit`)."""
    return municipal_people(municipality_id, Role.APPROVER)


def reviewers_of(county_id: int) -> QuerySet[User]:
    """The county board's reviewers: they review its responses and write its report."""
    return _people(organisation__county_id=county_id, role=Role.REVIEWER)


def board_people() -> QuerySet[User]:
    """Everyone working for a county board, in any role (the coordinator included)."""
    return _people(organisation__kind=Organisation.Kind.COUNTY_BOARD)


def analysts() -> QuerySet[User]:
    return _people(role=Role.ANALYST)


def coordinators() -> QuerySet[User]:
    """Who compiles the national report and alone opens its page (`is_coordinator`)."""
    return _people(role=Role.COORDINATOR)


# --- indicator values ------------------------------------------------------------------
# Values live in the results app; these take the indicator's sensitivity and the cell's
# level and unit code, so the registry does not import it (DESIGN.md §5).

PUBLIC, AGGREGATE, RESTRICTED = "public", "aggregate", "restricted"


@dataclass(frozen=True)
class ValueViewer:
    """What one user may see of indicator values, decided once per request.

    Pages check thousands of cells; this answers each from sets held in memory.
    """

    analyst: bool = False
    own: frozenset[str] = frozenset()  # municipality codes the user answers for
    boards: frozenset[str] = frozenset()  # county codes whose board the user works for
    reviewed: frozenset[str] = frozenset()  # county codes whose answers the user reviews

    def insider(self, municipality_code: str) -> bool:
        """The municipality itself, its county board, or Socialstyrelsen."""
        return (
            self.analyst or municipality_code in self.own or municipality_code[:2] in self.boards
        )

    def may_see(self, *, sensitivity: str, level: str, unit_code: str) -> bool:
        """Whether a value cell may be shown (before small-number suppression).

        Public indicators are visible at every level. Aggregate-only indicators show
        municipality values only to insiders (the municipality, its county board,
        Socialstyrelsen). Restricted indicators show municipality values to insiders,
        county values to that county's board, and group or national values to
        Socialstyrelsen only.
        """
        if sensitivity == PUBLIC:
            return True
        if level == "municipality":
            return self.insider(unit_code)
        if sensitivity == AGGREGATE or self.analyst:
            return True
        return level == "county" and unit_code in self.boards

    def sees_all_members(self, *, level: str, unit_code: str) -> bool:
        """Whether the user may see every municipality under an aggregate (no suppression)."""
        if self.analyst or level == "municipality":
            return True
        return level == "county" and unit_code in self.boards

    @property
    def may_see_preliminary(self) -> bool:
        """Preliminary results rest on submitted answers: for reviewers and analysts."""
        return self.analyst or bool(self.reviewed)

    def may_see_preliminary_value(self, *, level: str, unit_code: str) -> bool:
        """A preliminary municipality value shows that municipality's unapproved answers,
        so only those who may read them (see `may_see_response`) see it."""
        if not self.may_see_preliminary:
            return False
        return level != "municipality" or self.analyst or unit_code[:2] in self.reviewed


def value_viewer(user: User) -> ValueViewer:
    """The user's view of values; anonymous users see what the public sees."""
    held = grants(user)
    return ValueViewer(
        analyst=any(g.role == Role.ANALYST for g in held),
        own=frozenset(
            g.municipality_code
            for g in held
            if g.role in (Role.RESPONDENT, Role.APPROVER) and g.municipality_code
        ),
        boards=frozenset(g.county_code for g in held if g.county_code),
        reviewed=frozenset(
            g.county_code for g in held if g.role == Role.REVIEWER and g.county_code
        ),
    )


def may_see_value(user: User, *, sensitivity: str, level: str, unit_code: str) -> bool:
    """Whether a value cell may be shown to the user (see `ValueViewer.may_see`)."""
    return value_viewer(user).may_see(sensitivity=sensitivity, level=level, unit_code=unit_code)


def sees_all_members(user: User, *, level: str, unit_code: str) -> bool:
    """Whether the user may see every municipality under an aggregate (no suppression)."""
    return value_viewer(user).sees_all_members(level=level, unit_code=unit_code)


def may_see_direction(user: User, direction) -> bool:
    """A planning direction: adopted and superseded versions are public; drafts and
    versions out for consultation are Socialstyrelsen's until adopted (others get a 404)."""
    return direction.is_public or is_analyst(user)


def may_see_restricted_assumptions(user: User) -> bool:
    """Restricted planning assumptions (some may not be public, DOMAIN.md §3.1): shown to
    signed-in users who work for a municipality, a county board or Socialstyrelsen."""
    return bool(grants(user))
