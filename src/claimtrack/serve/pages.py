"""The pages: the claims table with the shared filters, one claim in full, a refusal.

Templates are Jinja2 with autoescaping on, so every value from the folder is text.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs
from werkzeug.wrappers import Response

from claimtrack.model import Attribution, ClaimKind, Framing, RelationType, Status

if TYPE_CHECKING:
    import jinja2
    from werkzeug.datastructures import MultiDict

    from claimtrack.index import Index
    from claimtrack.select import Selection

__all__ = ["PAGE_SIZE", "TABLE_COLUMNS", "Context", "claim", "claims", "claims_json",
           "refusal"]

PAGE_SIZE = 200
"""Claims per page of the table."""

TABLE_COLUMNS = ("id", "claimant_name", "kind", "framing", "status", "made", "statement",
                 "tags")
"""The columns the table shows."""

VOCABULARIES = {
    "status": [str(s) for s in Status], "kind": [str(k) for k in ClaimKind],
    "framing": [str(f) for f in Framing], "attribution": [str(a) for a in Attribution],
    "relation": [str(r) for r in RelationType],
}


@attrs.frozen
class Context:
    """What every page needs besides the data: the session's CSRF token, whether writes
    are allowed, the default reviewer and today's date."""

    csrf: str
    read_only: bool
    reviewer: str
    today: dt.date


@cache
def _templates() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("claimtrack.serve", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)


def _page(name: str, status: int = 200, **values: Any) -> Response:
    html = _templates().get_template(name).render(vocabularies=VOCABULARIES, **values)
    return Response(html, status=status, content_type="text/html; charset=utf-8")


def refusal(status: int, message: str) -> Response:
    """A short page saying why the request was refused."""
    return _page("refusal.html", status=status, message=message, code=status)


def _asked(index: Index, args: MultiDict[str, str]
           ) -> tuple[dict[str, list[str]], Selection | None, str]:
    """The form's filters as typed (by name), and the selection they mean (None, with the
    message, when they mean none: a query name the table does not take, a value no filter
    accepts)."""
    from claimtrack.errors import UsageError
    from claimtrack.select import FILTERS, Selection

    typed = {f.name: [v for v in args.getlist(f.name) if v.strip()] for f in FILTERS}
    error = _unknown(args)
    if error:
        return typed, None, error
    given: dict[str, Any] = {}
    for found in FILTERS:
        values = typed[found.name]
        if found.kind == "flag":
            given[found.name] = bool(values) and values[0].strip() == "yes"
        elif values:
            given[found.name] = values if found.many else values[0].strip()
    try:
        return typed, Selection.parse(index, **given), ""
    except UsageError as problem:
        return typed, None, str(problem)


def _unknown(args: MultiDict[str, str]) -> str:
    """Why the query cannot be the table's: a name it does not take, a flag not yes."""
    from claimtrack.errors import one_of
    from claimtrack.inert import brief
    from claimtrack.select import FILTERS

    taken = {*(f.name for f in FILTERS), "page"}
    for name in args:
        if name not in taken:
            return (f"unknown query parameter '{brief(name, limit=80)}'; "
                    f"{one_of(sorted(taken))}")
    for found in FILTERS:
        if found.kind == "flag" and args.get(found.name, "yes").strip() not in ("yes", ""):
            return f"{found.name}: expected yes or nothing"
    return ""


