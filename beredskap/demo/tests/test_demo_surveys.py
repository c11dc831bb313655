"""`beredskap demo` generates four survey rounds that look like the published figures.

The demo is generated once for this module (about 15 s) inside a transaction that is
rolled back afterwards; each test runs in its own savepoint on top of it. What the
demo's commit would start (the county reports' file generations) is run as it would be.
"""

import datetime
import hashlib
import json
import re
import threading
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase, override_settings

from beredskap.audit.models import Event
from beredskap.catalogue.models import Edition
from beredskap.demo import reporting as demo_reporting
from beredskap.demo import surveys as demo
from beredskap.planning.models import Direction
from beredskap.registry.models import Municipality, User
from beredskap.reporting.models import Generation
from beredskap.surveys import services, validation
from beredskap.surveys.models import Answer, AnswerRevision, Response, Round

pytestmark = pytest.mark.django_db

Status = Response.Status
UPPSALA_COUNTY = ["0305", "0319", "0330", "0331", "0360", "0380", "0381", "0382"]


def _demo() -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks() as committed:
            output = _demo()
        with demo_reporting.files_deferred():  # what the demo's own commit does
            for callback in committed:
                callback()
        # Check the deferred foreign keys now, once: PostgreSQL would otherwise re-check
        # every inserted row at the end of each test's savepoint.
        connection.check_constraints()
        yield output
        transaction.set_rollback(True)


def _sample(year: int, step: int = 29) -> list[Response]:
    responses = Response.objects.filter(round__year=year).select_related("round__edition")
    return list(responses.order_by("municipality__code"))[::step]


# --- rounds and responses -------------------------------------------------------------


def test_four_rounds_with_a_response_per_municipality(demo_output):
    rounds = {r.year: r for r in Round.objects.all()}
    assert sorted(rounds) == [2023, 2024, 2025, 2026]
    for year, survey_round in rounds.items():
        assert survey_round.edition.year == year
        assert survey_round.responses.count() == Municipality.objects.count() == 290
        assert survey_round.opens_on.isocalendar()[:2] == (year, 4)  # week 4, a Monday
        assert survey_round.measurement_date == datetime.date(year, 2, 1)
    assert all(rounds[y].status == Round.Status.CLOSED for y in (2023, 2024, 2025))
    assert rounds[2026].status == Round.Status.OPEN
    assert rounds[2026].opens_on == datetime.date(2026, 1, 19)
    assert rounds[2026].deadline == datetime.date(2026, 12, 15)
    assert Edition.objects.get(year=2026).indicators.count() == 58  # 49 + 9 målbilder


def test_the_command_reports_each_round_and_where_to_start(demo_output):
    for year in (2023, 2024, 2025, 2026):
        answers = f"{Answer.objects.filter(response__round__year=year).count():,}"
        assert f"Survey {year}: 290 responses, {answers.replace(',', ' ')} answers" in demo_output
    assert "http://127.0.0.1:8000/surveys/2026/0380/" in demo_output
    assert "http://127.0.0.1:8000/surveys/2026/board/" in demo_output


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_past_rounds_are_approved_complete_and_dated_in_their_window(demo_output, year):
    responses = Response.objects.filter(round__year=year)
    assert set(responses.values_list("status", flat=True)) == {Status.APPROVED}
    opens = demo.opening_day(year)
    for response in responses:
        assert opens <= response.first_submitted_at.date() <= datetime.date(year, 3, 15)
        assert response.first_submitted_at <= response.submitted_at < response.approved_at
        assert response.approved_at.date() <= datetime.date(year, 4, 30)
        assert response.last_activity_at == response.approved_at
    for response in _sample(year):
        assert services.problems_before_submit(response) == [], response


