"""Actors as records people manage: edit one, merge two, remove one nobody names.

Each is one edit through the edit library: under the folder lock, checked against the
index in a savepoint (an edit that would add a ``check`` problem is refused), written
atomically, never over a file changed on disk, every comment kept, ``dry_run`` showing
the diff. A merge rewrites every reference to the actor merged away (claimant, about,
via, affiliation, a document's voice: whatever the model declares as naming an actor)
in every file that holds one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack import words
from claimtrack.edit.records import remove_record, rewrite_references, set_record_fields
from claimtrack.edit.session import EditResult, apply_edit, apply_edits
from claimtrack.errors import UsageError
from claimtrack.fields import Given, fields_of, parse
from claimtrack.model import Actor

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["ACTOR_FIELDS", "Reference", "edit_actor", "merge_actors", "references",
           "remove_actor"]

ACTOR_FIELDS = tuple(f.name for f in fields_of(Actor) if f.name != "id")
"""The fields ``edit_actor`` changes: every field of the model's actor but its id."""

_TARGETS = {"actors": ("actors",), "claims": ("claims", "evidence"),
            "documents": ("documents",)}
"""What a reference to a record of each table is declared as (``ref``) in the model: a
claim is also named as a review's evidence."""


@attrs.frozen
class Reference:
    """A place where one record names another."""

    file: str
    line: int
    path: str
    """The field, from the top of the file: ``claims[3].appearances[0].via[1]``."""
    record: str
    """The id of the record holding it."""

    def shown(self, root: Path) -> str:
        """``file:line: path``, the file as a user reaches it from the working directory."""
        from claimtrack.files import display_path

        return f"{display_path(root / self.file)}:{self.line}: {self.path}"


def references(index: Index, table: str, record_id: str) -> list[Reference]:
    """Every place a live record names ``record_id`` of ``table``, in folder order."""
    targets = _TARGETS[table]
    marks = ", ".join("?" * len(targets))
    found = []
    for (tbl,) in index.rows(f"SELECT DISTINCT tbl FROM refs WHERE ref = ? AND target IN "
                             f"({marks})", (record_id, *targets)):
        for file, n, path, holder in index.rows(
                f"SELECT r.file, r.n, r.path, x.id FROM refs r JOIN {tbl} x "
                f"ON x.rid = r.parent AND x.live WHERE r.tbl = ? AND r.ref = ? AND "
                f"r.target IN ({marks}) ORDER BY r.file, r.n, r.rowid",
                (tbl, record_id, *targets)):
            full = f"{tbl}[{n}].{path}"
            found.append(Reference(file, index.line(file, full), full, holder))
    return sorted(found, key=lambda r: (r.file, r.line, r.path))


def _file(index: Index, actor_id: str) -> Path:
    return index.root / index.origin("actors", actor_id)[0]


def _names_free(index: Index, actor_id: str, names: Sequence[str]) -> None:
    """Refuse a name or alias that another actor already answers to."""
    for name in names:
        owner = index.actor_id(name)
        if owner is not None and owner != actor_id:
            raise UsageError(f"'{name}' already names actor '{owner}'; one name means one "
                             f"actor (merge them with `claimtrack actor merge {owner} "
                             f"{actor_id}`)")


