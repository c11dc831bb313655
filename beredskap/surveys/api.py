"""API v1 for municipalities: read and write one's own draft answers with a personal token.

This is a door into the survey, not a publication: every write goes through
`surveys.services.save_answer`, so validation, revisions (source `api`), concurrent-edit
detection and locking are those of the web form; who may read and write is
`registry.access`, and another municipality's response is a 404 as on the web. The router
is mounted on API v1 by `publication/api/` (a higher floor); the token, its rate and the
error body come from `registry/api.py`. The tokens themselves are made on the account page
(`registry.services`). docs/api.md, "Writing answers with a token", is the contract.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from beredskap import audit
from beredskap.catalogue.models import Question
from beredskap.registry import access
from beredskap.registry.api import Errors, TokenAuth, TokenThrottle

from . import questionnaire, services, structure, validation
from .api_schemas import (
    ACTIVITY,
    QUESTION,
    AnswerIn,
    AnswerOut,
    Conflict,
    ItemErrors,
    ItemsIn,
    ItemsOut,
    ResponseOut,
)
from .models import Answer, Response

MUNICIPALITY = r"^[0-9]{4}$"

router = Router(auth=TokenAuth(), throttle=TokenThrottle(), tags=["answers"])


# --- refusals ----------------------------------------------------------------------


class Refused(Exception):
    """One write refused: the status a PUT answers, and the error items."""

    def __init__(self, status: int, parameter: str | None, message: str, **extra):
        super().__init__(message)
        self.status, self.parameter, self.message, self.extra = status, parameter, message, extra

    def body(self) -> dict:
        return {
            "errors": [{"parameter": self.parameter, "message": self.message}],
            **self.extra,
        }


def _refusal(error: Refused) -> Status:
    return Status(error.status, error.body())


def _item_error(index: int, error: Refused) -> dict:
    field = error.parameter or ""
    return {
        "parameter": f"items[{index}]" + (f".{field}" if field else ""),
        "message": error.message,
        "index": index,
        "status": error.status,
        **error.extra,
    }


# --- the response and its slots ----------------------------------------------------


def _own_response(request, year: int, code: str) -> Response:
    """The response, if the token's owner answers for its municipality; else 404."""
    response = (
        Response.objects.select_related("round__edition", "municipality")
        .filter(round__year=year, municipality__code=code)
        .first()
    )
    if response is None or not access.may_edit_answers(request.auth, response):
        raise Refused(
            404,
            "municipality",
            _("No survey response %(year)s for municipality %(code)s that you have access to.")
            % {"year": year, "code": code},
        )
    return response


def _locked(response: Response) -> None:
    if response.is_locked:
        raise Refused(
            423,
            None,
            _("The response is %(status)s and locked.")
            % {"status": response.get_status_display()},
        )


def _questions(response: Response) -> dict[str, Question]:
    return structure.of(response.round.edition).by_code


def _slot(questions: dict[str, Question], code: str, activity: str | None) -> services.Slot:
    """The slot named by a question and activity code; 404 when the survey has none."""
    question = questions.get(code)
    if question is None:
        raise Refused(
            404, "question", _("Question %(code)s is not part of this survey.") % {"code": code}
        )
    slot = services.Slot(question, activity or "")
    try:
        services.check_slot(slot)
    except ValidationError as exc:
        raise Refused(404, "activity", " ".join(exc.messages)) from exc
    return slot


def _slot_out(area, slot) -> dict:
    """One answer place of the questionnaire as `SlotOut`."""
    question, answer = slot.question, slot.answer
    return {
        "question": question.code,
        "activity": slot.activity_code or None,
        "area": area.area.code,
        "kind": question.kind,
        "text": {"sv": question.text_sv, "en": question.text_en},
        "choices": [c["code"] for c in question.choices],
        "required": question.required,
        "evidence": question.evidence,
        "asked": slot.asked,
        "editable": slot.editable,
        "value": slot.value,
        "version": slot.version,
        "prefilled": bool(answer and answer.prefilled),
        "comment": answer.comment if answer else "",
        "evidence_reference": answer.evidence_reference if answer else "",
        "evidence_date": answer.evidence_date if answer else None,
        "updated_at": answer.updated_at if answer else None,
        "problem": slot.problem or None,
        "review_comment": (answer.review_comment or None) if answer else None,
    }


