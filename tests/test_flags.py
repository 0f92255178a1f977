"""Each flag rule on its own, on small folders written from records."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path

import attrs
import pytest
import tomlkit

from claimtrack import flags
from claimtrack.dates import PartialDate
from claimtrack.flags import FlagContext, find_flags
from claimtrack.folder import SETTINGS, settings_text
from claimtrack.index import Index
from claimtrack.model import (
    Actor,
    ActorKind,
    Appearance,
    Attribution,
    Basis,
    Claim,
    ClaimKind,
    Document,
    Framing,
    Relation,
    RelationType,
    Review,
    Status,
)
from claimtrack.structure import unstructure

TEXT = ("The ministry accused the union of sabotage. The union denied it. "
        "It was reported that the union was funded abroad. "
        "The ministry has not revealed its evidence.")
TODAY = dt.date(2026, 1, 1)
ACTORS = [
    Actor(id="ministry", name="Ministry", kind=ActorKind.GOVERNMENT),
    Actor(id="police", name="Police", kind=ActorKind.AGENCY, affiliation="ministry"),
    Actor(id="union", name="Union", kind=ActorKind.ORGANIZATION),
    Actor(id="paper", name="Paper", kind=ActorKind.MEDIA),
    Actor(id="voice", name="Voice", kind=ActorKind.EDITORIAL),
    Actor(id="someone", name="Someone", kind=ActorKind.UNNAMED),
]


def claim(cid: str, claimant: str, quote: str, *, kind: ClaimKind = ClaimKind.ALLEGATION,
          framing: Framing = Framing.ATTRIBUTED, about: tuple[str, ...] = (),
          relations: tuple[Relation, ...] = (), status: Status | None = None,
          reviewed: str = "2025-12-01", documents: tuple[str, ...] = ("doc",),
          attribution: Attribution | None = None, via: tuple[str, ...] = (),
          basis: Basis | None = None, cue: str = "") -> Claim:
    reviews = ((Review(date=PartialDate.parse(reviewed), status=status),) if status
               else ())
    attribution = attribution or (Attribution.OWN if claimant == "voice"
                                  else Attribution.EXPLICIT)
    return Claim(id=cid, statement=f"Statement of {cid}.", claimant=claimant, kind=kind,
                 appearances=tuple(Appearance(document=d, quote=quote, framing=framing,
                                              attribution=attribution, via=via, cue=cue)
                                   for d in documents),
                 about=about, relations=relations, reviews=reviews, basis=basis)


def reasons(rule: str, *claims: Claim, stale_after: int | None = None,
            text: str = TEXT) -> list[tuple[str, str]]:
    """What ``rule`` finds in a folder holding the actors above and ``claims``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "documents").mkdir()
        (root / "documents" / "doc.txt").write_text(text, encoding="utf-8")
        document = Document(id="doc", title="Doc", publisher="The Paper",
                            text="documents/doc.txt", voice="voice",
                            sha256=hashlib.sha256(text.encode()).hexdigest())
        body = {"actors": [unstructure(a) for a in ACTORS],
                "documents": [unstructure(document)],
                "claims": [unstructure(c) for c in claims]}
        (root / "folder.toml").write_text(tomlkit.dumps(body), encoding="utf-8")
        (root / SETTINGS).write_text(settings_text(), encoding="utf-8")
        with Index.open(root, cache=False) as index:
            ctx = FlagContext(index=index, today=TODAY, stale_after=stale_after)
            return [(f.claim, f.reason) for f in find_flags(ctx, rules=[rule])]


ACCUSE = claim("accuse", "ministry", "The ministry accused the union of sabotage.",
               about=("union",))
DENY = claim("deny", "union", "The union denied it.", kind=ClaimKind.DENIAL,
             about=("ministry",), relations=(Relation(type=RelationType.DENIES, target="accuse"),))


def test_unverified() -> None:
    sure = claim("sure", "paper", "The union denied it.", status=Status.CONFIRMED)
    assert [c for c, _ in reasons("unverified", ACCUSE, sure)] == ["accuse"]


RELAYED = claim("funded", "ministry", "the union was funded abroad",
                framing=Framing.REPORTED, via=("someone",), cue="it was reported")
"""The ministry's word, which the document has only from an unnamed report."""


