"""Generating the demo rounds: each response's answers, its way through review, its audit.

For every demo year a round is opened through `surveys.services.open_round`, each
municipality answers it (`respondent.py`) on its timeline (`timelines.py`), and the
answers are written in bulk (`inserts.py`), each with one revision (version 1, source
"import"). Returned responses get one or two answers reopened with the reviewer's note,
and the open round's state changes are audited as the real services would audit them.
"""

import datetime
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from beredskap import audit
from beredskap.catalogue import services as catalogue
from beredskap.catalogue.models import Edition
from beredskap.planning import services as planning
from beredskap.surveys import services as surveys
from beredskap.surveys import validation
from beredskap.surveys.models import Answer, Response, Round

from ..narratives import RETURN_COMMENT, REVIEW_COMMENTS
from .inserts import _copy_revisions, _insert
from .profiles import Profile, build_profiles
from .respondent import Generated, Respondent, calibration_stretch
from .timelines import Plan, _open_plan, _past_plan, open_round_statuses, opening_day
from .tuning import OPEN_DEADLINE, OPEN_YEAR, SEED, YEARS

Status = Response.Status


@dataclass(frozen=True)
class RoundSummary:
    year: int
    responses: int
    answers: int
    statuses: dict[str, int]


def _answer_rows(response: Response, generated: list[Generated], at) -> list[dict]:
    return [
        {
            "response_id": response.pk,
            "question_id": item.slot.question.pk,
            "activity_code": item.slot.activity_code,
            "value": item.value,
            "evidence_reference": item.evidence_reference,
            "evidence_date": item.evidence_date,
            "version": 1,
            "updated_at": at,
        }
        for item in generated
    ]


def _apply_plans(responses: list[Response], plans: dict[str, Plan]) -> None:
    fields = ["status", "first_submitted_at", "submitted_at", "approved_at", "last_activity_at"]
    for response in responses:
        plan = plans[response.municipality.code]
        response.status = plan.status
        response.first_submitted_at = plan.first_submitted_at
        response.submitted_at = plan.submitted_at
        response.approved_at = plan.approved_at
        response.last_activity_at = plan.last_activity_at
        if plan.status == Status.RETURNED:
            response.return_comment = RETURN_COMMENT
    Response.objects.bulk_update(responses, [*fields, "return_comment"], batch_size=50)


def _reopen(response: Response, rng: random.Random) -> list[dict]:
    """Mark one or two answers of a returned response for correction, with the reviewer's note."""
    answers = response.answers.select_related("question").order_by("pk")

    def reason(answer: Answer) -> str:
        if answer.value == "vet_ej":
            return "vet_ej"
        return "share" if answer.question.kind == "share" else "other"

    ranked = sorted(answers, key=lambda a: ({"vet_ej": 0, "share": 1}.get(reason(a), 2), a.pk))
    chosen = ranked[: rng.randint(1, 2)]
    for answer in chosen:
        answer.reopened = True
        answer.review_comment = REVIEW_COMMENTS[reason(answer)]
    Answer.objects.bulk_update(chosen, ["reopened", "review_comment"])
    return [
        {"question": a.question.code, "activity": a.activity_code, "comment": a.review_comment}
        for a in chosen
    ]


def _record_transitions(response: Response, plan: Plan, profile: Profile, reopened) -> None:
    """Audit events for the 2026 state changes, named as the real services name them."""
    municipality, board = profile.name, profile.county_name
    if plan.first_submitted_at is None:
        return
    _record(response, "response.submitted", municipality, plan.first_submitted_at)
    if plan.status == Status.RETURNED:
        _record(
            response,
            "response.returned",
            board,
            plan.returned_at,
            comment=RETURN_COMMENT,
            questions=reopened,
        )
    elif plan.status == Status.APPROVED:
        _record(response, "response.approved", board, plan.approved_at)


