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
    from pathlib import Path

    import jinja2
    from werkzeug.datastructures import MultiDict

    from claimtrack.index import Index
    from claimtrack.serve.queue import Queue, Step

__all__ = ["PAGE_SIZE", "Context", "claim", "folder_title", "in_folder", "refusal", "render"]

PAGE_SIZE = 200
"""Claims offered as link targets on a claim's page."""

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


def render(name: str, status: int = 200, **values: Any) -> Response:
    """The page of template ``name`` with ``values``."""
    from claimtrack.serve.queue import QUEUES

    values.setdefault("queue", None)
    values.setdefault("step", None)
    values["typed"] = _typed(values.get("sent"))
    html = _templates().get_template(name).render(vocabularies=VOCABULARIES, queues=QUEUES,
                                                  **values)
    return Response(html, status=status, content_type="text/html; charset=utf-8")


def _typed(sent: Any) -> Any:
    """For a page re-shown after a refused form: ``typed(action, name, default)`` is what
    was typed in the field ``name`` of the form ``action``, and ``default`` in any other
    form (so a form never loses what was typed in it)."""
    action, form = sent if isinstance(sent, tuple) else ("", None)

    def typed(which: str, name: str, default: Any = "") -> Any:
        if form is not None and which == action:
            return form.get(name, "")
        return "" if default is None else default

    return typed


def refusal(status: int, message: str) -> Response:
    """A short page saying why the request was refused."""
    return render("refusal.html", status=status, message=message, code=status)


def folder_title(index: Index) -> str:
    """The folder's dossier titles, to head the table."""
    titles = [t for (t,) in index.rows("SELECT title FROM dossiers WHERE live AND title != '' "
                                       "ORDER BY file, n")]
    return "; ".join(titles) or "Claims"


def in_folder(text: str, *, root: Path) -> str:
    """``text`` with the claims folder's path taken off every file it names: a page says
    ``harbour.toml:36``, never where the server keeps the folder."""
    import os

    for folder in dict.fromkeys((str(root.resolve()), os.path.abspath(root), str(root))):
        text = text.replace(folder.rstrip(os.sep) + os.sep, "")
    return text


def claim(index: Index, claim_id: str, context: Context, *, done: str = "", error: str = "",
          status: int = 200, sent: tuple[str, MultiDict[str, str]] | None = None,
          queue: Queue | None = None, step: Step | None = None) -> Response:
    """One claim in full, with the forms that change it: ``sent`` is a refused form (its
    action and what was typed, shown again); in a ``queue``, the forms go on to its next
    claim."""
    from claimtrack.edit.api import claim_version
    from claimtrack.flags import FlagContext, find_flags
    from claimtrack.model import DRAFT_TAG
    from claimtrack.serve.inputs import appearance_inputs, claim_inputs
    from claimtrack.serve.inputs import shown as as_text
    from claimtrack.show import claim_detail, record_line

    detail = claim_detail(index, claim_id)
    detail["source"] = in_folder(detail["source"], root=index.root)
    documents = index.documents()
    for shown in detail["appearances"]:
        shown["parts"] = _marked(shown["context"], shown["quote"])
        shown["doc"] = documents.get(shown["document"])
    flags = find_flags(FlagContext(index=index, today=context.today, ids=[claim_id]))
    claim_record = index.claims([claim_id])[0]
    others = _neighbours(index, claim_id, [a["document"] for a in detail["appearances"]])
    actors = sorted(index.actors().values(), key=lambda a: a.name.casefold())
    if queue is not None and step is None:
        from claimtrack.serve.queue import Step

        step = Step(queue, claim_id, 0, 0)
    return render("claim.html", status=status, d=detail, record=claim_record,
                  version=claim_version(index, claim_id), flags=flags, others=others,
                  actors=actors, draft=DRAFT_TAG in detail["tags"],
                  history=record_line(detail), done=done, error=error,
                  sent=sent or ("", None), queue=queue, step=step, ctx=context,
                  title=detail["statement"], claim_inputs=claim_inputs(),
                  appearance_inputs=appearance_inputs(), as_text=as_text)


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
