"""API v1 (django-ninja): the released results, the registry, the catalogue and the public
planning direction (`planning.py`), read-only, and municipalities' own answers with a token.

Values come only from `ReleasedValue` rows of current (not withdrawn) releases, which hold
nothing but what anyone may see (`calculations.publishable`); `results.Value` is never
read here, so a round under embargo, a withdrawn release or a restricted indicator cannot
leak through this door. The contract, and what may change within v1, is docs/api.md.

`base.py` makes the NinjaAPI; each tag's operations are a router in a module of its name,
mounted here in the order of the OpenAPI document. The answers are a door into the survey
(`surveys/api.py`), mounted here because publication stands above surveys.
"""

from beredskap.surveys.api import router as answers

from . import catalogue, planning, registry, releases, values
from .base import api

for router in (
    registry.router,
    catalogue.router,
    planning.router,
    releases.router,
    values.router,
    answers,
):
    api.add_router("", router)

__all__ = ["api"]