def test_every_answer_has_one_imported_revision_of_the_same_value(demo_output):
    assert AnswerRevision.objects.count() == Answer.objects.count()
    revisions = AnswerRevision.objects.filter(answer__response__municipality__code="0380")
    assert set(revisions.values_list("version", "source")) == {(1, "import")}
    assert not revisions.filter(created_by__isnull=False).exists()
    for revision in revisions.select_related("answer")[:500]:
        answer = revision.answer
        assert (answer.version, answer.value) == (1, revision.value)
        assert revision.created_at == answer.updated_at
        assert answer.updated_at.year == answer.response.round.year


@pytest.mark.parametrize("year", [2023, 2025, 2026])
def test_answers_are_valid_and_consistent(demo_output, year):
    questions = services.edition_questions(Edition.objects.get(year=year))
    rules = {q.pk: validation.Rule.of(q) for q in questions}
    for response in _sample(year, step=13):
        answers = list(response.answers.select_related("question"))
        grouped = services.answers_by_activity(response, answers)
        for answer in answers:
            rule = rules[answer.question_id]
            assert validation.clean_value(rule, answer.value) == answer.value
            seen = services.values_for(grouped, answer.activity_code)
            assert validation.consistency_problem(rule, answer.value, seen) is None


def test_continuity_parts_are_asked_only_when_there_is_a_plan(demo_output):
    answers = Answer.objects.filter(
        response__round__year=2025, question__code__in=["KON_PLAN", "KON_PARTS"]
    ).values_list("response_id", "activity_code", "question__code", "value")
    plans, parts = {}, set()
    for response_id, activity, code, value in answers:
        if code == "KON_PLAN":
            plans[response_id, activity] = value
        else:
            parts.add((response_id, activity))
    assert parts == {key for key, value in plans.items() if value == "ja"}


def _not_applicable_share(activity: str) -> float:
    values = Answer.objects.filter(
        response__round__year=2025, question__code="KON_PLAN", activity_code=activity
    ).values_list("value", flat=True)
    return 100 * sum(v == "ej_aktuellt" for v in values) / len(values)


def test_activities_not_run_in_own_regime_are_not_applicable(demo_output):
    for activity in ("hvb_barn", "stodboende_barn"):
        assert 10 <= _not_applicable_share(activity) <= 20
    for activity in ("sabo", "hemtjanst"):
        assert _not_applicable_share(activity) < 8


# --- the open round -------------------------------------------------------------------


def _progress_2026() -> Counter:
    rows = Response.objects.filter(round__year=2026).with_progress()
    return Counter(rows.values_list("progress_status", flat=True))


def test_the_open_round_has_a_realistic_mix(demo_output):
    progress = _progress_2026()
    expected = {
        "not_started": 15,
        "draft": 35,
        "submitted": 15,
        "returned": 5,
        "approved": 30,
    }
    for status, percent in expected.items():
        assert abs(100 * progress[status] / 290 - percent) <= 3, (status, progress)
    today = demo.DEMO_TODAY
    for response in Response.objects.filter(round__year=2026):
        moments = [response.first_submitted_at, response.approved_at, response.last_activity_at]
        assert all(m is None or m.date() < today for m in moments)


def test_anna_has_a_draft_to_finish_and_bengt_a_response_to_review(demo_output):
    uppsala = Response.objects.get(round__year=2026, municipality__code="0380")
    assert uppsala.status == Status.DRAFT
    total = len(services.slots(services.edition_questions(uppsala.round.edition)))
    assert 0.3 * total < uppsala.answers.count() < 0.6 * total
    assert services.problems_before_submit(uppsala)
    enkoping = Response.objects.get(round__year=2026, municipality__code="0381")
    assert enkoping.status == Status.SUBMITTED
    assert services.problems_before_submit(enkoping) == []
    assert "0381" in {
        r.municipality.code for r in Response.objects.filter(round__year=2026).seen_by_reviewers()
    }


def _timeline(response) -> list[str]:
    return list(
        Event.objects.for_target(response)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )


