"""Result cells as markup: the heat map's, one filter call per row, and any table's shown
cell (`{{ cell|shown }}`).

The national overview's heat map has some 15,000 cells. Drawn through template tags,
each cell cost several variable lookups, lazy-aware escapes and an `{% if %}`: over half
of the page's server time (issue 12). Here a row's cells are joined in one call, and each
distinct cell (class, symbol, text: a page has a few hundred) is escaped and built once.
A municipality's profile draws some 300 cells (its own, county, group, nation and the
trend of each indicator); as an `{% include %}` each cost a template context and half the
page's rendering, as a filter a few string joins. The markup is what the templates drew
before, cell for cell.
"""

from functools import lru_cache
from html import escape

from django import template
from django.utils.html import conditional_escape
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


@register.filter
def shown(cell) -> SafeString:
    """One shown cell (`presentation.Shown`, or None for an empty one): its class colours
    it, the symbol (hidden from screen readers) says the same as the text, and the label
    (the class in words, or why a value is hidden) follows when it says something more."""
    css = getattr(cell, "css", "")
    symbol = getattr(cell, "symbol", "")
    text = getattr(cell, "text", "")
    label = getattr(cell, "label", "")
    mark = f'<span aria-hidden="true">{conditional_escape(symbol)}</span> ' if symbol else ""
    if css == "hidden":
        body = conditional_escape(label)
    else:
        body = conditional_escape(text)
        if label and label != text:
            body += f' <span class="label">({conditional_escape(label)})</span>'
    # Safe: every part was escaped above.
    return mark_safe(f'<span class="cell {conditional_escape(css)}">{mark}{body}</span>')
