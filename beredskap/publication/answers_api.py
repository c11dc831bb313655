"""API v1 for municipalities: read and write one's own draft answers with a personal token.

Every write goes through `surveys.services.save_answer`, so validation, revisions (source
`api`), concurrent-edit detection and locking are those of the web form; who may read and
write is `registry.access`, and another municipality's response is a 404 as on the web.
The tokens themselves are made on the account page (`registry.services`). docs/api.md,
"Writing answers with a token", is the contract.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from beredskap import audit
from beredskap.catalogue.models import Question
from beredskap.registry import access
from beredskap.registry.services import authenticate_api_token
from beredskap.surveys import questionnaire, services, validation
from beredskap.surveys.models import Answer, Response

from .api_schemas import ErrorItem, Errors

DEFAULT_TOKEN_RATE = "300/m"
MAX_ITEMS = 1000
MUNICIPALITY = r"^[0-9]{4}$"
QUESTION = r"^[A-Za-z0-9_-]{1,40}$"
ACTIVITY = r"^[A-Za-z0-9_-]{1,30}$"


# --- authentication and rate -------------------------------------------------------


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bsk_…`: the token's owner acts, with the owner's roles."""

    def authenticate(self, request: HttpRequest, token: str):
        user = authenticate_api_token(token)
        if user is None:
            return None
        request.user = user  # the token decides, never a session cookie sent alongside
        # The site ignores Accept-Language (Swedish first); an API client has no switch.
        translation.activate(translation.get_language_from_request(request))
        return user


class TokenThrottle(SimpleRateThrottle):
    """A rate per user (all of the user's tokens together), from `settings.API_TOKEN_RATE`
    on every request so that an override takes effect at once; None switches it off.
    Token clients are not held to the anonymous per-address rate."""

    scope = "api-v1-token"

    def __init__(self):
        self.rate = None
        self.num_requests = self.duration = None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, "API_TOKEN_RATE", DEFAULT_TOKEN_RATE)
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


router = Router(auth=TokenAuth(), throttle=TokenThrottle(), tags=["answers"])


# --- shapes ------------------------------------------------------------------------


class SlotOut(Schema):
    question: str = Field(description="Question code.", examples=["KON_PLAN"])
    activity: str | None = Field(
        description="Activity code for questions asked per activity; null for the "
        "municipality as a whole.",
        examples=["sabo"],
    )
    area: str = Field(description="Code of the question's area.")
    kind: str = Field(
        description="yes_no, single_choice, multiple_choice, maturity, number, share or text "
        "(an open list)."
    )
    text: dict[str, str] = Field(description="The question in both languages (sv, en).")
    choices: list[str] = Field(
        description="Allowed codes of choice questions; empty for other kinds."
    )
    required: bool
    evidence: bool = Field(description="Whether the question asks for a document and date.")
    asked: bool | None = Field(
        description="Whether the question is asked given the other answers; null while the "
        "answer it depends on is missing."
    )
    editable: bool = Field(description="Whether a write to this answer can be accepted now.")
    value: Any = Field(description="The current answer; null when unanswered.")
    version: int = Field(description="Send this back as `version` when writing; 0 if unsaved.")
    prefilled: bool = Field(description="Copied from last year and not yet confirmed.")
    comment: str
    evidence_reference: str
    evidence_date: datetime.date | None
    updated_at: datetime.datetime | None
    problem: str | None = Field(description="A contradiction with the answers it depends on.")
    review_comment: str | None = Field(description="The county board's note when returned.")


class ResponseOut(Schema):
    year: int
    municipality: str = Field(examples=["0380"])
    municipality_name: str = Field(examples=["Uppsala"])
    edition: int
    status: str = Field(description="draft, submitted, returned or approved.")
    locked: bool = Field(description="Submitted or approved: nothing can be written.")
    deadline: datetime.date
    last_activity_at: datetime.datetime | None
    return_comment: str = Field(description="The county board's comment when returned.")
    answered: int
    total: int
    items: list[SlotOut]


class AnswerIn(Schema):
    value: Any = Field(
        description="The answer in the question's form (a code, a list of codes, a number, "
        '{"numerator", "denominator"}, a text); null clears it.'
    )
    version: int = Field(
        ge=0, description="The answer's version when you read it (0 for a new answer)."
    )
    comment: str = Field("", max_length=5000)
    evidence_reference: str = Field(
        "", max_length=250, description="The document; only for questions with evidence."
    )
    evidence_date: datetime.date | None = Field(
        None, description="The decision date; only for questions with evidence."
    )


class ItemIn(AnswerIn):
    question: str = Field(pattern=QUESTION, description="Question code.")
    activity: str | None = Field(
        None, pattern=ACTIVITY, description="Activity code, for questions asked per activity."
    )


