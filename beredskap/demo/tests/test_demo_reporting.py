"""The demo's reporting step: a support log for every county and submitted reports on 2024."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from beredskap.catalogue import services as catalogue
from beredskap.demo import reporting as demo
from beredskap.demo import services as demo_services
from beredskap.registry import access
from beredskap.registry.models import County, User
from beredskap.reporting.models import CountyReport
from beredskap.support.models import SupportActivity

pytestmark = pytest.mark.django_db


def test_the_demo_reporting_step_logs_support_and_submits_every_countys_report(
    reference, django_capture_on_commit_callbacks
):
    for path in catalogue.shipped_editions():
        catalogue.load_edition(path=path)
    demo_services.create_demo_users()
    with django_capture_on_commit_callbacks() as generations:
        summary = demo.create_demo_reporting()
    counties = {c.pk: c.code for c in County.objects.all()}
    assert len(counties) == 21

    # Activities: 6 to 15 a year for every county in 2023-2025, one KHOSS day a year each.
    per_year = Counter(
        (counties[a.county_id], a.held_on.year) for a in SupportActivity.objects.all()
    )
    assert set(per_year) == {
        (code, year) for code in counties.values() for year in (2023, 2024, 2025)
    }
    assert all(6 <= n <= 15 for n in per_year.values())
    assert summary.activities == SupportActivity.objects.count() == sum(per_year.values())
    khoss = SupportActivity.objects.filter(title__startswith="KHOSS-dagen")
    assert khoss.count() == 21 * 3
    assert all(a.held_on.weekday() < 5 for a in SupportActivity.objects.all())
    for activity in SupportActivity.objects.prefetch_related("municipalities", "indicators")[::37]:
        reached = activity.municipalities.all()
        assert reached and all(m.county_id == activity.county_id for m in reached)
        assert activity.participants > 0 and activity.area_code
        assert activity.indicators.exists()
        assert access.may_keep_support(activity.created_by, activity.county_id)

    # Reports on 2024: all submitted by the county's own reviewer, every section written.
    reports = CountyReport.objects.filter(year=2024).select_related("county", "submitted_by")
    assert reports.count() == 21
    for report in reports:
        assert (report.status, report.revision) == ("submitted", 1)
        assert all(text.strip() for _name, _heading, text in report.narrative())
        assert report.county.name in report.preparedness
        assert access.may_keep_support(report.submitted_by, report.county_id)
    late = {r.county.code for r in reports if r.late}
    assert late == set(demo.LATE) and summary.late == 2
    assert all(
        timezone.localdate(r.submitted_at) <= datetime.date(2025, 2, 1)
        for r in reports
        if r.county.code not in late
    )
    assert len(generations) == 21  # a PDF and XLSX per report, once committed
    uppsala = User.objects.get(username="bengt")
    assert reports.get(county__code="03").submitted_by == uppsala
    assert User.objects.filter(username__startswith="lst-").count() == 20
    assert User.objects.get(username="lst-25").check_password(demo_services.DEMO_PASSWORD)
    assert demo.listed_reviewers()[0] == "lst-01" and "bengt" not in demo.listed_reviewers()
    assert demo.reporting_exists()

    # Re-running adds nothing.
    before = (SupportActivity.objects.count(), CountyReport.objects.count(), User.objects.count())
    again = demo.create_demo_reporting()
    assert (again.activities, again.submitted) == (0, 0)
    assert (
        SupportActivity.objects.count(),
        CountyReport.objects.count(),
        User.objects.count(),
    ) == before
