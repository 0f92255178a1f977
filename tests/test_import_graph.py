"""The index is the ground floor: no import cycle passes through ``claimtrack/index/``.

The graph is read from the source: every ``import`` and ``from … import`` in every module,
at the top or inside a function, and under ``if TYPE_CHECKING:`` too (a type the index
names from above would tie it to what it must not know).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "claimtrack"


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that module ``name`` imports anywhere in its source."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level
                                       + (path.name == "__init__.py")]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            submodules = {f"{module}.{a.name}" for a in node.names} & known
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(module)
    return (found & known) - {name}


def graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    every = modules()
    return {name: imports(name, path, set(every)) for name, path in every.items()}


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in edges:
        if root in order:
            continue
        work = [(root, iter(sorted(edges[root])))]
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in order:
                    order[child] = low[child] = len(order)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], order[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == order[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def _index(name: str) -> bool:
    return name == "claimtrack.index" or name.startswith("claimtrack.index.")


def test_no_import_cycle_passes_through_the_index() -> None:
    through = [sorted(c) for c in cycles(graph()) if any(_index(m) for m in c)]
    assert through == []


def test_the_index_imports_nothing_that_reads_it() -> None:
    """Whatever imports the index is above it; the index imports none of that."""
    edges = graph()
    above = {m for m in edges if not _index(m)
             and any(_index(t) for t in _reachable(edges, m))}
    below = {t for m in edges if _index(m) for t in _reachable(edges, m) if not _index(t)}
    assert below & above == set(), sorted(below & above)


def _reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in edges[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_graph_sees_imports_inside_functions_and_type_checking() -> None:
    """The reading catches the imports that once hid a cycle: function-local ones (the
    search cannot pass a test that cannot fail)."""
    edges = graph()
    assert "claimtrack.index" in edges["claimtrack.check"]  # at the top
    assert "claimtrack.index" in edges["claimtrack.show"]  # under TYPE_CHECKING
    assert "claimtrack.toml_lines" in edges["claimtrack.index"]  # inside a method
    made_up = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(made_up) == [{"a", "b", "c"}]
