"""Benchmark: making a county's annual report and the national compilation.

    uv run python bench/reports.py [--runs N] [--county CODE] [--database-url postgres://…]

Builds the throwaway database of bench/recompute.py (SQLite in a temporary directory unless
--database-url names a PostgreSQL server) with the 2024 and 2025 rounds of the 290 real
municipalities from the demo generator and their computed results, a support log of 20
activities a county in 2025 for each of the 21 counties, and 21 county reports on 2025, all
submitted with their five narrative sections written. It then measures, warm and best of N:
the county draft, its PDF and its XLSX separately (default the largest county, Västra
Götaland, 49 municipalities), the national draft, its PDF and XLSX, and one whole
generation task of each. The developer's database is never touched. See bench/README.md.
"""

import argparse
import datetime
import io
import os
import platform
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import recompute as shared  # the sibling bench script builds the data

YEAR = shared.YEAR
ACTIVITIES_PER_COUNTY = 20
PARAGRAPH = (
    "Länsstyrelsen har under året fört dialog med kommunernas beredskapssamordnare och "
    "chefer inom socialtjänsten och den kommunala hälso- och sjukvården. Arbetet har utgått "
    "från kartläggningens resultat och de stödbehov som den visar, särskilt när det gäller "
    "kontinuitetsplaner, krigsorganisation och reservrutiner. "
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measure (best of)")
    parser.add_argument("--county", default="14", help="the county report measured (code)")
    parser.add_argument("--keep", help="a folder to write the measured PDFs and XLSX files to")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgres://user@host:port/); the bench creates and drops "
        "its own database there. Default: SQLite in a temporary directory.",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


# --- building the data --------------------------------------------------------------


def build_rounds() -> None:
    """The 2024 and 2025 rounds (recompute.py builds 2025), with their results computed."""
    from beredskap.demo import surveys as demo
    from beredskap.demo.surveys import rounds
    from beredskap.results import services
    from beredskap.surveys.models import Round

    shared.build_real_round()
    shared.log("generating the 2024 round too (for the trend) …")
    profiles = demo.build_profiles()
    rounds._generate_round(YEAR - 1, profiles, demo.calibration_stretch(profiles))
    for survey_round in Round.objects.filter(year__in=[YEAR - 1, YEAR]).order_by("year"):
        shared.log(f"computing the results of {survey_round.year} …")
        services.compute_round(survey_round=survey_round)


def build_support_log() -> int:
    """ACTIVITIES_PER_COUNTY activities a county in YEAR, each reaching some of the county's
    municipalities and naming one or two indicators of its topic area; seeded, so the same
    every run."""
    from django.db import transaction

    from beredskap.catalogue.models import IndicatorVersion
    from beredskap.registry.models import County, Municipality
    from beredskap.support.models import SupportActivity

    rng = random.Random(2025)
    kinds = [k.value for k in SupportActivity.Kind]
    by_area: dict[str, list[int]] = {}
    for area, indicator in IndicatorVersion.objects.filter(edition__year=YEAR).values_list(
        "area__code", "indicator_id"
    ):
        by_area.setdefault(area, []).append(indicator)
    areas = sorted(by_area)
    members: dict[int, list[int]] = {}
    for county, pk in Municipality.objects.values_list("county_id", "pk"):
        members.setdefault(county, []).append(pk)
    Through = SupportActivity.municipalities.through
    Named = SupportActivity.indicators.through
    with transaction.atomic():
        made = []
        for county in County.objects.order_by("code"):
            for n in range(ACTIVITIES_PER_COUNTY):
                area = areas[n % len(areas)] if n % 5 else ""
                made.append(
                    SupportActivity(
                        county=county,
                        held_on=datetime.date(YEAR, 1 + n % 12, 1 + n % 28),
                        kind=kinds[n % len(kinds)],
                        title=f"Stödinsats {n + 1} i {county.name}",
                        area_code=area,
                        participants=rng.randint(5, 60),
                        description=PARAGRAPH,
                        lessons=PARAGRAPH if n % 4 == 0 else "",
                        shared=n % 4 == 0,
                    )
                )
        made = SupportActivity.objects.bulk_create(made)
        reach, named = [], []
        for activity in made:
            own = members[activity.county_id]
            for pk in rng.sample(own, k=max(1, len(own) // 3)):
                reach.append(Through(supportactivity_id=activity.pk, municipality_id=pk))
            if activity.area_code:
                pool = by_area[activity.area_code]
                for pk in rng.sample(pool, k=min(2, len(pool))):
                    named.append(Named(supportactivity_id=activity.pk, indicator_id=pk))
        Through.objects.bulk_create(reach)
        Named.objects.bulk_create(named)
    return len(made)


def build_reports() -> None:
    """Every county's report on YEAR submitted (revision 1), all five sections written."""
    from django.utils import timezone

    from beredskap.registry.models import County
    from beredskap.reporting.models import COUNTY_SECTIONS, CountyReport, NationalReport

    sent = timezone.make_aware(datetime.datetime(YEAR + 1, 1, 25, 10))
    texts = {name: PARAGRAPH * 4 for name, _heading in COUNTY_SECTIONS}
    CountyReport.objects.bulk_create(
        CountyReport(
            county=county,
            year=YEAR,
            status=CountyReport.Status.SUBMITTED,
            revision=1,
            submitted_at=sent,
            **texts,
        )
        for county in County.objects.order_by("code")
    )
    NationalReport.objects.create(year=YEAR, summary=PARAGRAPH * 3)


# --- measuring ----------------------------------------------------------------------


def best(runs: int, work):
    """Best wall time of `runs` calls after one untimed warm-up call, and the last result."""
    result = work()
    fastest = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest, result


def queries_of(work) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured)


def measure(report, runs: int, keep: str | None = None) -> dict:
    from django.utils import translation

    from beredskap.reporting import documents, drafts, tasks
    from beredskap.reporting.models import CountyReport, Generation

    def draft():
        with translation.override("sv"):
            if isinstance(report, CountyReport):
                return drafts.county_draft(report.county, report.year)
            return drafts.national_draft(report.year)

    draft_s, made = best(runs, draft)
    pdf_s, pdf = best(runs, lambda: documents.pdf(report, made))
    xlsx_s, xlsx = best(runs, lambda: documents.xlsx(report, made))
    task_s, generation = best(runs, lambda: tasks.start_generation(report, by=None))
    assert generation.status == Generation.Status.DONE, generation.error
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(io.BytesIO(pdf)))
    if keep:
        name = f"county-{report.county.code}" if isinstance(report, CountyReport) else "national"
        with open(os.path.join(keep, f"{name}-{report.year}.pdf"), "wb") as out:
            out.write(pdf)
        with open(os.path.join(keep, f"{name}-{report.year}.xlsx"), "wb") as out:
            out.write(xlsx)
    return {
        "report": str(report),
        "draft": draft_s,
        "queries": queries_of(draft),
        "pdf": pdf_s,
        "xlsx": xlsx_s,
        "task": task_s,
        "pages": pages,
        "pdf_kib": len(pdf) / 1024,
        "xlsx_kib": len(xlsx) / 1024,
        "sheets": len(made.numbers),
    }


def print_report(results: list[dict], runs: int, activities: int) -> None:
    import django

    print(
        f"Report generation benchmark: reports on {YEAR}, {shared.database_name()}, best of "
        f"{runs} warm runs; Python {platform.python_version()}, "
        f"Django {django.get_version()}"
    )
    print(
        "Data: the 2024 and 2025 rounds of the 290 municipalities (demo generator) with "
        f"computed results, {activities} support activities in {YEAR} (20 a county), 21 "
        "county reports submitted with every section written. task: start_generation with "
        "the immediate backend (draft + PDF + XLSX + storing the files)."
    )
    header = f"{'report':<28} {'draft s':>8} {'queries':>7} {'pdf s':>7} {'xlsx s':>7} "
    header += f"{'task s':>7} {'pages':>5} {'pdf KiB':>8} {'xlsx KiB':>8} {'sheets':>6}"
    print(header)
    for r in results:
        print(
            f"{r['report'][:28]:<28} {r['draft']:>8.3f} {r['queries']:>7} {r['pdf']:>7.3f} "
            f"{r['xlsx']:>7.3f} {r['task']:>7.3f} {r['pages']:>5} {r['pdf_kib']:>8.0f} "
            f"{r['xlsx_kib']:>8.0f} {r['sheets']:>6}"
        )


def main() -> None:
    args = parse_args()
    with shared.throwaway_database(args.database_url) as url:
        shared.setup_django(url)
        started = time.perf_counter()
        build_rounds()
        shared.log("logging support and submitting the 21 county reports …")
        activities = build_support_log()
        build_reports()
        from beredskap.reporting.models import CountyReport, NationalReport

        county = CountyReport.objects.select_related("county").get(
            county__code=args.county, year=YEAR
        )
        results = []
        for report in (county, NationalReport.objects.get(year=YEAR)):
            shared.log(f"measuring {report} …")
            results.append(measure(report, args.runs, args.keep))
        shared.log(f"done in {time.perf_counter() - started:.0f} s")
        print_report(results, args.runs, activities)


if __name__ == "__main__":
    main()
