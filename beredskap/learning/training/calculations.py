"""Pure rules of the training part: terms of office and plausible completion counts."""

import math

#: Swedish municipal terms of office are four years, starting the year after an election
#: (elections 2022, 2026, …): 2023-2026, 2027-2030, …
TERM_YEARS = 4
FIRST_TERM = 2023

#: How many completions per staff member a year is still plausible: some take a course
#: twice (a new version, a second role) and staff turn over during the year.
PLAUSIBLE_PER_STAFF = 1.5

#: The ceiling when nothing is known of a municipality's staff: more than the social
#: services of the largest municipality employ in one activity.
UNKNOWN_STAFF_CEILING = 20000


def term_start(year: int) -> int:
    """The first year of the term of office that `year` falls in."""
    return FIRST_TERM + TERM_YEARS * math.floor((year - FIRST_TERM) / TERM_YEARS)


def term_years(start: int) -> list[int]:
    return list(range(start, start + TERM_YEARS))


def term_label(start: int) -> str:
    return f"{start}–{start + TERM_YEARS - 1}"


def plausible_ceiling(staff: int | None) -> int:
    """The largest completion count a year believable for an activity with `staff` people
    (employees and managers), or for a municipality whose staff are not known (None)."""
    if staff is None or staff <= 0:
        return UNKNOWN_STAFF_CEILING
    return max(10, math.ceil(staff * PLAUSIBLE_PER_STAFF))


def share(count: int, staff: int | None) -> float | None:
    """Completions as a share (0 to 100) of the staff, or None without staff."""
    if not staff:
        return None
    return round(100 * count / staff, 1)
