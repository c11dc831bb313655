"""Access to the planning direction's consultations (remiss)."""

from django.db.models import QuerySet

from ..models import User
from .core import _people, grants, is_analyst

# --- consultations (remiss) of the planning direction ------------------------------------
# Consultations live in the planning app; these take organisation ids, so the registry
# does not import it. Socialstyrelsen's analysts run a consultation and see every answer;
# an invited organisation sees and edits only its own; anyone else gets a 404.


def may_run_consultation(user: User) -> bool:
    """Open a consultation, follow its board, write dispositions, compile and adopt."""
    return is_analyst(user)


def consulted_organisation_ids(user: User, invited_ids) -> set[int]:
    """The invited organisations the user works for (in any role): they answer for them."""
    return {g.organisation_id for g in grants(user)} & set(invited_ids)


def may_see_consultation_answers(user: User, organisation_id: int, invited_ids) -> bool:
    """An organisation's answers: analysts, and the invited organisation's own people."""
    return is_analyst(user) or organisation_id in consulted_organisation_ids(user, invited_ids)


def may_edit_consultation_answers(user: User, organisation_id: int, invited_ids) -> bool:
    """Write (and submit) an organisation's answers: its own people, if it is invited."""
    return organisation_id in consulted_organisation_ids(user, invited_ids)


def organisation_people(organisation_ids) -> QuerySet[User]:
    """Everyone working for one of the organisations, in any role (told of a consultation)."""
    return _people(organisation_id__in=list(organisation_ids))
