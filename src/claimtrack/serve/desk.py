"""The desk's pages beyond one claim's forms: the table (with facets, sorting, pages, bulk
actions, its JSON and CSV twins), a claim as JSON, the work queues, the actors. Every page
that changes something answers a form with a redirect to a page (post, redirect, get), and
a refused form with the same page, the form as it was typed and the reason (400)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

import attrs
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from claimtrack.errors import UsageError
from claimtrack.serve import actor_pages, bulk, pages, table
from claimtrack.serve.queue import QUEUES, Queue, step

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from claimtrack.index import Index

__all__ = ["after_in_queue", "queue_named", "read", "see_other", "write"]

_JSON = "application/json; charset=utf-8"


def see_other(goto: str, done: str, *, csrf: str) -> Response:
    """Redirect (303) to the page ``goto`` (a path, perhaps with a query), telling ``done``
    (signed for the session whose CSRF token is ``csrf``)."""
    from claimtrack.serve.security import local_location, telling

    path, _, query = goto.partition("?")
    pairs = [*parse_qsl(query), *telling(done, csrf=csrf)]
    return redirect(local_location(path, urlencode(pairs)), 303)


def queue_named(kind: str) -> Queue | None:
    """The queue a form was sent from, if any."""
    return QUEUES.get(kind)


def after_in_queue(index: Index, queue: Queue, claim_id: str) -> str:
    """The queue's page after the claim ``claim_id``."""
    return "/queue?" + urlencode({"kind": queue.kind, "after": claim_id})


def _json(value: Any) -> Response:
    from claimtrack.inert import json_text

    return Response(json_text(json.dumps(value, indent=2, ensure_ascii=False)) + "\n",
                    content_type=_JSON)


def _not_found(what: str) -> Response:
    return pages.refusal(404, what)


def read(index: Index, endpoint: str, args: MultiDict[str, str], values: Mapping[str, Any],
         context: pages.Context) -> Response:
    """Answer a GET of one of the desk's pages."""
    done = args.get("done", "")
    if endpoint == "claims":
        return claims_page(index, args, context)
    if endpoint == "claims_json":
        return table.claims_json(index, args)
    if endpoint == "claims_csv":
        return table.claims_csv(index, args)
    if endpoint in ("claim", "claim_json"):
        claim_id = values["claim_id"]
        if not index.claims([claim_id]):
            return _not_found(f"No claim '{claim_id}': the claims table lists every claim.")
        if set(args) - {"done"}:
            return pages.refusal(400, "A claim's page takes no query but done.")
        if endpoint == "claim":
            return pages.claim(index, claim_id, context, done=done)
        from claimtrack.show import claim_detail

        return _json([claim_detail(index, claim_id)])  # as `show -f json ID` prints it
    if endpoint == "queue":
        return queue_page(index, args, context)
    if endpoint == "back":
        return _back(values)
    if endpoint == "back_actors":
        return redirect("/actors", 303)
    if endpoint == "actors":
        return actors_page(index, context, done=done)
    if endpoint == "actors_json":
        return _json([{k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}
                      for row in actor_pages.listed(index)])
    actor_id = values["actor_id"]
    if actor_id not in index.actors():
        return _not_found(f"No actor '{actor_id}': the Actors page lists every actor.")
    if endpoint == "actor_json":
        from claimtrack.plain import unstructure

        return _json(unstructure(index.actors()[actor_id]))
    return actor_page(index, actor_id, context, done=done)


def _back(values: Mapping[str, Any]) -> Response:
    """A form's address asked with GET: the page the form is on."""
    from claimtrack.serve.security import local_location

    if "claim_id" in values:
        return redirect(local_location(f"/claim/{values['claim_id']}"), 303)
    if "actor_id" in values:
        return redirect(local_location(f"/actor/{values['actor_id']}"), 303)
    return redirect("/", 303)


def claims_page(index: Index, args: MultiDict[str, str], context: pages.Context, *,
                error: str = "", sent: MultiDict[str, str] | None = None,
                status: int = 200) -> Response:
    """The claims table: filters, facets, sortable headings, a page of rows, bulk actions."""
    from claimtrack.select import FILTERS

    ask = table.asked(index, args)
    shown = table.table_values(index, ask)
    if ask.page > shown["last"]:
        ask = attrs.evolve(ask, selection=None, page=1,
                           error=f"page: expected a whole number from 1 to {shown['last']}, "
                           f"got '{ask.page}'")
        shown = table.table_values(index, ask)
    message = error or ask.error
    return pages.render(
        "claims.html", status=400 if ask.error else status, filters=FILTERS,
        chosen=ask.typed, error=message, done=args.get("done", ""),
        facets=table.facets(index, ask, total=shown["total"]),
        facet_limit=table.FACET_LIMIT, sort=ask.sort, bulk_actions=bulk.ACTIONS,
        sent=sent, ticked=set(sent.getlist("ids")) if sent is not None else set(),
        ctx=context, title=pages.folder_title(index), **shown)


