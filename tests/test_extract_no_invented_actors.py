"""No invented actors: every actor extract proposes is named in its article's own text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimtrack.extract import draft_article
from claimtrack.model import Actor, ActorKind

ROOT = Path(__file__).parent.parent
ARTICLES = sorted([
    *(ROOT / "tests" / "corpus").glob("*/article.txt"),
    *(ROOT / "tests" / "corpus" / "followups").glob("*/claims/documents/*.txt"),
    *(ROOT / "benchmarks" / "heldout").glob("*/article.txt"),
    ROOT / "claims" / "documents" / "wp-armenia-coup-2023-09.txt",
])
_PARTICLES = frozenset({"de", "del", "da", "di", "la", "le", "van", "von", "der", "du", "dos",
                        "bin"})
_OWN = re.compile(r"\bthis\s+(?:newspaper|agency|paper|website|outlet|reporter)\b", re.I)


def _body(text: str, skipped: tuple[tuple[str, int, int], ...]) -> str:
    """The text with its headline, byline, dateline and title blanked out."""
    chars = list(text)
    for reason, start, end in skipped:
        if reason in {"title", "headline", "byline", "dateline", "credit"}:
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def _named(name: str, body: str) -> bool:
    """Whether ``name`` occurs in ``body`` as a name: whole, not inside a longer name."""
    if not name or _OWN.search(name):
        return False
    if not any(ch.isupper() for ch in name):
        return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body, re.I) is not None
    for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", body):
        before = body[:match.start()].split()[-1:]
        rest = body[match.end():]
        after = rest.split()[:1]
        # "Sur" in "El Diario del Sur", "Diario" in "Diario Norte": part of a longer name.
        longer = bool(before and before[0] in _PARTICLES) or bool(
            rest[:1] == " " and after and after[0][:1].isupper())
        if not longer:
            return True
    return False


def _invented(actor: Actor, body: str) -> bool:
    # A role noun qualified by its country, organisation or document ("police (Kenya)",
    # "Sorelia's police", "German environment ministry"): the role and the qualifier are
    # both named in the text.
    if not any(_named(name, body) for name in (actor.name, *actor.aliases)):
        role = re.sub(r" \([^()]*\)$", "", actor.name)
        words = [w for w in re.findall(r"[^\W\d_]+", role) if len(w) > 1]
        return not ((role != actor.name and _named(role, body)) or (words and all(
            re.search(rf"(?<!\w){re.escape(w)}(?!\w)", body, re.I) for w in words)))
    return False


@pytest.mark.model
@pytest.mark.parametrize("article", ARTICLES, ids=[p.parent.parent.name if p.parent.name ==
                                                   "documents" else p.parent.name
                                                   for p in ARTICLES])
def test_every_proposed_actor_is_named_in_the_article(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    draft = draft_article(text, name="article")
    body = _body(text, draft.extraction.article.layout.skipped)
    generic = {draft.extraction.document.voice, "article-unnamed"}
    invented = [a.name for a in draft.extraction.actors
                if a.id not in generic and a.kind is not ActorKind.EDITORIAL
                and _invented(a, body)]
    assert invented == []


def test_the_check_itself_tells_names_from_headlines_and_fragments() -> None:
    text = "Watchdog warns\n\nOSLO, May 2 (Norder) - The newspaper El Diario del Sur said so."
    body = _body(text, (("headline", 0, 14), ("dateline", 16, 43)))
    assert not _named("Watchdog", body)
    assert not _named("Norder", body)
    assert not _named("Sur", body)
    assert _named("El Diario del Sur", body)
    assert not _named("this newspaper", "He told this newspaper so.")
    assert _named("fire service", "The Fire Service said so.")
