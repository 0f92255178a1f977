"""The query layer: the filters declared once, selections that keep what a plain reading
keeps (tests/oracle.py), orders and pages as the Python sort of old gave them."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path
from typing import Any

import oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command

from claimtrack.index import Index
from claimtrack.output import Output
from claimtrack.rows import columns, iter_rows
from claimtrack.select import FILTERS, Query, Selection, compile_query, tally

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "claimtrack"
NAMES = {f.name for f in FILTERS}
ONLY_FILTERS = {"since", "until", "search", "flagged"}
"""Names no record field has: a list holding one of them (and three more filter names) is a
declaration of the filters."""


def _names_in(node: ast.AST) -> set[str]:
    """Filter names a literal collection, a class body, a signature or a call lists."""
    found: set[str] = set()
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        for item in node.elts:
            if isinstance(item, ast.Constant):
                found.add(item.value)
            elif isinstance(item, ast.Call) and item.args and isinstance(item.args[0],
                                                                          ast.Constant):
                found.add(item.args[0].value)
            elif isinstance(item, ast.Tuple) and item.elts and isinstance(item.elts[0],
                                                                           ast.Constant):
                found.add(item.elts[0].value)
    elif isinstance(node, ast.Dict):
        found.update(k.value for k in node.keys if isinstance(k, ast.Constant))
    elif isinstance(node, ast.ClassDef):
        found.update(s.target.id for s in node.body
                     if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name))
    elif isinstance(node, ast.FunctionDef):
        found.update(a.arg for a in [*node.args.args, *node.args.kwonlyargs])
    elif isinstance(node, ast.Call):
        found.update(k.arg for k in node.keywords if k.arg)
    return found & NAMES


def declarations(root: Path) -> list[tuple[str, set[str]]]:
    """(where, filter names) of each place under ``root`` that lists the shared filters:
    Python collections, classes, signatures and calls naming four or more of them (one
    only a filter has among them), and template lists of them."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = _names_in(node)
            if len(names) >= 4 and names & ONLY_FILTERS:
                found.append((f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}", names))
    for path in sorted(root.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            names = set(re.findall(r"""["']([a-z]+)["']""", line)) & NAMES
            if len(names) >= 4:
                found.append((f"{path.relative_to(root)}:{number}", names))
    return found


def test_each_filter_is_declared_once() -> None:
    found = declarations(PACKAGE)
    for name in sorted(NAMES):
        places = [where for where, names in found if name in names]
        assert len(places) == 1, (name, places)
    assert [where for where, _ in found] == [
        f"select.py:{_line_of('FILTERS: tuple[Filter, ...] = (')}"]


def _line_of(text: str) -> int:
    lines = (PACKAGE / "select.py").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(text))


def test_the_search_for_declarations_finds_copies() -> None:
    """A copy of the filter names in a tuple, a signature or a template line is found (the
    test above cannot pass by finding nothing)."""
    tree = ast.parse("SHOWN = ('by', 'via', 'status', 'search')\n"
                     "def parse(by, status, kind, since): ...\n"
                     "call(by=1, tag=2, about=3, flagged=True)\n")
    assert [len(_names_in(n)) for n in ast.walk(tree) if _names_in(n)] == [4, 4, 4]


def test_the_command_line_and_the_page_show_the_declared_filters() -> None:
    from claimtrack.cli import app

    command = get_command(app)
    for name in ("list", "sources", "flags", "timeline", "export"):
        sub = command.commands[name]  # type: ignore[attr-defined]
        shown = [p.opts[0] for p in sub.params if getattr(p, "rich_help_panel", "") ==
                 "Filters"]
        assert shown == [f.option for f in FILTERS], name


# -- selections and orders against plain Python ---------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import golden

    return golden.make("generated", tmp_path_factory.mktemp("select"))


_VALUES = {
    "by": ["actor-1", "actor-2", "actor-3", "editorial", "unnamed"],
    "via": ["unnamed", "actor-4"],
    "voice": ["editorial"],
    "attribution": ["explicit", "inferred", "own"],
    "about": ["actor-5", "actor-6", "actor-7"],
    "status": ["unverified", "disputed", "refuted", "confirmed"],
    "kind": ["allegation", "denial", "threat", "event"],
    "framing": ["asserted", "reported", "alleged"],
    "document": ["doc-0", "doc-1", "doc-3"],
    "tag": ["contract", "camp", "ledger"],
    "search": ["item 1", "PORT", "says actor-1"],
}
_DATES = ["2015", "2017-06", "2018-03-14", "2020", "2021-12"]

selections = st.fixed_dictionaries({}, optional={
    **{name: st.lists(st.sampled_from(values), min_size=1, max_size=2)
       for name, values in _VALUES.items()},
    "since": st.sampled_from(_DATES), "until": st.sampled_from(_DATES)})


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(asked=selections)
def test_a_selection_keeps_what_a_plain_reading_keeps(folder: Path,
                                                      asked: dict[str, object]) -> None:
    data = oracle.load(folder)
    voices = {d.id: d.voice for d in data.documents.values()}
    with Index.open(folder, cache=False) as index:
        selection = Selection.parse(index, **asked)
        found = [r["id"] for r in iter_rows(index, Query(selection=selection,
                                                         columns=("id",)))]
    assert found == [c.id for c in data.claims.values()
                     if oracle.matches(selection, c, voices=voices)]


def _counted(claims: list[object], of: str) -> list[tuple[str, int]]:
    """How many claims have each value, in plain Python (the oracle's records)."""
    from collections import Counter

    def values(claim: Any) -> set[str]:
        if of in ("framing", "attribution"):
            return {str(getattr(a, of)) for a in claim.appearances}
        found = getattr(claim, of)
        return {str(v) for v in found} if isinstance(found, list | tuple) else {str(found)}

    counts: Counter[str] = Counter()
    for claim in claims:
        counts.update(v for v in values(claim) if v not in ("", "None"))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))


