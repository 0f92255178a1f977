"""Select claims: the one declaration of the shared filters, and the one query layer.

``FILTERS`` declares each filter once — its field, kind, help, label and what it matches —
and everything else is derived from it: the command line's options, the web page's form,
the option names in error messages, and the SQL. A ``Selection`` is what a user asked,
resolved against the index (names to actor ids, vocabularies checked, dates parsed). A
``Query`` is a selection plus what to show of it: the rows of which table or view, which
columns, in what order, how many from where. ``compile`` turns a query into one SQL
statement: selecting, ordering and paging claims happen here, in SQL, and nowhere else.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack import vocab
from claimtrack.csvcell import neutralise_sql
from claimtrack.dates import PartialDate
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.model import DRAFT_TAG, Attribution, ClaimKind, Framing, Status
from claimtrack.words import fold

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["FILTERS", "KINDS", "VIEWS", "Compiled", "Filter", "Query", "Selection",
           "ViewColumn", "compile_query", "count", "execute", "filter_named", "ordering",
           "tally"]

KINDS = {
    "actor": "an actor: id, name or alias (case-insensitive)",
    "document": "a document id",
    "vocabulary": "a word of a vocabulary",
    "date": "a partial date (2023, 2023-08, 2023-09-24)",
    "text": "text",
    "flag": "on or off",
}
"""How a filter's values are typed and read."""


@attrs.frozen
class Filter:
    """One shared filter: the field it is named by, how its values are read (``kind``),
    what the command line's help and the web form's label say, and what it matches."""

    name: str
    kind: str
    help: str
    label: str
    match: str
    """How it becomes SQL: ``column:NAME`` (the claim's column is any of the values),
    ``list:NAME`` (the claim's list holds any), ``appearance:NAME`` (an appearance's
    column is any), ``appearance-list:NAME`` (an appearance's list holds any),
    ``document:NAME`` (the column of a document the claim appears in is any),
    ``made-from`` and ``made-to`` (the claim's partial date can fall after, before),
    ``text`` (the claim's texts hold each, case-folded), ``findings`` (the index keeps a
    finding of the claim)."""
    vocabulary: type[enum.Enum] | None = None

    @property
    def option(self) -> str:
        """The command line's option (and the web form's field is ``name``)."""
        return f"--{self.name}"

    @property
    def many(self) -> bool:
        """Whether it takes several values, meaning any of them."""
        return self.kind not in ("date", "flag")

    @property
    def values(self) -> list[str]:
        """The words a vocabulary filter accepts (none for the others)."""
        return [str(member.value) for member in self.vocabulary or ()]


FILTERS: tuple[Filter, ...] = (
    Filter("by", "actor", "Claimant: id, name or alias, case-insensitive. Repeat for any of "
           "several.", "Claimant", "column:claimant"),
    Filter("via", "actor", "An actor the claim is relayed through (an appearance's chain): "
           "id, name or alias.", "Relayed via", "appearance-list:via"),
    Filter("voice", "actor", "The voice (editorial actor) of a document the claim appears "
           "in.", "Voice of a document", "document:voice"),
    Filter("attribution", "vocabulary", "Whether an appearance names the claimant: explicit, "
           "inferred or own.", "Attribution", "appearance:attribution", Attribution),
    Filter("about", "actor", "An actor the claim concerns (id, name or alias).", "About",
           "list:about"),
    Filter("status", "vocabulary", "Current status (unverified, disputed, …).", "Status",
           "column:status", Status),
    Filter("kind", "vocabulary", "Claim kind (allegation, denial, …).", "Kind",
           "column:kind", ClaimKind),
    Filter("framing", "vocabulary", "How the document presents it (asserted, reported, …).",
           "Framing", "appearance:framing", Framing),
    Filter("document", "document", "Document id the claim appears in.", "Document",
           "list:documents"),
    Filter("tag", "text", "A tag of the claim.", "Tag", "list:tags"),
    Filter("since", "date", "Made on or after this partial date (2023, 2023-08, "
           "2023-09-24).", "Made since", "made-from"),
    Filter("until", "date", "Made on or before this partial date.", "Made until", "made-to"),
    Filter("search", "text", "Text in the statement, quote or words (case-insensitive).",
           "Search text", "text"),
    Filter("flagged", "flag", "Only claims with at least one flag (see `claimtrack flags`).",
           "Only flagged", "findings"),
)
"""Every filter a command that selects claims shares, in the order they are shown."""


