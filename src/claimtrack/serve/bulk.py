"""Bulk actions on claims chosen in the table: accept drafts, set a status (a review of
each), add a tag. Each is one edit of the edit library over every file it touches: checked
once, written atomically, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.edit import api, ops
from claimtrack.edit.session import apply_edits
from claimtrack.errors import UsageError

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from claimtrack.index import Index

__all__ = ["ACTIONS", "apply"]

ACTIONS = {"accept": "Accept the drafts", "status": "Set the status (a review of each)",
           "tag": "Add a tag"}
"""The bulk actions, by the value the form sends, with what the form calls them."""


def _files(index: Index, ids: Sequence[str]) -> list[tuple[Path, str]]:
    """Each claim with the file it is written in (refusing an unknown id)."""
    found = []
    for claim_id in ids:
        index.claim_rid(claim_id)
        found.append((index.root / index.origin("claims", claim_id)[0], claim_id))
    return found


def _reviewing(claim_id: str, entry: dict[str, Any]) -> Callable[[str], str]:
    return lambda text: ops.append_review(text, claim_id, entry)


def _tagging(claim_id: str, tag: str) -> Callable[[str], str]:
    return lambda text: ops.change_tags(text, claim_id, add=[tag])


def set_status(index: Index, ids: Sequence[str], *, status: str, by: str, date: dt.date,
               note: str = "") -> int:
    """Append a review with ``status`` to each claim; return how many were reviewed."""
    from claimtrack import vocab
    from claimtrack.model import Status

    word = str(vocab.parse(Status, status, field="status"))
    if not by.strip():
        raise UsageError("say who reviews them: the reviewer's name", field="by")
    entry = {"date": date, "status": word, "by": by.strip(), "note": note.strip(),
             "evidence": []}
    apply_edits(index, [(path, _reviewing(claim_id, entry))
                        for path, claim_id in _files(index, ids)])
    return len(ids)


def add_tag(index: Index, ids: Sequence[str], *, tag: str) -> int:
    """Add ``tag`` to each claim that lacks it; return how many gained it."""
    tag = tag.strip()
    if not tag or "," in tag:
        raise UsageError("give one tag, without commas", field="tag")
    lacking = [c.id for c in index.claims(list(ids)) if tag not in c.tags]
    if not lacking:
        raise UsageError(f"every chosen claim has the tag '{tag}' already", field="tag")
    apply_edits(index, [(path, _tagging(claim_id, tag))
                        for path, claim_id in _files(index, lacking)])
    return len(lacking)


def apply(index: Index, ids: Sequence[str], form: MultiDict[str, str], *, today: dt.date,
          reviewer: str) -> str:
    """Carry out the bulk form on the claims ``ids``; return what to tell the user."""
    from claimtrack import words

    action = form.get("action", "")
    if action not in ACTIONS:
        raise UsageError("choose what to do with the chosen claims", field="action")
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise UsageError("tick at least one claim (or choose every claim in this view)")
    by = form.get("by", "").strip() or reviewer
    date = _date(form.get("date", ""), today)
    if action == "accept":
        if form.get("scope") == "view":  # every draft of the view; the others are not
            ids = [c.id for c in index.claims(ids) if c.draft]
            if not ids:
                raise UsageError("no claim of this view is a draft")
        api.accept(index, ids, by=by, date=date.isoformat(), note=form.get("note", "").strip())
        return f"Accepted {words.count(len(ids), 'draft')}."
    if action == "status":
        done = set_status(index, ids, status=form.get("status", ""), by=by, date=date,
                          note=form.get("note", ""))
        return f"{words.count(done, 'claim')} reviewed: {form.get('status', '').strip()}."
    tag = form.get("tag", "")
    done = add_tag(index, ids, tag=tag)
    return f"Tagged {words.count(done, 'claim')} '{tag.strip()}'."


def _date(text: str, today: dt.date) -> dt.date:
    if not text.strip():
        return today
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"'{text.strip()}' is not a date (YYYY-MM-DD)", field="date") \
            from None
