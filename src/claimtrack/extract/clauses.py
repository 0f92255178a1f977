"""Cut a sentence into clauses that each carry one checkable assertion."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimtrack.extract.lexicon import cue_stem, is_finite_verb

__all__ = ["is_adjunct", "split_clauses"]

_JOINT = re.compile(
    r";\s+|,\s+(?:although|though|but|while|whereas)\s+|,?\s+(?:and|but)\s+"
    r"|,\s+(?=(?:who|which)\s)|,\s+(?=(?:saying|adding|claiming|calling|accusing|insisting|"
    r"warning|denying)\s)"
    # Adjuncts that carry an assertion of their own: "…, otherwise they would …",
    # "…, being one of …", "…, confiscating weapons", "… alongside seven members",
    # "… with 14 members being arrested", "… after he left parliament".
    r"|,\s+(?=otherwise\s)|,\s+(?=being\s)"
    r"|,\s+(?=(?!including|according|regarding|concerning|following|notwithstanding|during|"
    r"citing|quoting)"
    r"[a-z]+ing\s)"
    r"|\s+(?=alongside\s|along\s+with\s)"
    r"|,?\s+(?=with\s+(?:[\w-]+\s+){1,3}being\s)"
    r"|,?\s+(?=(?:after|until|before)\s+(?:he|she|they)\s)"
)
_APPOSITIVE = re.compile(r"((?:A|An|The)\s+(?:former\s+)?[a-z]+\s+of\s+[^,\"“]{3,80}),\s+"
                         r"(?=[A-Z][\w-]+\s+[a-z]+)")
_ADJUNCT = re.compile(r"otherwise|being|alongside|along|with|after|until|before|[a-z]+ing$")
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
    lead = _APPOSITIVE.match(text, start, end)
    if lead:
        # "A veteran of the war, Bazeyan had served …": the opening apposition asserts
        # something of its own about the subject.
        yield start, lead.end(1)
        cursor = lead.end()
    for match in _JOINT.finditer(text, start, end):
        if match.start() <= cursor or _inside_quotes(text, start, match.start()):
            continue
        left = _WORD.findall(text, cursor, match.start())
        joint = match.group().strip(" ,;").casefold()
        following = _WORD.match(text, match.end())
        nxt = following.group().casefold() if following else ""
        if joint == "" and nxt not in {"who", "which"} and _ADJUNCT.fullmatch(nxt) and not (
                nxt.endswith("ing") and cue_stem(nxt)):
            pass  # an adjunct clause: always its own assertion
        elif joint in {"who", "which", ""} and not match.group().startswith(";"):
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


def is_adjunct(text: str, start: int) -> bool:
    """Whether the clause at ``start`` opens with an adjunct marker (with, alongside, …)."""
    following = _WORD.match(text, start)
    word = following.group().casefold() if following else ""
    return bool(_ADJUNCT.fullmatch(word)) and not (word.endswith("ing") and cue_stem(word))
