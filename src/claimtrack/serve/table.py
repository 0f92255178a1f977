"""The claims table as a desk: the shared filters, facet counts that filter when clicked,
sortable columns, pages, a box per row for bulk actions, and the same view as JSON (what
``claimtrack list -f json`` prints for the same options) and as CSV.

Everything here asks the one query layer (``claimtrack.select``): a ``Selection`` from
what was asked, a ``Query`` for the rows. Facets count the rows of one query each.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import attrs
from werkzeug.wrappers import Response

from claimtrack.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from werkzeug.datastructures import MultiDict

    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["FACETS", "PAGE_SIZE", "SORTABLE", "Asked", "asked", "claims_csv", "claims_json",
           "facets", "last_page", "table_values"]

PAGE_SIZE = 50
"""Claims per page of the table."""

TABLE_COLUMNS = ("id", "claimant", "claimant_name", "kind", "framing", "status", "made",
                 "statement", "tags")
"""The columns the table's rows carry."""

SORTABLE = {"id": "Claim", "claimant_name": "Claimant", "kind": "Kind", "framing": "Framing",
            "status": "Status", "made": "Made"}
"""The columns a header click sorts by, with their headings (in the order shown)."""

FACETS = ("status", "by", "kind", "framing", "attribution", "tag", "document")
"""The filters counted beside the table, by filter name."""

FACET_VALUES = 12
"""Values shown per facet, the most frequent first."""

FACET_LIMIT = 20_000
"""Facets are counted for views of at most this many claims: each facet is one GROUP BY
over the view (about 0.15-0.3 s per 10,000 claims for all seven, measured at 100,000 on
this 2-core machine under load), and the table must answer at once; a larger view says
to narrow it."""

_COUNTED = {"status": ("claims", "status"), "by": ("claims", "claimant"),
            "kind": ("claims", "kind"), "framing": ("appearances", "framing"),
            "attribution": ("appearances", "attribution"), "tag": ("claims", "tags"),
            "document": ("claims", "documents")}
"""What each facet counts: a view of the query layer and its column."""

_QUERY = ("sort", "page", "done")
"""What the table takes besides the filters (``done``: the message after a form)."""

_TWIN_QUERY = ("sort", "page", "columns", "limit")
"""What its JSON and CSV twins take besides the filters (``list``'s output options)."""


@attrs.frozen
class Asked:
    """What a request to the table asks: the filters as typed, the selection they mean
    (None, with ``error``, when they mean none), the sort, the page."""

    typed: dict[str, list[str]]
    selection: Selection | None
    error: str
    sort: str
    page: int

    def query(self, *, without: Sequence[str] = ("page",)) -> list[tuple[str, str]]:
        """The asked filters and sort as query pairs (leaving out ``without``)."""
        pairs = [(name, value) for name, values in self.typed.items() for value in values]
        if self.sort and "sort" not in without:
            pairs.append(("sort", self.sort))
        if self.page > 1 and "page" not in without:
            pairs.append(("page", str(self.page)))
        return pairs


def asked(index: Index, args: MultiDict[str, str], *, twin: bool = False) -> Asked:
    """Read the table's query (``twin``: its JSON or CSV twin's): every name must be a
    filter or one of ``_QUERY`` (``_TWIN_QUERY``)."""
    from claimtrack.errors import did_you_mean, one_of
    from claimtrack.inert import brief
    from claimtrack.select import FILTERS, Selection

    known = [f.name for f in FILTERS] + list(_TWIN_QUERY if twin else _QUERY)
    error = ""
    for name in args:
        if name not in known:
            error = (f"unknown query parameter '{brief(name, limit=80)}'; the table filters "
                     f"by {', '.join(f.name for f in FILTERS)}{did_you_mean(name, known)}")
            break
    once = [f.name for f in FILTERS if not f.many] + ["page", "limit" if twin else "sort"]
    for name in once:  # which one was meant? Taking the first would drop the rest unsaid.
        if len(args.getlist(name)) > 1:
            error = error or (f"{name}: given {len(args.getlist(name))} times; it takes "
                              "one value")
    typed = {f.name: [v.strip() for v in args.getlist(f.name) if v.strip()] for f in FILTERS}
    given: dict[str, Any] = {}
    for found in FILTERS:
        values = typed[found.name]
        if found.kind == "flag":
            if values and values[0] != "yes":
                error = error or f"{found.name}: expected yes or nothing"
            given[found.name] = bool(values) and values[0] == "yes"
        elif values:
            given[found.name] = values if found.many else values[0]
    selection: Selection | None = None
    try:
        selection = Selection.parse(index, **given)
    except UsageError as problem:
        error = error or page_words(str(problem), root=index.root)
    sort = args.get("sort", "").strip()
    if sort and not twin and sort.lstrip("-") not in SORTABLE:  # (a twin sorts as `list`)
        error = error or (f"sort: the table sorts by a column (a leading - for descending), "
                          f"not '{brief(sort, limit=40)}'; {one_of(list(SORTABLE))}")
        sort = ""
    page_text = args.get("page", "")
    if not page_text.strip():  # the page's own links and forms send none, or a blank
        page_text = "1"
    page = int(page_text) if page_text.isascii() and page_text.isdigit() and \
        len(page_text) < 10 else 0
    if page < 1:
        error = error or f"page: expected a whole number from 1, got '{brief(page_text, limit=40)}'"
        page = 1
    return Asked(typed, None if error else selection, error, sort, page)


