"""The heat map's cells drawn by one filter call per row, and any table's shown cell by one
filter call: the markup the templates drew before, cell for cell, escaped the same way."""

from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from beredskap.results.presentation import Shown
from beredskap.results.templatetags.cells import heat_cells, shown

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


#: The include the `shown` filter replaced (issue 12: half of a profile page's rendering).
INCLUDED = Template(
    '<span class="cell {{ s.css }}">{% if s.symbol %}<span aria-hidden="true">{{ s.symbol }}'
    '</span> {% endif %}{% if s.css == "hidden" %}{{ s.label }}{% else %}{{ s.text }}'
    '{% if s.label and s.label != s.text %} <span class="label">({{ s.label }})</span>'
    "{% endif %}{% endif %}</span>"
)

texts = st.text(alphabet=st.sampled_from("ab<>&\"' 5%–●"), max_size=6)


@given(
    text=texts,
    label=texts,
    css=st.sampled_from(["green", "yellow", "red", "none", "hidden", "<x>"]),
    symbol=st.sampled_from(["", "●", "<"]),
)
def test_a_shown_cell_is_what_the_included_template_drew(text, label, css, symbol):
    cell = Shown(text, label, css, symbol)
    assert shown(cell) == INCLUDED.render(Context({"s": cell}))


def test_a_missing_cell_and_a_lazy_label_draw_as_before():
    assert shown(None) == INCLUDED.render(Context({"s": None}))
    cell = Shown("–", gettext_lazy("No value"), "none")
    with translation.override("sv"):
        assert shown(cell) == INCLUDED.render(Context({"s": cell}))
        assert "(Inget värde)" in shown(cell)
