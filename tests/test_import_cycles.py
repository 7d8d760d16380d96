"""No import cycle inside corpus/ or tui/: the modules' imports form a directed acyclic graph.

The graph is grimp's (import-linter builds its contracts on it), without the imports under
`if TYPE_CHECKING:`, which never run. Imports inside a function body (lazy) count: one made
lazy to dodge a cycle is still a cycle, only moved to run time; the message marks them.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("corpus", "tui")


def _path(module: str) -> Path:
    base = ROOT.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


@cache
def _lazy_lines(module: str) -> frozenset[int]:
    """The lines of `module`'s import statements that sit in a function body."""
    lines: set[int] = set()
    tree = ast.parse(_path(module).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    lines.add(inner.lineno)
    return frozenset(lines)


def import_graph() -> dict[str, dict[str, list[tuple[int, bool]]]]:
    """importer -> imported -> [(line, lazy)], modules of corpus/ and tui/ only."""
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    edges: dict[str, dict[str, list[tuple[int, bool]]]] = {}
    for importer in sorted(graph.modules):
        edges[importer] = {}
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported.split(".")[0] not in PACKAGES or imported == importer:
                continue
            details = graph.get_import_details(importer=importer, imported=imported)
            edges[importer][imported] = sorted(
                (d["line_number"], d["line_number"] in _lazy_lines(importer)) for d in details
            )
    return edges


def strongly_connected(edges: dict[str, dict[str, list[tuple[int, bool]]]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module (iterative), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(edges.get(succ, {}))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
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
    return sorted(found)


def describe(component: list[str], edges: dict[str, dict[str, list[tuple[int, bool]]]]) -> str:
    inside = set(component)
    lines = [" ⇄ ".join(component)]
    for importer in component:
        for imported, where in edges[importer].items():
            if imported in inside:
                at = ", ".join(f"l.{line}{' (lazy, in a function)' if lazy else ''}" for line, lazy in where)
                lines.append(f"    {_path(importer).relative_to(ROOT)} {at} imports {imported}")
    return "\n".join(lines)


def test_the_import_graph_is_read():
    edges = import_graph()
    assert "corpus.model" in edges and "tui.palette" in edges
    assert sum(map(len, edges.values())) > 100  # it really holds the imports


def test_strongly_connected_finds_a_cycle_and_its_lazy_edge():
    edges = {"a": {"b": [(1, False)]}, "b": {"c": [(2, True)]}, "c": {"a": [(3, False)]}, "d": {"a": [(4, False)]}}
    assert strongly_connected(edges) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b": []}, "b": {}}) == []


def test_no_import_cycles():
    edges = import_graph()
    cycles = strongly_connected(edges)
    assert not cycles, f"{len(cycles)} import cycle(s) in corpus/ and tui/:\n" + "\n".join(
        describe(component, edges) for component in cycles
    )