def page_words(message: str, *, root: Path) -> str:
    """A library message as the page says it: the page names its own pages and forms where
    the command line names a command, and a file by its name in the claims folder ``root``
    (never the server's path to it)."""
    import re

    from claimtrack.serve.pages import in_folder

    for command, said in _PAGE_WORDS:
        message = re.sub(command, said, message)
    return in_folder(message, root=root)


_PAGE_WORDS = (
    (r"`claimtrack sources` lists every actor", "the Actors page lists every actor"),
    (r"an id is changed with `claimtrack rename OLD NEW`",
     "a claim's id is changed with the “Rename this claim” form on its page"),
    (r"`claimtrack check` says where", "a check of the folder says where"),
    (r"remove those relations first, or add --unlink",
     "remove those relations first, or tick “also remove the relations”"),
    (r"\(merge them with `claimtrack actor merge (\S+) (\S+)`\)",
     r"(merge one into the other on the page of actor \1 or \2)"),
    (r"\(`claimtrack actor merge (\S+) OTHER`\)", r"(on the page of actor \1)"),
)
"""Command-line advice in library messages (patterns), and what the web page says instead."""


@attrs.frozen
class FacetValue:
    """One value of a facet: what it filters by, how it reads, how many claims have it,
    the table's address with it toggled, and whether it is chosen."""

    value: str
    label: str
    count: int
    href: str
    chosen: bool


@attrs.frozen
class Facet:
    """A filter's values among the selected claims, the most frequent first."""

    name: str
    label: str
    values: tuple[FacetValue, ...]
    more: int
    """How many further values are not shown."""


def facets(index: Index, ask: Asked, *, total: int) -> list[Facet]:
    """The facet counts of the selected claims: for each of ``FACETS``, how many of them
    have each value (a claim counts once per value; several appearances, tags or documents
    count for each), counted by the query layer. ``total`` is how many claims the view
    holds: none are counted above ``FACET_LIMIT``."""
    from claimtrack.select import filter_named, tally

    if ask.selection is None or total > FACET_LIMIT:
        return []
    counts = {name: tally(index, ask.selection, column, view=view)
              for name, (view, column) in _COUNTED.items()}
    actors = index.actors()
    names = {a: actors[a].name for a, _ in counts["by"] if a in actors}
    shown = []
    for name in FACETS:
        found = filter_named(name)
        assert found is not None
        resolved = {typed: (index.actor_id(typed) or typed) if name == "by" else typed
                    for typed in ask.typed[name]}
        chosen = set(resolved.values())
        ranked = counts[name]
        values = tuple(
            FacetValue(value, names.get(value, value) if name == "by" else value,
                       _opened(index, href) if chosen and value not in chosen else number,
                       href, value in chosen)
            for value, number in ranked[:FACET_VALUES]
            for href in (_toggled(ask, name, value, resolved),))
        shown.append(Facet(name, found.label, values, max(0, len(ranked) - FACET_VALUES)))
    return shown


def _opened(index: Index, href: str) -> int:
    """How many claims the table's address ``href`` shows: a value added to a filter that
    has one already widens the view (either value), so its count is not the view's."""
    from urllib.parse import parse_qsl

    from werkzeug.datastructures import MultiDict

    from claimtrack.select import count

    selection = asked(index, MultiDict(parse_qsl(href.removeprefix("/?")))).selection
    return count(index, selection) if selection is not None else 0


def _toggled(ask: Asked, name: str, value: str, resolved: dict[str, str]) -> str:
    """The table's address with ``name=value`` added, or taken away when chosen
    (``resolved``: each typed value of the filter -> the value it means)."""
    pairs = [(k, v) for k, v in ask.query(without=("page",)) if k != name]
    if value in resolved.values():
        kept = [typed for typed, meant in resolved.items() if meant != value]
    else:
        kept = [*resolved, value]
    pairs += [(name, v) for v in kept]
    return "/?" + urlencode(pairs) if pairs else "/"