class ItemsIn(Schema):
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_ITEMS)


class AnswerOut(Schema):
    question: str
    activity: str | None
    value: Any
    version: int
    comment: str
    evidence_reference: str
    evidence_date: datetime.date | None
    prefilled: bool
    updated_at: datetime.datetime | None
    saved: bool = Field(
        description="False when the write changed nothing (the same answer was stored)."
    )


class Conflict(Errors):
    current: AnswerOut = Field(description="The answer someone else saved meanwhile.")
    attempted: Any = Field(description="The value you sent, as it would have been stored.")


class ItemError(ErrorItem):
    index: int = Field(description="Position of the item in `items`, from 0.")
    status: int = Field(description="What a single PUT of the item would have answered.")
    current: AnswerOut | None = Field(None, description="For a version conflict (409).")
    attempted: Any = Field(None, description="For a version conflict (409).")


class ItemErrors(Schema):
    errors: list[ItemError]


class ItemsOut(Schema):
    saved: int = Field(description="How many answers changed.")
    items: list[AnswerOut]


# --- helpers -----------------------------------------------------------------------


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


def _write(request, response: Response, slot: services.Slot, item: AnswerIn) -> tuple:
    """Save one answer unless it would store what is already stored: (answer, saved)."""
    question = slot.question
    if not question.evidence:
        given = {
            "evidence_reference": item.evidence_reference.strip(),
            "evidence_date": item.evidence_date,
        }
        for field, value in given.items():
            if value:
                raise Refused(422, field, _("This question does not ask for a document."))
    current = Answer.objects.filter(
        response=response, question=question, activity_code=slot.activity_code
    ).first()
    try:
        cleaned = validation.clean_value(validation.Rule.of(question), item.value)
    except validation.Invalid as exc:
        raise Refused(422, "value", str(exc)) from exc
    written = (cleaned, item.comment.strip(), item.evidence_reference.strip(), item.evidence_date)
    stored = (
        (current.value, current.comment, current.evidence_reference, current.evidence_date)
        if current
        else (None, "", "", None)
    )
    if written == stored:
        return current, False  # re-sending what is stored is not a change, nor a conflict
    try:
        answer = services.save_answer(
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
    except services.Locked as exc:
        raise Refused(423, None, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise Refused(404, "municipality", _("You may not change this response.")) from exc
    except ValidationError as exc:
        raise Refused(422, None, " ".join(exc.messages)) from exc
    return answer, True


def _refusal(error: Refused) -> Status:
    return Status(error.status, error.body())


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
    areas = questionnaire.build(response, may_edit=True)
    items = [
        {
            "question": slot.question.code,
            "activity": slot.activity_code or None,
            "area": area.area.code,
            "kind": slot.question.kind,
            "text": {"sv": slot.question.text_sv, "en": slot.question.text_en},
            "choices": [c["code"] for c in slot.question.choices],
            "required": slot.question.required,
            "evidence": slot.question.evidence,
            "asked": slot.asked,
            "editable": slot.editable,
            "value": slot.value,
            "version": slot.version,
            "prefilled": bool(slot.answer and slot.answer.prefilled),
            "comment": slot.answer.comment if slot.answer else "",
            "evidence_reference": slot.answer.evidence_reference if slot.answer else "",
            "evidence_date": slot.answer.evidence_date if slot.answer else None,
            "updated_at": slot.answer.updated_at if slot.answer else None,
            "problem": slot.problem or None,
            "review_comment": (slot.answer.review_comment or None) if slot.answer else None,
        }
        for area in areas
        for slot in area.slots
    ]
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
        "items": items,
    }


def _questions(response: Response) -> dict[str, Question]:
    return {q.code: q for q in services.edition_questions(response.round.edition)}


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


class _Failed(Exception):
    """Roll the batch back."""


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
    results, errors, seen = [], [], set()
    try:
        with transaction.atomic():
            for index, item in enumerate(payload.items):
                try:
                    slot = _slot(questions, item.question, item.activity)
                    if (slot.question.code, slot.activity_code) in seen:
                        raise Refused(
                            422, "question", _("The same answer is given more than once.")
                        )
                    seen.add((slot.question.code, slot.activity_code))
                    with transaction.atomic():
                        results.append((_write(request, response, slot, item), slot))
                except Refused as error:
                    errors.append(_item_error(index, error))
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


def _item_error(index: int, error: Refused) -> dict:
    field = error.parameter or ""
    return {
        "parameter": f"items[{index}]" + (f".{field}" if field else ""),
        "message": error.message,
        "index": index,
        "status": error.status,
        **error.extra,
    }
