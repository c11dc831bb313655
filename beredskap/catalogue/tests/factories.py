"""A small, hand-written edition for tests: two areas, two activities, a few questions."""

import copy

import yaml


def text(sv, en=None):
    return {"sv": sv, "en": en or sv}


EDITION = {
    "edition": 2023,
    "title": text("Kartläggning 2023", "Survey 2023"),
    "areas": [{"code": "B", "name": text("Kontinuitetshantering", "Continuity")}],
    "activities": [
        {"code": "sabo", "name": text("Särskilt boende för äldre", "Residential care")},
        {"code": "hemtjanst", "name": text("Hemtjänst", "Home care")},
    ],
    "questions": [
        {
            "code": "KON_PLAN",
            "area": "B",
            "kind": "yes_no",
            "text": text("Finns en aktuell kontinuitetsplan?", "Is there a continuity plan?"),
            "activities": ["sabo", "hemtjanst"],
            "evidence": True,
        },
        {
            "code": "KON_UNITS",
            "area": "B",
            "kind": "share",
            "text": text("Enheter med plan av alla enheter", "Units with a plan of all units"),
            "unit": text("enheter", "units"),
        },
    ],
    "indicators": [
        {
            "code": "KON01",
            "area": "B",
            "kind": "yes_no",
            "title": text("Aktuell kontinuitetsplan", "Current continuity plan"),
            "description": text("Planen finns i egen regi.", "The plan exists in-house."),
            "activities": ["sabo", "hemtjanst"],
            "sensitivity": "public",
            "direction": "higher_is_better",
            "formula": {
                "not_applicable": {"is": ["KON_PLAN", "ej_aktuellt"]},
                "met": {"is": ["KON_PLAN", "ja"]},
                "partly": {"is": ["KON_PLAN", "pagar"]},
            },
            "classification": {"method": "verdict"},
        },
        {
            "code": "KON02",
            "area": "B",
            "kind": "share",
            "title": text("Andel enheter med plan", "Share of units with a plan"),
            "description": text("Enheter med plan av alla.", "Units with a plan of all."),
            "sensitivity": "aggregate",
            "direction": "higher_is_better",
            "formula": {
                "numerator": {"numerator_of": "KON_UNITS"},
                "denominator": {"denominator_of": "KON_UNITS"},
            },
            "classification": {"method": "thresholds", "green": 80, "yellow": 50},
        },
    ],
}


def write(tmp_path, data, name="edition.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def small_edition(year: int = 2025) -> dict:
    """The test edition with a conditional parts question and a municipality-wide number."""
    data = copy.deepcopy(EDITION)
    data["edition"] = year
    data["areas"].append({"code": "H", "name": text("Utbildning och övning", "Training")})
    data["questions"].insert(
        1,
        {
            "code": "KON_PARTS",
            "area": "B",
            "kind": "multiple_choice",
            "text": text("Vad innehåller planen?", "What does the plan contain?"),
            "activities": ["sabo", "hemtjanst"],
            "choices": [
                {"code": "reserv", "label": text("Reservrutin", "Backup routine")},
                {"code": "kontakt", "label": text("Kontaktuppgifter", "Contact details")},
            ],
            "asked_if": {"is": ["KON_PLAN", "ja"]},
        },
    )
    data["questions"].append(
        {
            "code": "UTB_EXERCISES",
            "area": "H",
            "kind": "number",
            "text": text("Hur många övningar har genomförts?", "How many exercises were held?"),
            "min": 0,
            "max": 500,
            "integer": True,
        }
    )
    return data


def load_small_edition(tmp_path, year: int = 2025, *, follows_previous: bool = False):
    """Load the test edition; `follows_previous` marks every indicator comparable."""
    from beredskap.catalogue import services

    data = small_edition(year)
    if follows_previous:
        for indicator in data["indicators"]:
            indicator["comparable_with_previous"] = True
    return services.load_edition(path=write(tmp_path, data, f"{year}.yaml")).edition
