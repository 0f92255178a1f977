"""Read the noun phrase that names a claimant: a proper name, a pronoun, a role or nobody."""

from __future__ import annotations

import enum
import functools
import re

import attrs

from claimtrack.extract.lexicon import (
    FEMALE,
    HUMAN_NOUNS,
    INSTITUTIONS,
    KIND_HINTS,
    MALE,
    ORG_HEADS,
    STOP_NAMES,
    TITLE_WORDS,
)

__all__ = ["ADVERBS", "MONTHS", "Mention", "MentionType", "analyse", "names_in"]

_TOKEN = re.compile(r"[^\s,;:)\[\]]+|[,;:]")
_SMALL = frozenset({"of", "the", "for", "and", "de", "la", "du", "von", "van", "der", "on",
                    "del", "da", "di", "dos", "das", "des", "bin", "ibn", "y", "le"})
_JOINERS = frozenset({"of", "for", "and", "on"})
_ANONYMOUS = re.compile(r"\banonym(?:ity|ous|ously)\b|\bnot authori[sz]ed to\b|"
                        r"\bnot to be (?:named|identified)\b|\bnot be (?:named|identified)\b",
                        re.IGNORECASE)
_ORG_NOUNS = frozenset(w for words, _ in KIND_HINTS for w in words if " " not in w)
_PRONOUNS = frozenset({"he", "she", "it", "they", "who", "which", "him", "them", "we", "i"})
_OWN = re.compile(r"^(?:this|our)\s+(?:agency|newspaper|paper|website|site|outlet|publication|"
                  r"news\s+agency|reporter|correspondent|magazine|broadcaster|station)$", re.I)
ADVERBS = frozenset({
    "later", "also", "then", "again", "now", "repeatedly", "quickly", "officially", "publicly",
    "previously", "subsequently", "reportedly", "allegedly", "initially", "immediately",
    "formally", "openly", "strongly", "firmly", "categorically", "swiftly", "itself", "himself",
    "herself", "themselves", "first", "once", "soon", "would", "had", "has", "have", "was",
    "were", "is", "are", "will", "did", "could", "not", "never", "already", "further",
    "separately", "meanwhile", "however", "earlier", "yesterday", "today", "since",
})
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
_INTRO = frozenset({"on", "in", "during", "after", "before", "however", "later", "by", "at",
                    "since", "until", "following", "meanwhile", "earlier", "then", "speaking",
                    "separately", "asked", "responding", "writing", "addressing", "also",
                    "yesterday", "today", "last", "when", "while", "as", "although", "but",
                    "and", "still", "instead", "for", "from", "with", "under", "within"})
_PREPOSITIONS = frozenset({"of", "at", "in", "from", "for", "near", "with", "on", "to", "inside",
                           "within", "behind", "outside", "representing"})
_INDEFINITE = re.compile(r"^(?:a|an|one|two|three|four|five|six|several|some|many|few|"
                         r"unnamed|anonymous|other|senior|\d+)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?P<owner>his|her|its|their|[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.-]*)*"
                         r"['\u2019]s?)\s+(?P<rest>.+)$")
_BARE_ROLES = frozenset({"police", "prosecutors", "investigators", "officials", "authorities",
                         "customs", "officers", "witnesses", "residents", "doctors"})
_INSTITUTIONAL = frozenset({"police", "prosecutors", "authorities", "customs", "prosecution"})
# "the ministry's statement", "the prosecutors' indictment": a document of its owner's.
_DOCUMENT_OWNER = re.compile(
    r"^(?P<owner>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)['\u2019]s?\s+(?:(?:written|latest|"
    r"final|official|initial|first|own)\s+)?(?:indictment|charge\s+sheet|statement|report|"
    r"filing|complaint|account|case|findings|press\s+release|communiqu[eé]|letter|"
    r"submission|ruling|decision|verdict|judgment|judgement|version|announcement)$",
    re.IGNORECASE)
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                    "september", "october", "november", "december"})