def test_returned_responses_have_comments_and_reopened_answers(demo_output):
    returned = Response.objects.filter(round__year=2026, status=Status.RETURNED)
    assert returned.exists()
    for response in returned:
        assert response.return_comment
        reopened = response.answers.filter(reopened=True)
        assert 1 <= reopened.count() <= 2
        assert all(answer.review_comment for answer in reopened)
        assert response.first_submitted_at < response.last_activity_at
        assert _timeline(response) == ["response.submitted", "response.returned"]


def test_state_changes_of_the_open_round_have_audit_timelines(demo_output):
    expected = {
        Status.SUBMITTED: ["response.submitted"],
        Status.APPROVED: ["response.submitted", "response.approved"],
        Status.DRAFT: [],
    }
    responses = Response.objects.filter(round__year=2026, status__in=list(expected))
    for response in responses.order_by("municipality__code")[::7]:
        assert _timeline(response) == expected[response.status], response
    for survey_round in Round.objects.all():
        assert Event.objects.for_target(survey_round).filter(action="demo.round_generated")


# --- national figures -----------------------------------------------------------------

# Published national shares (DOMAIN.md §1.6): every activity of the indicator within range.
PUBLISHED = [
    ("KON01", 2023, 10, 25),
    ("KON01", 2024, 6, 23),
    ("UPP01", 2023, 33, 48),
    ("SAR01", 2023, 40, 60),
    ("SAR01", 2024, 40, 60),
    ("SAR01", 2025, 40, 60),
    ("SAR02", 2023, 65, 90),
    ("SAR02", 2024, 65, 90),
    ("SAR02", 2025, 65, 90),
]


@pytest.mark.parametrize("code, year, low, high", PUBLISHED)
def test_backbone_shares_are_near_the_published_figures(demo_output, code, year, low, high):
    shares = demo.indicator_shares(year, code)
    outside = {a: round(s.percent, 1) for a, s in shares.items() if not low <= s.percent <= high}
    assert not outside, f"{code} {year} outside {low}–{high}%: {outside}"
    assert all(share.applicable >= 75 for share in shares.values())


def test_the_published_ordering_of_activities_holds(demo_output):
    kon_2023 = {a: s.percent for a, s in demo.indicator_shares(2023, "KON01").items()}
    assert min(kon_2023["khsv"], kon_2023["sabo"], kon_2023["hemtjanst"]) >= 20
    assert max(kon_2023["hvb_barn"], kon_2023["hvb_vuxna"]) < kon_2023["sabo"]
    upp = {a: s.percent for a, s in demo.indicator_shares(2023, "UPP01").items()}
    assert min(upp["sabo"], upp["hemtjanst"]) >= 43
    heat = {a: s.percent for a, s in demo.indicator_shares(2025, "SAR02").items()}
    assert max(heat, key=heat.get) == "sabo" and heat["sabo"] >= 85


HVB = {"hvb_barn", "hvb_vuxna"}


def test_the_2024_continuity_plans_are_rarest_in_hvb_and_commonest_in_elderly_care(demo_output):
    """Published 2024 (DOMAIN.md §1.6): most common for hemtjänst and SÄBO, least for HVB."""
    kon = {a: s.percent for a, s in demo.indicator_shares(2024, "KON01").items()}
    ranked = sorted(kon, key=kon.get)
    assert set(ranked[:2]) == HVB, kon  # both HVB below every other activity
    assert set(ranked[-2:]) == {"sabo", "hemtjanst"}, kon


def test_the_2023_procurement_shares_of_elderly_care_are_the_published_ones(demo_output):
    """Published 2023: requirements in procurement for SÄBO 48 % and hemtjänst 47 %."""
    upp = {a: s.percent for a, s in demo.indicator_shares(2023, "UPP01").items()}
    assert abs(upp["sabo"] - 48) <= 1, upp
    assert abs(upp["hemtjanst"] - 47) <= 1, upp


def _pooled(year: int, code: str, municipalities=None) -> float:
    shares = demo.indicator_shares(year, code, municipalities=municipalities).values()
    return 100 * sum(s.met for s in shares) / sum(s.applicable for s in shares)