def test_unverified_says_through_whom_the_word_is_known() -> None:
    assert reasons("unverified", RELAYED) == [
        ("funded", "never reviewed: Ministry's word, known only through Someone's report")]
    chained = claim("funded", "ministry", "the union was funded abroad",
                    via=("paper", "someone"))
    assert reasons("unverified", chained) == [
        ("funded", "never reviewed: Ministry's word, known only through Paper's report of "
                   "Someone's report")]
    paper = Appearance(document="doc", quote="The ministry accused the union of sabotage.",
                       framing=Framing.REPORTED, attribution=Attribution.EXPLICIT,
                       via=("paper",))
    two = attrs.evolve(RELAYED, appearances=(*RELAYED.appearances, paper))
    assert reasons("unverified", two) == [
        ("funded", "never reviewed: Ministry's word, known only through Someone's report or "
                   "Paper's report")]
    # One document has it from the ministry itself: its word, plainly.
    direct = Appearance(document="doc", quote="The ministry accused the union of sabotage.",
                        framing=Framing.ATTRIBUTED, attribution=Attribution.EXPLICIT)
    both = attrs.evolve(RELAYED, appearances=(*RELAYED.appearances, direct))
    assert reasons("unverified", both) == [
        ("funded", "never reviewed: only Ministry's word so far")]


def test_single_source_says_through_whom_the_claim_is_known() -> None:
    assert reasons("single-source", RELAYED) == [
        ("funded", "known only through Someone's report of Ministry, in one document (doc), "
                   "with no independent support")]


def test_single_source_unless_independently_supported() -> None:
    assert [c for c, _ in reasons("single-source", ACCUSE)] == ["accuse"]
    backing = claim("backing", "paper", "The union denied it.",
                    relations=(Relation(type=RelationType.SUPPORTS, target="accuse"),))
    assert "accuse" not in [c for c, _ in reasons("single-source", ACCUSE, backing)]
    # Support from inside the claimant's own group is not independent.
    own = claim("own", "police", "The union denied it.",
                relations=(Relation(type=RelationType.SUPPORTS, target="accuse"),))
    assert "accuse" in [c for c, _ in reasons("single-source", ACCUSE, own)]


def test_interested_party_needs_an_opponent() -> None:
    assert reasons("interested-party", ACCUSE) == []
    found = reasons("interested-party", ACCUSE, DENY)
    assert found == [("accuse", "Ministry makes this claim about its opponent Union, and "
                                "nothing independent supports it")]


def test_denied_unresolved() -> None:
    assert reasons("denied-unresolved", ACCUSE, DENY) == [
        ("accuse", "denied by deny (Union) and still unverified")]
    settled = claim("accuse", "ministry", "The ministry accused the union of sabotage.",
                    status=Status.REFUTED)
    assert reasons("denied-unresolved", settled, DENY) == []


def test_vague_attribution() -> None:
    rumour = claim("rumour", "someone", "It was reported that the union was funded abroad.",
                   framing=Framing.REPORTED)
    assert reasons("vague-attribution", rumour, ACCUSE) == [
        ("rumour", "'It was reported': by whom? the document names no source")]


def test_vague_attribution_reads_the_cue() -> None:
    # The quote holds what was said; "it was reported" is only in the cue.
    reported = claim("funded", "ministry", "the union was funded abroad",
                     framing=Framing.REPORTED, cue="it was reported")
    assert reasons("vague-attribution", reported) == [
        ("funded", "'it was reported': by whom? the document names Ministry but not who "
                   "relays the claim")]
    # Named, and presented as the ministry's word: nothing vague about it.
    said = claim("funded", "ministry", "the union was funded abroad", cue="said")
    assert reasons("vague-attribution", said) == []


def test_vague_attribution_leaves_an_unnamed_link_to_unnamed_in_chain() -> None:
    relayed = claim("funded", "ministry", "the union was funded abroad",
                    framing=Framing.REPORTED, via=("someone",), cue="it was reported")
    assert reasons("vague-attribution", relayed) == []
    assert reasons("unnamed-in-chain", relayed) == [
        ("funded", "relayed through Someone ('it was reported'), whom the document does not "
                   "name: who is it?")]


def test_details_withheld() -> None:
    hidden = claim("hidden", "voice", "The ministry has not revealed its evidence.",
                   kind=ClaimKind.OBSERVATION, framing=Framing.ASSERTED)
    assert reasons("details-withheld", hidden, ACCUSE) == [
        ("hidden", "details withheld: 'The ministry has not revealed its evidence.'")]


def test_relayed_as_fact_in_the_documents_own_voice() -> None:
    echo = claim("echo", "voice", "The union denied it.", kind=ClaimKind.EVENT,
                 framing=Framing.ASSERTED,
                 relations=(Relation(type=RelationType.SAME_AS, target="accuse"),))
    assert reasons("relayed-as-fact", ACCUSE, echo) == [
        ("echo", "stated as fact, but accuse shows it is only Ministry's allegation "
                 "(unverified)")]
    attributed = claim("echo", "paper", "The union denied it.", framing=Framing.ASSERTED,
                       relations=(Relation(type=RelationType.SAME_AS, target="accuse"),))
    assert reasons("relayed-as-fact", ACCUSE, attributed) == []


