"""Vocabulary words as people type them: the one parser, with the one case policy.

A vocabulary is a ``StrEnum`` of the model (``Status``, ``ClaimKind``, ``Reliability`` …).
What a person types (an option, a web form, a filter) is matched case-insensitively and
without the spaces around it, so ``--kind Allegation`` means ``allegation`` and
``--reliability b`` means ``B`` wherever a word is asked for. The files keep the
canonical spelling: ``check`` holds them to it and points at a word typed otherwise with
"did you mean" (``message``), the same words this module's errors use.

This module imports nothing of claimtrack above ``errors``, so the index, the query layer,
the edit library and the command line can all call it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from typing import TypeVar

from claimtrack.errors import UsageError, did_you_mean, one_of

__all__ = ["label", "message", "parse", "parse_all", "words"]

E = TypeVar("E", bound=enum.Enum)


def words(cls: type[enum.Enum]) -> list[str]:
    """The vocabulary's words, in declaration order."""
    return [str(member.value) for member in cls]


def label(cls: type[enum.Enum]) -> str:
    """How a message names the vocabulary: ``ClaimKind`` is "claim kind"."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", cls.__name__).lower()


def message(cls: type[enum.Enum], value: str) -> str:
    """What to say of a word that is not in the vocabulary: the allowed words and, when
    one is close, "did you mean"."""
    allowed = words(cls)
    return (f"unknown {label(cls)} '{value}'; {one_of(allowed)}"
            f"{did_you_mean(value, allowed)}")


def _lookup(cls: type[E]) -> dict[str, E]:
    return {str(member.value).casefold(): member for member in cls}


def parse(cls: type[E], text: str, *, field: str | None = None) -> E:
    """The member ``text`` names, in any case and with spaces around it; a UsageError
    naming ``field`` and the allowed words when it names none."""
    found = _lookup(cls).get(text.strip().casefold())
    if found is None:
        raise UsageError(message(cls, text), field=field)
    return found


def parse_all(cls: type[E], texts: Iterable[str], *, field: str | None = None) -> list[E]:
    """``parse`` of each text, in order (a repeated filter option: "any of these")."""
    table = _lookup(cls)
    chosen: list[E] = []
    for text in texts:
        found = table.get(text.strip().casefold())
        if found is None:
            raise UsageError(message(cls, text), field=field)
        chosen.append(found)
    return chosen
