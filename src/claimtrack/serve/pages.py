"""The pages: the claims table with the shared filters, one claim in full, a refusal.

Templates are Jinja2 with autoescaping on, so every value from the folder is text.
"""

from __future__ import annotations

import datetime as dt
import itertools
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs
from werkzeug.wrappers import Response

from claimtrack.model import Attribution, ClaimKind, Framing, RelationType, Status

if TYPE_CHECKING:
    import jinja2
    from werkzeug.datastructures import MultiDict

    from claimtrack.index import Index

__all__ = ["PAGE_SIZE", "Context", "claim", "claims", "refusal"]

PAGE_SIZE = 200
"""Claims per page of the table."""

FILTERS = ("by", "via", "voice", "attribution", "about", "status", "kind", "framing",
           "document", "tag", "search")
"""The shared filters the table's form offers (``claimtrack list``'s), by query name."""

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


def claims(index: Index, args: MultiDict[str, str], context: Context) -> Response:
    """The claims table, filtered like ``claimtrack list``."""
    from claimtrack.errors import UsageError
    from claimtrack.rows import iter_rows
    from claimtrack.select import Selection, where

    chosen = {name: [v for v in args.getlist(name) if v.strip()] for name in FILTERS}
    error = _unknown(args)
    try:
        given: dict[str, Any] = {k: v for k, v in chosen.items() if v}
        selection = Selection.parse(index, **given,
                                    since=args.get("since", "").strip() or None,
                                    until=args.get("until", "").strip() or None,
                                    flagged=args.get("flagged") == "yes")
        sql, params = where(index, selection)
    except UsageError as problem:
        error, sql, params = error or str(problem), "0", []
    if error:
        sql, params = "0", []
    total = int(index.value(f"SELECT count(*) FROM claims c WHERE {sql}", params))
    page, refused = _page_number(args.get("page", ""), total)
    error = error or refused
    names = ["id", "claimant_name", "kind", "framing", "status", "made", "statement", "tags"]
    start = (page - 1) * PAGE_SIZE
    rows = list(itertools.islice(iter_rows(index, "claims", sql, params, names), start,
                                 start + PAGE_SIZE))
    return _page("claims.html", status=400 if error else 200, rows=rows, total=total,
                 page=page, page_size=PAGE_SIZE,
                 chosen=chosen, since=args.get("since", ""), until=args.get("until", ""),
                 flagged=args.get("flagged") == "yes",
                 error=error, ctx=context, title=_title(index),
                 query=[(k, v) for k, v in args.items(multi=True) if k != "page"])


_TABLE_QUERY = {*FILTERS, "since", "until", "flagged", "page"}
"""Every query name the table takes; any other is refused, not ignored."""


def _unknown(args: MultiDict[str, str]) -> str:
    """Why the query cannot be the table's: a name it does not take, a flag not yes."""
    from claimtrack.errors import one_of
    from claimtrack.inert import brief

    for name in args:
        if name not in _TABLE_QUERY:
            return (f"unknown query parameter '{brief(name, limit=80)}'; "
                    f"{one_of(sorted(_TABLE_QUERY))}")
    if args.get("flagged", "yes").strip() not in ("yes", ""):
        return "flagged: expected yes or nothing"
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
    flags = find_flags(FlagContext(index=index, today=context.today, scope="c.id = ?",
                                   scope_params=[claim_id]))
    claim_record = index.claims([claim_id])[0]
    others = [i for (i,) in index.rows("SELECT id FROM claims WHERE live AND id != ? "
                                       "ORDER BY file, n LIMIT 5000", (claim_id,))]
    actors = sorted(index.actors().values(), key=lambda a: a.name.casefold())
    return _page("claim.html", status=status, d=detail, record=claim_record,
                 version=claim_version(index, claim_id), flags=flags, others=others,
                 actors=actors, draft=DRAFT_TAG in detail["tags"], history=record_line(detail),
                 done=done, error=error,
                 ctx=context, title=detail["statement"])


def _marked(context: str | None, quote: str) -> tuple[str, str, str]:
    """The sentence around a quote as (before, quote, after), to mark the quote."""
    marker = f"«{quote}»"
    at = context.find(marker) if context else -1
    if context is None or at < 0:
        return "", quote, ""
    return context[:at], quote, context[at + len(marker):]
