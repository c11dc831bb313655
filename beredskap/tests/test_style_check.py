"""tools/check_style.py, the check CI runs: it must catch what it promises to catch."""

import ast
import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "check_style.py"
spec = importlib.util.spec_from_file_location("check_style", TOOL)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)

ORDER_LINE = "Order: audit, notices → registry → surveys → results → publication, support → demo\n"
ORDER = check.app_order(ORDER_LINE)


def imports_of(source: str, code: str) -> list:
    found = check.imported_units(ast.parse(code), ("beredskap", source))
    return [check.Import(Path("x.py"), line, source, target) for line, target in found]


def test_the_order_puts_apps_on_floors():
    assert ORDER["audit"] == ORDER["notices"] == 0
    assert ORDER["publication"] == ORDER["support"] > ORDER["results"]
    assert max(ORDER.values()) == ORDER["demo"]


@pytest.mark.parametrize(
    "source, code",
    [
        ("surveys", "from beredskap.results import queries"),
        ("surveys", "def f():\n    from beredskap.publication.api import api"),
        ("registry", "import beredskap.surveys.models"),
        ("results", "from beredskap import publication"),
        ("publication", "from beredskap.support.models import SupportActivity"),  # same floor
        ("notices", "from beredskap import audit"),  # same floor
        ("results", "from beredskap.settings import DEBUG"),  # project level
        ("surveys", "from beredskap.planning import models"),  # not in the order
        ("surveys", "from ..results import queries"),  # relative, out of the app
    ],
)
def test_an_import_against_the_order_is_reported(source, code):
    assert len(check.backward(imports_of(source, code), ORDER)) == 1


@pytest.mark.parametrize(
    "source, code",
    [
        ("results", "from beredskap.surveys.models import Response"),
        ("demo", "from beredskap.publication import services"),
        ("surveys", "from .models import Round\nfrom beredskap.surveys import validation"),
        ("results", "from ..surveys.models import Response"),
        ("settings", "from beredskap.demo import services"),  # the wiring may import anything
        ("registry", "from django.db import models"),
    ],
)
def test_an_import_down_the_order_passes(source, code):
    assert check.backward(imports_of(source, code), ORDER) == []


def test_function_sizes_count_every_line_of_nested_functions_and_methods():
    code = "def outer():\n    def inner():\n        return 1\n    return inner\n\n\nclass A:\n    def m(self):\n        pass\n"
    sizes = {name: n for n, _line, name in check.function_sizes(ast.parse(code))}
    assert sizes == {"outer": 4, "inner": 2, "m": 2}


def test_the_percentile_is_the_nearest_rank():
    assert check.percentile(list(range(1, 11)), 0.9) == 9
    assert check.percentile([5], 0.9) == 5


def test_the_table_the_order_and_the_tree_must_agree():
    text = ORDER_LINE.replace("support", "support, learning") + (
        "| `registry` | 1 | x |\n| `learning` | 6 | lessons (to come) |\n| `ghost` | 2 | y |\n"
    )
    order = check.app_order(text)
    problems = check.table_mismatches(text, order, {"registry", "extra"})
    assert "'extra' is in the tree but not in the table" in problems
    assert "'ghost' is in the table but not in the tree" in problems
    assert "'ghost' is in the table but not in the order" in problems
    assert "'surveys' is in the order but not in the table" in problems
    assert not any("learning" in p for p in problems)


def test_the_house_passes_its_own_check(capsys):
    assert check.main() == 0, capsys.readouterr().out
