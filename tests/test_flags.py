"""Each flag rule on its own, on small datasets built in memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from claimtrack import flags
from claimtrack.dataset import Dataset
from claimtrack.dates import PartialDate
from claimtrack.flags import FlagContext, find_flags
from claimtrack.index import Index
from claimtrack.model import (
    Actor,
    ActorKind,
    Appearance,
    Claim,
    ClaimKind,
    Document,
    Framing,
    Relation,
    RelationType,
    Review,
    Status,
)

TEXT = ("The ministry accused the union of sabotage. The union denied it. "
        "It was reported that the union was funded abroad. "
        "The ministry has not revealed its evidence.")
TODAY = dt.date(2026, 1, 1)


def claim(cid: str, claimant: str, quote: str, *, kind: ClaimKind = ClaimKind.ALLEGATION,
          framing: Framing = Framing.ATTRIBUTED, about: tuple[str, ...] = (),
          relations: tuple[Relation, ...] = (), status: Status | None = None,
          reviewed: str = "2025-12-01", documents: tuple[str, ...] = ("doc",)) -> Claim:
    reviews = (Review(PartialDate.parse(reviewed), status),) if status else ()
    return Claim(cid, f"Statement of {cid}.", claimant, kind, framing,
                 tuple(Appearance(d, quote) for d in documents), about=about,
                 relations=relations, reviews=reviews)


def context(*claims: Claim, stale_after: int | None = None, text: str = TEXT,
            tmp: Path | None = None) -> FlagContext:
    dataset = Dataset(root=tmp or Path("/nonexistent"))
    dataset.actors = {a.id: a for a in [
        Actor("ministry", "Ministry", ActorKind.GOVERNMENT),
        Actor("police", "Police", ActorKind.AGENCY, affiliation="ministry"),
        Actor("union", "Union", ActorKind.ORGANIZATION),
        Actor("paper", "Paper", ActorKind.MEDIA),
        Actor("voice", "Voice", ActorKind.EDITORIAL),
        Actor("someone", "Someone", ActorKind.UNNAMED),
    ]}
    dataset.documents = {"doc": Document("doc", "Doc", "doc.txt", "0" * 64)}
    dataset._texts = {"doc": text}
    dataset.claims = {c.id: c for c in claims}
    return FlagContext(dataset=dataset, index=Index(dataset), today=TODAY,
                       stale_after=stale_after)


def reasons(rule: str, ctx: FlagContext) -> list[tuple[str, str]]:
    return [(f.claim, f.reason) for f in find_flags(ctx, ctx.dataset.claims.values(),
                                                       rules=[rule])]


ACCUSE = claim("accuse", "ministry", "The ministry accused the union of sabotage.",
               about=("union",))
DENY = claim("deny", "union", "The union denied it.", kind=ClaimKind.DENIAL,
             about=("ministry",), relations=(Relation(RelationType.DENIES, "accuse"),))


def test_unverified() -> None:
    ctx = context(ACCUSE, claim("sure", "paper", "The union denied it.",
                                status=Status.CONFIRMED))
    assert [c for c, _ in reasons("unverified", ctx)] == ["accuse"]


def test_single_source_unless_independently_supported() -> None:
    assert [c for c, _ in reasons("single-source", context(ACCUSE))] == ["accuse"]
    backing = claim("backing", "paper", "The union denied it.",
                    relations=(Relation(RelationType.SUPPORTS, "accuse"),))
    assert "accuse" not in [c for c, _ in reasons("single-source", context(ACCUSE, backing))]
    # Support from inside the claimant's own group is not independent.
    own = claim("own", "police", "The union denied it.",
                relations=(Relation(RelationType.SUPPORTS, "accuse"),))
    assert "accuse" in [c for c, _ in reasons("single-source", context(ACCUSE, own))]


def test_interested_party_needs_an_opponent() -> None:
    assert reasons("interested-party", context(ACCUSE)) == []
    found = reasons("interested-party", context(ACCUSE, DENY))
    assert found == [("accuse", "Ministry makes this claim about its opponent Union, and "
                                "nothing independent supports it")]


def test_denied_and_unresolved() -> None:
    assert reasons("denied-unresolved", context(ACCUSE, DENY)) == [
        ("accuse", "denied by deny (Union) and still unverified")]
    settled = claim("accuse", "ministry", "The ministry accused the union of sabotage.",
                    status=Status.REFUTED)
    assert reasons("denied-unresolved", context(settled, DENY)) == []


def test_vague_attribution() -> None:
    rumour = claim("rumour", "someone", "It was reported that the union was funded abroad.",
                   framing=Framing.REPORTED)
    assert reasons("vague-attribution", context(rumour, ACCUSE)) == [
        ("rumour", "'It was reported': by whom? the document names no source")]


def test_details_withheld() -> None:
    hidden = claim("hidden", "voice", "The ministry has not revealed its evidence.",
                   kind=ClaimKind.OBSERVATION, framing=Framing.ASSERTED)
    assert reasons("details-withheld", context(hidden, ACCUSE)) == [
        ("hidden", "details withheld: 'The ministry has not revealed its evidence.'")]


def test_asserted_but_alleged() -> None:
    echo = claim("echo", "voice", "The union denied it.", kind=ClaimKind.EVENT,
                 framing=Framing.ASSERTED, relations=(Relation(RelationType.SAME_AS, "accuse"),))
    assert reasons("asserted-but-alleged", context(ACCUSE, echo)) == [
        ("echo", "stated as fact, but accuse shows it is only Ministry's allegation "
                 "(unverified)")]
    attributed = claim("echo", "paper", "The union denied it.", framing=Framing.ASSERTED,
                       relations=(Relation(RelationType.SAME_AS, "accuse"),))
    assert reasons("asserted-but-alleged", context(ACCUSE, attributed)) == []


def test_quote_missing() -> None:
    gone = claim("gone", "paper", "A sentence that is not there.")
    assert reasons("quote-missing", context(gone, ACCUSE)) == [
        ("gone", "quote no longer found in doc: 'A sentence that is not there.'")]


def test_stale_review() -> None:
    old = claim("old", "paper", "The union denied it.", status=Status.DISPUTED,
                reviewed="2024-01-01")
    assert reasons("stale-review", context(old, ACCUSE)) == []  # no limit given
    assert reasons("stale-review", context(old, ACCUSE, stale_after=365)) == [
        ("old", "last reviewed 2024-01-01, 731 days ago (limit 365)")]


def test_every_rule_has_a_test() -> None:
    tested = {"unverified", "single-source", "interested-party", "denied-unresolved",
              "vague-attribution", "details-withheld", "asserted-but-alleged",
              "quote-missing", "stale-review"}
    assert set(flags.RULES) == tested
