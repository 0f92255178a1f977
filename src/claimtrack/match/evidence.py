"""Evidence that two texts tell of one event, besides their words being alike.

Words alone link unrelated stories: a mine collapse in Chile told in the words of one in
Serbia, a depot fire in the Netherlands in those of a warehouse fire in Belgium. So a
``same_as`` between documents needs evidence of the same event — an actor, a place or
name, a date or a figure the two claims share — and two documents about different
countries' events (``country``) are never linked at all.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from importlib import resources

from claimtrack.match.text import STOP, dates, stem, tokens

__all__ = ["GENERIC", "country", "frequent_names", "names", "shared_evidence"]

_NAME = re.compile(r"\b[A-Z][\w'\u2019-]*[A-Za-z]|\b[A-Z]{2,}\b")
_FIGURE = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_START = re.compile(r"(?:^|[.!?:;\"\u201c\u2018(\[\n=*-]\s*|\n)$")

GENERIC = frozenset("""
mr mrs ms dr sir madam minister ministry government police union company council court
office department national state states president prime mayor governor university hospital
army party agency service services authority authorities committee commission board
federal regional local city town village county province district region republic
parliament assembly senate congress prosecutor prosecutors judge justice chief general
director spokesman spokeswoman spokesperson officials official ceo firm group news wire
press daily times post herald courier observer dispatch monday tuesday wednesday thursday
friday saturday sunday january february march april may june july august september october
november december north south east west central new old st saint infobox see also lead
the a an this that it he she they we his her their its our
""".split())  # noqa: SIM905 - a word list reads best as text
"""Capitalised words that name a kind of thing, a title, a day or a heading, not one event."""


def names(text: str) -> frozenset[str]:
    """The proper names of ``text`` (capitalised words past a sentence's first, acronyms),
    as stems, generic titles and institutions left out."""
    found = set()
    for match in _NAME.finditer(text):
        word = match.group().rstrip("'\u2019s").casefold() if match.group().endswith(
            ("'s", "\u2019s")) else match.group().casefold()
        if word in GENERIC or word in STOP or len(word) < 3:
            continue
        if _START.search(text[max(0, match.start() - 3):match.start()]) and \
                not match.group().isupper():
            continue  # a sentence's first word is capitalised whatever it is
        found.add(stem(word))
    return frozenset(found)


def frequent_names(text: str, *, least: int = 2) -> frozenset[str]:
    """The names a document gives at least ``least`` times: the places, people and
    bodies it is about."""
    counts: Counter[str] = Counter()
    for line in text.splitlines():
        counts.update(names(line))
    return frozenset(n for n, c in counts.items() if c >= least)


def _figures(text: str) -> frozenset[str]:
    """The figures of ``text``, written in digits or words ("nine", "9"), years aside."""
    found = {f.replace(",", "") for f in _FIGURE.findall(text)}
    found |= {s for w in tokens(text) if (s := stem(w)).isdigit()}
    return frozenset(f for f in found if not re.fullmatch(r"1[89]\d\d|20\d\d", f))


def shared_evidence(one: str, other: str, *, actors: bool = False) -> str:
    """What two claims' texts share that says they tell of one event ('' when nothing):
    an actor (``actors``, worked out by the caller), a name, a figure, a month or year."""
    if actors:
        return "actor"
    if names(one) & names(other):
        return "name"
    if _figures(one) & _figures(other):
        return "figure"
    months, years = dates(one)
    their_months, their_years = dates(other)
    if years & their_years or months & their_months:
        return "date"
    return ""


@functools.cache
def _countries() -> dict[str, str]:
    """Each way of naming a country (casefolded) and the country."""
    text = resources.files("claimtrack.match").joinpath("data/countries.txt").read_text(
        encoding="utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            words = [w.strip() for w in line.split("|")]
            for word in words:
                found[word.casefold()] = words[0]
    return found


_COUNTRY = functools.cache(lambda: re.compile(r"\b(?:" + "|".join(
    re.escape(w) for w in sorted(_countries(), key=len, reverse=True)) + r")\b",
    re.IGNORECASE))


def country(text: str) -> str | None:
    """The country ``text`` names most often (None when it names none, or two equally)."""
    counts = Counter(_countries()[m.group().casefold()] for m in _COUNTRY().finditer(text)
                     if m.group()[0].isupper())
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
