"""The read side of the results pages, one module per page.

Every function here reads with a fixed number of queries, however many municipalities
there are or how many rounds have accumulated: values come back as light `Cell` rows,
the units a page shows picked by the database (`unit_filter`), each page's values read
once where it can (the overview's heat map and needs share one read), and the pages join
them in memory. The years a page links to come from the rounds, not from the values.
What a viewer may see is decided by `presentation.show`.

`cells` holds what every page starts from (the scope, columns, reading cells); the
others build one page each: `overview` (the heat map), `municipality`, `indicator` and
`county` (with the nation's needs), and `trends` the series they share. Other apps use
the names below as `queries.Column`, `queries.trend_cells` and so on.
"""

from .cells import (
    SUMMARY,
    AreaBlock,
    Column,
    Computed,
    Scope,
    Source,
    by_area,
    cells_by_key,
    columns,
    columns_of,
    index,
    read_cells,
    round_of,
    scope,
    versions,
)
from .county import county_page, nation_needs, needs_of_nation
from .indicator import Ranked, distribution, indicator_page, indicator_version
from .municipality import Profile, ProfileRow, municipality_profile
from .overview import (
    Heatmap,
    HeatRow,
    filters,
    group_standing,
    heatmap,
    municipalities,
    overview,
)
from .search import Found, fold, search
from .targets import Spread, TargetRow, municipality_targets, spread_targets, target_links
from .trends import TrendCell, history, segments, trend_cells, trend_row

__all__ = [
    "SUMMARY",
    "AreaBlock",
    "Column",
    "Computed",
    "Found",
    "HeatRow",
    "Heatmap",
    "Profile",
    "ProfileRow",
    "Ranked",
    "Scope",
    "Source",
    "Spread",
    "TargetRow",
    "TrendCell",
    "by_area",
    "cells_by_key",
    "columns",
    "columns_of",
    "county_page",
    "distribution",
    "filters",
    "fold",
    "group_standing",
    "heatmap",
    "history",
    "index",
    "indicator_page",
    "indicator_version",
    "municipalities",
    "municipality_profile",
    "municipality_targets",
    "nation_needs",
    "needs_of_nation",
    "overview",
    "read_cells",
    "round_of",
    "scope",
    "search",
    "segments",
    "spread_targets",
    "target_links",
    "trend_cells",
    "trend_row",
    "versions",
]
