"""Word lists the extractor's rules share: cue verbs, title words, kind hints."""

from __future__ import annotations

import functools

from claimtrack.model import ActorKind, ClaimKind

__all__ = [
    "AUXILIARIES", "CUES", "FEMALE", "HUMAN_NOUNS", "INSTITUTIONS", "IRREGULAR_PAST", "KIND_HINTS",
    "MALE", "ORG_HEADS", "ORG_SUFFIXES", "TITLE_WORDS",
]

# Cue verb stem -> the kind of claim it introduces. Every inflection is matched.
CUES: dict[str, ClaimKind] = {
    "announce": ClaimKind.ANNOUNCEMENT, "declare": ClaimKind.ANNOUNCEMENT,
    "claim": ClaimKind.ALLEGATION, "allege": ClaimKind.ALLEGATION,
    "accuse": ClaimKind.ACCUSATION, "charge": ClaimKind.ACCUSATION,
    "blame": ClaimKind.ACCUSATION, "criticise": ClaimKind.ACCUSATION,
    "criticize": ClaimKind.ACCUSATION, "condemn": ClaimKind.ACCUSATION,
    "deny": ClaimKind.DENIAL, "reject": ClaimKind.DENIAL, "dismiss": ClaimKind.DENIAL,
    "dispute": ClaimKind.DENIAL, "refute": ClaimKind.DENIAL,
    "report": ClaimKind.REPORT, "reveal": ClaimKind.REPORT, "disclose": ClaimKind.REPORT,
    "find": ClaimKind.REPORT, "conclude": ClaimKind.REPORT,
    "demand": ClaimKind.DEMAND, "urge": ClaimKind.DEMAND, "recommend": ClaimKind.DEMAND,
    "call": ClaimKind.CHARACTERIZATION, "describe": ClaimKind.CHARACTERIZATION,
    "label": ClaimKind.CHARACTERIZATION, "brand": ClaimKind.CHARACTERIZATION,
    "deem": ClaimKind.CHARACTERIZATION,
    "threaten": ClaimKind.THREAT, "warn": ClaimKind.STATEMENT, "vow": ClaimKind.THREAT,
    "say": ClaimKind.STATEMENT, "state": ClaimKind.STATEMENT, "confirm": ClaimKind.STATEMENT,
    "tell": ClaimKind.STATEMENT, "add": ClaimKind.STATEMENT, "note": ClaimKind.STATEMENT,
    "insist": ClaimKind.STATEMENT, "argue": ClaimKind.STATEMENT,
    "maintain": ClaimKind.STATEMENT, "acknowledge": ClaimKind.STATEMENT,
    "admit": ClaimKind.STATEMENT, "assert": ClaimKind.STATEMENT, "write": ClaimKind.STATEMENT,
    "suggest": ClaimKind.STATEMENT, "testify": ClaimKind.STATEMENT,
    "contend": ClaimKind.STATEMENT, "counter": ClaimKind.STATEMENT,
    "respond": ClaimKind.STATEMENT, "reply": ClaimKind.STATEMENT,
    "promise": ClaimKind.STATEMENT, "pledge": ClaimKind.STATEMENT,
    "retract": ClaimKind.RETRACTION, "withdraw": ClaimKind.RETRACTION,
    "rule": ClaimKind.RULING, "convict": ClaimKind.RULING, "acquit": ClaimKind.RULING,
    "explain": ClaimKind.STATEMENT, "recall": ClaimKind.STATEMENT,
    "concede": ClaimKind.STATEMENT, "estimate": ClaimKind.STATEMENT,
    "order": ClaimKind.STATEMENT, "welcome": ClaimKind.STATEMENT,
    "apologise": ClaimKind.STATEMENT, "apologize": ClaimKind.STATEMENT,
    "predict": ClaimKind.STATEMENT, "speculate": ClaimKind.STATEMENT,
}
IRREGULAR_FORMS: dict[str, str] = {
    "said": "say", "says": "say", "saying": "say", "told": "tell", "tells": "tell",
    "found": "find", "finds": "find", "wrote": "write", "writes": "write",
    "withdrew": "withdraw", "denied": "deny", "denies": "deny", "denying": "deny",
    "testified": "testify", "testifies": "testify", "replied": "reply", "replies": "reply",
    "withdrawn": "withdraw", "withdraws": "withdraw", "withdrawing": "withdraw",
}
SPECULATIVE = frozenset({"suggest", "speculate", "predict"})