def _plan_share(year: int, activity: str) -> float:
    values = Answer.objects.filter(
        response__round__year=year, question__code="KON_PLAN", activity_code=activity
    ).values_list("value", flat=True)
    applicable = [v for v in values if v != "ej_aktuellt"]
    return 100 * applicable.count("ja") / len(applicable)


def test_the_2024_continuity_drop_comes_from_the_stricter_definition(demo_output):
    assert _pooled(2024, "KON01") < _pooled(2023, "KON01") < _pooled(2025, "KON01") + 5
    drop = {a: s.percent for a, s in demo.indicator_shares(2024, "KON01").items()}
    before = {a: s.percent for a, s in demo.indicator_shares(2023, "KON01").items()}
    assert all(drop[a] < before[a] for a in drop), (before, drop)
    for activity in drop:  # more plans every year: the preparedness itself improved
        assert (
            _plan_share(2023, activity) < _plan_share(2024, activity) < _plan_share(2025, activity)
        )
    assert _pooled(2025, "KON01") > _pooled(2024, "KON01")


def test_preparedness_improves_year_on_year(demo_output):
    for code in ("SAR01", "SAR02", "UPP01", "GOV01", "KRI01"):
        assert _pooled(2023, code) < _pooled(2024, code) < _pooled(2025, code), code


def _codes(**filters) -> list[str]:
    municipalities = Municipality.objects.with_group(2025).filter(**filters)
    return list(municipalities.values_list("code", flat=True))


def test_larger_municipalities_and_some_counties_do_better(demo_output):
    large, rural = _codes(group_code__in=["A1", "B3"]), _codes(group_code__in=["C8", "C9"])
    for code in ("KON03", "SAR02", "FOR06", "KRI03"):
        assert _pooled(2025, code, large) > _pooled(2025, code, rural) + 5, code
    by_county = [_pooled(2025, "KRI03", _codes(county__code=c)) for c in ("01", "03", "07", "12")]
    by_county += [_pooled(2025, "KRI03", _codes(county__code=c)) for c in ("14", "22", "25")]
    assert max(by_county) - min(by_county) > 8


# --- determinism and idempotency ------------------------------------------------------


