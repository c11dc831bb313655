"""Signing in and finding the signed-in user: Django's model backend, with the user's row
kept in the cache every app server shares.

Every request of a signed-in user asks the backend for the user (`get_user`), which reads
the user's row; at the deadline that is one query, and a tenth of an autosave's CPU,
repeated some 70 times a second for rows that change only when the user does. With a
shared cache (`settings.GRANTS_CACHE`) the row is kept there under the user's generation
(`access.user_generation`), which a change of the user commits anew (`signals.py`), as
it does for the user's grants: a deactivated user, a new password or a new role takes
effect on the next request. Without a shared cache the row is read each request, as
Django does: one process's memory cannot hear another's change.
"""

from django.contrib.auth.backends import ModelBackend

from .access.core import GRANTS_SECONDS, shared_store, user_generation
from .models import User


class CachedUserBackend(ModelBackend):
    """`ModelBackend` whose `get_user` reads the shared cache first."""

    def get_user(self, user_id):
        store = shared_store()
        if store is None:
            return super().get_user(user_id)
        generation = user_generation(store, user_id)
        key = f"user:{user_id}:{generation}"
        user = store.get(key)
        if user is None:
            try:
                user = User._default_manager.get(pk=user_id)
            except User.DoesNotExist:
                return None
            store.set(key, user, GRANTS_SECONDS)
        # The grants read later in the request are kept under the same generation.
        user._beredskap_generation = generation
        return user if self.user_can_authenticate(user) else None
