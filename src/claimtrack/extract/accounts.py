"""Someone's account told in the article's own voice: whose it is, when the text says so.

"The plotters acquired jamming devices and deliberately "created conditions" for their plot,
although the exact "conditions" have not been revealed by the NSS": the charges are stated as
fact, yet the same section names who holds their details. Such a sentence is a *ground*:
details of the account withheld by an authority ("have not been revealed by X", "X did not
disclose"), or the account named as someone's ("according to X's indictment", "X's case
holds that", "the charges, as X set them out", "X's statement said").

With a ground, the unattributed allegation-type claims around it (a charge's vocabulary, a
quoted legal term) become X's: attribution ``inferred``, framing still ``asserted``, and a
basis quoting the ground. Plain events the article vouches for (an arrest, a raid, a
release) stay its own, and without a ground nothing is inferred: the claimant is never
invented. A section under a heading is one account; the lead and a report without headings
are read paragraph by paragraph.
"""

from __future__ import annotations

import bisect
import re

import attrs

from claimtrack.extract.article import Article
from claimtrack.extract.pipeline import DraftClaim
from claimtrack.extract.resolve import Discourse
from claimtrack.model import ActorKind, ClaimKind

__all__ = ["Ground", "find_grounds", "infer_accounts", "is_charge"]

# Words that make a sentence a charge rather than a plain event: the offence, the plotting,
# the intent. "arrested", "raided", "released" are not among them.
_CHARGE = re.compile(
    r"\b(?:plot(?:s|ters?|ted|ting)?|conspir\w*|coup|usurp\w*|overthrow\w*|ringleaders?|"
    r"masterminds?|sabotag\w*|espionage|spied|spying|treason\w*|terroris\w*|insurrection\w*|"
    r"sedition\w*|bribe[sd]?|bribery|bribing|kickbacks?|embezzl\w*|launder\w*|fraud\w*|"
    r"smuggl\w*|traffick\w*|extort\w*|collu\w*|rigg(?:ed|ing)|falsif\w*|forg(?:ed|ery|ing)|"
    r"illegal\w*|illicit\w*|unlawful\w*|racketeer\w*|cartel|scheme[sd]?|incit\w*|"
    r"deliberately|intentionally|knowingly|in\s+order\s+to|"
    r"(?:planned|plotted|intended|conspired|sought|attempted|agreed)\s+to)\b",
    re.IGNORECASE)
# Substrings every match of _CHARGE contains: a quick test before the regex.
_CHARGE_STEMS = ("plot", "conspir", "coup", "usurp", "overthrow", "ringleader", "mastermind",
                 "sabotag", "espionage", "spied", "spying", "treason", "terroris", "insurrection",
                 "sedition", "brib", "kickback", "embezzl", "launder", "fraud", "smuggl",
                 "traffick", "extort", "collu", "rigg", "falsif", "forg", "illegal", "illicit",
                 "unlawful", "racketeer", "cartel", "scheme", "incit", "deliberately",
                 "intentionally", "knowingly", "order", "planned", "intended", "sought",
                 "attempted", "agreed")
# A short quoted term inside the article's own sentence: someone else's wording ("preliminary
# conspiracy"), typically the charge's legal terms.
_TERM = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
_MAX_TERM_WORDS = 6
_WITHHELD = re.compile(
    r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:revealed|disclosed|stated|specified|explained|released|"
    r"made\s+public|published|detailed|identified|named)\b"
    r"|\b(?:did|does|do|has|have|had)\s+not\s+(?:yet\s+)?(?:say|said|reveal(?:ed)?|"
    r"disclose[d]?|explain(?:ed)?|specif(?:y|ied)|detail(?:ed)?|publish(?:ed)?|name[d]?|"
    r"identif(?:y|ied)|release[d]?)\b"
    r"|\b(?:declined|refused)\s+to\s+(?:say|disclose|reveal|name|specify|detail|elaborate|"
    r"explain|identify)\b", re.IGNORECASE)