def filter_named(name: str) -> Filter | None:
    """The filter called ``name``, if there is one."""
    return _BY_NAME.get(name)


_BY_NAME = {f.name: f for f in FILTERS}


# -- what a user asked, resolved ------------------------------------------------------------


@attrs.frozen
class Selection:
    """What to keep: for each filter given, its values (actor ids, vocabulary words, a
    partial date, text, or ``True``). Within one filter values mean "any of"; filters
    combine with "and". The empty selection keeps every claim."""

    chosen: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    drafts: bool = True
    """Whether claims still tagged ``draft`` are kept (publishing formats leave them out)."""
    reported: bool = False
    """Whether only the claims of the report being written are kept (those
    ``claimtrack.export.report.selected`` holds aside while it is written)."""

    def get(self, name: str) -> tuple[Any, ...]:
        """The values of the filter ``name`` (empty when not given)."""
        return dict(self.chosen).get(name, ())

    @classmethod
    def of(cls, values: Mapping[str, Iterable[Any]]) -> Selection:
        """A selection of values already resolved (filter name -> values)."""
        for name in values:
            if name not in _BY_NAME:
                raise TypeError(f"no filter named {name!r}")
        return cls(tuple((f.name, tuple(sorted(set(values[f.name]), key=str)))
                         for f in FILTERS if values.get(f.name)))

    @classmethod
    def parse(cls, index: Index, **given: Any) -> Selection:
        """Resolve what a user typed (filter name -> a list of texts, one text for a date,
        a bool for a flag); raise UsageError naming the field and what exists."""
        resolved: dict[str, list[Any]] = {}
        for name, raw in given.items():
            found = _BY_NAME.get(name)
            if found is None:
                raise TypeError(f"no filter named {name!r}")
            texts = [raw] if isinstance(raw, str) else [] if raw in (None, False) else \
                [True] if raw is True else list(raw)
            resolved[name] = [_resolve(index, found, text) for text in texts]
        return cls.of(resolved)

    def sql(self) -> tuple[str, list[Any]]:
        """The SQL condition on ``c`` (the claims table) that keeps the selected claims."""
        terms: list[str] = ["c.live"]
        params: list[Any] = []
        for name, values in self.chosen:
            condition, more = _MATCHERS[_BY_NAME[name].match.partition(":")[0]](
                _BY_NAME[name], values)
            terms.append(condition)
            params.extend(more)
        if not self.drafts:
            terms.append(f"NOT EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = "
                         f"'{DRAFT_TAG}')")
        if self.reported:
            terms.append("c.rid IN (SELECT rid FROM temp.report_claims)")
        return " AND ".join(terms), params

    def without_drafts(self) -> Selection:
        """The same selection, leaving out claims still tagged ``draft``."""
        return attrs.evolve(self, drafts=False)


def _resolve(index: Index, found: Filter, text: Any) -> Any:
    """One value as the selection keeps it; a UsageError names the filter's field."""
    try:
        if found.kind == "actor":
            return index.actor(text)
        if found.kind == "document":
            return _document(index, text)
        if found.kind == "vocabulary":
            return _word(found, text)
        if found.kind == "date":
            return PartialDate.parse(text)
    except ValueError as error:
        raise UsageError(str(error), field=found.name) from None
    except UsageError as error:
        raise UsageError(error.message, field=found.name) from None
    if found.match == "text":
        return fold(str(text))
    return text


