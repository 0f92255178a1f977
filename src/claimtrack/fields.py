"""A record's fields as people give them: what each one is, read from the model, and the
one parser from typed text to what the files hold.

``Claim``, ``Appearance`` and ``Actor`` declare each field's type, meaning (``doc``) and
what its ids point at (``ref``). From that alone this module knows that ``kind`` is a
vocabulary word, ``made`` a partial date, ``about`` a list of actors and ``claimant`` one
actor, and parses what a person typed accordingly: vocabulary words in any case
(``claimtrack.vocab``), actors by id, name or alias, dates checked, numbers read. The
command line's ``add``/``edit``/``actor edit`` options and the library's edit functions
are derived from it, so a field added to the model is asked for and written with no edit
here.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from claimtrack import vocab
from claimtrack.dates import PartialDate
from claimtrack.errors import UsageError, did_you_mean, one_of
from claimtrack.schema import optional_of

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["Field", "Given", "fields_of", "parse", "parse_all"]

Given = str | Sequence[str] | None
"""What a person gave for a field: a text, several (a list field), or nothing."""


@attrs.frozen
class Field:
    """One field of a record as input: its name, meaning and sort of value."""

    name: str
    doc: str
    kind: str
    """``text``, ``word`` (a vocabulary), ``date`` (a partial date) or ``number``."""
    many: bool
    """A list of such values."""
    required: bool
    """The record has no default for it."""
    ref: str | None = None
    """What its ids name: ``actors``, ``documents``, ``claims`` or ``evidence``."""
    vocabulary: type[enum.Enum] | None = None
    record: str = "record"
    """What holds it, as a message says it: ``claim``, ``actor``, ``appearance``."""

    @property
    def needed(self) -> str:
        """What to say when it is required and blank: "a claim needs a statement"."""
        article = "an" if self.record[:1] in "aeiou" else "a"
        return f"{article} {self.record} needs a {self.name.replace('_', ' ')}"


_FIELDS: dict[type[Any], tuple[Field, ...]] = {}


def fields_of(cls: type[Any]) -> tuple[Field, ...]:
    """The fields of the model class ``cls`` a person gives as text, in declaration order
    (records held inside it, such as a claim's appearances or basis, are not among them)."""
    if cls not in _FIELDS:
        _FIELDS[cls] = _fields(cls)
    return _FIELDS[cls]


def _fields(cls: type[Any]) -> tuple[Field, ...]:
    from claimtrack import model

    hints = typing.get_type_hints(cls, vars(model))
    found = []
    for attribute in attrs.fields(cls):
        tp = optional_of(hints[attribute.name])
        many = typing.get_origin(tp) is tuple
        inner = typing.get_args(tp)[0] if many else tp
        if attrs.has(inner) and inner is not PartialDate:
            continue
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            kind, words = "word", inner
        else:
            kind = {str: "text", int: "number", PartialDate: "date"}[inner]
            words = None
        found.append(Field(attribute.name, attribute.metadata.get("doc", ""), kind, many,
                           attribute.default is attrs.NOTHING, attribute.metadata.get("ref"),
                           words, cls.__name__.lower()))
    return tuple(found)


def parse(index: Index, field: Field, given: Given, *, as_: str | None = None) -> Any:
    """What ``given`` means for ``field``, as the files write it: a word as the model
    spells it, an actor's id for a name or alias, a date checked; a list for a list field
    (repeats dropped). An empty text means "none" (None, or an empty list). A UsageError
    names the field (``as_``: under another name, as a form or option calls it)."""
    name = as_ or field.name
    if field.many:
        items = [given] if isinstance(given, str) else list(given or ())
        values = [_one(index, field, item.strip(), name) for item in items if item.strip()]
        return list(dict.fromkeys(values))
    text = given if isinstance(given, str) else ", ".join(given or ())
    if not text.strip():
        if field.required:
            raise UsageError(field.needed, field=name)
        return "" if field.kind == "text" and field.ref is None else None
    if field.kind == "text" and field.ref is None:
        return text
    return _one(index, field, text.strip(), name)


def parse_all(index: Index, cls: type[Any], given: Mapping[str, Given]) -> dict[str, Any]:
    """``parse`` of each given field of ``cls`` (by field name); an unknown name is an error
    naming the fields there are."""
    fields = {f.name: f for f in fields_of(cls)}
    out = {}
    for name, value in given.items():
        if name not in fields:
            raise UsageError(f"no field '{name}'; {one_of(fields)}{did_you_mean(name, fields)}")
        out[name] = parse(index, fields[name], value)
    return out


def _one(index: Index, field: Field, text: str, name: str) -> Any:
    if field.vocabulary is not None:
        return str(vocab.parse(field.vocabulary, text, field=name))
    if field.kind == "date":
        try:
            return str(PartialDate.parse(text))
        except ValueError as error:
            raise UsageError(str(error), field=name) from None
    if field.kind == "number":
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"'{text}' is not a whole number", field=name) from None
    if field.ref == "actors":
        try:
            return index.actor(text)
        except UsageError as error:
            raise UsageError(error.message, field=name) from None
    if field.ref == "documents":
        documents = [i for (i,) in index.rows("SELECT id FROM documents WHERE live")]
        if text not in documents:
            raise UsageError(f"unknown document '{text}'{did_you_mean(text, documents)}",
                             field=name)
    if field.ref == "claims":
        try:
            index.claim_rid(text)
        except UsageError as error:
            raise UsageError(error.message, field=name) from None
    return text