def _owner_re(n: int) -> str:
    """Who an account belongs to: a name, or an authority's common noun (group ``ownerN``)."""
    return (rf"(?P<owner{n}>(?:[Tt]he\s+)?[A-Z][\w.&-]*(?:\s+(?:(?:of|for)\s+(?:the\s+)?|the\s+)?"
            rf"[A-Z][\w.&-]*)*|(?:[Tt]he\s+)?(?:prosecutors|prosecution|police|investigators|"
            rf"authorities|ministry|government|agency|service|court|judge))")


def _account_re(n: int) -> str:
    """What of theirs tells the account (group ``accountN``)."""
    return (rf"(?P<account{n}>indictment|charge\s+sheet|charges|case|account|version|"
            rf"statement|complaint|findings|allegations|accusations|filing|theory|narrative)")


_OWNED = re.compile(
    rf"\b(?i:according\s+to|in|under)\s+{_owner_re(1)}['\u2019]s?\s+{_account_re(1)}\b"
    rf"|\b{_owner_re(2)}['\u2019]s?\s+{_account_re(2)}\s+(?:holds?|held|says?|said|"
    rf"states?|stated|alleges?|alleged|claims?|claimed|maintains?|maintained|contends?|"
    rf"contended|describes?|described|sets?\s+out|reads?)\b"
    rf"|\b(?:[Tt]he\s+)?{_account_re(3)},?\s+as\s+{_owner_re(3)}\s+(?:set|sets|has\s+set|"
    rf"had\s+set|laid|lays|has\s+laid|had\s+laid|put|puts|presented|presents|described|"
    rf"describes)\s+(?:them|it)(?:\s+out)?\b"
    rf"|\b(?i:{_account_re(4)}),?\s+as\s+(?:set\s+out|laid\s+out|described|presented|"
    rf"alleged)\s+by\s+{_owner_re(4)}")

_ACCOUNT_NOUN = re.compile(rf"\b(?i:{_account_re(0)})\b")
_ACCOUNT_WORDS = ("indictment", "charge", "case", "account", "version", "statement", "complaint",
                  "findings", "allegations", "accusations", "filing", "theory", "narrative")
_WINDOW = 120

# What an authority does in its own account of its operation ("the NSS detected the plot").
_OPERATION = re.compile(
    r"\s*(?:\w+ly\s+)?(?:had\s+|has\s+|have\s+)?(?:detected|uncovered|foiled|thwarted|"
    r"discovered|prevented|arrested|detained|dismantled|exposed|intercepted|identified|"
    r"disrupted|found|seized|raided|broke\s+up)\b", re.IGNORECASE)
_AUTHORITY = re.compile(r"police|prosecut|investigat|ministry|security|intelligence|"
                        r"authorit|inspector|attorney|commission|customs|court|service",
                        re.IGNORECASE)
# A name that takes 'the': "the National Security Service", "the NSS", "the Criminal Police".
_INSTITUTION = re.compile(r"\b(?:service|ministry|police|office|agency|bureau|directorate|"
                          r"inspectorate|court|tribunal|government|authority|commission|"
                          r"council|department|prosecutor's|guard)\b|^[A-Z]{2,}$", re.IGNORECASE)
_PRONOUN = re.compile(r"(?:he|she|it|they|his|her|its|their)\b", re.IGNORECASE)
_AUTHORITIES = (ActorKind.GOVERNMENT, ActorKind.AGENCY, ActorKind.COURT)
_SPECIAL = (ActorKind.EDITORIAL, ActorKind.UNNAMED)


@attrs.frozen
class Ground:
    """A span that ties the account of its scope to an actor."""

    start: int
    end: int
    actor: str
    withheld: bool
    """The actor holds the details back ("not revealed by X"), rather than sets them out."""
    account: str = ""
    """What of theirs the text names ("indictment", "case"), for a set-out account."""


