"""Deterministic demo survey data: four rounds of synthetic answers for all 290 municipalities.

The model in short. Every municipality has a latent *preparedness level*: an individual
part plus a county offset and an SKR-group offset (the large groups A1 and B3 a little
better), centred so that the national mean is zero. The level persists across years and
rises by the municipality's own *growth* each year. Each yes/no answer compares a
persistent per-slot draw with the probability of "ja", a logistic function of a base
rate calibrated to the published national figures (DOMAIN.md §1.6), the level and the
growth. Because the draw persists, a municipality that had a plan last year still has
it, and "arbete pågår" turns into "ja" as the level rises. The 2024 drop of the
continuity plan indicator (KON01) therefore comes from the stricter definition (all four
parts), not from weaker preparedness: the share answering KON_PLAN=ja keeps rising.

Draws that must persist across years come from a keyed hash (independent of the order of
generation); everything else from `random.Random` seeded per municipality and year.
Answers are inserted in batches; each gets one revision (version 1, source "import"),
copied from the answers in SQL.

Where things are: the numbers that tune it in `tuning.py` (its Swedish texts in
`demo/narratives.py`); the municipalities' persistent traits in `profiles.py`; how one
municipality answers in `respondent.py`; when it answers and how review goes in
`timelines.py`; generating and writing the rounds in `rounds.py` (fast inserts in
`inserts.py`); national shares for checking the result in `verification.py`.
"""

from .profiles import Profile, build_profiles
from .respondent import Generated, Respondent, calibration_stretch
from .rounds import RoundSummary, create_demo_surveys, surveys_exist
from .timelines import Plan, open_round_statuses, opening_day
from .tuning import DEMO_TODAY, FIRST_YEAR, OPEN_YEAR, PAST_YEARS, YEARS
from .verification import Share, indicator_shares

__all__ = [
    "DEMO_TODAY",
    "FIRST_YEAR",
    "OPEN_YEAR",
    "PAST_YEARS",
    "YEARS",
    "Generated",
    "Plan",
    "Profile",
    "Respondent",
    "RoundSummary",
    "Share",
    "build_profiles",
    "calibration_stretch",
    "create_demo_surveys",
    "indicator_shares",
    "open_round_statuses",
    "opening_day",
    "surveys_exist",
]
