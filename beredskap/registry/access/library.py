"""Access to the knowledge library: who edits it."""

from ..models import Role, User
from .core import has_role

# --- the knowledge library -----------------------------------------------------------


def may_edit_library(user: User) -> bool:
    """The `editor` capability of the knowledge library: Socialstyrelsen's analysts and the
    county boards' reviewers and coordinator write and revise items; everyone reads the
    published ones (an unpublished item is a 404 to others)."""
    return has_role(user, Role.ANALYST, Role.REVIEWER, Role.COORDINATOR)