def _response_out(response: Response, areas: list) -> dict:
    """The response with every answer place, as `ResponseOut`."""
    return {
        "year": response.round.year,
        "municipality": response.municipality.code,
        "municipality_name": response.municipality.name,
        "edition": response.round.edition.year,
        "status": response.status,
        "locked": response.is_locked,
        "deadline": response.round.deadline,
        "last_activity_at": response.last_activity_at,
        "return_comment": response.return_comment,
        "answered": sum(a.answered for a in areas),
        "total": sum(a.total for a in areas),
        "items": [_slot_out(area, slot) for area in areas for slot in area.slots],
    }


# --- writing -----------------------------------------------------------------------


def _answer_out(answer: Answer | None, slot: services.Slot, *, saved: bool) -> dict:
    return {
        "question": slot.question.code,
        "activity": slot.activity_code or None,
        "value": answer.value if answer else None,
        "version": answer.version if answer else 0,
        "comment": answer.comment if answer else "",
        "evidence_reference": answer.evidence_reference if answer else "",
        "evidence_date": answer.evidence_date if answer else None,
        "prefilled": answer.prefilled if answer else False,
        "updated_at": answer.updated_at if answer else None,
        "saved": saved,
    }


def _no_evidence_unless_asked(question: Question, item: AnswerIn) -> None:
    if question.evidence:
        return
    given = {
        "evidence_reference": item.evidence_reference.strip(),
        "evidence_date": item.evidence_date,
    }
    for field, value in given.items():
        if value:
            raise Refused(422, field, _("This question does not ask for a document."))


def _write(request, response: Response, slot: services.Slot, item: AnswerIn) -> tuple:
    """Save one answer unless it would store what is already stored: (answer, saved)."""
    question = slot.question
    _no_evidence_unless_asked(question, item)
    current = Answer.objects.filter(
        response=response, question=question, activity_code=slot.activity_code
    ).first()
    try:
        cleaned = validation.clean_value(validation.Rule.of(question), item.value)
    except validation.Invalid as exc:
        raise Refused(422, "value", str(exc)) from exc
    if services.is_stored(
        current, cleaned, item.comment, item.evidence_reference, item.evidence_date
    ):
        return current, False  # re-sending what is stored is not a change, nor a conflict
    return _save(request, response, slot, item), True