AUXILIARIES = frozenset({
    "was", "were", "is", "are", "be", "been", "had", "has", "have", "would", "will", "could",
    "can", "did", "does", "do", "should", "may", "might", "must",
})
IRREGULAR_PAST = frozenset({
    "met", "held", "fought", "made", "took", "left", "began", "became", "came", "went", "gave",
    "led", "won", "lost", "sent", "built", "brought", "bought", "kept", "paid", "ran", "saw",
    "set", "spent", "stood", "struck", "thought", "fled", "shot", "hit", "put", "fell", "rose",
    "broke", "spoke", "stole", "drew", "drove", "grew", "knew", "threw", "sold", "seized",
    "got", "sat", "wore", "hid", "beat", "forbade", "sought", "taught", "caught", "remained",
    "returned", "resigned",
}) | frozenset(IRREGULAR_FORMS)
NOT_VERBS = frozenset({
    "red", "bed", "need", "seed", "feed", "speed", "creed", "hundred", "united", "armed",
    "alleged", "so-called", "deed", "breed", "greed", "shed", "sacred", "naked", "wicked",
})
TITLE_WORDS = frozenset({
    "mp", "opposition", "minister", "president", "senator", "chief", "police", "coach",
    "spokesperson", "spokesman", "spokeswoman", "lawyer", "general", "colonel", "judge",
    "prosecutor", "mayor", "governor", "dr", "mr", "mrs", "ms", "prof", "professor", "deputy",
    "interior", "foreign", "prime", "defence", "defense", "justice", "commander", "leader",
    "director", "head", "chairman", "chairwoman", "secretary", "ambassador", "then-president",
    "former", "sheriff", "inspector", "officer", "captain", "sergeant", "lieutenant", "the",
})
HUMAN_NOUNS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen",
    "lawyer", "lawyers", "attorney", "attorneys", "doctor", "doctors", "inspector", "inspectors",
    "family", "son", "daughter", "wife", "husband", "mother", "father", "brother", "sister",
    "campaigners", "protesters", "farmers", "manager", "managers", "executive", "executives",
    "representative", "representatives", "negotiator", "negotiators", "prosecutor", "judge",
    "owner", "owners", "founder", "chief", "boss", "head", "president", "director", "partner",
    "client", "adviser", "advisor", "deputy", "successor", "predecessor", "master", "lawmaker",
    "councillor", "councilor", "paediatrician", "pediatrician", "nurse", "teacher", "guard",
    "guards", "driver", "drivers", "captain", "crew", "chairman", "chairwoman", "ceo",
    "delegate", "delegates", "governor", "ambassador", "envoy", "minister", "official",
    "grower", "growers", "farmer", "fisherman", "fishermen", "researcher", "researchers",
    "scientist", "scientists", "economist", "professor", "chemist", "engineer", "engineers",
    "witness", "witnesses", "officials", "source", "sources", "officer", "officers",
    "investigator", "investigators", "diplomat", "diplomats", "resident", "residents", "analyst",
    "analysts", "expert", "experts", "critic", "critics", "observer", "observers", "member",
    "members", "people", "person", "activist", "activists", "journalist", "journalists",
    "prosecutors", "insider", "insiders", "neighbours", "neighbors", "relatives", "aide", "aides",
    "employee", "employees", "worker", "workers", "staff", "colleague", "colleagues",
})
MALE = frozenset({"he", "him", "his", "mr", "spokesman", "chairman", "businessman", "son",
                  "husband", "father", "brother", "king", "sir", "man", "congressman"})
FEMALE = frozenset({"she", "her", "hers", "mrs", "ms", "miss", "spokeswoman", "chairwoman",
                    "businesswoman", "daughter", "wife", "mother", "sister", "queen", "lady",
                    "woman", "congresswoman"})
# Capitalised words that head an institution's name: "Ministry of X" joins across "of";
# "Helena Caldas of the Criminal Police" does not.
ORG_HEADS = frozenset({
    "ministry", "office", "court", "bank", "university", "department", "council", "federation",
    "union", "association", "commission", "committee", "service", "authority", "agency",
    "bureau", "board", "institute", "party", "republic", "government", "chamber", "college",
    "academy", "church", "league", "society", "museum", "port", "director", "secretary",
    "tribunal", "house", "assembly", "parliament", "foundation", "fund", "corporation",
    "company", "group", "cooperative", "co-operative", "inspectorate", "directorate",
    "police", "prosecutor", "prosecutors", "minister", "state", "city", "district", "province",
    "region", "county", "municipality", "school", "hospital", "centre", "center", "network",
})
# Last words of company names: "Veltra Chemie", "Ekoservis Group", "Acme Ltd".
ORG_SUFFIXES = frozenset({
    "ltd", "inc", "corp", "gmbh", "ag", "sa", "plc", "llc", "co", "group", "holdings", "chemie",
    "cargo", "industries", "logistics", "shipping", "foods", "energy", "partners", "cooperative",
    "co-operative", "trading", "imports", "exports", "farms", "agro", "chemicals", "pharma",
    "motors", "systems", "services", "solutions", "enterprises", "international", "watch",
    "network", "alliance", "coalition", "front", "movement", "initiative", "trust",
})
# Lowercase nouns naming an institution; "the company", "the ministry" refer back to one.
INSTITUTIONS = frozenset({
    "company", "firm", "ministry", "agency", "authority", "authorities", "police", "prosecutors",
    "prosecution", "court", "tribunal", "district", "party", "union", "group", "association",
    "federation", "newspaper", "paper", "site", "website", "broadcaster", "station", "channel",
    "government", "commission", "committee", "office", "council", "inspectorate", "department",
    "service", "bureau", "cooperative", "co-operative", "charity", "organisation",
    "organization", "ngo", "watchdog", "club", "team", "bank", "administration",
    "municipality", "army", "military", "regulator", "ombudsman", "exporter", "importer",
    "shipper", "operator", "manufacturer", "producer", "plant", "network", "outlet", "daily",
    "weekly", "magazine", "wire", "campaign", "coalition", "alliance", "movement", "board",
    "jury", "panel", "inquiry", "delegation", "embassy", "consulate", "presidency",
})

