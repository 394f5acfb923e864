import os
import pathlib
import subprocess
import sys
from io import StringIO

import grimp
import pytest
from django.core.management import call_command

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ("catalog", "comparisons", "config")
# STYLE.md: no module over this many lines outside tests, migrations and data.
MAX_MODULE_LINES = 400


@pytest.mark.django_db
def test_system_checks_are_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_catalog_never_imports_comparisons():
    """The house's one rule of shape: comparisons reads catalog, never the other way round."""
    catalog = ROOT / "catalog"
    offenders = [
        str(path) for path in catalog.rglob("*.py")
        if "comparisons" in "\n".join(line for line in path.read_text().splitlines() if "import" in line)
    ]
    assert offenders == []


def test_template_check_finds_a_comment_that_spans_lines(tmp_path, settings):
    from comparisons.checks import no_multiline_comments

    (tmp_path / "fine.html").write_text("{# one line #}\n{% comment %}\nmany\nlines\n{% endcomment %}\n")
    (tmp_path / "page.html").write_text("<p>\n{# starts here\n   ends here #}\n</p>\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    errors = no_multiline_comments()
    assert [(e.id, e.msg.split(":")[:2]) for e in errors] == [("versus.E001", ["page.html", "2"])]


def test_project_templates_have_no_comment_spanning_lines():
    from comparisons.checks import no_multiline_comments

    assert no_multiline_comments() == []


def test_no_module_is_over_400_lines():
    """A module that needs an essay to explain itself is a module to split (migrations and tests aside)."""
    too_long = {
        str(path.relative_to(ROOT)): n
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(module: str) -> None:
        # Iterative depth-first search: the graph is deep enough to hit the recursion limit one day.
        work = [(module, iter(sorted(graph.find_modules_directly_imported_by(module))))]
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle():
    """No two modules of the project import each other, directly or through others, counting imports
    inside functions (which hide a circle from Python but not from a reader)."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    cycles = []
    for component in _cycles(graph):
        first, *rest = component
        # One circle through the component's first module, as a reader would follow it.
        back = min((graph.find_shortest_chain(importer=m, imported=first) or () for m in rest), key=len)
        cycles.append(" -> ".join([*graph.find_shortest_chain(importer=first, imported=back[0]), *back[1:]]))
    assert cycles == []


def test_cycle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")]:
        graph.add_import(importer=importer, imported=imported)
    assert _cycles(graph) == [["a.x", "a.y", "a.z"]]


@pytest.mark.parametrize("module", ["tests.html", "tests.e2e.servers"])
def test_the_test_helpers_bench_scripts_import_load_before_django_is_set_up(module):
    """bench/audit.py and bench/sqlite_drills.py import these before Django is set up: a helper (or
    tests/__init__.py) that touched the database at import broke `make audit`."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr[-2000:]
