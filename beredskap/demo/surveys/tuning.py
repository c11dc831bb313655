"""The numbers that tune the demo survey data, as data: change them here, not in the code.

The years and the demo's "now"; the latent preparedness model (how strongly the level
drives the answers, the offsets of SKR groups and activities, the yearly trends); who
runs what and how many units; and the first-year national shares the answers are
calibrated to, set so that the backbone indicators land near the published figures
(DOMAIN.md §1.6). The generators in this package read these tables and nothing else;
the Swedish free texts are in `demo/narratives.py`.
"""

import datetime

from beredskap.surveys.models import Response

# --- the years ------------------------------------------------------------------------

SEED = "beredskap-demo-1"
PAST_YEARS = (2023, 2024, 2025)
OPEN_YEAR = 2026
YEARS = (*PAST_YEARS, OPEN_YEAR)
FIRST_YEAR = PAST_YEARS[0]
OPEN_DEADLINE = datetime.date(2026, 12, 15)
DEMO_TODAY = datetime.date(2026, 11, 16)  # the demo's "now": activity in 2026 stops here
Status = Response.Status

# --- the model ------------------------------------------------------------------------

BETA = 1.0  # how strongly the latent level drives every answer
GROUP_OFFSET = {
    "A1": 0.55,
    "A2": 0.15,
    "B3": 0.45,
    "B4": 0.0,
    "B5": -0.1,
    "C6": 0.1,
    "C7": -0.2,
    "C8": -0.35,
    "C9": -0.3,
}
GROUP_SIZE = {  # relative number of own units
    "A1": 12.0,
    "A2": 1.6,
    "B3": 3.5,
    "B4": 1.0,
    "B5": 0.9,
    "C6": 1.4,
    "C7": 0.6,
    "C8": 0.5,
    "C9": 0.6,
}
LARGE_GROUPS = {"A1", "A2", "B3"}
RURAL_GROUPS = {"C8", "C9"}

OWN_REGIMES = {"egen_regi", "blandad"}
PROVIDER_REGIMES = {"blandad", "privat"}
# Shares of egen_regi, blandad, privat, finns_ej per activity (a mid-sized municipality).
REGIMES = {
    "sabo": (0.58, 0.38, 0.03, 0.01),
    "hemtjanst": (0.50, 0.46, 0.03, 0.01),
    "khsv": (0.72, 0.27, 0.01, 0.0),
    "lss_vuxna": (0.50, 0.45, 0.04, 0.01),
    "lss_barn": (0.55, 0.34, 0.05, 0.06),
    "sol_boende": (0.55, 0.35, 0.05, 0.05),
    "hvb_barn": (0.40, 0.45, 0.09, 0.06),
    "stodboende_barn": (0.45, 0.40, 0.08, 0.07),
    "hvb_vuxna": (0.40, 0.50, 0.06, 0.04),
    "ifo": (1.0, 0.0, 0.0, 0.0),
}
REGIME_CODES = ("egen_regi", "blandad", "privat", "finns_ej")
UNITS = {  # own units of a municipality of relative size 1
    "sabo": 5,
    "hemtjanst": 4,
    "khsv": 3,
    "lss_vuxna": 5,
    "lss_barn": 1,
    "sol_boende": 2,
    "hvb_barn": 1,
    "stodboende_barn": 1,
    "hvb_vuxna": 1,
    "ifo": 3,
}
CONTRACTS = {"hemtjanst": 4, "sabo": 2}  # private-provider contracts per relative size