def test_relayed_as_fact_when_the_claimant_is_inferred_or_reached_through_others() -> None:
    basis = Basis(reason="The paper relays the ministry's case.", quote="sabotage")
    inferred = claim("plot", "ministry", "The ministry accused the union of sabotage.",
                     framing=Framing.ASSERTED, attribution=Attribution.INFERRED,
                     about=("union",), basis=basis)
    relayed = claim("rumour", "police", "It was reported that the union was funded abroad.",
                    framing=Framing.ASSERTED, via=("someone",), about=("union",))
    found = reasons("relayed-as-fact", inferred, relayed, DENY)
    assert found == [
        ("plot", "The Paper states as fact what is Ministry's allegation (the claimant is "
                 "inferred: sabotage); Ministry is an interested party: it accuses its "
                 "opponent Union"),
        ("rumour", "The Paper states as fact what is Police's allegation (it reaches the "
                   "claimant through Someone); Police is an interested party: it accuses "
                   "its opponent Union")]
    # Framed as someone's account, it is not relayed as fact.
    said = claim("plot", "ministry", "The ministry accused the union of sabotage.",
                 attribution=Attribution.INFERRED, basis=basis)
    assert reasons("relayed-as-fact", said) == []


def test_relayed_as_fact_words_an_event_as_an_account_not_an_accusation() -> None:
    basis = Basis(reason="Only the ministry could know.")
    event = claim("raid", "ministry", "The ministry accused the union of sabotage.",
                  kind=ClaimKind.EVENT, framing=Framing.ASSERTED,
                  attribution=Attribution.INFERRED, about=("union",), basis=basis)
    assert reasons("relayed-as-fact", event, DENY) == [
        ("raid", "The Paper states as fact what is Ministry's account (the claimant is "
                 "inferred: Only the ministry could know.); Ministry is an interested party: "
                 "the claim is about its opponent Union")]
    echo = claim("echo", "voice", "The union denied it.", framing=Framing.ASSERTED,
                 relations=(Relation(type=RelationType.SAME_AS, target="raid"),))
    assert reasons("relayed-as-fact", event, echo, DENY)[-1] == (
        "echo", "stated as fact, but raid shows it is only Ministry's account (unverified)")


@pytest.mark.parametrize("kind", list(ClaimKind))
def test_relayed_as_fact_reads_for_every_kind(kind: ClaimKind) -> None:
    relayed = claim("plot", "ministry", "The ministry accused the union of sabotage.",
                    kind=kind, framing=Framing.ASSERTED, via=("paper",), about=("union",))
    [(_, reason)] = reasons("relayed-as-fact", relayed, DENY)
    assert "'s event" not in reason and "'s background" not in reason
    assert ("it accuses" in reason) is (kind in (ClaimKind.ALLEGATION, ClaimKind.ACCUSATION))


def test_inferred_attribution() -> None:
    basis = Basis(reason="The paper relays the ministry's case.")
    inferred = claim("plot", "ministry", "The ministry accused the union of sabotage.",
                     attribution=Attribution.INFERRED, basis=basis)
    assert reasons("inferred-attribution", inferred, ACCUSE) == [
        ("plot", "no passage names Ministry as the source; inferred: The paper relays the "
                 "ministry's case.")]


def test_unnamed_in_chain() -> None:
    relayed = claim("rumour", "police", "It was reported that the union was funded abroad.",
                    via=("paper", "someone"))
    assert reasons("unnamed-in-chain", relayed, ACCUSE) == [
        ("rumour", "relayed through Someone, whom the document does not name: who is it?")]


def test_quote_missing() -> None:
    gone = claim("gone", "paper", "A sentence that is not there.")
    assert reasons("quote-missing", gone, ACCUSE) == [
        ("gone", "quote no longer found in doc: 'A sentence that is not there.'")]


def test_stale_review() -> None:
    old = claim("old", "paper", "The union denied it.", status=Status.DISPUTED,
                reviewed="2024-01-01")
    assert reasons("stale-review", old, ACCUSE) == []  # no limit given
    assert reasons("stale-review", old, ACCUSE, stale_after=365) == [
        ("old", "last reviewed 2024-01-01, 731 days ago (limit 365)")]


def test_every_rule_has_a_test() -> None:
    names = {name.replace("-", "_") for name in flags.RULES}
    missing = [n for n in names if not any(t.startswith(f"test_{n}") for t in globals())]
    assert missing == []
