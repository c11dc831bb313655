"""What every router of API v1 shares, kept on the lowest floor that needs it.

API v1 is mounted by `publication` but has doors on lower floors too (the token API for
answers in `surveys`), and a lower app may not import a higher one. So the pieces they
share live here: the bearer token (registry owns `ApiToken` and its check), rates read
from settings, and the shape of an error body. docs/api.md is the contract.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Schema
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from . import throttle
from .services import authenticate_api_token

DEFAULT_TOKEN_RATE = "300/m"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bsk_…`: the token's owner acts, with the owner's roles."""

    def authenticate(self, request: HttpRequest, token: str):
        user = authenticate_api_token(token)
        if user is None:
            return None
        request.user = user  # the token decides, never a session cookie sent alongside
        # The site ignores Accept-Language (Swedish first); an API client has no switch.
        translation.activate(translation.get_language_from_request(request))
        return user


class SettingsRate:
    """A throttle whose rate is the setting `setting`, read on every request so that an
    override (tests) takes effect at once; None switches it off. Mix in before one of
    ninja's throttles, which names the client (`get_cache_key`); the count is kept in the
    store all workers share (`throttle.hit`), not in ninja's per-process default cache."""

    setting: str
    default: str

    def __init__(self):
        self.rate = None
        self.num_requests = self.duration = None
        self.seconds_to_wait = 0.0

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting, self.default)
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request)
        if key is None:
            return True
        allowed, self.seconds_to_wait = throttle.hit(key, self.num_requests, self.duration)
        return allowed

    def wait(self) -> float:
        return self.seconds_to_wait


class TokenThrottle(SettingsRate, SimpleRateThrottle):
    """A rate per user (all of the user's tokens together), `settings.API_TOKEN_RATE`.
    Token clients are not held to the anonymous per-address rate."""

    scope = "api-v1-token"
    setting = "API_TOKEN_RATE"
    default = DEFAULT_TOKEN_RATE

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class ErrorItem(Schema):
    parameter: str | None = Field(
        description="The query or path parameter at fault; null when the request as a whole is."
    )
    message: str


class Errors(Schema):
    errors: list[ErrorItem]