def _checksum(rows) -> str:
    text = "\n".join(json.dumps(row, sort_keys=True, default=str) for row in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()


def _stored(year: int) -> list[tuple]:
    answers = Answer.objects.filter(
        response__round__year=year, response__municipality__code__in=UPPSALA_COUNTY
    ).values_list(
        "response__municipality__code",
        "question__code",
        "activity_code",
        "value",
        "evidence_reference",
        "evidence_date",
    )
    return [(c, q, a, json.dumps(v), r, str(d)) for c, q, a, v, r, d in answers]


def _regenerated(year: int) -> list[tuple]:
    profiles = demo.build_profiles()
    stretch = demo.calibration_stretch(profiles)
    questions = services.edition_questions(Edition.objects.get(year=year))
    rules = {q.pk: validation.Rule.of(q) for q in questions}
    rows = []
    for code in UPPSALA_COUNTY:
        respondent = demo.Respondent(profiles[code], year, stretch)
        for item in respondent.answers(services.slots(questions), rules):
            slot = item.slot
            rows.append(
                (
                    code,
                    slot.question.code,
                    slot.activity_code,
                    json.dumps(item.value),
                    item.evidence_reference,
                    str(item.evidence_date),
                )
            )
    return rows


@pytest.mark.parametrize("year", [2023, 2025])
def test_the_data_is_the_same_on_every_run(demo_output, year):
    assert _checksum(_stored(year)) == _checksum(_regenerated(year))
    assert _checksum(_regenerated(year)) == _checksum(_regenerated(year))


def test_rerunning_the_demo_changes_nothing(demo_output):
    before = (Round.objects.count(), Answer.objects.count(), Event.objects.count())
    output = _demo()
    assert "Demo survey data exists" in output
    assert (Round.objects.count(), Answer.objects.count(), Event.objects.count()) == before


@pytest.mark.parametrize("year", [2023, 2024])
def test_the_results_engine_agrees_with_an_independent_count(demo_output, year):
    from beredskap.results.models import Value

    assert f"Results {year}:" in demo_output
    expected = demo.indicator_shares(year, "KON01")
    engine = {
        v.activity_code: v
        for v in Value.objects.filter(
            round__year=year, basis="approved", level="nation", indicator__indicator__code="KON01"
        )
    }
    for activity, share in expected.items():
        assert (engine[activity].numerator, engine[activity].denominator) == (
            share.met,
            share.applicable,
        )


# --- the county reports' files, made after the demo is ready ------------------------------


def test_the_county_reports_files_wait_for_the_server(demo_output):
    assert "Ready in " in demo_output and "  Survey rounds: " in demo_output
    assert "(their PDF and XLSX are made once the server has started)" in demo_output
    assert len(demo_reporting.pending_files()) == 21
    queued = Generation.objects.filter(status=Generation.Status.QUEUED, final=True)
    assert queued.filter(pdf__isnull=True, xlsx__isnull=True).count() == 21


def test_a_county_report_downloaded_after_the_demo_is_made_on_first_opening(demo_output, client):
    client.force_login(User.objects.get(username="bengt"))
    page = client.get("/reports/03/2024/").content.decode()
    assert 'id="download-pdf"' not in page
    link = re.search(r'id="latest-generation" href="([^"]+)"', page).group(1)
    assert 'data-status="done"' in client.get(link).content.decode()
    page = client.get("/reports/03/2024/").content.decode()
    for kind, magic in (("pdf", b"%PDF"), ("xlsx", b"PK")):
        href = re.search(rf'id="download-{kind}" href="([^"]+)"', page).group(1)
        download = client.get(href)
        assert download.status_code == 200 and download.content.startswith(magic)
    assert len(demo_reporting.pending_files()) == 20


def test_the_demo_makes_the_files_one_by_one_until_stopped(demo_output):
    stop = threading.Event()
    made = demo_reporting.make_pending_files(stop=stop, progress=lambda _made: stop.set())
    assert made == 1 and len(demo_reporting.pending_files()) == 20
    done = Generation.objects.get(status=Generation.Status.DONE)
    assert done.final and bytes(done.pdf).startswith(b"%PDF") and bytes(done.xlsx)


def test_files_left_running_by_a_killed_demo_are_queued_again(demo_output):
    killed = demo_reporting.pending_files()[0]
    Generation.objects.filter(pk=killed).update(status=Generation.Status.RUNNING, done=1)
    assert len(demo_reporting.pending_files()) == 20
    assert demo_reporting.requeue_interrupted() == 1
    assert killed in demo_reporting.pending_files()


# --- notifications --------------------------------------------------------------------


def test_the_demo_users_find_the_notifications_of_their_review_steps(demo_output):
    from beredskap.notices.models import Notification

    assert "Notifications:" in demo_output
    bengt = Notification.objects.filter(recipient__username="bengt")
    unread = bengt.unread()
    # Bengt was told of every submission in Uppsala län; this round's are unread.
    assert unread.filter(subject="Enköping har skickat in sitt svar på enkäten 2026").exists()
    assert not unread.filter(created_at__year__lt=2026).exists()
    anna = Notification.objects.filter(recipient__username="anna")
    assert anna.filter(kind="response.approved", url="/surveys/2025/0380/").exists()
    returned = Notification.objects.filter(kind="response.returned", created_at__year=2026)
    for notification in returned:
        assert "Återsända frågor:" in notification.body
    assert Notification.objects.count() < 200  # the demo's county only: stays fast


def test_the_starter_planning_direction_is_loaded_adopted(demo_output):
    direction = Direction.objects.get()
    assert (direction.version, direction.status) == ("2026.1", Direction.Status.ADOPTED)
    assert direction.target_states.count() == 9