def _document(index: Index, text: str) -> str:
    documents = [i for (i,) in index.rows("SELECT id FROM documents WHERE live "
                                          "ORDER BY file, n")]
    if text not in documents:
        raise UsageError(f"unknown document '{text}'{did_you_mean(text, documents)}; "
                         f"{one_of(sorted(documents))}")
    return text


def _word(found: Filter, text: str) -> str:
    assert found.vocabulary is not None
    return str(vocab.parse(found.vocabulary, text).value)


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _column(found: Filter, values: Sequence[Any]) -> tuple[str, list[Any]]:
    column = found.match.partition(":")[2]
    return f"c.{column} IN ({_marks(values)})", [str(v) for v in values]


def _list(found: Filter, values: Sequence[Any]) -> tuple[str, list[Any]]:
    column = found.match.partition(":")[2]
    return (f"EXISTS (SELECT 1 FROM json_each(c.{column}) WHERE value IN ({_marks(values)}))",
            [str(v) for v in values])


def _appearing(condition: str, values: Sequence[Any], joins: str = "") -> tuple[str, list[Any]]:
    return (f"EXISTS (SELECT 1 FROM appearances p {joins} WHERE p.parent = c.rid AND "
            f"{condition} IN ({_marks(values)}))", [str(v) for v in values])


def _since(found: Filter, values: Sequence[Any]) -> tuple[str, list[Any]]:
    # A partial date is a range: keep the claim when its range can fall inside. As text,
    # "2023-08" sorts inside "2023-08-00" .. "2023-08-99", which is enough to compare it
    # with the ends of another range.
    return ("c.made IS NOT NULL AND c.made || substr('-99-99', 1, 10 - length(c.made)) >= ?",
            [values[0].start.isoformat()])


def _until(found: Filter, values: Sequence[Any]) -> tuple[str, list[Any]]:
    return ("c.made IS NOT NULL AND c.made || substr('-00-00', 1, 10 - length(c.made)) <= ?",
            [values[0].end.isoformat()])


def _search(found: Filter, values: Sequence[Any]) -> tuple[str, list[Any]]:
    return (" AND ".join(["instr((SELECT s.haystack FROM search s WHERE s.parent = c.rid), ?)"
                          " > 0"] * len(values)), list(values))


_MATCHERS: dict[str, Any] = {
    "column": _column,
    "list": _list,
    "appearance": lambda found, values: _appearing(
        f"p.{found.match.partition(':')[2]}", values),
    "appearance-list": lambda found, values: _appearing(
        "j.value", values, f", json_each(p.{found.match.partition(':')[2]}) j"),
    "document": lambda found, values: _appearing(
        f"d.{found.match.partition(':')[2]}", values,
        "JOIN documents d ON d.id = p.document AND d.live"),
    "made-from": _since,
    "made-to": _until,
    "text": _search,
    # The index keeps every rule's findings (but stale-review's, which needs a day).
    "findings": lambda found, values: (
        "EXISTS (SELECT 1 FROM findings f WHERE f.parent = c.rid)", []),
}
"""How each kind of ``Filter.match`` becomes a condition on ``c``."""


# -- what to show of it ---------------------------------------------------------------------


@attrs.frozen
class ViewColumn:
    """A column of a view: its name, its type (as ``schema.Column.type``), its SQL, and
    the join its SQL needs, if any."""

    name: str
    type: str
    sql: str
    join: str = ""
    hidden: bool = False
    """Left out of the columns shown by default (a row's number in the index)."""


