"""A round whose edition assesses two målbilder of a small planning direction, for the
målbild view's tests (pages and browser).

Direction 2025.1 (adopted) has two target states: MB_B_PLAN, linked to KON01 (public)
and KON02 (aggregate-only), and MB_H_TRAINING. The small test edition of 2025 gets one
maturity question and indicator for each: MAL01 (public) and MAL02 (restricted).
"""

import copy
import datetime

import yaml
from django.utils import timezone

from beredskap.catalogue import services as catalogue
from beredskap.catalogue.tests.factories import small_edition, text
from beredskap.planning import services as planning
from beredskap.results import services
from beredskap.results.models import Value
from beredskap.surveys import services as surveys
from beredskap.surveys.models import Response
from beredskap.surveys.tests.conftest import answer
from beredskap.tests.cast import stand_in

#: Uppsala county's municipalities answering, with their level for MB_B_PLAN.
UPPSALA_LEVELS = {"0380": 2, "0381": 4, "0360": 3, "0331": 1}
#: Elsewhere in Sweden.
OTHER_LEVELS = {"0180": 4, "1280": 3, "0980": 0}


def _state(code: str, area: str, title: str, indicators: list, questions: list) -> dict:
    return {
        "code": code,
        "area": area,
        "placeholder": True,
        "title": text(title, title),
        "text": text(f"{title}.", f"{title}."),
        "criteria": [text("Ett kriterium.", "A criterion.")],
        "indicators": indicators,
        "questions": questions,
    }


def load_direction(tmp_path) -> None:
    data = yaml.safe_load((planning.DIRECTIONS_DIR / "2026.1.yaml").read_text(encoding="utf-8"))
    data["version"] = "2025.1"
    data["valid_from"] = datetime.date(2025, 1, 1)
    data["target_states"] = [
        _state("MB_B_PLAN", "B", "Kontinuiteten är planerad", ["KON01", "KON02"], ["KON_PLAN"]),
        _state("MB_H_TRAINING", "H", "Personalen är övad", [], ["UTB_EXERCISES"]),
    ]
    path = tmp_path / "2025.1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    planning.load_direction(path=path)


def _maturity(code: str, area: str, state: str, sensitivity: str, number: int):
    question = {
        "code": code,
        "area": area,
        "kind": "maturity",
        "target_state": state,
        "text": text(f"Mognad mot {state}?", f"Maturity towards {state}?"),
    }
    indicator = {
        "code": f"MAL0{number}",
        "area": area,
        "kind": "maturity",
        "title": text(f"Målbild {number}", f"Target state {number}"),
        "description": text("Mognad.", "Maturity."),
        "sensitivity": sensitivity,
        "direction": "higher_is_better",
        "formula": {"value": {"value": code}},
        "classification": {"method": "thresholds", "green": 3, "yellow": 2},
    }
    return question, indicator


def load_edition(tmp_path):
    data = copy.deepcopy(small_edition(2025))
    data["direction"] = "2025.1"
    for number, (code, area, state, sensitivity) in enumerate(
        [
            ("MAL_PLAN", "B", "MB_B_PLAN", "public"),
            ("MAL_TRAINING", "H", "MB_H_TRAINING", "restricted"),
        ],
        start=1,
    ):
        question, indicator = _maturity(code, area, state, sensitivity, number)
        data["questions"].append(question)
        data["indicators"].append(indicator)
    path = tmp_path / "2025.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return catalogue.load_edition(path=path).edition


def open_round(tmp_path, nadia):
    load_direction(tmp_path)
    return surveys.open_round(
        year=2025,
        edition=load_edition(tmp_path),
        opens_on=datetime.date(2025, 1, 20),
        deadline=datetime.date(2025, 3, 15),
        by=nadia,
    )


def approve(survey_round, levels: dict[str, int]) -> None:
    """Each municipality answers both målbilder (training one level lower), the plan
    question yes, and is approved."""
    for code, level in levels.items():
        response = Response.objects.get(round=survey_round, municipality__code=code)
        by = stand_in("respondent", municipality=code)
        answer(response, "MAL_PLAN", "", str(level), by)
        answer(response, "MAL_TRAINING", "", str(max(0, level - 1)), by)
        for activity in ("sabo", "hemtjanst"):
            answer(response, "KON_PLAN", activity, "ja" if level >= 3 else "nej", by)
        answer(response, "KON_UNITS", "", {"numerator": level, "denominator": 4}, by)
        Response.objects.filter(pk=response.pk).update(
            status="approved", first_submitted_at=timezone.now()
        )


def compute(survey_round) -> None:
    for basis in Value.Basis.values:
        services.compute_round(survey_round=survey_round, basis=basis)
