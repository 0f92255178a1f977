"""Rename a claim: its id, and every place that names it, in one checked edit.

Relations (``target``), reviews' evidence, and the folder's acknowledged findings name a
claim by id; which fields do is read from the model (``ref``), so a new one follows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack.edit.records import dumped, rewrite_references, set_record_fields
from claimtrack.edit.session import EditResult, apply_edits
from claimtrack.errors import UsageError
from claimtrack.slug import is_slug

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["rename_claim"]

_TARGETS = frozenset({"claims", "evidence"})


def rename_claim(index: Index, old: str, new: str, *, version: str | None = None,
                 dry_run: bool = False) -> tuple[EditResult, ...]:
    """Give the claim ``old`` the id ``new``, and make every relation, review evidence and
    acknowledged finding that names it name ``new``. With ``version`` (from
    ``claim_version``), refused if the claim changed since."""
    from claimtrack.edit.api import unchanged_since

    index.claim_rid(old)
    if not is_slug(new):
        raise UsageError(f"'{new}' is not an id: use lowercase letters, digits and single "
                         "hyphens (e.g. 'nss-announces-coup')")
    if new == old:
        raise UsageError(f"claim '{old}' has that id already")
    if index.value("SELECT 1 FROM claims WHERE id = ?", (new,)):
        raise UsageError(f"claim '{new}' already exists")
    own = index.root / index.origin("claims", old)[0]
    files = [index.root / f for (f,) in index.rows(
        "SELECT DISTINCT file FROM refs WHERE ref = ? AND target IN ('claims', 'evidence') "
        "ORDER BY file", (old,))]
    changes: list[tuple[Path, Callable[[str], str]]] = [
        (path, lambda text: rewrite_references(text, targets=_TARGETS, old=old, new=new))
        for path in dict.fromkeys([*files, own])]
    changes.append((own, lambda text: set_record_fields(text, "claims", old, {"id": new})))
    results = apply_edits(index, changes, dry_run=dry_run,
                          guard=unchanged_since(index, old, version))
    baseline = _baseline(index.root, old, new, dry_run=dry_run)
    return results if baseline is None else (*results, baseline)


def _baseline(root: Path, old: str, new: str, *, dry_run: bool) -> EditResult | None:
    """The folder's acknowledged findings of ``old`` made findings of ``new`` (their file
    is the settings file, which the index does not read: it is written on its own)."""
    import tomlkit
    from tomlkit.items import AoT

    from claimtrack.edit.lock import folder_lock
    from claimtrack.files import write_atomic
    from claimtrack.folder import SETTINGS

    path = root / SETTINGS
    with folder_lock(root):
        try:
            before = path.read_bytes()
        except FileNotFoundError:
            return None
        text = before.decode("utf-8")
        if "acknowledged" not in text:
            return None
        doc = tomlkit.parse(text)
        entries = doc.get("acknowledged")
        changed = False
        for entry in entries if isinstance(entries, AoT) else ():
            if entry.get("claim") == old:
                entry["claim"] = new
                changed = True
        if not changed:
            return None
        after = dumped(doc, text)
        if not dry_run:
            write_atomic(path, [after], expected=before)
    return EditResult(path=path, before=text, after=after, written=not dry_run)
