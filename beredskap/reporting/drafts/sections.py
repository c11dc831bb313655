"""What the county report and the national compilation build alike.

Both are a list of sections made in order by one builder each, and both count the
support of the year by kind and by topic area in the same tables and chart; only whom the
activities reached differs (municipalities in a county, counties in the compilation).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from beredskap.support.models import SupportActivity

from .figures import bars_figure
from .reading import area_label, area_order
from .tables import Col, Section, Sheet, tabulate

#: Characters of a county's development text quoted in the compilation.
EXCERPT = 700

Builder = Callable[[object, Section, list[Sheet]], None]


def build_sections(
    context, headings: Iterable[tuple[str, str]], builders: dict[str, Builder]
) -> tuple[list[Section], list[Sheet]]:
    """The sections in order, each made by its builder, and the numbers of their tables."""
    sections, numbers = [], []
    for key, heading in headings:
        section = Section(key, heading)
        builders[key](context, section, numbers)
        sections.append(section)
    return sections, numbers


def no_round(year: int) -> str:
    return _(
        "There is no survey round for %(year)s, so this draft has no survey results or "
        "responses to draw on."
    ) % {"year": year}


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return f"{cut} …"


#: How many a group of activities reached (municipalities, or counties).
Reached = Callable[[list[SupportActivity]], int]


def support_tables(
    section: Section,
    numbers: list[Sheet],
    activities: list[SupportActivity],
    *,
    areas: dict[str, str],
    reached: tuple[str, Reached],
    figure_id: str,
    year: int,
) -> None:
    """The activities by kind and by topic area, and a bar chart by kind. The tables count
    activities, participants and whom they reached (`reached`: its header and its count)."""
    header, count = reached
    cols = [Col(_("Support activities"), True), Col(_("Participants"), True), Col(header, True)]
    kinds = _by_kind(activities, count)
    by_area = _by_area(activities, areas, count)
    for caption, sheet, first, rows in (
        (_("Support activities by kind"), _("Support by kind"), _("Kind"), kinds),
        (_("Support activities by topic area"), _("Support by area"), _("Topic area"), by_area),
    ):
        section.tables.append(
            tabulate(numbers, caption=caption, sheet=sheet, cols=[Col(first), *cols], rows=rows)
        )
    figure = bars_figure(
        figure_id,
        title=_("Support activities by kind, %(year)s") % {"year": year},
        counts=[(row[0], row[1]) for row in kinds],
    )
    if figure is not None:
        section.figures.append(figure)


def _counted(label: str, chosen: list[SupportActivity], reached: Reached) -> list:
    return [label, len(chosen), sum(a.participants for a in chosen), reached(chosen)]


def _by_kind(activities: list[SupportActivity], reached: Reached) -> list[list]:
    """[kind, activities, participants, reached] per kind used, in the kinds' order."""
    rows = []
    for kind in SupportActivity.Kind:
        chosen = [a for a in activities if a.kind == kind.value]
        if chosen:
            rows.append(_counted(str(kind.label), chosen, reached))
    return rows


def _by_area(activities: list[SupportActivity], names: dict[str, str], reached: Reached) -> list:
    """[area, activities, participants, reached] per topic area used, in the edition's order."""
    by_area: dict[str, list[SupportActivity]] = defaultdict(list)
    for a in activities:
        by_area[a.area_code].append(a)
    return [
        _counted(area_label(code, names), by_area[code], reached)
        for code in area_order(by_area, names)
    ]