def queue_page(index: Index, args: MultiDict[str, str], context: pages.Context) -> Response:
    """A queue's next claim, with its forms; or, when it is empty, saying so."""
    queue = QUEUES.get(args.get("kind", "drafts"))
    if queue is None:
        return pages.refusal(404, f"No queue '{args.get('kind', '')}': the queues are "
                             f"{', '.join(QUEUES)}.")
    where = step(index, queue, args.get("after", ""))
    if where.claim is None:
        return pages.render("queue_empty.html", queue=queue,
                            done=args.get("done", ""), ctx=context, title=queue.heading)
    return pages.claim(index, where.claim, context, done=args.get("done", ""), queue=queue,
                       step=where)


def actors_page(index: Index, context: pages.Context, *, done: str = "", error: str = "",
                sent: MultiDict[str, str] | None = None, status: int = 200) -> Response:
    """Every actor, with the form that adds one."""
    from claimtrack import vocab
    from claimtrack.model import ActorKind, Reliability

    return pages.render("actors.html", status=status, actors=actor_pages.listed(index),
                        kinds=vocab.words(ActorKind), reliabilities=vocab.words(Reliability),
                        done=done, error=error, sent=("new", sent) if sent is not None else None,
                        ctx=context, title="Actors")


def actor_page(index: Index, actor_id: str, context: pages.Context, *, done: str = "",
               error: str = "", sent: tuple[str, MultiDict[str, str]] | None = None,
               status: int = 200) -> Response:
    """One actor: its fields, where it is named, and the forms that change it."""
    from claimtrack import vocab
    from claimtrack.model import ActorKind, Reliability

    shown = actor_pages.values(index, actor_id)
    return pages.render("actor.html", kinds=vocab.words(ActorKind),
                        reliabilities=vocab.words(Reliability), status=status, done=done,
                        error=error, sent=sent or ("", None), ctx=context,
                        title=shown["actor"].name,
                        root=index.root, **shown)


def write(index: Index, endpoint: str, form: MultiDict[str, str], values: Mapping[str, Any],
          context: pages.Context) -> Response:
    """Carry out a bulk form or an actor's form."""
    from claimtrack.serve.app import stale

    if endpoint == "bulk":
        back = _back_query(form.get("back", ""))
        try:
            ids = _chosen(index, form, back)
            done = bulk.apply(index, ids, form, today=context.today,
                              reviewer=context.reviewer)
        except UsageError as error:
            from werkzeug.datastructures import MultiDict

            return claims_page(index, MultiDict(back), context,
                               error=table.page_words(str(error), root=index.root), sent=form,
                               status=409 if stale(error) else 400)
        return see_other("/?" + urlencode(_a_page_still_there(index, back)), done,
                         csrf=context.csrf)
    if endpoint == "actor_new":
        try:
            done, goto = actor_pages.add(index, form)
        except UsageError as error:
            said = table.page_words(str(error), root=index.root)
            return actors_page(index, context, error=said, sent=form, status=400)
        return see_other(goto, done, csrf=context.csrf)
    actor_id, action = values["actor_id"], values["action"]
    if actor_id not in index.actors():
        return _not_found(f"No actor '{actor_id}': the Actors page lists every actor.")
    try:
        done, goto = actor_pages.apply(index, actor_id, action, form)
    except UsageError as error:
        said = table.page_words(str(error), root=index.root)
        return actor_page(index, actor_id, context, error=said, sent=(action, form),
                          status=409 if stale(error) else 400)
    return see_other(goto, done, csrf=context.csrf)


def _back_query(text: str) -> list[tuple[str, str]]:
    """The table's query a bulk form came from (only the names the table takes)."""
    from claimtrack.select import FILTERS

    known = {f.name for f in FILTERS} | {"sort", "page"}
    return [(k, v) for k, v in parse_qsl(text) if k in known]


def _a_page_still_there(index: Index, back: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The view a bulk form came from, on its last page when the action emptied the page
    it was on (accepting the drafts of their view's last page)."""
    from werkzeug.datastructures import MultiDict

    from claimtrack.select import count

    ask = table.asked(index, MultiDict(back))
    if ask.selection is None:
        return back
    last = table.last_page(count(index, ask.selection))
    if ask.page <= last:
        return back
    kept = [(k, v) for k, v in back if k != "page"]
    return [*kept, ("page", str(last))] if last > 1 else kept


def _chosen(index: Index, form: MultiDict[str, str], back: list[tuple[str, str]]
            ) -> list[str]:
    """The claims a bulk form is about: those ticked, or every claim of the view."""
    if form.get("scope") != "view":
        return [i.strip() for i in form.getlist("ids") if i.strip()]
    from werkzeug.datastructures import MultiDict

    from claimtrack.select import Query, execute

    ask = table.asked(index, MultiDict(back))
    if ask.selection is None:
        raise UsageError(ask.error)
    return [i for (i,) in execute(index, Query(selection=ask.selection, columns=("id",)))]