def _page_number(text: str, total: int) -> tuple[int, str]:
    """The page asked for (1 when none), and why it is refused: not a whole number from
    1 to the last page (a blank is page 1)."""
    from claimtrack.inert import brief

    last = max(1, -(-total // PAGE_SIZE))
    if not text.strip():
        return 1, ""
    if text.isascii() and text.isdigit() and len(text) <= 18 and 1 <= int(text) <= last:
        return int(text), ""
    return 1, (f"page: expected a whole number from 1 to {last}, got "
               f"'{brief(text, limit=40)}'")


def _paged(index: Index, args: MultiDict[str, str], columns: tuple[str, ...]
           ) -> tuple[dict[str, list[str]], int, int, list[Any], str]:
    """The filters as typed, how many claims they keep, the page asked for and its rows
    (counted and paged in SQL), and why the query is refused (empty when it is not)."""
    from claimtrack.rows import iter_rows
    from claimtrack.select import Query, count

    typed, selection, error = _asked(index, args)
    if selection is None:
        return typed, 0, 1, [], error
    total = count(index, selection)
    page, refused = _page_number(args.get("page", ""), total)
    query = Query(selection=selection, columns=columns, limit=PAGE_SIZE,
                  offset=(page - 1) * PAGE_SIZE)
    return typed, total, page, list(iter_rows(index, query)), refused


def claims(index: Index, args: MultiDict[str, str], context: Context) -> Response:
    """The claims table, filtered like ``claimtrack list``, a page at a time."""
    from claimtrack.select import FILTERS

    typed, total, page, rows, error = _paged(index, args, TABLE_COLUMNS)
    return _page("claims.html", status=400 if error else 200, rows=rows, total=total,
                 page=page, page_size=PAGE_SIZE, filters=FILTERS, chosen=typed, error=error,
                 ctx=context, title=_title(index),
                 query=[(k, v) for k, v in args.items(multi=True) if k != "page"])


def claims_json(index: Index, args: MultiDict[str, str]) -> Response:
    """The table's page as JSON, the rows ``claimtrack list -f json`` prints for the same
    filters, with the count and where the page stands."""
    import json

    from claimtrack.rows import LIST_COLUMNS

    _, total, page, rows, error = _paged(index, args, tuple(LIST_COLUMNS))
    if error:
        return Response(json.dumps({"error": error}, ensure_ascii=False), status=400,
                        content_type="application/json; charset=utf-8")
    claims = [{k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}
              for row in rows]
    body: dict[str, Any] = {"total": total, "page": page, "page_size": PAGE_SIZE,
                            "claims": claims}
    return Response(json.dumps(body, ensure_ascii=False, indent=2) + "\n",
                    content_type="application/json; charset=utf-8")


def _title(index: Index) -> str:
    titles = [t for (t,) in index.rows("SELECT title FROM dossiers WHERE live AND title != '' "
                                       "ORDER BY file, n")]
    return "; ".join(titles) or "Claims"


def claim(index: Index, claim_id: str, context: Context, *, done: str = "", error: str = "",
          status: int = 200) -> Response:
    """One claim in full, with the forms that change it."""
    from claimtrack.edit.api import claim_version
    from claimtrack.flags import FlagContext, find_flags
    from claimtrack.model import DRAFT_TAG
    from claimtrack.show import claim_detail, record_line

    detail = claim_detail(index, claim_id)
    documents = index.documents()
    for shown in detail["appearances"]:
        shown["parts"] = _marked(shown["context"], shown["quote"])
        shown["doc"] = documents.get(shown["document"])
    flags = find_flags(FlagContext(index=index, today=context.today, ids=[claim_id]))
    claim_record = index.claims([claim_id])[0]
    others = _neighbours(index, claim_id, [a["document"] for a in detail["appearances"]])
    actors = sorted(index.actors().values(), key=lambda a: a.name.casefold())
    return _page("claim.html", status=status, d=detail, record=claim_record,
                 version=claim_version(index, claim_id), flags=flags, others=others,
                 actors=actors, draft=DRAFT_TAG in detail["tags"], history=record_line(detail),
                 done=done, error=error,
                 ctx=context, title=detail["statement"])


def _neighbours(index: Index, claim_id: str, documents: list[str]) -> list[str]:
    """Claims to suggest for a link: those appearing in the claim's documents, a page of
    them (the field takes any id)."""
    from claimtrack.select import Query, Selection, execute

    query = Query(selection=Selection.of({"document": documents}), columns=("id",),
                  limit=PAGE_SIZE + 1)
    return [i for (i,) in execute(index, query) if i != claim_id][:PAGE_SIZE]


def _marked(context: str | None, quote: str) -> tuple[str, str, str]:
    """The sentence around a quote as (before, quote, after), to mark the quote."""
    marker = f"«{quote}»"
    at = context.find(marker) if context else -1
    if context is None or at < 0:
        return "", quote, ""
    return context[:at], quote, context[at + len(marker):]