class MentionType(enum.Enum):
    """What sort of reference a claimant noun phrase is."""

    NAME = "name"
    PRONOUN = "pronoun"
    ROLE = "role"
    """A definite description ("the spokesman", "the company"): refers back to someone."""
    UNNAMED = "unnamed"
    """A source the text does not name ("a ministry spokeswoman", "two officials")."""
    OWN = "own"
    """The document itself ("this agency")."""
    NONE = "none"


@attrs.frozen
class Mention:
    """A claimant reference: type, name (or head phrase), and what the phrase tells about it."""

    type: MentionType
    text: str = ""
    acronym: str = ""
    phrase: str = ""
    role: str = ""
    """The role or institution noun ("spokeswoman", "company", "officials")."""
    owner: str = ""
    """Whose role it is: a name or phrase ("Finance Ministry", "ministry") or a pronoun."""
    plural: bool = False
    gender: str = ""
    human: bool = False
    appositive: str = ""
    """A description set beside a name ("leader of the union SINPORT")."""


@functools.lru_cache(maxsize=1 << 16)
def _is_cap(token: str) -> bool:
    word = token.strip("\"'“”\u2018\u2019")
    low = word.casefold().strip(".,")
    return bool(word[:1].isupper()) and low not in STOP_NAMES and low not in MONTHS


def _joins(run: list[str], token: str, nxt: str) -> bool:
    """Whether a small word continues a name: 'Ministry of X' yes, 'Jane Doe of X' no."""
    low = token.casefold()
    if low not in _SMALL or not (_is_cap(nxt) or nxt.casefold() in _SMALL):
        return False
    if low not in _JOINERS:
        return True  # particles inside names: del, da, van, bin
    return any(w.casefold().strip(".,") in ORG_HEADS for w in run) or (len(run) == 1 and (
        run[0].isupper()))


def names_in(phrase: str) -> list[str]:
    """Capitalised runs of ``phrase`` (joining 'of the' after an institution), titles stripped."""
    return list(_names_in(phrase))


@functools.lru_cache(maxsize=1 << 16)
def _names_in(phrase: str) -> tuple[str, ...]:
    tokens = _TOKEN.findall(phrase.replace("(", " ( "))
    runs: list[list[str]] = []
    current: list[str] = []
    for index, token in enumerate(tokens):
        nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
        joins = bool(current) and _joins(current, token, nxt)
        if token in ",;:":
            if current:
                runs.append(current)
            current = []
            continue
        if (_is_cap(token) and not token.startswith(("\"", "“"))) or joins:
            current.append(token)
        elif current and token.casefold().strip(".") in _ORG_NOUNS and (
                not token.endswith(("'s", "\u2019s"))):
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
        while run and (run[0].casefold().strip(",") in TITLE_WORDS or (
                run[0] in _SMALL)):
            run = run[1:]
        while run and run[-1].casefold() in _SMALL:
            run = run[:-1]
        name = " ".join(run).strip(".,\"“”")
        name = re.sub(r"['\u2019]s?$", "", name) if re.search(r"\w['\u2019]s?$", name) else name
        if name:
            names.append(name)
    return tuple(names)


def _parts(phrase: str) -> list[str]:
    """The comma-separated parts of a phrase, without leading adjuncts or relative clauses."""
    parts = [p.strip() for p in phrase.split(",") if p.strip()]
    while len(parts) > 1 and parts[0].split()[0].casefold() in _INTRO:
        parts = parts[1:]
    if parts and parts[0].split()[0].casefold() in _INTRO and len(parts[0].split()) > 1:
        words = parts[0].split()
        # "In a statement the ministry": drop the adjunct up to the first determiner.
        for index, word in enumerate(words[1:], 1):
            if word.casefold() in {"the", "a", "an"} and index > 1:
                parts[0] = " ".join(words[index:])
                break
    if parts and parts[0].split()[0].casefold() in _INTRO and len(parts) == 1:
        parts[0] = _after_adjunct(parts[0])
    if parts and len(parts[0].split()) > 1 and parts[0].split()[0].casefold() in {
            "which", "who", "that", "whom"}:
        parts[0] = parts[0].split(" ", 1)[1]  # "which he said": the speaker is "he"
        return parts
    return [p for p in parts if p.split()[0].casefold() not in {"who", "which", "whose", "that"}]