def _save(request, response: Response, slot: services.Slot, item: AnswerIn) -> Answer:
    """`save_answer`, with each refusal of the service as the status the API answers."""
    try:
        return services.save_answer(
            response=response,
            slot=slot,
            value=item.value,
            expected_version=item.version,
            by=request.auth,
            comment=item.comment,
            evidence_reference=item.evidence_reference,
            evidence_date=item.evidence_date,
            source=Answer.Source.API,
        )
    except validation.Invalid as exc:
        raise Refused(422, "value", str(exc)) from exc
    except services.ConcurrentEdit as exc:
        raise Refused(
            409,
            "version",
            _(
                "Someone else saved this answer (now version %(current)s) after version "
                "%(version)s that you sent. Nothing was saved: read the answer again, decide, "
                "and send it with the new version."
            )
            % {"current": exc.current.version, "version": item.version},
            current=_answer_out(exc.current, slot, saved=False),
            attempted=exc.attempted,
        ) from exc
    except services.NotAsked as exc:
        raise Refused(422, "value", " ".join(exc.messages)) from exc
    except services.Locked as exc:
        raise Refused(423, None, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise Refused(404, "municipality", _("You may not change this response.")) from exc
    except ValidationError as exc:
        raise Refused(422, None, " ".join(exc.messages)) from exc


def _write_items(request, response: Response, questions: dict, items: list) -> tuple:
    """Write each item in its own savepoint: ([((answer, saved), slot)], [item errors])."""
    results, errors, seen = [], [], set()
    for index, item in enumerate(items):
        try:
            slot = _slot(questions, item.question, item.activity)
            if (slot.question.code, slot.activity_code) in seen:
                raise Refused(422, "question", _("The same answer is given more than once."))
            seen.add((slot.question.code, slot.activity_code))
            with transaction.atomic():
                results.append((_write(request, response, slot, item), slot))
        except Refused as error:
            errors.append(_item_error(index, error))
    return results, errors


class _Failed(Exception):
    """Roll the batch back."""


YearPath = Path(..., ge=1900, le=2999, description="The survey round's year.", example=2025)
MunicipalityPath = Path(
    ..., pattern=MUNICIPALITY, description="Municipality code, e.g. 0380.", example="0380"
)
AUTH_ERRORS = {401: Errors, 429: Errors}


# --- endpoints ---------------------------------------------------------------------


@router.get(
    "/responses/{year}/{municipality}",
    response={200: ResponseOut, 304: None, 404: Errors, 422: Errors, **AUTH_ERRORS},
    summary="Get your municipality's response",
    url_name="response",
)
def get_response(request, year: int = YearPath, municipality: str = MunicipalityPath):
    """Your own municipality's survey response in a round: its status and every answer
    place (question, and activity for questions asked per activity) with the current
    value and version, whether it is asked and whether it can be written now. Needs a
    token of a respondent or approver of the municipality; any other is a 404."""
    try:
        response = _own_response(request, year, municipality)
    except Refused as error:
        return _refusal(error)
    return _response_out(response, questionnaire.build(response, may_edit=True))


@router.put(
    "/responses/{year}/{municipality}/answers/{question}",
    response={
        200: AnswerOut,
        400: Errors,
        404: Errors,
        409: Conflict,
        422: Errors,
        423: Errors,
        **AUTH_ERRORS,
    },
    summary="Write one answer",
    url_name="answer",
)
def put_answer(
    request,
    payload: AnswerIn,
    year: int = YearPath,
    municipality: str = MunicipalityPath,
    question: str = Path(
        ..., pattern=QUESTION, description="Question code, e.g. KON_PLAN.", example="KON_PLAN"
    ),
    activity: str | None = Query(
        None, pattern=ACTIVITY, description="Activity code, for questions asked per activity."
    ),
):
    """Save one answer of your own municipality's response as a new revision (source
    `api`), with the same validation and locking as the web form. Send the `version` you
    read: if someone saved the answer since, nothing is saved and the answer is 409 with
    both values. Sending what is already stored saves nothing (`saved: false`)."""
    try:
        response = _own_response(request, year, municipality)
        _locked(response)
        slot = _slot(_questions(response), question, activity)
        answer, saved = _write(request, response, slot, payload)
    except Refused as error:
        return _refusal(error)
    return _answer_out(answer, slot, saved=saved)


@router.post(
    "/responses/{year}/{municipality}/answers",
    response={
        200: ItemsOut,
        400: Errors,
        404: Errors,
        422: ItemErrors | Errors,
        423: Errors,
        **AUTH_ERRORS,
    },
    summary="Write many answers, all or nothing",
    url_name="answers",
)
def post_answers(
    request, payload: ItemsIn, year: int = YearPath, municipality: str = MunicipalityPath
):
    """Save a list of answers of your own municipality's response in one transaction:
    either every item is saved, or nothing is and each failing item is reported (422)
    with its `index` and the `status` a single PUT of it would have answered. Items
    that repeat what is stored are skipped, so a system may send all its answers."""
    try:
        response = _own_response(request, year, municipality)
        _locked(response)
    except Refused as error:
        return _refusal(error)
    questions = _questions(response)
    try:
        with transaction.atomic():
            results, errors = _write_items(request, response, questions, payload.items)
            if errors:
                raise _Failed
            saved = sum(1 for (_answer, was_saved), _slot in results if was_saved)
            if saved:
                audit.record(
                    actor=request.auth,
                    action="response.api_saved",
                    target=response,
                    answers=saved,
                    token=getattr(getattr(request.auth, "api_token", None), "prefix", ""),
                )
    except _Failed:
        return Status(422, {"errors": errors})
    return {
        "saved": saved,
        "items": [_answer_out(answer, slot, saved=s) for (answer, s), slot in results],
    }
