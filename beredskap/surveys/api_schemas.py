"""The shapes of the token API for answers, so the OpenAPI document states what is served.

Like the rest of API v1 (`publication/api/schemas.py`), these only grow within v1: new
fields may appear, none is renamed, retyped or removed (docs/api.md).
"""

import datetime
from typing import Any

from ninja import Field, Schema

from beredskap.registry.api import ErrorItem, Errors

MAX_ITEMS = 1000
QUESTION = r"^[A-Za-z0-9_-]{1,40}$"
ACTIVITY = r"^[A-Za-z0-9_-]{1,30}$"


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
