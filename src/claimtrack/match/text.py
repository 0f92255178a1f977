"""Words of claims, as the matcher compares them: tokens, stems, weights.

Retrieval is SQLite FTS5's (``claimtrack.match.retrieve``); the similarity of two claims is
a weighted overlap of their content stems, rarer stems weighing more, computed here so it
does not depend on the order FTS5 returns things in.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable

__all__ = ["STOP", "Weights", "clauses", "dates", "figures", "stems", "tokens"]

STOP = frozenset("""
a an the and or but if then else of in on at to for from by with without as into onto
over under about after before between during since until while than that this these
those there here it its it's he she they them his her their we our you your i me my is
are was were be been being am do does did done have has had having will would shall
should can could may might must not no nor so such too very also just only own same
other another any all both each few more most some which who whom whose what when where
why how said says say told tell according reported report reports reportedly allegedly
""".split())  # noqa: SIM905 - a word list reads best as text
"""Function words and reporting words: they say how a claim is told, not what it says."""

_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*", re.UNICODE)
_SUFFIXES = ("ational", "ization", "fulness", "iveness", "ations", "ements", "ically",
             "ingly", "ation", "ement", "ments", "ances", "ences", "izing", "ising", "ities",
             "ness", "ment", "ance", "ence", "able", "ible", "ings", "ally", "ized", "ised",
             "ions", "ives", "ing", "ion", "ies", "ied", "ers", "ive", "ize", "ise", "ous",
             "ed", "es", "er", "ly", "al", "s")


def tokens(text: str) -> list[str]:
    """The words of ``text``, lowercased."""
    return [w.casefold().replace("\u2019", "'") for w in _WORD.findall(text)]


_NUMBERS = {w: str(n) for n, w in enumerate((  # noqa: SIM905 - a word list reads best as text
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty").split())}
"""Number words as figures: "eight men" and "8 men" say the same."""

_SAME = {
    # Reporting uses many words for one act; a restatement picks another of them.
    "detain": "arrest", "held": "arrest", "hold": "arrest", "apprehend": "arrest",
    "injur": "hurt", "wound": "hurt", "harm": "hurt",
    "shut": "clos", "close": "clos", "closure": "clos",
    "confiscat": "seiz", "seize": "seiz", "seizure": "seiz",
    "reject": "deni", "denie": "deni", "deny": "deni", "refut": "deni", "dismiss": "deni",
    "withdrew": "retract", "withdraw": "retract", "withdrawn": "retract",
    "threw": "throw", "thrown": "throw", "hurl": "throw",
    "video": "footag", "footage": "footag", "camera": "footag",
    "kill": "dead", "die": "dead", "died": "dead", "death": "dead",
    "paid": "pay", "payment": "pay", "bribe": "brib", "bribery": "brib",
    "accus": "alleg", "accuse": "alleg", "claim": "alleg",
    "firm": "compan", "company": "compan", "business": "compan",
    "govern": "government", "ministr": "ministry", "minister": "ministry",
    "coup": "plot", "conspiracy": "plot", "conspir": "plot", "conspirator": "plot",
    "ringlead": "plot", "putsch": "plot",
    "thwart": "foil", "prevent": "foil", "avert": "foil", "stop": "foil",
    # A plot found out before it is carried out is a plot foiled, in the telling.
    "detect": "foil", "uncover": "foil", "uncovered": "foil", "detected": "foil",
}
"""Words that, in a claim, mean the same act or thing, mapped to one of them."""


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem: enough to tell 'arrested' and 'arrests' are one word, and 'detained'
    and 'arrested' one act."""
    word = _NUMBERS.get(word, word)
    if word.isdigit():
        return word
    found = _SAME.get(word)
    if found is not None:
        return found
    if len(word) > 4:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                    word = word[:-1]  # "plotting" -> "plot", as "plot" itself
                break
    return _SAME.get(word, word)


def stems(text: str) -> set[str]:
    """The content stems of ``text``: function and reporting words left out."""
    return {stem(w) for w in tokens(text) if w not in STOP and len(w) > 1}


_CLAUSE = re.compile(
    r"[,;:()\u2013\u2014]|\s-\s|\b(?:when|after|before|while|because|since|although|whereas"
    r"|who|whom|whose|which|and|but)\b", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """The parts of ``text`` between commas, dashes and clause words ("when", "after",
    "who", "and" …): a sentence that tells several things tells each in one of them."""
    return [part.strip() for part in _CLAUSE.split(text) if part.strip()]


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_MONTHS = frozenset("""january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec""".split())  # noqa: SIM905


def figures(text: str) -> dict[str, frozenset[str]]:
    """Each thing ``text`` counts with the figures it gives it: "30 times the limit" and
    "13 children" as {"time": {"30"}, "children": {"13"}} (a figure followed by a function
    word, a month or nothing counts nothing)."""
    words = _FIGURE.findall(text)
    found: dict[str, set[str]] = {}
    for word, after in itertools.pairwise(words):
        low = word.casefold()
        number = word.replace(",", "") if word[0].isdigit() else _NUMBERS.get(low)
        unit = after.casefold()
        if (number is None or unit[0].isdigit() or unit in STOP or unit in _MONTHS
                or _YEAR.fullmatch(number)):
            continue  # a year dates a thing, it does not count it
        found.setdefault(stem(unit), set()).add(number)
    return {unit: frozenset(numbers) for unit, numbers in found.items()}


_MONTH = {m: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for m in names}


def dates(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """The months and the years ``text`` names ("in March", "on 4 March 2024", "in 2021")."""
    months: set[int] = set()
    years: set[int] = set()
    for word in _FIGURE.findall(text):
        if _YEAR.fullmatch(word):
            years.add(int(word))
        elif word[:1].isupper() and word.casefold() in _MONTH and len(word) > 3:
            months.add(_MONTH[word.casefold()])
    return frozenset(months), frozenset(years)


class Weights:
    """Inverse document frequency of stems over a set of claims (rarer weighs more)."""

    def __init__(self, documents: Iterable[Iterable[str]]) -> None:
        counts: dict[str, int] = {}
        total = 0
        for bag in documents:
            total += 1
            for item in bag:
                counts[item] = counts.get(item, 0) + 1
        self._counts = counts
        self._total = max(total, 1)
        self._known: dict[str, float] = {}

    def __call__(self, item: str) -> float:
        """The weight of ``item``: log of how much rarer than everywhere it is."""
        found = self._known.get(item)
        if found is None:  # a draft is held against dozens of claims: each weight once
            found = self._known[item] = math.log(1 + self._total
                                                 / (1 + self._counts.get(item, 0)))
        return found

    def overlap(self, one: set[str], other: set[str]) -> float:
        """Weighted Dice overlap of two sets of stems, 0..1."""
        if not one or not other:
            return 0.0
        shared = sum(self(s) for s in one & other)
        return 2 * shared / (sum(self(s) for s in one) + sum(self(s) for s in other))

    def share(self, part: set[str], whole: set[str]) -> float:
        """How much of ``whole`` (by weight) ``part`` holds too, 0..1."""
        if not part or not whole:
            return 0.0
        return sum(self(s) for s in part & whole) / sum(self(s) for s in whole)