@attrs.frozen
class View:
    """Rows the query layer can list: their columns, where they come from, their order."""

    name: str
    columns: tuple[ViewColumn, ...]
    source: str
    """FROM … (``c`` is the claims table)."""
    selects: bool
    """Whether a selection narrows it (actors and documents are listed whole)."""
    order: str
    """The order rows come in when none is asked, and the last word on ties."""

    def column(self, name: str) -> ViewColumn:
        """The column called ``name`` (a UsageError names those there are)."""
        for column in self.columns:
            if column.name == name:
                return column
        names = [c.name for c in self.columns]
        raise UsageError(f"unknown column '{name}'; {one_of(names)}"
                         f"{did_you_mean(name, names)}")


@cache
def _views() -> dict[str, View]:
    from claimtrack.rows import TABLE_NAMES, columns

    claimant = "LEFT JOIN actors a ON a.id = c.claimant AND a.live"
    found: dict[str, View] = {}
    for table in TABLE_NAMES:
        if table == "claims":
            cells = tuple(ViewColumn(c.name, c.type, "COALESCE(a.name, c.claimant)", claimant)
                          if c.name == "claimant_name" else ViewColumn(c.name, c.type,
                                                                       f'c."{c.name}"')
                          for c in columns(table))
            cells += (ViewColumn("rid", "integer", "c.rid", hidden=True),)
            found[table] = View(table, cells, "claims c", True, "c.file, c.n")
        elif table in ("actors", "documents"):
            cells = tuple(ViewColumn(c.name, c.type, f'x."{c.name}"') for c in columns(table))
            found[table] = View(table, cells, f"{table} x", False, "x.file, x.n")
        else:
            cells = tuple(ViewColumn(c.name, c.type, f'x."{c.name}"') for c in columns(table))
            found[table] = View(table, cells, f"{table} x JOIN claims c ON c.rid = x.parent",
                                True, "c.file, c.n, x.position")
    for name, field in (("timeline", "c.made"), ("timeline-occurred", "c.occurred")):
        cells = (ViewColumn("date", "date", field),
                 ViewColumn("precision", "enum", f"CASE WHEN {field} IS NULL THEN NULL "
                            f"WHEN length({field}) = 4 THEN 'year' WHEN length({field}) = 7 "
                            "THEN 'month' ELSE 'day' END"),
                 *(ViewColumn(c.name, c.type, f"c.{c.name}") for c in columns("claims")
                   if c.name in ("id", "claimant", "kind", "status", "statement")))
        found[name] = View(name, cells, "claims c", True, "c.file, c.n")
    return found


VIEWS = ("claims", "actors", "documents", "appearances", "relations", "reviews", "timeline",
         "timeline-occurred")
"""What a query can list: the tables of exports and ``list``, and ``timeline``'s views."""


@attrs.frozen(kw_only=True)
class Query:
    """A selection and what to show of it: the rows of ``view`` (``VIEWS``), ``columns``
    (all by default), in ``order`` (column names, ``-name`` descending; blanks last either
    way; folder order on ties and by default), ``limit`` rows from ``offset``."""

    selection: Selection = Selection()
    view: str = "claims"
    columns: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    limit: int | None = None
    offset: int = 0

    @property
    def names(self) -> list[str]:
        """The columns the rows have, in order."""
        return list(self.columns) or [c.name for c in _views()[self.view].columns
                                      if not c.hidden]


@attrs.frozen
class Compiled:
    """A query as SQL: the statement and its parameters."""

    sql: str
    params: tuple[Any, ...]


def compile_query(query: Query, *, joined: str | None = None, safe: bool = False) -> Compiled:
    """The one SQL statement giving the query's rows.

    With ``joined`` (a separator), list columns come as their items joined by it rather
    than as JSON arrays; with ``safe``, a cell a spreadsheet would run as a formula comes
    with a leading ``'``.
    """
    view = _views()[query.view]
    shown = [view.column(name) for name in query.names]
    ordered = [view.column(key.lstrip("-")) for key in query.order]
    joins = " ".join(dict.fromkeys(c.join for c in [*shown, *ordered] if c.join))
    cells = [_cell(column, joined=joined, safe=safe) for column in shown]
    where, params = query.selection.sql() if view.selects else ("x.live", [])
    if view.selects and view.source.startswith(("appearances", "relations", "reviews")):
        where = f"x.live AND {where}"
    sql = (f"SELECT {', '.join(cells)} FROM {view.source} {joins} WHERE {where} "
           f"ORDER BY {ordering(query.order, {c.name: c for c in view.columns})}{view.order}")
    if query.limit is not None or query.offset:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, -1 if query.limit is None else query.limit, query.offset]
    return Compiled(sql, tuple(params))