def _record(response: Response, action: str, actor_name: str, at, **details) -> None:
    """One demo audit event by a named organisation, dated when it happened."""
    audit.record(
        actor=None,
        action=action,
        target=response,
        actor_name=actor_name,
        **details,
        demo=True,
        at=at.isoformat(),
    )


PROGRESS = ("not_started", "draft", "submitted", "returned", "approved")


def _status_counts(plans) -> dict[str, int]:
    """Responses per progress status; a draft without answers counts as not started."""
    counts = Counter("not_started" if p.answered_share == 0 else str(p.status) for p in plans)
    return {status: counts[status] for status in PROGRESS if counts[status]}


def _answer(survey_round: Round, responses, profiles, stretch) -> tuple[dict, list]:
    """Each response's plan and the answer rows it gets (a prefix of them for a draft)."""
    year, is_open = survey_round.year, survey_round.year == OPEN_YEAR
    questions = surveys.edition_questions(survey_round.edition)
    slot_list = surveys.slots(questions)
    rules = {q.pk: validation.Rule.of(q) for q in questions}
    statuses = open_round_statuses(profiles) if is_open else {}
    plans, rows = {}, []
    for response in responses:
        code = response.municipality.code
        rng = random.Random(f"{SEED}:{year}:{code}:plan")
        plan = _open_plan(rng, statuses[code], code) if is_open else _past_plan(rng, year)
        plans[code] = plan
        generated = Respondent(profiles[code], year, stretch).answers(slot_list, rules)
        generated = generated[: round(len(generated) * plan.answered_share)]
        rows.extend(_answer_rows(response, generated, plan.answered_at))
    return plans, rows


def _review(survey_round: Round, responses, plans, profiles) -> None:
    """Reopen answers of returned responses; audit the open round's state changes."""
    for response in responses:
        code = response.municipality.code
        plan, reopened = plans[code], []
        if plan.status == Status.RETURNED:
            rng = random.Random(f"{SEED}:{survey_round.year}:{code}:review")
            reopened = _reopen(response, rng)
        if survey_round.year == OPEN_YEAR:
            _record_transitions(response, plan, profiles[code], reopened)


def _generate_round(year: int, profiles: dict[str, Profile], stretch: float) -> RoundSummary:
    is_open = year == OPEN_YEAR
    survey_round = surveys.open_round(
        year=year,
        edition=Edition.objects.get(year=year),
        opens_on=opening_day(year),
        deadline=OPEN_DEADLINE if is_open else datetime.date(year, 3, 15),
        by=None,
    )
    responses = list(survey_round.responses.select_related("municipality").order_by("pk"))
    plans, rows = _answer(survey_round, responses, profiles, stretch)
    _insert(Answer, rows)
    _copy_revisions(survey_round)
    _apply_plans(responses, plans)
    _review(survey_round, responses, plans, profiles)
    if not is_open:
        Round.objects.filter(pk=survey_round.pk).update(status=Round.Status.CLOSED)
    summary = RoundSummary(year, len(responses), len(rows), _status_counts(plans.values()))
    audit.record(
        actor=None,
        action="demo.round_generated",
        target=survey_round,
        seed=SEED,
        responses=summary.responses,
        answers=summary.answers,
        statuses=summary.statuses,
    )
    return summary


def surveys_exist() -> bool:
    return Round.objects.filter(year__in=YEARS).exists()


@transaction.atomic
def create_demo_surveys(
    *, progress: Callable[[RoundSummary], None] | None = None
) -> list[RoundSummary]:
    """Load the shipped editions (and planning directions, adopted in their files) and
    generate the demo rounds; [] when they already exist."""
    if surveys_exist():
        return []
    for path in catalogue.shipped_editions():
        catalogue.load_edition(path=path)
    for path in planning.shipped_directions():
        planning.load_direction(path=path)
    profiles = build_profiles()
    stretch = calibration_stretch(profiles)
    summaries = []
    for year in YEARS:
        summary = _generate_round(year, profiles, stretch)
        summaries.append(summary)
        if progress is not None:
            progress(summary)
    return summaries