def _after_adjunct(part: str) -> str:
    """'On 2 March he' -> 'he'; 'In June 2024 prosecutors' -> 'prosecutors'."""
    words = part.split()
    for index in range(len(words) - 1, 0, -1):
        low = words[index].casefold()
        if low in _PRONOUNS or low in {"the", "a", "an", "his", "her", "its", "their"}:
            return " ".join(words[index:])
    last = words[-1]
    if last.casefold() in HUMAN_NOUNS or last.casefold() in INSTITUTIONS or (
            last[:1].isupper() and last.casefold() not in MONTHS):
        start = len(words) - 1
        while start > 1 and words[start - 1][:1].isupper() and (
                words[start - 1].casefold() not in MONTHS):
            start -= 1
        return " ".join(words[start:])
    return part


def _head(part: str) -> tuple[str, str]:
    """(head, rest): the words before the first preposition outside a name, and the rest."""
    words = part.split()
    for index, word in enumerate(words[1:], 1):
        low = word.casefold()
        if low in _PREPOSITIONS and not (low in _JOINERS and words[index - 1][:1].isupper() and (
                _joins(words[:index], word,
                                                                  words[index + 1]
                                                                  if index + 1 < len(words)
                                                                  else ""))):
            return " ".join(words[:index]), " ".join(words[index + 1:])
    return part, ""


def _gender(words: list[str]) -> str:
    low = {w.casefold().strip(".,") for w in words}
    if low & FEMALE:
        return "f"
    if low & MALE:
        return "m"
    return ""


@functools.lru_cache(maxsize=1 << 14)
def analyse(phrase: str) -> Mention:
    """Classify the phrase before (or after) a cue: a name, a pronoun, a role or nobody."""
    phrase = phrase.strip(" ,\"“”")
    if _ANONYMOUS.search(phrase):  # "a former employee, who spoke on condition of anonymity"
        who = _role_mention(_parts(phrase)[0] if _parts(phrase) else phrase)
        return attrs.evolve(who, type=MentionType.UNNAMED, human=True) if who.type in (
            MentionType.ROLE, MentionType.UNNAMED) else Mention(MentionType.UNNAMED,
                                                                phrase=phrase, human=True)
    for cut in (" quoted ", " cited ", " speaking ", " who ", " which ", " whose "):
        phrase = phrase.split(cut, 1)[0]
    if " by " in phrase:
        phrase = phrase.rsplit(" by ", 1)[1]
    words = phrase.split()
    while words and words[-1].casefold().strip(",") in ADVERBS:
        words.pop()
    while words and words[0].casefold().strip(",") in ADVERBS - {"then"}:
        words.pop(0)
    phrase = " ".join(words).strip(" ,")
    if not phrase:
        return Mention(MentionType.NONE)
    low = phrase.casefold()
    if low in _PRONOUNS:
        return Mention(MentionType.PRONOUN, low, phrase=phrase, plural=low in {"they", "them"},
                       gender=_gender([low]))
    acronym = _ACRONYM.search(phrase)
    short = acronym.group(1) if acronym else ""
    parts = _parts(phrase) or [phrase]
    if len(parts) == 1 and parts[0].casefold() in _PRONOUNS:
        low = parts[0].casefold()
        return Mention(MentionType.PRONOUN, low, phrase=phrase, plural=low in {"they", "them"},
                       gender=_gender([low]))
    if _OWN.match(parts[-1]) or _OWN.match(parts[0]):
        return Mention(MentionType.OWN, phrase=phrase)
    best: Mention | None = None
    for index, part in enumerate(parts):
        head, rest = _head(_ACRONYM.sub("", part).strip())
        found = _name_of(head)
        if found and found.casefold() in _BARE_ROLES and len(found.split()) == 1:
            found = ""  # "Police said": the police of the story, not a body named Police
        if found:
            others = [p for i, p in enumerate(parts) if i != index]
            role = _role_mention(others[0]) if others else _role_mention(head)
            owner = names_in(rest)[0] if names_in(rest) else role.owner
            title = _title_before(head, found)
            return Mention(MentionType.NAME, found, short, phrase, role=role.role or title,
                           owner=owner, gender=_gender([*part.split(), role.role]),
                           appositive=others[0] if others else "")
        if best is None:
            best = _role_mention(part)
    if best is None or best.type is MentionType.NONE:
        owned = _DOCUMENT_OWNER.match(phrase)
        if owned:  # "the prosecutors' indictment": whoever the document speaks for
            return analyse(owned.group("owner"))
    return best if best is not None else Mention(MentionType.NONE, phrase=phrase)


