"""Draft a follow-up article against the articles before it, and judge its links by gold.

A story of the follow-up corpus (``tests/corpus/followups``) is a claims folder with one
hand-made dossier per article and ``gold.toml`` pairs. For a later article, the folder is
copied without that article and those after it; the article is drafted there as
``extract`` drafts it, and the draft read back from its TOML. A draft claim covers a
hand-made claim when their quotes overlap. Shared by ``tests/test_extract_links.py`` and
``benchmarks/extract_links_eval.py``.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterable
from pathlib import Path

import attrs

from claimtrack.extract import draft_article
from claimtrack.extract.evaluate import read_dossier, units_of
from claimtrack.index import Index
from claimtrack.model import Claim

CORPUS = Path(__file__).parent / "corpus"


@attrs.frozen
class Pair:
    """A gold pair: ``a`` told by a later article, ``b`` by an earlier one."""

    a: str
    b: str
    label: str
    kind: str
    later: str
    earlier: str

    @property
    def name(self) -> str:
        """The pair as a test id: the two articles' tags, then the later claim."""
        return f"{self.later.split('-')[0]}~{self.earlier.split('-')[0]}:{self.a}"


@attrs.frozen
class Story:
    """A story of the corpus: its folder, its articles oldest first, its gold pairs."""

    path: Path
    articles: tuple[str, ...]
    pairs: tuple[Pair, ...]
    """The pairs across two articles (not the infobox-vs-body pairs inside one)."""
    same: dict[str, str]
    """Each claim with a representative of the claims gold calls the same (its cluster)."""


def stories(corpus: Path) -> list[Story]:
    """Every story of a follow-up corpus."""
    return [_story(gold.parent) for gold in sorted(corpus.glob("*/gold.toml"))]


def _story(path: Path) -> Story:
    owner: dict[str, str] = {}
    published: dict[str, str] = {}
    for dossier in (path / "claims").glob("*.toml"):
        data = tomllib.loads(dossier.read_text(encoding="utf-8"))
        for document in data.get("documents", []):
            published[document["id"]] = str(document.get("published", ""))
        for claim in data.get("claims", []):
            owner[claim["id"]] = claim["appearances"][0]["document"]
    articles = tuple(sorted(published, key=lambda d: (published[d], d)))
    gold = tomllib.loads((path / "gold.toml").read_text(encoding="utf-8"))["pairs"]
    parent: dict[str, str] = {}

    def root(claim: str) -> str:
        while parent.get(claim, claim) != claim:
            claim = parent[claim]
        return claim

    for pair in gold:
        if pair["label"] == "same":
            parent[root(pair["a"])] = root(pair["b"])
    pairs = tuple(Pair(p["a"], p["b"], p["label"], p["kind"], owner[p["a"]], owner[p["b"]])
                  for p in gold
                  if articles.index(owner[p["a"]]) > articles.index(owner[p["b"]]))
    return Story(path, articles, pairs, {claim: root(claim) for claim in owner})


def earlier_folder(story: Story, later: str, into: Path) -> Path:
    """A copy of the story's folder holding only the articles before ``later``."""
    folder = into / "claims"
    shutil.copytree(story.path / "claims", folder)
    for document in story.articles[story.articles.index(later):]:
        (folder / f"{document}.toml").unlink()
        (folder / "documents" / f"{document}.txt").unlink()
    return folder


@attrs.frozen
class Drafted:
    """A later article drafted in the folder of the articles before it."""

    story: Story
    later: str
    claims: tuple[Claim, ...]
    """The draft's claims, read back from its TOML."""
    covering: dict[str, tuple[str, ...]]
    """Each hand-made claim of the article with the draft claims whose quotes overlap it."""
    covered: dict[str, tuple[str, ...]]
    """Each draft claim with the hand-made claims it covers."""

    def same_as(self, draft: str) -> tuple[str, ...]:
        """The claims of the folder a draft claim is linked to."""
        claim = next(c for c in self.claims if c.id == draft)
        return tuple(r.target for r in claim.relations if r.type.value == "same_as")


def draft_later(story: Story, later: str, into: Path) -> Drafted:
    """Draft ``later`` as ``extract`` does in a folder of the articles before it."""
    folder = earlier_folder(story, later, into)
    text = (story.path / "claims" / "documents" / f"{later}.txt").read_text(encoding="utf-8")
    with Index.open(folder, cache=False) as index:
        draft = draft_article(text, name=later, known=index.actors().values(), folder=index,
                              taken_ids=index.documents())
    drafted = read_dossier(draft.toml, where=later).claims
    hand_text = "\n".join((story.path / "claims" / name).read_text(encoding="utf-8")
                          for name in ("actors.toml", f"{later}.toml"))
    hand = units_of(read_dossier(hand_text, where=later).claims, text)
    mine = units_of(drafted, text)
    overlaps = [(h.claim_id, d.claim_id) for h in hand for d in mine
                if min(h.end, d.end) > max(h.start, d.start)]
    return Drafted(story, later, drafted, _grouped(overlaps),
                   _grouped((d, h) for h, d in overlaps))


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for key, value in pairs:
        if value not in found.setdefault(key, []):
            found[key].append(value)
    return {key: tuple(values) for key, values in found.items()}


@attrs.frozen
class Verdict:
    """What the draft did with a gold pair."""

    pair: Pair
    drafts: tuple[str, ...]
    """The draft claims covering the later claim."""
    targets: tuple[str, ...]
    """The claims of the folder they are linked to."""

    @property
    def linked(self) -> bool:
        """Whether a draft covering the later claim is linked to the earlier one."""
        return self.pair.b in self.targets

    @property
    def outcome(self) -> str:
        """linked, not drafted, unlinked (a second copy) or linked elsewhere."""
        if self.linked:
            return "linked"
        if not self.drafts:
            return "not drafted"
        return "linked elsewhere" if self.targets else "unlinked"


def verdict(drafted: Drafted, pair: Pair) -> Verdict:
    """The draft's verdict on one gold pair of its article."""
    drafts = drafted.covering.get(pair.a, ())
    targets = tuple(dict.fromkeys(t for d in drafts for t in drafted.same_as(d)))
    return Verdict(pair, drafts, targets)


def judge_link(drafted: Drafted, draft: str, target: str) -> str:
    """right (a claim the draft covers is the same as ``target`` by gold), wrong (gold
    labels it related or different) or unjudged."""
    story = drafted.story
    covered = drafted.covered.get(draft, ())
    if any(story.same.get(h, h) == story.same.get(target, target) for h in covered):
        return "right"
    labelled = {(p.a, p.b) for p in story.pairs}
    return "wrong" if any((h, target) in labelled for h in covered) else "unjudged"
