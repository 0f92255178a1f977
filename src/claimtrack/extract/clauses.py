"""Cut a sentence into clauses that each carry one checkable assertion."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimtrack.extract.lexicon import cue_stem, is_finite_verb

__all__ = ["split_clauses"]

_JOINT = re.compile(
    r";\s+|,\s+(?:although|though|but|while|whereas)\s+|,?\s+(?:and|but)\s+"
    r"|,\s+(?=(?:who|which)\s)|,\s+(?=(?:saying|adding|claiming|calling|accusing|insisting|"
    r"warning|denying)\s)"
)
_WORD = re.compile(r"[\w'\u2019.-]+")
_LOOKAHEAD = 5
_ADVERB = re.compile(r"(?:later|also|then|quickly|repeatedly|subsequently|allegedly|\w+ly)$")


def _inside_quotes(text: str, start: int, index: int) -> bool:
    segment = text[start:index]
    return segment.count('"') % 2 == 1 or segment.count("“") > segment.count("”")


def _has_verb(words: list[str]) -> bool:
    return any(is_finite_verb(w) or cue_stem(w) for w in words)


def _verb_soon(text: str, start: int, end: int) -> bool:
    """Whether a finite verb or a cue follows within a few words, before any comma."""
    stop = text.find(",", start, end)
    words = _WORD.findall(text, start, stop if stop != -1 else end)[:_LOOKAHEAD]
    for word in words:
        if is_finite_verb(word) or cue_stem(word):
            return True
        if not _ADVERB.match(word.casefold()) and not word[:1].isdigit() and not (
                word[:1].isupper() or word.casefold() in {"in", "on", "the", "it", "four"}):
            # The first plain word after 'and' is not a verb: a list of nouns, not a clause.
            return False
    return False


def split_clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield (start, end) spans of the clauses of ``text[start:end]``.

    A conjunction splits only when both sides have a finite verb (not a list of nouns).
    """
    cursor = start
    for match in _JOINT.finditer(text, start, end):
        if match.start() <= cursor or _inside_quotes(text, start, match.start()):
            continue
        left = _WORD.findall(text, cursor, match.start())
        joint = match.group().strip(" ,;").casefold()
        if joint in {"who", "which", ""} and not match.group().startswith(";"):
            if not _cue_soon(text, match.end(), end):
                continue
        elif joint not in {"although", "though", "while", "whereas"} and (
                not match.group().startswith(";")) and (
                not _has_verb(left) or not _verb_soon(text, match.end(), end)):
            continue
        yield cursor, match.start()
        cursor = match.end()
    yield cursor, end


def _cue_soon(text: str, start: int, end: int) -> bool:
    words = _WORD.findall(text, start, min(end, start + 60))[:4]
    return any(cue_stem(w) for w in words)
