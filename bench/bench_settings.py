"""Settings for the benchmark's app server (bench/api_vs_datasette.py): production's, from
the environment as always, with the API's anonymous rate limit switched off. The load
generator sends thousands of requests a minute from one address, which the default
`API_ANON_RATE` ("600/m") would answer with 429. Nothing else differs; never deployed.
"""

from beredskap.settings import *  # noqa: F403

API_ANON_RATE = None
