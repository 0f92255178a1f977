"""The inputs of the claim page's edit forms, derived from the model's fields.

``claimtrack.fields`` reads each field's type, meaning and reference from the model; this
module turns that into what a form shows (a label, a hint, a control, the current value as
text) and what a submitted form changes (the fields whose text differs from the record's),
so a field added to the model is offered and written by the web page with no edit here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from claimtrack.fields import Field, Given, fields_of
from claimtrack.model import Appearance, Claim

__all__ = ["Input", "appearance_inputs", "changed", "claim_inputs", "items", "shown"]

SET_ELSEWHERE = frozenset({"id", "document", "quote", "prefix", "suffix"})
"""Fields no edit form offers: a claim's id changes with ``rename`` (every reference
follows), and an appearance's anchor (document, quote, prefix, suffix) is an exact span of
its document that ``check`` proves, so it is corrected in the file, not typed in a form."""

_REFS = {"actors": ("actor id, name or alias", "actor ids, names or aliases"),
         "claims": ("claim id", "claim ids"), "documents": ("document id", "document ids"),
         "evidence": ("URL or claim id", "URLs or claim ids")}


@attrs.frozen
class Input:
    """One input of a form: the field it sets and how the page shows it."""

    field: Field

    @property
    def name(self) -> str:
        """The form's name for it: the model's field name."""
        return self.field.name

    @property
    def label(self) -> str:
        """What the label says: the field's name as words."""
        return self.field.name.replace("_", " ").capitalize()

    @property
    def hint(self) -> str:
        """How to type it, shown beside the label ("" when it is plain text)."""
        parts = []
        if self.field.ref is not None:
            ref = self.field.ref
            one, many = _REFS.get(ref, (f"{ref} id", f"{ref} ids"))
            parts.append(many if self.field.many else one)
        if self.field.kind == "date":
            parts.append("a date: 2023, 2023-09 or 2023-09-19")
        elif self.field.kind == "number":
            parts.append("a number")
        if self.field.many:
            parts.append("comma-separated")
        return "; ".join(parts)

    @property
    def control(self) -> str:
        """``select`` (a vocabulary), ``textarea`` (free text) or ``input``."""
        if self.field.vocabulary is not None:
            return "select"
        if self.field.kind == "text" and self.field.ref is None and not self.field.many:
            return "textarea"
        return "input"

    @property
    def choices(self) -> list[str]:
        """A vocabulary's words ("" first when the field may be left empty)."""
        words = [str(w.value) for w in self.field.vocabulary or ()]
        return words if self.field.required else ["", *words]

    @property
    def help(self) -> str:
        """The field's meaning, from the model."""
        return self.field.doc


def _inputs(cls: type[Any]) -> tuple[Input, ...]:
    return tuple(Input(f) for f in fields_of(cls) if f.name not in SET_ELSEWHERE)


def claim_inputs() -> tuple[Input, ...]:
    """The inputs of the form that edits a claim."""
    return _inputs(Claim)


def appearance_inputs() -> tuple[Input, ...]:
    """The inputs of the form that edits one appearance of a claim."""
    return _inputs(Appearance)


def shown(value: Any) -> str:
    """A record's value as a form shows it: lists comma-separated, none as blank."""
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def changed(inputs: Sequence[Input], record: Any, form: Mapping[str, str]
            ) -> dict[str, Given]:
    """The fields a submitted form changes: each input sent whose text differs from the
    record's, as the edit library takes it (a list field as its items)."""
    out: dict[str, Given] = {}
    for one in inputs:
        if one.name not in form:
            continue
        typed = form[one.name].strip()
        if typed == shown(getattr(record, one.name)):
            continue
        out[one.name] = items(typed) if one.field.many else typed
    return out


def items(text: str) -> list[str]:
    """The items of a list typed in one box: comma- or line-separated, blanks dropped."""
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]
