"""Sessions that slide with activity for a working day, without a write per request.

Registry owns users and sign-in, so the renewal lives here, where the sign-in signal
(`signals.py`) can reach it.
"""

import time

from django.conf import settings


class SlidingSessionMiddleware:
    """Sliding session expiry without a database write per request.

    Django moves a session's expiry only when the session is saved. Saving on every request
    (SESSION_SAVE_EVERY_REQUEST) would write the session row on every autosave; instead a
    signed-in user's session is marked changed when its last renewal is older than
    `SESSION_RENEW_SECONDS`, and SessionMiddleware then saves it with a fresh expiry and
    cookie. A respondent active at 23:50 therefore keeps a session until 10 hours after
    their last request, less at most those few minutes.
    """

    KEY = "_renewed_at"

    @classmethod
    def renewed(cls, session) -> None:
        """Note a renewal now; sign-in calls it so the first request after does not write."""
        session[cls.KEY] = int(time.time())

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            age = time.time() - request.session.get(self.KEY, 0)
            if age >= settings.SESSION_RENEW_SECONDS:
                self.renewed(request.session)
        return self.get_response(request)
