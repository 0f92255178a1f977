"""Bulk actions on claims chosen in the table: accept drafts, set a status (a review of
each), add a tag. Each is one edit of the edit library over every file it touches: checked
once, written atomically, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimtrack.edit import api
from claimtrack.errors import UsageError

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from claimtrack.index import Index

__all__ = ["ACTIONS", "apply"]

ACTIONS = {"accept": "Accept the drafts", "status": "Set the status (a review of each)",
           "tag": "Add a tag"}
"""The bulk actions, by the value the form sends, with what the form calls them."""


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
        status = form.get("status", "").strip()
        api.review_each(index, ids, status=status, by=by, date=date.isoformat(),
                        note=form.get("note", "").strip())
        return f"{words.count(len(ids), 'claim')} reviewed: {status}."
    tag = form.get("tag", "").strip()
    lacking = sum(tag not in claim.tags for claim in index.claims(ids))
    api.add_tag(index, ids, tag=tag)
    return f"Tagged {words.count(lacking, 'claim')} '{tag}'."


def _date(text: str, today: dt.date) -> dt.date:
    if not text.strip():
        return today
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"'{text.strip()}' is not a date (YYYY-MM-DD)", field="date") \
            from None
