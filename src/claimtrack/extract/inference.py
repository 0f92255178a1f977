"""The ``accounts`` layer: whose account an own-voice claim is, when the text says so.

Rules and words in ``lexicon/accounts.toml``. An inference never invents a claimant: it
names an actor the article itself gives (a ground's agent, the one accuser of the same
subject), says why in the basis, and quotes the sentence it rests on. A hedged claim with
no such actor goes to an unnamed source that needs a claimant, never to the voice.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any

import attrs

from claimtrack.extract.article import Article, Content
from claimtrack.extract.claims import NEEDS_CLAIMANT, Drafted
from claimtrack.model import ActorKind, Attribution, ClaimKind

__all__ = ["Account", "annotate_accounts"]

_ACCUSING = frozenset({ClaimKind.ACCUSATION, ClaimKind.ALLEGATION, ClaimKind.ANNOUNCEMENT,
                       ClaimKind.REPORT, ClaimKind.RULING, ClaimKind.STATEMENT})
_QUOTES = "\"“”"


@attrs.frozen
class Account:
    """An own-voice claim given to someone: claimant, why, and the quote it rests on."""

    claim: int
    claimant: str
    reason: str
    quote: str = ""
    tags: tuple[str, ...] = ()


@functools.cache
def _words() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("lexicon/accounts.toml").read_text(
        encoding="utf-8")
    return tomllib.loads(text)


def _lemmas(article: Article, content: Content) -> set[str]:
    return {t.lemma_.casefold() for t in article.doc[content.start:content.end]}


def _quoted_term(article: Article, content: Content) -> bool:
    """A short quotation inside the document's own sentence: someone else's term."""
    text = article.span_text(content.start, content.end)
    parts = [p for i, p in enumerate(_split_quotes(text)) if i % 2 == 1]
    return any(0 < len(p.split()) <= _words()["max_term_words"] for p in parts)


def _split_quotes(text: str) -> list[str]:
    for mark in "“”":
        text = text.replace(mark, '"')
    return text.split('"')


def _hedged(article: Article, draft: Drafted, content: Content) -> bool:
    if draft.section == "Infobox":
        line = article.text[draft.start:draft.end].casefold()
        return any(h in line for h in _words()["infobox_hedges"])
    doc = article.doc
    for token in doc[content.start:content.end]:
        if token.lemma_.casefold() in _words()["hedges"] or token.lower_ in _words()["hedges"]:
            return True
        inside = token.i > 0 and any(t.text == "(" for t in doc[max(content.start, token.i - 3):
                                                                 token.i])
        if token.lemma_ in ("charge", "accuse") and inside:
            return True  # "X (charged with fraud) was released"
    return False


def annotate_accounts(article: Article, drafted: Sequence[Drafted], *, editorial: str,
                      unnamed: str, kinds: dict[str, ActorKind]) -> list[Account]:
    """An account for every own-voice claim the article shows to be someone's."""
    contents: tuple[Content, ...] = article.layer("contents")
    named = {d.claimant for d in drafted if kinds.get(d.claimant) not in (
        ActorKind.EDITORIAL, ActorKind.UNNAMED, None)}
    grounds: dict[str, tuple[str, str]] = {}  # section -> (agent, quote)
    for draft in drafted:
        if draft.kind is ClaimKind.OBSERVATION and draft.agent in named | {
                a for a in kinds if kinds[a] not in (ActorKind.EDITORIAL, ActorKind.UNNAMED)}:
            grounds.setdefault(draft.section, (draft.agent, article.text[draft.start:
                                                                         draft.end]))
    out: list[Account] = []
    for index, draft in enumerate(drafted):
        content = contents[draft.content]
        if draft.claimant != editorial or draft.kind is ClaimKind.OBSERVATION:
            continue
        ground = grounds.get(draft.section)
        if ground is not None and draft.section != "Infobox" and not content.aside and (
                _lemmas(article, content) & set(_words()["charges"])
                or _quoted_term(article, content)):
            agent, quote = ground
            out.append(Account(index, agent, "The section states this as fact, but names "
                               "who holds the account and withholds its details.", quote))
            continue
        if not _hedged(article, draft, content):
            continue
        accusers = _accusers(drafted, index, editorial, named)
        if len(accusers) == 1:
            actor, quote = next(iter(accusers.items()))
            out.append(Account(index, actor, "The text hedges this allegation; the article "
                               "gives one actor who makes it.", quote))
        else:
            out.append(Account(index, unnamed, "The text hedges this as someone's allegation "
                               "without saying whose.", "", (NEEDS_CLAIMANT,)))
    return out


def _accusers(drafted: Sequence[Drafted], index: int, editorial: str,
              named: set[str]) -> dict[str, str]:
    """The named actors who accuse the hedged claim's subjects elsewhere, with a quote."""
    hedged = drafted[index]
    subjects = set(hedged.about)
    found: dict[str, str] = {}
    for other in drafted:
        if other is hedged or other.claimant not in named or other.kind not in _ACCUSING:
            continue
        if subjects & set(other.about) - {other.claimant}:
            found.setdefault(other.claimant, other.statement)
    if not found and not subjects:
        accusing = {d.claimant: d.statement for d in drafted if d.claimant in named
                    and d.kind in (ClaimKind.ACCUSATION, ClaimKind.ALLEGATION)}
        if len(accusing) == 1:
            return accusing
    return found


def apply_accounts(drafted: Sequence[Drafted], accounts: Sequence[Account],
                   text: str) -> list[Drafted]:
    """The drafted claims with their inferred claimants (a new list: layers stay as added)."""
    by_claim = {a.claim: a for a in accounts}
    out = []
    for index, draft in enumerate(drafted):
        account = by_claim.get(index)
        if account is None:
            out.append(draft)
            continue
        quote = account.quote if account.quote in text else ""
        out.append(attrs.evolve(
            draft, claimant=account.claimant,
            attribution=Attribution.INFERRED if not account.tags else Attribution.EXPLICIT,
            tags=(*draft.tags, *account.tags), basis=(account.reason, quote)
            if not account.tags else None,
            notes="; ".join(n for n in (draft.notes, account.reason if account.tags else "")
                            if n)))
    return out
