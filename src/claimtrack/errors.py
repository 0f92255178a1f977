"""The library's exceptions and the Problem record that ``check`` reports."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import attrs

__all__ = [
    "ClaimsNotFoundError",
    "ClaimtrackError",
    "Problem",
    "UsageError",
    "did_you_mean",
    "one_of",
]


class ClaimtrackError(Exception):
    """Base of every error the library raises on purpose; its message is for the user."""

    exit_code = 1

    @staticmethod
    def usage(message: str) -> UsageError:
        """A usage error (exit 2) with ``message``."""
        return UsageError(message)


class UsageError(ClaimtrackError):
    """The caller asked for something that does not exist or cannot be done (exit 2).

    ``field`` names what was wrong in the library's words (``by``, ``status``); the
    command line shows it as the option that sets it (``--by``).
    """

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.message = message
        self.field = field


class ClaimsNotFoundError(UsageError):
    """No ``claims/`` folder could be found."""


@attrs.frozen
class Problem:
    """One thing wrong with the dataset, pinned to a file and line."""

    path: str
    line: int
    field: str
    message: str
    code: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.path}:{self.line}:{field} {self.message}"

    def shown(self, root: Path) -> Problem:
        """The problem with its path (relative to the claims folder ``root``) as a user
        reads it: relative to the working directory."""
        from claimtrack.files import display_path

        return attrs.evolve(self, path=display_path(root / self.path))

    @property
    def sort_key(self) -> tuple[str, int, str]:
        """Order by file, then line."""
        return (self.path, self.line, self.field)


_LONGEST_GUESS = 200


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix when a choice is close to ``value``, else ``''``.

    Case is ignored (``NSA`` is one letter from ``nss``), and a short value needs fewer
    letters in common: one wrong letter of three is still a likely slip.
    """
    if len(value) > _LONGEST_GUESS:
        return ""  # nobody mistypes 10,000 characters; comparing them costs seconds
    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(choice.casefold(), choice)
    key = value.strip().casefold()
    if key in folded and folded[key] != value:
        return f"; did you mean '{folded[key]}'?"
    cutoff = 0.75 if len(key) > 5 else 0.6
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return f"; did you mean '{folded[close[0]]}'?" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """``expected one of: a, b, c`` for a message."""
    return "expected one of: " + ", ".join(choices)