def _title_before(head: str, name: str) -> str:
    """The role word written before a name ('Harbour master Joana Brito' -> 'master')."""
    before = head.split(name.split()[0], 1)[0].split() if name else []
    words = [w.casefold().strip(".,") for w in before]
    roles = [w for w in words if w in HUMAN_NOUNS or w in TITLE_WORDS - {"the", "former"}]
    return roles[-1] if roles else ""


def _name_of(head: str) -> str:
    """The proper name a head phrase carries, if any ('Police chief Andrei Ciobanu')."""
    words = head.split()
    possessive = _POSSESSIVE.match(head)
    if possessive and possessive.group("rest").split()[-1].casefold().strip(".") in (
            HUMAN_NOUNS | INSTITUTIONS | TITLE_WORDS):
        return ""  # "Echeverría's lawyer", "Atlantida Cargo's owner": not the owner
    found = names_in(head)
    if not found:
        return ""
    if len(found[-1].split()) == 1 and words and words[0] == found[-1] and len(words) > 1 and (
            all(w[:1].islower() for w in words[1:])):
        return ""  # "Environmental campaigners": a capitalised first word, not a name
    if words and words[0].casefold() in {"the", "a", "an"} and found[-1] == " ".join(
            w for w in words[1:] if w[:1].isupper()) and words[-1].casefold() in INSTITUTIONS:
        return found[-1]
    return found[-1]


def _role_mention(part: str) -> Mention:
    """A phrase without a proper name: a role, an institution, or nothing checkable."""
    part = _ACRONYM.sub("", part).strip()
    head, rest = _head(part)
    owner = ""
    possessive = _POSSESSIVE.match(head)
    if possessive:
        owner = re.sub(r"['\u2019]s?$", "", possessive.group("owner"))
        head = possessive.group("rest")
    words = re.findall(r"[\w'\u2019.-]+", head)
    if not words:
        return Mention(MentionType.NONE, phrase=part)
    noun = words[-1].casefold().strip(".")
    low = [w.casefold() for w in words]
    if not owner:
        owner = names_in(rest)[0] if names_in(rest) else ""
        modifiers = [w for w in low[:-1] if w in INSTITUTIONS or w in _ORG_NOUNS]
        owner = owner or (modifiers[-1] if modifiers else "")
    human = (noun in HUMAN_NOUNS or noun in TITLE_WORDS - {"the", "former", "opposition"}) and (
        noun not in _INSTITUTIONAL)
    plural = (noun.endswith("s") and not noun.endswith(("ss", "us"))) or noun in {
        "people", "police", "authorities", "staff"}
    gender = _gender(words)
    text = re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.IGNORECASE)
    bare = not re.match(r"(?:the|its|his|her|their|this|that|these|those|our|my)\b", head,
                        re.IGNORECASE) and not possessive
    if human and (_INDEFINITE.match(head) or "unnamed" in low or "anonymous" in low or (
            bare and plural and noun not in _BARE_ROLES)):
        return Mention(MentionType.UNNAMED, text, phrase=part, role=noun, owner=owner,
                       plural=plural, gender=gender, human=True)
    if human or noun in INSTITUTIONS or noun in _ORG_NOUNS or (possessive and len(words) <= 2):
        # "his employer", "its owners": a possessive role names someone even when the
        # noun is not a known role word.
        kind = MentionType.UNNAMED if _INDEFINITE.match(head) and human else MentionType.ROLE
        return Mention(kind, text, phrase=part, role=noun, owner=owner, plural=plural,
                       gender=gender, human=human)
    return Mention(MentionType.NONE, phrase=part)
