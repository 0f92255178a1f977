"""Cut a sentence into clauses that each carry one checkable assertion."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from claimtrack.extract.lexicon import cue_stem, is_finite_verb

__all__ = ["Aside", "final_aside", "is_adjunct", "split_clauses", "subject_aside"]

_JOINT = re.compile(
    r";\s+|,\s+(?:although|though|but|while|whereas)\s+|,?\s+(?:and|but)\s+"
    r"|,\s+(?=(?:who|which)\s)|\s+(?=who\s+(?:was|were|had|has|is|are)\s)|,\s+(?=(?:saying|adding|claiming|calling|accusing|insisting|"
    r"warning|denying)\s)"
    # Adjuncts that carry an assertion of their own: "…, otherwise they would …",
    # "…, being one of …", "…, confiscating weapons", "… alongside seven members",
    # "… with 14 members being arrested", "… after he left parliament".
    r"|,\s+(?=otherwise\s)|,\s+(?=being\s)|,\s+(?=including\s+[A-Z])"
    r"|,\s+(?=among\s+them\s)|,\s+(?=on\s+suspicion\s+of\s)"
    r"|,\s+(?=(?!including|according|regarding|concerning|following|notwithstanding|during|"
    r"citing|quoting)"
    r"[a-z]+ing\s)"
    r"|\s+(?=alongside\s|along\s+with\s)"
    r"|,?\s+(?=with\s+(?:[\w-]+\s+){1,3}being\s)"
    r"|,?\s+(?=(?:after|until|before)\s+(?:he|she|they|being)\s)"
    r"|,?\s+(?=(?:after|when)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+)"
    r"{0,3}(?:found|said|was|were|had|has|announced|reported|showed|ruled)\b)"
)
_APPOSITIVE = re.compile(r"((?:A|An|The)\s+(?:former\s+)?[a-z]+\s+of\s+[^,\"“]{3,80}),\s+"
                         r"(?=[A-Z][\w-]+\s+[a-z]+)")
_ADJUNCT = re.compile(r"otherwise|being|alongside|along|with|after|until|before|including|among|"
                      r"on|[a-z]+ing$")
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "its", "their", "no", "that", "some",
                          "two", "three", "four", "five", "several", "most", "many", "all"})
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
    words = [w.rstrip(".") for w in _WORD.findall(text, start, stop if stop != -1 else end)]
    words = [w for w in words if w][:_LOOKAHEAD + (2 if words and words[0].casefold() in
                                                   _DETERMINERS else 0)]
    for word in words:
        if is_finite_verb(word) or cue_stem(word):
            return True
        if word.casefold() in _DETERMINERS and word is words[0]:
            continue  # "and a 58-year-old grower lost …": a new subject
        if words[0].casefold() in _DETERMINERS and not word[:1].isdigit():
            continue
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
        elif joint == "" and not match.group().startswith(",") and nxt == "who":
            if not _has_verb(left):
                continue  # "people who were sitting": a noun's restriction, not a clause
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
    return any(cue_stem(w.rstrip(".")) for w in words)


def is_adjunct(text: str, start: int) -> bool:
    """Whether the clause at ``start`` opens with an adjunct marker (with, alongside, …)."""
    following = _WORD.match(text, start)
    word = following.group().casefold() if following else ""
    return bool(_ADJUNCT.fullmatch(word)) and not (word.endswith("ing") and cue_stem(word))


@attrs.frozen
class Aside:
    """A sentence's subject with an appositive or relative clause set off by commas."""

    subject: tuple[int, int]
    aside: tuple[int, int]
    rest: int
    """Where the main clause resumes (its verb)."""


_SUBJECT_ASIDE = re.compile(
    r"(?:(?:In|On|At|During|After|Before|Following|Later|Meanwhile|Separately|Earlier|By)"
    r"\b[^,\"“]{0,40},\s+)?"
    r"(?P<subject>[^,\"“”]{2,80}?),\s+"
    r"(?P<aside>(?:who|which|whose)\s(?:[^,\"“”]|(?<=\d),(?=\d))+"
    r"|(?:a|an|the|its|his|her|their)\s(?:[^,\"“”]|(?<=\d),(?=\d))+"
    r"|(?:[a-z]+ly\s)?[a-z]+(?:ing|ed)\s(?:[^,\"“”]|(?<=\d),(?=\d))+|(?:leader|head|chief|owner|president|director|founder|member|"
    r"spokesman|spokeswoman|spokesperson|secretary|chairman|chairwoman|minister|mayor|"
    r"deputy|editor)\b[^,\"“”]*),\s+"
    r"(?P<rest>\S)")
_FINAL_ASIDE = re.compile(
    r",\s+(?P<aside>(?:a|an)\s[^,;\"“”]+?|(?:most|many|some|all|one|two|three|several|half|"
    r"none|each)\s+of\s+(?:them|whom|which)\b[^,;\"“”]*?)\s*[.!?]?$")


_NOT_PREDICATE = frozenset({"the", "a", "an", "of", "in", "and", "or", "to", "with", "for", "on",
                            "at", "by", "from", "as", "that", "this", "these", "those", "its",
                            "his", "her", "their", "who", "which"})


def _verbless(text: str) -> bool:
    """No auxiliary, irregular past or cue: a participle ('based in Moscow') may stand."""
    return not any((is_finite_verb(w) and not w.casefold().endswith("ed")) or (
        cue_stem(w) and not w.casefold().endswith(("ed", "ing"))) for w in _WORD.findall(text))


def subject_aside(text: str, start: int, end: int) -> Aside | None:
    """'Paulo Serrão, leader of the union, accused …': the subject, its aside, the rest."""
    match = _SUBJECT_ASIDE.match(text, start, end)
    if match is None:
        return None
    subject = match.group("subject")
    aside = match.group("aside")
    if not _verbless(subject) or not (subject[:1].isupper() or subject.startswith("the ")):
        return None
    if subject.split()[0].casefold() in {"he", "she", "it", "they", "we", "i", "this", "that"}:
        return None
    relative = aside.split()[0].casefold() in {"who", "which", "whose"}
    if not relative and not _verbless(aside):
        return None
    rest = _WORD.findall(text, match.start("rest"), min(end, match.start("rest") + 60))[:3]
    if not rest or not rest[0][:1].islower() or rest[0].casefold() in _NOT_PREDICATE:
        return None
    return Aside((match.start("subject"), match.end("subject")),
                 (match.start("aside"), match.end("aside")), match.start("rest"))


def final_aside(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A sentence-final appositive without a verb (', a freight agency based in the town.')."""
    match = _FINAL_ASIDE.search(text, start, end)
    if match is None or not _verbless(match.group("aside")):
        return None
    if "," not in text[start:match.start()] and re.match(
            r"(?:In|On|At|During|After|Before|Following|By|For|From|Under|With)\b", text[start:]):
        return None  # "In the parliament, a committee published …": the main clause itself
    return match.start("aside"), match.end("aside")
