"""The house's style check: module sizes, function sizes and the direction of imports.

Run it as `uv run python tools/check_style.py` (CI does, in `.ci/run`). It reads the app
code under `beredskap/` (tests and migrations aside), prints what it measured, and exits 1
when a module passes MAX_MODULE_LINES, a function passes MAX_FUNCTION_LINES, or a module
imports an app that stands later in the dependency order than its own, or when the apps in the
tree, the order and ARCHITECTURE.md's table of apps disagree. The order is read
from ARCHITECTURE.md, from the one line that starts with ``Order:``, so the document and the
check cannot disagree: floors are separated by arrows, apps on one floor by commas. An app
may import apps on lower floors only; apps on one floor stay independent of each other.
"""

import ast
import math
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "beredskap"
ARCHITECTURE = ROOT / "ARCHITECTURE.md"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
GOAL_MEDIAN = 10
GOAL_P90 = 30
#: Project modules that are not apps: the wiring above every app (settings, urls, the
#: command line, the project's own tests) may import anything.
PROJECT_LEVEL = {
    "settings",
    "urls",
    "wsgi",
    "asgi",
    "cli",
    "views",
    "middleware",
    "context_processors",
    "health",
    "queue",
    "formats",
    "tests",
}


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    source: str
    target: str


def app_order(text: str) -> dict[str, int]:
    """Each app's floor from the ``Order:`` line of ARCHITECTURE.md (lowest floor 0)."""
    match = re.search(r"^Order:\s*(.+)$", text, re.MULTILINE)
    if not match:
        raise SystemExit("ARCHITECTURE.md has no line starting with 'Order:'")
    floors = [floor for floor in re.split(r"\s*(?:→|->)\s*", match.group(1).strip(" .`*"))]
    order = {}
    for index, floor in enumerate(floors):
        for app in floor.split(","):
            app = app.strip(" `*()")
            if app:
                order[app] = index
    return order


def tree_units() -> set[str]:
    """The apps and packages in the tree: every package directly under `beredskap/`."""
    return {
        path.parent.name
        for path in PACKAGE.glob("*/__init__.py")
        if path.parent.name not in PROJECT_LEVEL
    }


def table_mismatches(text: str, order: dict[str, int], units: set[str]) -> list[str]:
    """Where ARCHITECTURE.md's table of apps, its order and the tree disagree; a row whose
    purpose says "(to come)" names an app not built yet."""
    rows = dict(re.findall(r"^\| `(\w+)` \|[^|]*\|(.*)\|\s*$", text, re.MULTILINE))
    coming = {app for app, purpose in rows.items() if "(to come)" in purpose}
    built = rows.keys() - coming
    problems = [f"'{u}' is in the tree but not in the table" for u in units - rows.keys()]
    problems += [f"'{a}' is in the table but not in the tree" for a in built - units]
    problems += [f"'{a}' is in the order but not in the table" for a in order.keys() - rows.keys()]
    problems += [f"'{a}' is in the table but not in the order" for a in rows.keys() - order.keys()]
    problems += [f"'{a}' is marked to come but is in the tree" for a in coming & units]
    return sorted(problems)


def app_modules() -> list[Path]:
    """Every Python module of app code: tests and migrations are not measured."""
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts
        and "migrations" not in path.parts
        and path.name != "conftest.py"
    )


def unit_of(path: Path) -> str:
    """The app (or project-level module) a file belongs to: `beredskap/<unit>/...`."""
    first = path.relative_to(PACKAGE).parts[0]
    return first.removesuffix(".py")


def imported_units(tree: ast.AST, package: tuple[str, ...] = ("beredskap",)) -> list:
    """The `beredskap` units a module imports, wherever the import statement stands;
    relative imports are resolved from the module's `package` (e.g. ("beredskap", "x"))."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            parts = base + (node.module.split(".") if node.module else [])
            if not parts or parts[0] != "beredskap":
                continue
            if len(parts) > 1:
                found.append((node.lineno, parts[1]))
            else:
                found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "beredskap" and len(parts) > 1:
                    found.append((node.lineno, parts[1]))
    return found


def function_sizes(tree: ast.AST) -> list[tuple[int, int, str]]:
    """(lines, first line, name) of every function and method, nested ones included."""
    return [
        (node.end_lineno - node.lineno + 1, node.lineno, node.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def backward(imports: list[Import], order: dict[str, int]) -> list[str]:
    """Imports that point up the order or sideways to another app on the same floor."""
    problems = []
    for item in imports:
        if item.source in PROJECT_LEVEL or item.target == item.source:
            continue
        if item.source not in order:
            problems.append(f"{item.path}:{item.line}: app '{item.source}' is not in the order")
            continue
        if item.target not in order:
            if item.target not in PROJECT_LEVEL:
                problems.append(f"{item.path}:{item.line}: '{item.target}' is not in the order")
            else:
                problems.append(f"{item.path}:{item.line}: imports project-level '{item.target}'")
            continue
        if order[item.target] >= order[item.source]:
            where = "a higher floor" if order[item.target] > order[item.source] else "its floor"
            problems.append(
                f"{item.path}:{item.line}: {item.source} imports {item.target} ({where})"
            )
    return problems


def percentile(values: list[int], share: float) -> float:
    """The nearest-rank percentile: the smallest value with `share` of all at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def main() -> int:
    architecture = ARCHITECTURE.read_text(encoding="utf-8")
    order = app_order(architecture)
    table = table_mismatches(architecture, order, tree_units())
    sizes, functions, imports = [], [], []
    for path in app_modules():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        relative = path.relative_to(ROOT)
        sizes.append((len(text.splitlines()), relative))
        functions.extend((n, relative, line, name) for n, line, name in function_sizes(tree))
        source = unit_of(path)
        package = path.relative_to(ROOT).with_suffix("").parts[:-1]
        imports.extend(
            Import(relative, line, source, target)
            for line, target in imported_units(tree, package)
        )

    lengths = [n for n, *_ in functions]
    median, p90 = statistics.median(lengths), percentile(lengths, 0.9)
    big_modules = [(n, p) for n, p in sizes if n > MAX_MODULE_LINES]
    long_functions = sorted(
        (item for item in functions if item[0] > MAX_FUNCTION_LINES), reverse=True
    )
    wrong_way = backward(imports, order)

    print(f"modules: {len(sizes)}, lines: {sum(n for n, _ in sizes)}")
    print("largest modules:")
    for n, path in sorted(sizes, reverse=True)[:10]:
        print(f"  {n:5d}  {path}")
    print(f"functions: {len(lengths)}, median {median:g} lines, 90th percentile {p90:g}")
    print("longest functions:")
    for n, path, line, name in sorted(functions, reverse=True)[:10]:
        print(f"  {n:5d}  {path}:{line} {name}")
    print(f"modules over {MAX_MODULE_LINES} lines: {len(big_modules)}")
    for n, path in big_modules:
        print(f"  {path} ({n})")
    print(f"functions over {MAX_FUNCTION_LINES} lines: {len(long_functions)}")
    for n, path, line, name in long_functions:
        print(f"  {path}:{line} {name} ({n})")
    print(f"backward imports: {len(wrong_way)}")
    for problem in wrong_way:
        print(f"  {problem}")

    print(f"ARCHITECTURE.md against the tree: {len(table)} mismatches")
    for problem in table:
        print(f"  {problem}")

    failed = big_modules or long_functions or wrong_way or table
    failed = failed or median > GOAL_MEDIAN or p90 > GOAL_P90
    print("style check:", "FAILED" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