def ordering(order: Sequence[str], columns: Mapping[str, ViewColumn]) -> str:
    """SQL ORDER BY terms (each followed by ``, ``) for ``order``: column names, ``-name``
    for descending. Blank values (none, empty text, an empty list) come last whichever the
    direction; text is compared case-folded, numbers as numbers."""
    terms = []
    for key in order:
        name = key.lstrip("-")
        column = columns.get(name)
        if column is None:
            names = list(columns)
            raise UsageError(f"unknown column '{name}'; {one_of(names)}"
                             f"{did_you_mean(name, names)}")
        value, blank = column.sql, f"{column.sql} IS NULL"
        if column.type == "list":
            blank += f" OR {value} = '[]'"
            value = f"casefold((SELECT group_concat(value, ', ') FROM json_each({value})))"
        elif column.type != "integer":
            blank += f" OR {value} = ''"
            if column.type == "text":
                value = f"casefold({value})"
        terms.append(f"({blank}), {value}{' DESC' if key.startswith('-') else ''}, ")
    return "".join(terms)


def _cell(column: ViewColumn, *, joined: str | None, safe: bool) -> str:
    if column.type in ("enum", "date", "integer"):
        return column.sql  # a vocabulary word, digits: nothing a spreadsheet runs
    if joined is not None and column.type == "list":
        item = neutralise_sql("value", only_if="j.key = 0 AND ") if safe else "value"
        return f"(SELECT group_concat({item}, '{joined}') FROM json_each({column.sql}) j)"
    return neutralise_sql(column.sql) if safe else column.sql


def count(index: Index, selection: Selection) -> int:
    """How many claims the selection keeps."""
    where, params = selection.sql()
    return int(index.value(f"SELECT count(*) FROM claims c WHERE {where}", params))


def tally(index: Index, selection: Selection, column: str, *, view: str = "claims"
          ) -> list[tuple[str, int]]:
    """How many of the selected claims have each value of ``column`` of ``view`` (one
    GROUP BY in SQL): a claim counts once per value, whether the value is in a list
    column (tags, documents) or on several of its records (its appearances); blank values
    are not counted. The most frequent first, then by value case-folded."""
    shown = _views()[view]
    found = shown.column(column)
    where, params = selection.sql()
    if shown.source.startswith(("appearances", "relations", "reviews")):
        where = f"x.live AND {where}"
    source = f"{shown.source} {found.join}"
    value, claims = found.sql, "count(*)"  # a claim has one value of its own columns
    if found.type == "list":
        source += f", json_each({found.sql}) j"
        value = "j.value"
    if found.type == "list" or shown.name != "claims":
        claims = "count(DISTINCT c.rid)"
    sql = (f"SELECT {value} AS v, {claims} AS n FROM {source} "
           f"WHERE ({where}) AND v IS NOT NULL AND v != '' GROUP BY v "
           "ORDER BY n DESC, casefold(v), v")
    return [(str(v), int(n)) for v, n in index.db.execute(sql, params)]


def execute(index: Index, query: Query, *, joined: str | None = None, safe: bool = False,
            batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """The query's rows as tuples of cells, fetched ``batch`` at a time."""
    compiled = compile_query(query, joined=joined, safe=safe)
    cursor = index.db.execute(compiled.sql, compiled.params)
    while chunk := cursor.fetchmany(batch):
        yield from chunk