def edit_actor(index: Index, actor: str, changes: Mapping[str, Given] = {}, *,
               add_aliases: Sequence[str] = (), remove_aliases: Sequence[str] = (),
               dry_run: bool = False) -> EditResult:
    """Change an actor's fields (``ACTOR_FIELDS``, by name; an empty text removes an
    optional one), and add or take away aliases. ``actor`` is its id, name or alias."""
    actor_id = index.actor(actor)
    current = index.actors()[actor_id]
    fields = {f.name: f for f in fields_of(Actor)}
    values: dict[str, Any] = {}
    for name, given in changes.items():
        if name not in ACTOR_FIELDS:
            raise UsageError(f"no actor field '{name}'; expected one of: "
                             + ", ".join(ACTOR_FIELDS))
        values[name] = parse(index, fields[name], given)
    if "name" in values and not values["name"].strip():
        raise UsageError("an actor needs a name", field="name")
    if values.get("affiliation") == actor_id:
        raise UsageError("an actor cannot be affiliated with itself", field="affiliation")
    if add_aliases or remove_aliases:
        aliases = list(values.get("aliases", current.aliases))
        aliases += [a for a in parse(index, fields["aliases"], add_aliases) if a not in aliases]
        missing = [a for a in remove_aliases if a not in aliases]
        if missing:
            raise UsageError(f"actor '{actor_id}' has no alias '{missing[0]}'; its aliases: "
                             + (", ".join(aliases) or "none"), field="aliases")
        values["aliases"] = [a for a in aliases if a not in remove_aliases]
    if not values:
        raise UsageError("nothing to change: give at least one field to set")
    _names_free(index, actor_id, [values.get("name", current.name),
                                  *values.get("aliases", current.aliases)])
    return apply_edit(index, _file(index, actor_id),
                      lambda text: set_record_fields(text, "actors", actor_id, values),
                      dry_run=dry_run)


def merge_actors(index: Index, source: str, into: str, *,
                 dry_run: bool = False) -> tuple[EditResult, ...]:
    """Merge the actor ``source`` into ``into``: every reference to ``source`` names
    ``into`` instead, ``into`` answers to ``source``'s name and aliases too and takes the
    description, reliability and affiliation it lacks from it, and ``source`` goes."""
    gone, kept = index.actor(source), index.actor(into)
    if gone == kept:
        raise UsageError(f"'{source}' and '{into}' are the same actor, '{kept}'")
    actors = index.actors()
    old, new = actors[gone], actors[kept]
    files = [index.root / f for (f,) in index.rows(
        "SELECT DISTINCT file FROM refs WHERE ref = ? AND target = 'actors' ORDER BY file",
        (gone,))]
    changes: list[tuple[Path, Callable[[str], str]]] = [
        (path, lambda text: rewrite_references(text, targets=frozenset({"actors"}),
                                               old=gone, new=kept))
        for path in files]
    values = _merged(old, new)
    changes.append((_file(index, kept),
                    lambda text: set_record_fields(text, "actors", kept, values)))
    changes.append((_file(index, gone), lambda text: remove_record(text, "actors", gone)))
    return apply_edits(index, changes, dry_run=dry_run)


def _merged(old: Actor, new: Actor) -> dict[str, Any]:
    """The fields of ``new`` once ``old`` is merged into it."""
    names = [n for n in dict.fromkeys([*new.aliases, old.name, *old.aliases])
             if n.casefold() not in {new.name.casefold(), new.id}]
    affiliation = new.affiliation if new.affiliation not in (None, old.id) else (
        old.affiliation if old.affiliation not in (new.id, old.id) else None)
    return {"aliases": names, "affiliation": affiliation,
            "reliability": str(new.reliability or old.reliability or "") or None,
            "description": new.description or old.description}


def remove_actor(index: Index, actor: str, *, dry_run: bool = False) -> EditResult:
    """Remove an actor no record names; refused, saying where, while any does."""
    actor_id = index.actor(actor)
    named = references(index, "actors", actor_id)
    if named:
        shown = "\n".join(f"  {r.shown(index.root)}" for r in named[:10])
        more = f"\n  … and {len(named) - 10} more" if len(named) > 10 else ""
        raise UsageError(f"actor '{actor_id}' is still named in "
                         f"{words.count(len(named), 'place')}; change those first, or "
                         f"merge it into another actor (`claimtrack actor merge {actor_id} "
                         f"OTHER`):\n{shown}{more}")
    return apply_edit(index, _file(index, actor_id),
                      lambda text: remove_record(text, "actors", actor_id), dry_run=dry_run)