@settings(max_examples=30, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(asked=selections)
def test_a_tally_counts_what_a_plain_reading_counts(folder: Path,
                                                    asked: dict[str, object]) -> None:
    """The desk's facet counts: one GROUP BY per facet, equal to counting the selected
    claims in Python (a claim once per value, whatever its appearances or list repeat)."""
    data = oracle.load(folder)
    voices = {d.id: d.voice for d in data.documents.values()}
    with Index.open(folder, cache=False) as index:
        selection = Selection.parse(index, **asked)
        kept = [c for c in data.claims.values()
                if oracle.matches(selection, c, voices=voices)]
        for view, column, of in (("claims", "status", "status"),
                                 ("claims", "claimant", "claimant"),
                                 ("claims", "kind", "kind"), ("claims", "tags", "tags"),
                                 ("claims", "documents", "documents"),
                                 ("appearances", "framing", "framing"),
                                 ("appearances", "attribution", "attribution")):
            assert tally(index, selection, column, view=view) == _counted(kept, of), column


_SORTABLE = ["id", "claimant", "status", "made", "kind", "tags", "about", "credibility",
             "statement", "reviewed", "basis_reason"]
orders = st.lists(st.sampled_from(_SORTABLE), min_size=1, max_size=3, unique=True).flatmap(
    lambda names: st.tuples(*(st.sampled_from([n, f"-{n}"]) for n in names)))


@settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(order=orders, limit=st.none() | st.integers(0, 30), offset=st.integers(0, 20))
def test_sql_orders_and_pages_as_the_python_sort_did(folder: Path, order: tuple[str, ...],
                                                     limit: int | None, offset: int) -> None:
    names = tuple(c.name for c in columns("claims"))
    with Index.open(folder, cache=False) as index:
        every = list(iter_rows(index, Query(columns=names)))
        sorted_in_sql = list(iter_rows(index, Query(columns=names, order=order, limit=limit,
                                                    offset=offset)))
    in_python = list(Output(sort=order).shape(every, names))
    end = None if limit is None else offset + limit
    assert sorted_in_sql == in_python[offset:end]


def test_a_page_is_one_statement_with_its_limit() -> None:
    query = Query(selection=Selection.of({"status": ["unverified"]}), columns=("id",),
                  order=("-made",), limit=200, offset=19800)
    compiled = compile_query(query)
    assert compiled.sql.count("SELECT") == 1
    assert compiled.sql.endswith("LIMIT ? OFFSET ?")
    assert compiled.params == ("unverified", 200, 19800)


def test_no_public_function_takes_a_where_string() -> None:
    """Selections travel as ``Selection``, never as SQL text with its parameters."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                args = {a.arg for a in itertools.chain(node.args.args, node.args.kwonlyargs)}
                if args & {"where", "scope", "condition"} and args & {"params", "parameters",
                                                                      "scope_params"}:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert offenders == []


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.none() | st.integers(-5, 5) | st.text(
    alphabet=st.sampled_from(['a', ' ', ',', '\t', '"', '\n', '\r', '=', 'é'])), min_size=1,
    max_size=4), max_size=6), delimiter=st.sampled_from([",", "\t"]))
def test_csv_rows_are_what_the_csv_writer_writes(rows: list[list[object]],
                                                 delimiter: str) -> None:
    """The joined fast path of output._csv_rows writes what csv.writer writes (a row
    holding a lone CR aside: that one is written all quoted)."""
    import csv
    import io

    from claimtrack.inert import visible
    from claimtrack.output import _csv_rows

    expected = io.StringIO()
    plain = csv.writer(expected, delimiter=delimiter, lineterminator="\n")
    quoted = csv.writer(expected, delimiter=delimiter, lineterminator="\n",
                        quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any("\r" in str(v) for v in row) else plain).writerow(row)
    assert _csv_rows(rows, delimiter) == visible(expected.getvalue(), keep="\t\r\n")