def is_charge(text: str) -> bool:
    """Whether a sentence of the article's own voice reads as a charge, not a plain event."""
    low = text.casefold()
    if any(stem in low for stem in _CHARGE_STEMS) and _CHARGE.search(text):
        return True
    return any(len(m.group(1).split()) <= _MAX_TERM_WORDS for m in _TERM.finditer(text))


def find_grounds(text: str, start: int, end: int, claims: list[DraftClaim],
                 discourse: Discourse) -> list[Ground]:
    """The grounds in ``text[start:end]``: withheld details (from the observation claims)
    and accounts named as someone's (from the text)."""
    registry = discourse.registry
    grounds = []
    for claim in claims:
        if claim.kind is ClaimKind.OBSERVATION and claim.agent and _WITHHELD.search(
                text, claim.start, claim.end) and _authority(discourse, claim.agent):
            q_end = claim.end
            while q_end > claim.start and text[q_end - 1] in " .;,":
                q_end -= 1
            grounds.append(Ground(claim.start, q_end, claim.agent, withheld=True))
    for match in _owned(text, start, end):
        actor = discourse.resolve(_group(match, "owner"), speaker=False)
        if actor is None or actor == discourse.editorial or registry.kind_of(actor) is (
                ActorKind.EDITORIAL) or actor == discourse.generic_unnamed():
            continue
        grounds.append(Ground(match.start(), match.end(), actor, withheld=False,
                              account=" ".join(_group(match, "account").casefold().split())))
    return grounds


