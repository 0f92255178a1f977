"""What each form asks for, as calls of ``claimtrack.edit.api`` (the one way to write).

Every form carries the claim's version as it was shown; the edit library refuses it,
under the folder lock, when the claim has changed since (a stale form).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
from werkzeug.datastructures import MultiDict

from claimtrack.edit import api
from claimtrack.errors import UsageError
from claimtrack.serve.inputs import appearance_inputs, changed, claim_inputs, items

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["ACTIONS", "apply"]

Form = MultiDict[str, str]


def _text(form: Form, name: str) -> str:
    return form.get(name, "").strip()


@attrs.frozen
class Submitted:
    """A submitted form, the day it is handled, and who the server reviews as."""

    form: Form
    today: dt.date
    reviewer: str = ""

    def by(self) -> str:
        """The reviewer the form names; a form that sends none gets the server's (git's
        user.name), as the command line does."""
        return _text(self.form, "by") if "by" in self.form else self.reviewer


def _review(index: Index, claim_id: str, sent: Submitted) -> tuple[str, str]:
    form = sent.form
    api.review(index, claim_id, status=_text(form, "status"), note=_text(form, "note"),
               evidence=items(form.get("evidence", "")), by=sent.by(),
               date=_text(form, "date") or sent.today.isoformat(), version=form.get("version"))
    return f"Review added: {_text(form, 'status')}.", f"/claim/{claim_id}"


def _accept(index: Index, claim_id: str, sent: Submitted) -> tuple[str, str]:
    form = sent.form
    api.accept(index, [claim_id], by=sent.by(),
               date=_text(form, "date") or sent.today.isoformat(), note=_text(form, "note"),
               versions=[form.get("version")])
    return "Accepted: no longer a draft.", f"/claim/{claim_id}"


def _link(index: Index, claim_id: str, sent: Submitted) -> tuple[str, str]:
    form = sent.form
    target = _text(form, "target")
    if not target:
        raise UsageError("say which claim it relates to", field="target")
    api.link(index, claim_id, _text(form, "type"), target, note=_text(form, "note"),
             version=form.get("version"))
    return f"Linked: {_text(form, 'type')} {target}.", f"/claim/{claim_id}"


def _unlink(index: Index, claim_id: str, sent: Submitted) -> tuple[str, str]:
    kind, target = _text(sent.form, "type"), _text(sent.form, "target")
    if not target:
        raise UsageError("say which relation to remove", field="target")
    api.unlink(index, claim_id, kind, target)
    return f"Unlinked: {kind} {target}.", f"/claim/{claim_id}"


def _remove(index: Index, claim_id: str, sent: Submitted) -> tuple[str, str]:
    form = sent.form
    if form.get("confirm") != "yes":
        raise UsageError("tick the box to confirm the removal")
    api.remove_claim(index, claim_id, unlink=form.get("unlink") == "yes",
                     version=form.get("version"))
    return f"Removed {claim_id}.", "/"


def _edit(index: Index, claim_id: str, sent: Submitted) -> tuple[str, str]:
    """Only the fields whose value differs from the claim's are written."""
    claim = index.claims([claim_id])[0]
    changes = changed(claim_inputs(), claim, sent.form)
    if not changes:
        raise UsageError("nothing changed")
    api.edit_claim(index, claim_id, changes, version=sent.form.get("version"))
    return "Saved.", f"/claim/{claim_id}"


def _edit_appearance(index: Index, claim_id: str, sent: Submitted
                     ) -> tuple[str, str]:
    form = sent.form
    claim = index.claims([claim_id])[0]
    try:
        number = int(form.get("appearance", ""))
        if number < 1:
            raise IndexError(number)
        shown = claim.appearances[number - 1]
    except (ValueError, IndexError):
        raise UsageError("no such appearance", field="appearance") from None
    changes = changed(appearance_inputs(), shown, form)
    if not changes:
        raise UsageError("nothing changed")
    api.edit_claim(index, claim_id, appearance=changes, number=number,
                   version=form.get("version"))
    return f"Appearance {number} saved.", f"/claim/{claim_id}"


def _rename(index: Index, claim_id: str, sent: Submitted) -> tuple[str, str]:
    from claimtrack.edit.rename import rename_claim

    new = _text(sent.form, "new")
    if not new:
        raise UsageError("give the claim's new id", field="new")
    rename_claim(index, claim_id, new, version=sent.form.get("version"))
    return f"Renamed: {claim_id} is now {new}, everywhere it was named.", f"/claim/{new}"


ACTIONS: dict[str, Callable[[Index, str, Submitted], tuple[str, str]]] = {
    "review": _review, "accept": _accept, "link": _link, "remove": _remove, "edit": _edit,
    "appearance": _edit_appearance, "unlink": _unlink, "rename": _rename,
}
"""Each form's action: its handler, which returns a message and the page to go to."""


def apply(index: Index, claim_id: str, action: str, form: Form, *, today: dt.date,
          reviewer: str = "") -> tuple[str, str]:
    """Carry out one submitted form; raise the library's error to refuse it. ``reviewer``
    is who a review or an acceptance is by when the form names nobody."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise UsageError(f"no action '{action}'")
    index.claim_rid(claim_id)
    return handler(index, claim_id, Submitted(form, today, reviewer))
