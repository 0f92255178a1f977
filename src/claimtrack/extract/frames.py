"""Sentence-level attributions: a quotation first and its speaker after, or a trailing cue.

``"We were paid," said X.`` and ``The port closed, the company said.`` put the cue after
what is claimed; the clause-by-clause reading (cue, then content) would miss both.
"""

from __future__ import annotations

import re

import attrs

from claimtrack.extract.lexicon import is_finite_verb
from claimtrack.extract.sentences import split_sentences

__all__ = ["Frame", "find_frame"]

_CUES = (r"said|says|added|adds|told|tells|explained|insisted|continued|wrote|writes|warned|"
         r"asked|stated|claimed|argued|recalled|noted|replied|concluded|admitted|acknowledged|"
         r"conceded|declared|announced|alleged|confirmed|reported|testified|complained")
_FRAME = re.compile(rf"(?:(?P<subject>[^\"“”]{{1,90}}?)\s+)?(?P<cue>{_CUES})"
                    rf"(?:\s+(?P<rest>[^\"“”]+?))?\s*[.!?]?", re.IGNORECASE)
_TRAIL = re.compile(
    rf",\s+(?:(?P<subject>(?:(?:his|her|its|their|the|a|an)\s+)?[^,\"“”]{{1,60}}?)\s+"
    rf"(?P<cue>{_CUES})(?P<object>\s+(?!that\b)[A-Za-z][^,\"“”]{{0,40}}?)?"
    rf"|(?P<cue2>said|says|added)\s+(?P<subject2>[^,\"“”]{{2,80}})"
    rf"|(?P<cue3>according\s+to)\s+(?P<subject3>[^,\"“”]{{2,80}}))"
    rf"(?P<relative>,\s+(?:who|which)\s+[^\"“”]+?)?\s*[.!?]?$", re.IGNORECASE)
_TIME = re.compile(r"^(?:(?:on|last|this|in|at|late|early|earlier|later)\s+\w+(?:\s+\w+)?|"
                   r"yesterday|today|afterwards|later)$", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
_LEADING_SOURCE = re.compile(r"(?:citing|quoting)\s", re.IGNORECASE)
_MAX_SUBJECT_WORDS = 7


@attrs.frozen
class Frame:
    """A sentence's governing attribution, found at its end."""

    kind: str
    """``quote`` (the quotation comes first) or ``trailing`` (a cue closes the sentence)."""
    pieces: tuple[tuple[int, int], ...]
    """The quoted sentences, or the one content span (up to the trailing cue)."""
    speaker: str
    cue: str
    target: str = ""
    """Whom it was told ("told Meridian Wire")."""
    aside: tuple[int, int] | None = None
    """The speaker phrase when it asserts something of its own (an appositive, 'who …')."""
    end: int = 0
    """Where the frame ends (a trailing cue belongs to the last content clause)."""


def _closing(text: str, start: int, end: int) -> int:
    opener = text[start]
    closer = "”" if opener == "“" else '"'
    return text.find(closer, start + 1, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end


def _speaker(subject: str, rest: str) -> tuple[str, str]:
    """(speaker, target) of a frame: '… she told Reuters' or '… said Inspector X'."""
    if subject:
        target = "" if not rest or _TIME.match(rest) else rest
        return subject, target
    speaker = re.sub(r"\s+(?:on|last|in)\s+\w+$", "", rest or "")
    return speaker, ""


def _quote_first(text: str, start: int, end: int) -> Frame | None:
    close = _closing(text, start, end)
    if close == -1:
        return None
    after = close + 1
    while after < end and text[after] in " ,":
        after += 1
    second = None
    stop = end
    for opener in ('"', "“"):
        found = text.find(opener, after, end)
        if found != -1:
            second = found if second is None else min(second, found)
    if second is not None:
        stop = second
    frame = _FRAME.fullmatch(text[after:stop].rstrip(" ,"))
    if frame is None:
        return None
    subject = (frame.group("subject") or "").strip()
    if subject and (len(subject.split()) > _MAX_SUBJECT_WORDS or (
            subject[:1].islower() and subject.casefold() not in _PRONOUNS
            and not subject.casefold().startswith(("his ", "her ", "its ", "their ", "the ")))):
        return None
    speaker, target = _speaker(subject, (frame.group("rest") or "").strip())
    if not speaker:
        return None
    pieces = [_trim(text, s, e) for s, e in split_sentences(text, start + 1, close)]
    if second is not None:
        close2 = _closing(text, second, end)
        if close2 != -1:
            pieces += [_trim(text, s, e) for s, e in split_sentences(text, second + 1, close2)]
    aside = None
    if not subject and ("," in speaker or " who " in speaker):
        s_start = after + frame.start("rest")
        aside = _trim(text, s_start, s_start + len(speaker) + 0)
        speaker = speaker.split(", who", 1)[0].split(" who ", 1)[0]
    cue = frame.group("cue") + (f" {target}" if target else "")
    return Frame("quote", tuple(p for p in pieces if p[0] < p[1]), speaker, cue, target, aside,
                 end)


def _trailing(text: str, start: int, end: int) -> Frame | None:
    sentence = text[start:end]
    match = _TRAIL.search(sentence)
    if match is None:
        return None
    subject = (match.group("subject") or match.group("subject2") or match.group("subject3") or "")
    subject = subject.strip()
    if not subject or len(subject.split()) > _MAX_SUBJECT_WORDS or '"' in sentence[:match.start()][
            -1:]:
        return None
    if match.group("subject") and subject[:1].islower() and not (
            subject.casefold() in _PRONOUNS or subject.casefold().startswith(
                ("his ", "her ", "its ", "their ", "the "))):
        return None
    if match.group("subject2") and not _noun_phrase(subject):
        return None  # "…, said the dam was safe": a clause, not a speaker after the cue
    if _LEADING_SOURCE.match(sentence):
        return None  # "Quoting an official, the paper said …": the cue leads, its source first
    cue = (match.group("cue") or match.group("cue2") or match.group("cue3")).casefold()
    target = (match.group("object") or "").strip()
    if target and _TIME.match(target):
        target = ""
    aside = None
    if match.group("relative"):
        aside = (start + match.start("relative") + 2, start + match.end("relative"))
        aside = _trim(text, *aside)
    content_end = start + match.start()
    return Frame("trailing", ((start, content_end),), subject,
                 cue + (f" {target}" if target and cue.startswith("told") else ""),
                 target if cue.startswith("told") else "", aside,
                 start + (match.start("relative") if match.group("relative") else match.end()))


def _noun_phrase(words: str) -> bool:
    """Whether ``words`` name someone rather than say something (no finite verb)."""
    return not any(is_finite_verb(w) or w.casefold() in {"is", "are", "that"}
                   for w in words.split())


def find_frame(text: str, start: int, end: int) -> Frame | None:
    """The frame of the sentence ``text[start:end]``, when its cue comes after the content."""
    if text[start] in "\"“":
        return _quote_first(text, start, end)
    return _trailing(text, start, end)
