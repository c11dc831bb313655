"""The scenario engine over the whole country: every municipality x every grundantagande.

Builds a synthetic continuity register of 50 units for each of the 290 municipalities
(seeded, so every run measures the same data), reads the assumptions of the starter
direction (`beredskap/planning/directions/2026.1.yaml`), and times
`continuity.calculations.run` for each municipality under each assumption alone, and once
more under all of them at once. No database: the engine is pure.

    uv run python bench/scenarios.py                  # best of 3
    uv run python bench/scenarios.py --runs 5 --units 200
"""

import argparse
import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from beredskap.continuity import calculations as calc  # noqa: E402

DIRECTION = ROOT / "beredskap/planning/directions/2026.1.yaml"
MUNICIPALITIES = ROOT / "beredskap/registry/data/municipalities.csv"
FUNCTIONS = ("Medication rounds", "Meals", "Heating", "Alarms", "Documentation", "Hygiene")
CATEGORIES = calc.MODELLED_CATEGORIES


def assumptions() -> list[calc.AssumptionInput]:
    data = yaml.safe_load(DIRECTION.read_text(encoding="utf-8"))
    return [
        calc.AssumptionInput(
            item["code"],
            item["category"],
            {p["name"]: float(p["value"]) for p in item.get("parameters", [])},
        )
        for item in data["assumptions"]
    ]


def register(code: str, units: int) -> list[calc.Unit]:
    """A municipality's synthetic register: 3-7 functions a unit, 1-4 dependencies each."""
    rnd = random.Random(code)
    register = []
    for u in range(units):
        functions = []
        for f in range(rnd.randint(3, 7)):
            dependencies = []
            for category in rnd.sample(CATEGORIES, rnd.randint(1, 4)):
                if category == calc.STAFF:
                    available = rnd.randint(2, 30)
                    minimum = rnd.randint(1, available)
                    dependencies.append(
                        calc.Dependency(category, staff_minimum=minimum, staff_available=available)
                    )
                else:
                    reserve = None if rnd.random() < 0.2 else rnd.choice((4, 12, 24, 72, 168, 720))
                    dependencies.append(calc.Dependency(category, reserve))
            functions.append(
                calc.Function(
                    f"{code}-{u}-{f}",
                    FUNCTIONS[f % len(FUNCTIONS)],
                    rnd.choice((1, 4, 8, 24, 72)),
                    tuple(dependencies),
                )
            )
        register.append(
            calc.Unit(f"{code}-{u}", f"Unit {u}", rnd.randint(1, 60), tuple(functions))
        )
    return register


def main(runs: int, units: int) -> None:
    with MUNICIPALITIES.open(encoding="utf-8") as file:
        codes = [row["code"] for row in csv.DictReader(file)]
    cast = assumptions()
    scenarios = [calc.scenario_from([a]) for a in cast]
    combined = calc.scenario_from(cast)
    registers = [register(code, units) for code in codes]
    functions = sum(len(u.functions) for r in registers for u in r)
    print(
        f"{len(codes)} municipalities, {len(codes) * units} units, {functions} functions, "
        f"{len(cast)} assumptions ({', '.join(a.code for a in cast)})",
        file=sys.stderr,
    )

    def each() -> int:
        return sum(calc.run(r, s).summary().gaps for r in registers for s in scenarios)

    def together() -> int:
        return sum(calc.run(r, combined).summary().gaps for r in registers)

    for label, work in (("each assumption alone", each), ("all at once", together)):
        work()  # warm
        times, gaps = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            gaps = work()
            times.append(time.perf_counter() - started)
        print(f"{label}: best of {runs} {min(times):.3f} s, gaps {gaps}", file=sys.stderr)
        if label == "each assumption alone":
            best = min(times)
    print(f"scenarios: {len(codes) * units} units x {len(cast)} assumptions in {best:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best is shown")
    parser.add_argument("--units", type=int, default=50, help="units per municipality")
    arguments = parser.parse_args()
    main(arguments.runs, arguments.units)
