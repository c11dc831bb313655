"""The heat map's cells drawn by one filter call per row: the markup the per-cell template
drew before, cell for cell, escaped the same way."""

from django.template import Context, Template

from beredskap.results.presentation import Shown
from beredskap.results.templatetags.heatmap import heat_cells

#: The per-cell template the filter replaced (issue 12), as the reference.
PER_CELL = Template(
    '{% for cell in cells %}<td class="hm {{ cell.css }}">{% if cell.symbol %}'
    '<span aria-hidden="true">{{ cell.symbol }}</span> {% endif %}{{ cell.brief }}</td>'
    "{% endfor %}"
)

CELLS = [
    Shown("Uppfyllt (5/7)", "Uppfyllt (5/7)", "green", "●", None, "5/7"),
    Shown("45 %", "Svag", "red", "○"),
    Shown("–", "Ej tillämpligt", "none"),
    Shown("", "Visas inte för dig", "hidden", short="dold"),
    Shown("<b>&\"'", "x", "yellow", "◐"),  # escaped as the template escapes
]


def test_heat_cells_draw_what_the_per_cell_template_drew():
    expected = PER_CELL.render(Context({"cells": CELLS}))
    assert heat_cells(CELLS) == expected
    assert "&lt;b&gt;&amp;&quot;&#x27;" in heat_cells(CELLS)
    assert heat_cells([]) == ""


def test_a_row_of_repeated_cells_reuses_each_distinct_cell():
    row = [CELLS[0]] * 50 + [CELLS[1]] * 50
    assert heat_cells(row) == PER_CELL.render(Context({"cells": row}))