def last_page(total: int) -> int:
    """The number of the last page of a view of ``total`` claims (1 when it has none)."""
    return max(1, -(-total // PAGE_SIZE))


def table_values(index: Index, ask: Asked) -> dict[str, Any]:
    """What the table's template needs: rows of the page, count, pages, headings."""
    from claimtrack.rows import iter_rows
    from claimtrack.select import Query, count

    if ask.selection is None:
        total, rows = 0, []
    else:
        total = count(index, ask.selection)
        query = Query(selection=ask.selection, columns=TABLE_COLUMNS,
                      order=(ask.sort,) if ask.sort else (), limit=PAGE_SIZE,
                      offset=(ask.page - 1) * PAGE_SIZE)
        rows = list(iter_rows(index, query))
    last = last_page(total)
    base = ask.query(without=("page",))
    headings = []
    for column, heading in SORTABLE.items():
        current = "ascending" if ask.sort == column else \
            "descending" if ask.sort == f"-{column}" else ""
        flipped = f"-{column}" if current == "ascending" else column
        pairs = [(k, v) for k, v in base if k != "sort"] + [("sort", flipped)]
        headings.append({"column": column, "heading": heading, "sorted": current,
                         "href": "/?" + urlencode(pairs)})

    def page_href(number: int) -> str:
        pairs = [*base, ("page", str(number))] if number > 1 else base
        return "/?" + urlencode(pairs) if pairs else "/"

    pages = {"first": page_href(1), "previous": page_href(ask.page - 1),
             "next": page_href(ask.page + 1), "last": page_href(last)}
    twin = urlencode(base)
    return {"rows": rows, "total": total, "page": ask.page, "last": last,
            "page_size": PAGE_SIZE, "headings": headings, "pages": pages,
            "json_href": "/claims.json" + (f"?{twin}" if twin else ""),
            "csv_href": "/claims.csv" + (f"?{twin}" if twin else ""),
            "back": urlencode(ask.query())}


def _output(index: Index, args: MultiDict[str, str], fmt: str) -> tuple[Asked, str]:
    """The selected claims as ``claimtrack list -f FMT`` prints them for the same filters,
    ``sort``, ``columns`` and ``limit``; ``page`` takes that page of the table's rows."""
    from claimtrack.inert import brief
    from claimtrack.output import Output
    from claimtrack.rows import LIST_COLUMNS, columns, iter_cells, iter_rows
    from claimtrack.select import Query

    ask = asked(index, args, twin=True)
    if ask.selection is None:
        return ask, ""
    limit_text = args.get("limit", "").strip()
    if limit_text and not (limit_text.isascii() and limit_text.isdigit()
                           and len(limit_text) < 10):
        raise UsageError(f"limit: expected a number of rows, got '{brief(limit_text, limit=40)}'")
    output = Output(fmt=fmt, columns=_items(args.getlist("columns")),
                    sort=args.getlist("sort"),
                    limit=int(limit_text) if limit_text else None)
    available = [c.name for c in columns("claims")]
    output.check_columns(available)
    picked = output.picked(available, LIST_COLUMNS)
    limit, offset = output.limit, 0
    if "page" in args:
        offset = (ask.page - 1) * PAGE_SIZE
        limit = PAGE_SIZE if limit is None else min(limit, PAGE_SIZE)
    query = Query(selection=ask.selection, columns=tuple(picked), order=tuple(output.sort),
                  limit=limit, offset=offset)
    out = io.StringIO()
    if fmt == "csv":
        output.write_tuples(iter_cells(index, query), picked, out=out, safe=True,
                            ordered=True)
    else:
        output.write(iter_rows(index, query), available, LIST_COLUMNS, out=out, ordered=True)
    return ask, out.getvalue()


def _items(specs: Iterable[str]) -> list[str]:
    return [item.strip() for spec in specs for item in spec.split(",") if item.strip()]


def claims_json(index: Index, args: MultiDict[str, str]) -> Response:
    """The table's claims as JSON: what ``claimtrack list -f json`` prints for the same
    filters, ``sort``, ``columns`` and ``limit``."""
    import json

    try:
        ask, text = _output(index, args, "json")
        error = ask.error
    except UsageError as problem:
        error, text = page_words(str(problem), root=index.root), ""
    if error:
        return Response(json.dumps({"error": error}, ensure_ascii=False) + "\n", status=400,
                        content_type="application/json; charset=utf-8")
    return Response(text, content_type="application/json; charset=utf-8")


def claims_csv(index: Index, args: MultiDict[str, str]) -> Response:
    """The table's claims as CSV (every page; formula cells neutralised), what
    ``claimtrack list -f csv`` prints for the same options."""
    try:
        ask, text = _output(index, args, "csv")
        error = ask.error
    except UsageError as problem:
        error, text = page_words(str(problem), root=index.root), ""
    if error:
        return Response(error + "\n", status=400, content_type="text/plain; charset=utf-8")
    return Response(text, content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="claims.csv"'})