def _owned(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The named accounts of ``text[start:end]``, looked for only around an account's noun
    (the full pattern is slow to try at every capital letter of a long text)."""
    low = text[start:end].casefold()
    if not any(noun in low for noun in _ACCOUNT_WORDS):
        return []  # the usual case, found by substring search alone
    found: dict[tuple[int, int], re.Match[str]] = {}
    for noun in _ACCOUNT_NOUN.finditer(text, start, end):
        window = (max(start, noun.start() - _WINDOW), min(end, noun.end() + _WINDOW))
        for match in _OWNED.finditer(text, *window):
            if match.start() <= noun.start() < match.end():
                found.setdefault(match.span(), match)
    return [found[span] for span in sorted(found)]


def _group(match: re.Match[str], name: str) -> str:
    """The text of the numbered group ``name<N>`` that took part in the match."""
    return next(v for k, v in match.groupdict().items() if k.startswith(name) and v)


def _authority(discourse: Discourse, actor: str) -> bool:
    """Whether ``actor`` is a body that brings charges (a government, an agency, a court)."""
    kind = discourse.registry.kind_of(actor)
    if kind in _AUTHORITIES:
        return True
    return kind not in _SPECIAL and bool(_AUTHORITY.search(discourse.registry.name_of(actor)))


def infer_accounts(claims: list[DraftClaim], article: Article, discourse: Discourse) -> None:
    """Give the charges an article tells in its own voice to whoever a ground names."""
    text = article.text
    for (p_start, p_end), scope in _scopes(claims, article):
        grounds = sorted(find_grounds(text, p_start, p_end, scope, discourse),
                         key=lambda g: g.start)
        if not grounds:
            continue
        starts = [g.start for g in grounds]
        for claim in scope:
            if claim.claimant != discourse.editorial or claim.attribution != "own" or (
                    claim.kind is ClaimKind.OBSERVATION) or claim.hedge or not is_charge(
                    text[claim.start:claim.end]):
                continue
            ground = _nearest(grounds, starts, claim.start)
            if ground.start <= claim.start < ground.end:
                continue
            own_operation = claim.subject == ground.actor and not _PRONOUN.match(
                text, claim.start) and bool(_OPERATION.match(text, _subject_end(text, claim)))
            if _named_in(claim, ground.actor, text, discourse) and not own_operation:
                continue  # the charge is against them: they are not its source
            _infer(claim, ground, text, discourse, own_operation=own_operation)


def _named_in(claim: DraftClaim, actor: str, text: str, discourse: Discourse) -> bool:
    """Whether the claim is about ``actor`` by name or as its subject (not by a pronoun)."""
    span = text[claim.start:claim.end]
    if claim.subject == actor and not _PRONOUN.match(span):
        return True
    return any(name in span for name in discourse.registry.names_of(actor))


def _nearest(grounds: list[Ground], starts: list[int], at: int) -> Ground:
    """The ground closest to ``at`` (``grounds`` sorted by start, ``starts`` their starts)."""
    index = bisect.bisect_right(starts, at)
    near = grounds[max(0, index - 1):index + 1]
    return min(near, key=lambda g: abs(g.start - at))


def _subject_end(text: str, claim: DraftClaim) -> int:
    """Where the verb after a claim's opening subject starts (roughly: after a name)."""
    match = re.match(r"(?:the\s+)?(?:[A-Z][\w.&'\u2019-]*\s*)+(?:\([A-Z]+\)\s*)?", text[
        claim.start:claim.end])
    return claim.start + (match.end() if match else 0)


def _infer(claim: DraftClaim, ground: Ground, text: str, discourse: Discourse, *,
           own_operation: bool) -> None:
    name = _definite(discourse, ground.actor)
    where = f"the {claim.section} section" if claim.section != "Lead" else "the same paragraph"
    owner = name + ("'" if name.endswith("s") else "'s")
    if own_operation:
        what = f"this is {owner} account of its own operation,"
        whose, source = "it", f"its {ground.account}"
    else:
        what, whose, source = "this charge comes from an account", name, (
            f"{owner} {ground.account}")
    if ground.withheld:
        reason = (f"Stated as fact in the article's own voice, {what} whose details, {where} "
                  f"says, {whose} has not made public.")
    else:
        reason = (f"Stated as fact in the article's own voice, {what.rstrip(',')}: {source}, "
                  f"which {where} names as the account it tells.")
    if _PRONOUN.match(text, claim.start) and ground.actor in claim.about:
        claim.about.remove(ground.actor)  # "They conspired": not the accuser, whoever "they" are
    claim.claimant = ground.actor
    claim.attribution = "inferred"
    claim.via = []
    if not own_operation:
        claim.kind = ClaimKind.ALLEGATION
    claim.basis = (reason, text[ground.start:ground.end])


def _definite(discourse: Discourse, actor: str) -> str:
    """The actor's name as a sentence uses it: 'the National Security Service', 'Ana Vos'."""
    name = discourse.registry.name_of(actor)
    if discourse.registry.kind_of(actor) is ActorKind.PERSON or name[:1].islower() or (
            name.split()[0].casefold() == "the") or not _INSTITUTION.search(name):
        return name
    return f"the {name}"


def _scopes(claims: list[DraftClaim], article: Article,
            ) -> list[tuple[tuple[int, int], list[DraftClaim]]]:
    """The body claims by account: one per section under a heading, one per lead paragraph."""
    paragraphs = article.paragraphs
    starts = [p.start for p in paragraphs]
    keys: list[int] = []
    for index, paragraph in enumerate(paragraphs):
        same = index > 0 and paragraph.section != "Lead" and (
            paragraphs[index - 1].section == paragraph.section)
        keys.append(keys[-1] if same else index)
    spans: dict[int, tuple[int, int]] = {}
    for key, paragraph in zip(keys, paragraphs, strict=True):
        first = spans.get(key, (paragraph.start, paragraph.end))
        spans[key] = (first[0], paragraph.end)
    members: dict[int, list[DraftClaim]] = {}
    for claim in claims:
        if claim.infobox:
            continue
        index = bisect.bisect_right(starts, claim.start) - 1
        if index >= 0:
            members.setdefault(keys[index], []).append(claim)
    return [(spans[key], scope) for key, scope in members.items()]