# National "ja" shares in the first year among municipalities the question applies to,
# set so that the backbone indicators land near the published figures.
BACKBONE = {
    "KON_PLAN": {
        "sabo": 0.22,
        "hemtjanst": 0.25,
        "khsv": 0.23,
        "lss_vuxna": 0.20,
        "lss_barn": 0.16,
        "sol_boende": 0.17,
        "hvb_barn": 0.15,
        "stodboende_barn": 0.17,
        "hvb_vuxna": 0.14,
    },
    "SAR_EVAC_PLAN": {
        "sabo": 0.60,
        "lss_vuxna": 0.58,
        "lss_barn": 0.55,
        "sol_boende": 0.57,
        "hvb_barn": 0.55,
        "stodboende_barn": 0.58,
        "hvb_vuxna": 0.55,
    },
    "SAR_HEAT_PLAN": {
        "sabo": 0.83,
        "hemtjanst": 0.82,
        "khsv": 0.81,
        "lss_vuxna": 0.78,
        "lss_barn": 0.70,
        "sol_boende": 0.72,
        "hvb_barn": 0.69,
        "stodboende_barn": 0.70,
    },
    "UPP_REQUIREMENTS": {  # published 2023: SÄBO 48 %, hemtjänst 47 %, the others 33-48 %
        "sabo": 0.445,
        "hemtjanst": 0.51,
        "khsv": 0.38,
        "lss_vuxna": 0.37,
        "lss_barn": 0.35,
        "hvb_barn": 0.35,
        "stodboende_barn": 0.34,
        "hvb_vuxna": 0.38,
    },
}
# Probability that a continuity plan has all four parts (KON01 from 2024), first year.
# Published 2024: most common for hemtjänst and SÄBO, least common for HVB, so the HVB
# plans are the least complete (stödboende barn's more so, or it would be the lowest).
ALL_PARTS = {
    "sabo": 0.62,
    "hemtjanst": 0.60,
    "khsv": 0.40,
    "lss_vuxna": 0.52,
    "lss_barn": 0.48,
    "sol_boende": 0.48,
    "hvb_barn": 0.22,
    "stodboende_barn": 0.58,
    "hvb_vuxna": 0.30,
}
BASE = {  # "ja" share of the other yes/no questions in the first year
    "GOV_STEERING_DOC": 0.55,
    "GOV_COORDINATOR": 0.62,
    "GOV_RSA": 0.70,
    "GOV_PLAN": 0.45,
    "KON_DEPENDENCIES": 0.30,
    "KON_EXERCISED": 0.20,
    "KON_STAFF_LOSS": 0.45,
    "KON_PRIORITY": 0.40,
    "KON_POWER_REGISTER": 0.35,
    "SAR_POWER_PLAN": 0.35,
    "SAR_WATER_PLAN": 0.30,
    "SAR_VULNERABLE_ROUTINE": 0.45,
    "KRI_WAR_ORG": 0.30,
    "KRI_TASK_ANALYSIS": 0.20,
    "KRI_REINFORCEMENT": 0.25,
    "KRI_DOUBLE_PLACEMENT": 0.18,
    "LED_CRISIS_ORG": 0.60,
    "LED_SITUATION_REPORTING": 0.55,
    "LED_REGION_AGREEMENT": 0.40,
    "LED_NETWORK": 0.75,
    "FOR_MEDICINE_PLAN": 0.35,
    "FOR_STYREL": 0.50,
    "FOR_IT_FALLBACK": 0.55,
    "FOR_FUEL_PLAN": 0.25,
    "UPP_FOLLOW_UP": 0.30,
    "UPP_WAR_PLANNING": 0.12,
    "UTB_PLAN": 0.40,
    "UTB_EVALUATION": 0.45,
    "INF_SECURITY_ANALYSIS": 0.45,
    "INF_COMM_PLAN": 0.40,
    "INF_INFLUENCE": 0.35,
}
DEFAULT_BASE = 0.4
ACTIVITY_OFFSET = {  # logit offsets for the non-backbone questions: elderly care leads
    "sabo": 0.2,
    "hemtjanst": 0.15,
    "khsv": 0.2,
    "lss_vuxna": 0.0,
    "lss_barn": -0.25,
    "sol_boende": -0.2,
    "hvb_barn": -0.4,
    "stodboende_barn": -0.45,
    "hvb_vuxna": -0.35,
    "ifo": -0.1,
}
TREND = {  # how much of a municipality's yearly growth shows in a question
    "KON_PLAN": 0.7,
    "SAR_EVAC_PLAN": 0.2,
    "SAR_HEAT_PLAN": 0.25,
    "UPP_REQUIREMENTS": 0.6,
    "KRI_": 1.6,  # civil defence: the largest push
    "LED_": 1.2,
}
# Choices an indicator requires: (the choices, first-year probability of all of them given
# the plan exists, per activity where it differs, and otherwise).
REQUIRED_CHOICES = {
    "KON_PARTS": (["reserv", "aterstallning", "atergang", "kontakt"], ALL_PARTS, 0.55),
    "SAR_EVAC_CONTENT": (["bo_kvar", "evakueringslokal"], {}, 0.82),
    "INF_COMM_CONTENT": (["brukare", "anhoriga", "personal", "lattlast", "flersprakig"], {}, 0.3),
}
PROVIDER_QUESTIONS = {"UPP_REQUIREMENTS", "UPP_FOLLOW_UP", "UPP_WAR_PLANNING", "UPP_CONTRACTS"}
PAGAR_OF_REST, VET_EJ_OF_REST = 0.52, 0.05  # how the answers other than "ja" split

SHARES = {  # question: (what the denominator counts, first-year share of the numerator)
    "KON_UNITS": ("units", 0.30),
    "KRI_KEY_POSITIONS": ("positions", 0.40),
    "FOR_BACKUP_POWER": ("units", 0.50),
    "FOR_BACKUP_POWER_TESTED": ("units", 0.30),
    "SAR_EVAC_EXERCISED": ("units", 0.35),
    "UPP_CONTRACTS": ("contracts", 0.40),
    "UTB_MANAGERS": ("managers", 0.50),
    "UTB_STAFF_TRAINED": ("staff", 0.20),
}
PER_UNIT = {"units": 1.0, "positions": 0.8, "managers": 1.2, "staff": 25.0, "need": 20.0}

# --- the open round -------------------------------------------------------------------

# The 2026 mix, from the best-prepared municipalities to the least prepared.
OPEN_MIX = (
    (Status.APPROVED, 0.30),
    (Status.RETURNED, 0.05),
    (Status.SUBMITTED, 0.15),
    (Status.DRAFT, 0.35),
    ("not_started", 0.15),
)
FORCED_STATUS = {"0380": Status.DRAFT, "0381": Status.SUBMITTED}  # anna's and bengt's work
UPPSALA_ANSWERED = 0.45
