"""Actors as pages: every actor with how many claims it makes; one actor with forms to edit
it, merge it into another and remove it when nothing names it. Each form calls the edit
library's ``edit_actor``, ``merge_actors`` or ``remove_actor``, as ``claimtrack actor edit``,
``merge`` and ``remove`` do."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from claimtrack.errors import UsageError
from claimtrack.serve.inputs import items

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from claimtrack.index import Index

__all__ = ["ACTIONS", "add", "apply", "claim_counts", "listed", "values"]

ACTIONS = ("edit", "merge", "remove")
"""The forms of an actor's page, by the last part of the address they post to."""


def claim_counts(index: Index) -> Counter[str]:
    """How many claims each actor makes (as claimant)."""
    from claimtrack.select import Query, Selection, execute

    return Counter(c for (c,) in execute(index, Query(selection=Selection(),
                                                      columns=("claimant",))))


def listed(index: Index) -> list[dict[str, Any]]:
    """Every actor as a row of the actors page, in folder order."""
    from claimtrack.rows import iter_rows
    from claimtrack.select import Query

    counts = claim_counts(index)
    return [{**row, "claims": counts.get(row["id"], 0)}
            for row in iter_rows(index, Query(view="actors"))]


def values(index: Index, actor_id: str) -> dict[str, Any]:
    """What an actor's page shows: the actor, the places that name it, the others."""
    from claimtrack.edit.actors import references

    actors = index.actors()
    actor = actors[actor_id]
    return {"actor": actor, "references": references(index, "actors", actor_id),
            "claims": claim_counts(index).get(actor_id, 0),
            "others": sorted((a for a in actors.values() if a.id != actor_id),
                             key=lambda a: a.name.casefold())}


def _edit(index: Index, actor_id: str, form: MultiDict[str, str]) -> tuple[str, str]:
    """Only the fields whose value differs from the actor's are written."""
    from claimtrack.edit.actors import edit_actor

    actor = index.actors()[actor_id]
    changes: dict[str, Any] = {}
    for name in ("name", "kind", "affiliation", "reliability", "description"):
        if name in form:
            typed = form[name].strip()
            current = getattr(actor, name)
            if typed != ("" if current is None else str(current)):
                changes[name] = typed
    if "aliases" in form and items(form["aliases"]) != list(actor.aliases):
        changes["aliases"] = items(form["aliases"])
    if not changes:
        raise UsageError("nothing changed: edit a field, then save")
    edit_actor(index, actor_id, changes)
    return "Saved.", f"/actor/{actor_id}"


def _merge(index: Index, actor_id: str, form: MultiDict[str, str]) -> tuple[str, str]:
    from claimtrack.edit.actors import merge_actors

    into = form.get("into", "").strip()
    if not into:
        raise UsageError("say which actor to merge it into", field="into")
    kept = index.actor(into)
    merge_actors(index, actor_id, kept)
    return f"Merged {actor_id} into {kept}: every claim that named it names {kept}.", \
        f"/actor/{kept}"


def _remove(index: Index, actor_id: str, form: MultiDict[str, str]) -> tuple[str, str]:
    from claimtrack import words
    from claimtrack.edit.actors import references, remove_actor

    if form.get("confirm") != "yes":
        raise UsageError("tick the box to confirm the removal", field="confirm")
    named = references(index, "actors", actor_id)
    if named:
        raise UsageError(f"{actor_id} is still named in {words.count(len(named), 'place')} "
                         "(listed on this page); change those first, or merge it into "
                         "another actor")
    remove_actor(index, actor_id)
    return f"Removed the actor {actor_id}.", "/actors"


def add(index: Index, form: MultiDict[str, str]) -> tuple[str, str]:
    """Add the actor the new-actor form describes (``api.new_actor``, as ``claimtrack
    new-actor``); return the message and its page."""
    from claimtrack.edit.api import new_actor

    given: dict[str, Any] = {name: form.get(name, "").strip()
                             for name in ("name", "kind", "affiliation", "reliability",
                                          "description") if form.get(name, "").strip()}
    if items(form.get("aliases", "")):
        given["aliases"] = items(form.get("aliases", ""))
    actor_id, _ = new_actor(index, given)
    return f"Added the actor {actor_id}.", f"/actor/{actor_id}"


_HANDLERS = {"edit": _edit, "merge": _merge, "remove": _remove}


def apply(index: Index, actor_id: str, action: str, form: MultiDict[str, str]
          ) -> tuple[str, str]:
    """Carry out one actor form; return the message and the page to go to."""
    handler = _HANDLERS.get(action)
    if handler is None:
        raise UsageError(f"an actor's page has no form '{action}'")
    return handler(index, actor_id, form)
