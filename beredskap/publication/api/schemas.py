"""The shapes of API v1's responses, so the OpenAPI document states exactly what is served.

Within v1 these only grow: new fields may appear, none is renamed, retyped or removed
(docs/api.md). Enumerated things that may grow with the catalogue (kinds, verdicts,
classes) are plain strings here, so a new value is not a breaking change.
"""

import datetime

from ninja import Field, Schema


class Text(Schema):
    """A text in both languages of the service."""

    sv: str
    en: str


class CountyOut(Schema):
    code: str = Field(description="SCB county code, two digits.", examples=["03"])
    name: str = Field(examples=["Uppsala län"])


class CountyList(Schema):
    items: list[CountyOut]


class MunicipalityOut(Schema):
    code: str = Field(description="SCB municipality code, four digits.", examples=["0380"])
    name: str = Field(examples=["Uppsala"])
    county: str = Field(description="County code.", examples=["03"])
    group: str | None = Field(
        description="SKR municipality group in force in `year`; null before any grouping.",
        examples=["B3"],
    )


class MunicipalityPage(Schema):
    year: int = Field(description="The year whose SKR grouping is shown.")
    grouping_year: int | None = Field(
        description="The SKR grouping in force in `year` (the latest from that year or before)."
    )
    items: list[MunicipalityOut]
    next: str | None = Field(description="URL of the next page; null on the last page.")


class GroupOut(Schema):
    code: str = Field(examples=["A1"])
    name: str = Field(examples=["Storstäder"])
    municipalities: list[str] = Field(description="Codes of the group's municipalities in `year`.")


class GroupList(Schema):
    year: int
    grouping_year: int | None
    items: list[GroupOut]


class AreaOut(Schema):
    code: str = Field(examples=["B"])
    name: Text


class AreaList(Schema):
    edition: int
    items: list[AreaOut]


class ActivityOut(Schema):
    code: str = Field(examples=["sabo"])
    name: Text


class ActivityList(Schema):
    edition: int
    items: list[ActivityOut]


class IndicatorVersionOut(Schema):
    edition: int = Field(description="The catalogue edition (survey year) of this definition.")
    title: Text
    description: Text
    area: str = Field(description="Area code within the edition.")
    kind: str = Field(description="yes_no, share, count or maturity.")
    sensitivity: str = Field(
        description="public (all levels), aggregate (county, group and nation only) or "
        "restricted (never published: no values in the API)."
    )
    direction: str = Field(description="higher_is_better or lower_is_better.")
    activities: list[str] = Field(description="Activity codes; empty when municipality-wide.")
    comparable_with_previous: bool | None = Field(
        description="Whether the series continues from the previous edition; null when unknown."
    )
    change_note: Text | None = Field(description="What changed since the previous edition.")


class IndicatorOut(Schema):
    code: str = Field(examples=["KON01"])
    versions: list[IndicatorVersionOut] = Field(description="One per edition, oldest first.")


class IndicatorList(Schema):
    items: list[IndicatorOut]


class PlanShareOut(Schema):
    level: str = Field(description="county or nation.")
    unit_code: str = Field(description="SCB county code, or 0 for the nation.")
    municipalities: int = Field(description="Municipalities that have uploaded a plan.")
    self_reported_share: float | None = Field(
        description="Percent of them with a plan they report has all four required elements;"
        " null when suppressed (fewer than 3 municipalities)."
    )
    verified_share: float | None = Field(
        description="Percent of them with a plan the county board verified; null when"
        " suppressed (fewer than 3 municipalities)."
    )


class ReleaseOut(Schema):
    label: str = Field(description="Round year and release number.", examples=["2025.1"])
    year: int = Field(description="The survey round's year.")
    edition: int = Field(description="The catalogue edition the round used.")
    number: int = Field(description="1 for the first release; higher numbers are corrections.")
    released_at: datetime.datetime
    notes: str
    errata: str = Field(description="What a correction changed; empty for a first release.")
    value_count: int
    latest: bool = Field(description="Whether this is the round's newest current release.")
    values: str = Field(description="URL of this release's values.")
    continuity_plans: list[PlanShareOut] = Field(
        description="The continuity-plan indicator's self-reported and verified shares per"
        " county and for the nation, from the continuity register when the release was made."
    )


class ReleaseList(Schema):
    items: list[ReleaseOut]


class ValueOut(Schema):
    indicator: str = Field(examples=["KON01"])
    edition: int
    level: str = Field(description="municipality, county, group or nation.")
    unit: str = Field(
        description="Municipality, county or SKR group code, or SE for the nation.",
        examples=["0380"],
    )
    activity: str | None = Field(
        description="Activity code, * for the all-activities summary, null when municipality-wide."
    )
    value: float | None
    numerator: float | None
    denominator: float | None
    verdict: str | None = Field(description="met, partly or not_met (yes/no indicators).")
    classification: str | None = Field(description="green, yellow or red.")
    reason: str | None = Field(
        description="Why the value is missing, e.g. not_applicable, not_answered or "
        "suppressed (an aggregate over fewer than 3 municipalities)."
    )
    units: int = Field(description="How many municipalities an aggregate stands on.")
    release: str = Field(examples=["2025.1"])


class ValuePage(Schema):
    release: str = Field(description="The release the values come from.")
    year: int
    items: list[ValueOut]
    next: str | None = Field(description="URL of the next page; null on the last page.")
