"""Drafts of the annual reports, generated from data (docs/reports.md).

A county board's report on a year opens each of its five sections (`COUNTY_SECTIONS`) with
a draft: the survey's completeness and the county's results, the support log, the support
needs addressed and still open, what the municipalities gave Socialstyrelsen, and the open
needs as starting points. People write the narrative after it. Kronoberg's national
compilation is drafted from the county reports that have been sent.

A report leaves the county board (to Kronoberg, then to the Government Offices), so its
readers are outsiders to the municipalities (`Reader`): municipality values only of public
indicators, the county's own aggregates as its board sees them, every other aggregate as the
public sees it, and aggregates over fewer than 3 municipalities suppressed, as the pages do
for those who may not see the members.

Everything is read up front in a fixed number of queries (no query per municipality or
county); the rest is arithmetic on light rows. Texts are made in the active language.

The package, by what a reader looks for: `tables` (what a draft is, and its cells),
`figures` (the SVG charts and maps), `reading` (what a draft reads, and who reads it),
`sections` (what both drafts build alike), `preparedness` and `county` (the county
report), `national` (the compilation). The support needs and the activities addressing
them are `results.support`'s.
"""

from .county import county_draft
from .national import NATIONAL_SECTIONS, national_draft
from .reading import PROGRESS, PROGRESS_LABELS, Reader
from .sections import no_round
from .tables import NOT_REPORTED, Draft, Figure, Section, Sheet, Table, percent

__all__ = [
    "NATIONAL_SECTIONS",
    "NOT_REPORTED",
    "PROGRESS",
    "PROGRESS_LABELS",
    "Draft",
    "Figure",
    "Reader",
    "Section",
    "Sheet",
    "Table",
    "county_draft",
    "national_draft",
    "no_round",
    "percent",
]
