"""Find the actor a noun phrase names: a proper name, a pronoun, a description or nobody."""

from __future__ import annotations

import enum
import re

import attrs

from claimtrack.extract.lexicon import HUMAN_NOUNS, KIND_HINTS, STOP_NAMES, TITLE_WORDS

__all__ = ["ADVERBS", "Mention", "MentionType", "analyse", "names_in"]

_TOKEN = re.compile(r"[^\s,;:)\[\]]+")
_SMALL = frozenset({"of", "the", "for", "and", "de", "la", "du", "von", "van", "der", "on",
                    "del", "da", "di", "dos", "das", "des", "bin", "ibn"})
_ANONYMOUS = re.compile(r"\banonym(?:ity|ous|ously)\b|\bnot authori[sz]ed to\b", re.IGNORECASE)
_POSSESSIVE_ROLE = re.compile(r"^\S.*?['\u2019]s\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*$")
_ORG_NOUNS = frozenset(w for words, _ in KIND_HINTS for w in words if " " not in w)
_PRONOUNS = frozenset({"he", "she", "it", "they", "who", "which", "him", "them"})
ADVERBS = frozenset({
    "later", "also", "then", "again", "now", "repeatedly", "quickly", "officially", "publicly",
    "previously", "subsequently", "reportedly", "allegedly", "initially", "immediately",
    "formally", "openly", "strongly", "firmly", "categorically", "swiftly", "itself", "himself",
    "herself", "themselves", "first", "once", "soon", "would", "had", "has", "have", "was",
    "were", "is", "are", "will", "did", "could", "not", "never", "already", "further",
})
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


_INTRO = frozenset({"on", "in", "during", "after", "before", "however", "later", "by", "at",
                    "since", "until", "following", "meanwhile", "earlier", "then"})
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                    "september", "october", "november", "december"})


class MentionType(enum.Enum):
    """What sort of reference a claimant noun phrase is."""

    NAME = "name"
    PRONOUN = "pronoun"
    DESCRIPTION = "description"
    UNNAMED = "unnamed"
    NONE = "none"


@attrs.frozen
class Mention:
    """A claimant reference: its type, the name or head word, an acronym and the whole phrase."""

    type: MentionType
    text: str = ""
    acronym: str = ""
    phrase: str = ""


def _is_cap(token: str) -> bool:
    word = token.strip("\"'“”\u2018\u2019")
    low = word.casefold().strip(".,")
    return bool(word[:1].isupper()) and low not in STOP_NAMES and low not in MONTHS


def names_in(phrase: str) -> list[str]:
    """Capitalised runs of ``phrase`` (allowing 'of the' inside), titles stripped."""
    tokens = _TOKEN.findall(phrase.replace("(", " ( "))
    runs: list[list[str]] = []
    current: list[str] = []
    for index, token in enumerate(tokens):
        nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
        joins = bool(current) and token.casefold() in _SMALL and (_is_cap(nxt) or nxt in _SMALL)
        if (_is_cap(token) and not token.startswith(("\"", "“"))) or joins:
            current.append(token)
        elif current and token.casefold().strip(".") in _ORG_NOUNS:
            current.append(token)
            runs.append(current)
            current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    names = []
    for run in runs:
        while run and run[0].casefold() in TITLE_WORDS | _SMALL:
            run = run[1:]
        while run and run[-1].casefold() in _SMALL:
            run = run[:-1]
        name = " ".join(run).strip(".,")
        if name:
            names.append(name)
    return names


def analyse(phrase: str) -> Mention:
    """Classify the phrase before a cue (``Opposition MP Tomáš Kollár``, ``he``, ``the site``)."""
    phrase = phrase.strip(" ,")
    if _ANONYMOUS.search(phrase):  # "a former employee, who spoke on condition of anonymity"
        return Mention(MentionType.UNNAMED, phrase=phrase)
    for cut in (" quoted ", " cited ", " speaking ", " who ", " which "):
        phrase = phrase.split(cut, 1)[0]
    if " by " in phrase:
        phrase = phrase.rsplit(" by ", 1)[1]
    words = phrase.split()
    while words and words[-1].casefold().strip(",") in ADVERBS:
        words.pop()
    phrase = " ".join(words).strip(" ,")
    if not phrase:
        return Mention(MentionType.NONE)
    low = phrase.casefold()
    if low in _PRONOUNS:
        return Mention(MentionType.PRONOUN, low, phrase=phrase)
    acronym = _ACRONYM.search(phrase)
    short = acronym.group(1) if acronym else ""
    parts = [p for p in phrase.split(",") if p.strip()]
    while len(parts) > 1 and parts[0].split()[0].casefold() in _INTRO:
        parts = parts[1:]
    phrase = ",".join(parts).strip(" ,")  # "In a statement, the port authority"
    low = phrase.casefold()
    if _POSSESSIVE_ROLE.match(phrase):  # "Echeverría's lawyer" is not Echeverría
        return Mention(MentionType.DESCRIPTION, phrase, phrase=phrase)
    for part in parts:
        found = names_in(_ACRONYM.sub("", part))
        if found:
            return Mention(MentionType.NAME, found[-1], short, phrase)
    words = re.findall(r"[\w'\u2019.-]+", low)
    if "unnamed" in words or "anonymous" in words or any(w in HUMAN_NOUNS for w in words):
        return Mention(MentionType.UNNAMED, phrase=phrase)
    if words and (words[-1].strip(".") in _ORG_NOUNS or words[-1] in TITLE_WORDS - {"the"}):
        text = re.sub(r"^(?:the|a|an|its|his|her|their)\s+", "", phrase, flags=re.IGNORECASE)
        return Mention(MentionType.DESCRIPTION, text, phrase=phrase)
    return Mention(MentionType.NONE, phrase=phrase)
