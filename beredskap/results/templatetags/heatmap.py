"""The heat map's cells as markup, one filter call per row.

The national overview's heat map has some 15,000 cells. Drawn through template tags,
each cell cost several variable lookups, lazy-aware escapes and an `{% if %}`: over half
of the page's server time (issue 12). Here a row's cells are joined in one call, and each
distinct cell (class, symbol, text: a page has a few hundred) is escaped and built once.
The markup is what the template drew before, cell for cell.
"""

from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def heat_cells(cells) -> SafeString:
    """The `<td>` of each shown cell (`presentation.Shown`) of a heat map row."""
    # Safe: `_cell` escapes every part it is given.
    return mark_safe("".join([_cell(c.css, c.symbol, c.brief) for c in cells]))


@lru_cache(maxsize=4096)
def _cell(css: str, symbol: str, brief: str) -> str:
    """One cell: its class colours it; the symbol says the same as the text, so screen
    readers skip it."""
    mark = f'<span aria-hidden="true">{escape(symbol)}</span> ' if symbol else ""
    return f'<td class="hm {escape(css)}">{mark}{escape(str(brief))}</td>'