# Words in a name or its description -> the kind of actor it suggests (first hit wins).
KIND_HINTS: tuple[tuple[tuple[str, ...], ActorKind], ...] = (
    (("court", "tribunal", "judge"), ActorKind.COURT),
    (("militia", "brigade", "battalion", "rebels", "insurgents"), ActorKind.MILITIA),
    (("newspaper", "news", "site", "outlet", "broadcaster", "times", "post", "journal",
      "tv", "radio", "magazine", "agency press", "courier", "herald", "gazette", "tribune",
      "daily", ".com", ".sk", ".org", "reuters", "paper", "website", "channel", "wire",
      "press", "broadcaster", "ledger", "weekly", "television", "nordstern", "telegraph",
      "observer", "chronicle", "review", "broadcasting", "media", "star", "sun", "mirror",
      "echo", "standard", "express", "guardian", "monitor", "globe", "sentinel", "inquirer",
      "bulletin", "dispatch", "mail", "courant", "gazette", "messenger", "register"),
     ActorKind.MEDIA),
    (("government", "ministry", "cabinet", "administration", "authorities", "minister's",
      "presidency", "kremlin", "parliament", "office of the minister"), ActorKind.GOVERNMENT),
    (("service", "agency", "police", "bureau", "authority", "commission", "army", "forces",
      "intelligence", "prosecutor", "prosecutors", "office", "directorate", "inspectorate",
      "council", "board", "ombudsman", "regulator"), ActorKind.AGENCY),
    (("party", "union", "association", "federation", "group", "ngo", "foundation", "company",
      "committee", "watch", "family", "team", "club", "bank", "ltd", "inc", "gmbh", "plc",
      "cooperative", "co-operative", "firm", "ngo", "charity", "network", "alliance",
      "chemie", "chemicals", "cargo", "holdings", "industries", "exporter", "importer",
      "shipper", "trading", "logistics", "shipping", "gmbh", "corp", "llc",
      "manufacturer", "producer"), ActorKind.ORGANIZATION),
)
STOP_NAMES = frozenset({
    "the", "a", "an", "he", "she", "they", "it", "his", "her", "their", "its", "this", "that",
    "these", "those", "one", "two", "some", "on", "in", "during", "after", "before", "however",
})


@functools.lru_cache(maxsize=1 << 14)
def cue_stem(word: str) -> str | None:
    """The cue stem of an inflected verb (``announced`` -> ``announce``), or None."""
    low = word.casefold()
    if low in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[low]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", "e"), ("ing", ""), ("ed", "e"),
                         ("ed", ""), ("led", ""), ("es", ""), ("s", ""), ("", "")):
        if low.endswith(suffix):
            stem = low[: len(low) - len(suffix)] + repl if suffix else low
            if stem in CUES:
                return stem
    return None


def is_finite_verb(word: str) -> bool:
    """A rough guess whether ``word`` is a finite verb (past tense or auxiliary)."""
    low = word.casefold().strip("\"'“”\u2018\u2019")
    if low in AUXILIARIES or low in IRREGULAR_PAST:
        return True
    return len(low) > 4 and low.endswith("ed") and low not in NOT_VERBS


_HINT_WORDS: dict[str, ActorKind] = {}
_HINT_PHRASES: list[tuple[str, ActorKind]] = []
for _words, _kind in KIND_HINTS:
    for _word in _words:
        if " " in _word or _word.startswith("."):
            _HINT_PHRASES.append((_word, _kind))
        else:
            _HINT_WORDS.setdefault(_word, _kind)
_RANK = {kind: rank for rank, (_, kind) in enumerate(KIND_HINTS)}


@functools.lru_cache(maxsize=1 << 14)
def guess_kind(text: str) -> ActorKind | None:
    """The actor kind suggested by the words of a name or noun phrase, if any."""
    low = text.casefold()
    found = [_HINT_WORDS[w] for w in low.split() if w in _HINT_WORDS]
    found += [kind for phrase, kind in _HINT_PHRASES
              if phrase in low and (phrase.startswith(".") or f" {phrase} " in f" {low} ")]
    # The earlier a group comes in KIND_HINTS, the stronger its hint (a court before a body).
    return min(found, key=lambda kind: _RANK[kind]) if found else None
