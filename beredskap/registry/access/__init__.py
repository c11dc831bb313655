"""The one gatekeeper: every "may this user see or do this?" is answered here.

Views ask first and then act. Data a user may not see is a 404, never a 403,
so that the existence of another organisation's data is not revealed.

One package, one import for callers (`from beredskap.registry import access`): the rules
every app shares (memberships, responses, regional support, indicator values) are in
`core.py`; the rules of one app's data each in a module of its own, named after the app,
so no module grows past what can be read at once.
"""

from .continuity import *  # noqa: F403
from .core import *  # noqa: F403
from .learning import *  # noqa: F403
from .library import *  # noqa: F403
from .planning import *  # noqa: F403
