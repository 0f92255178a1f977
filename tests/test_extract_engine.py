"""The extractor as one engine: layers added once, precision in the voice, honest claimants,
neutral statements, readable ids, and actors that two drafts never share by a generic word."""

from __future__ import annotations

import pytest

from claimtrack.extract import draft_article
from claimtrack.extract.article import Article
from claimtrack.extract.claims import NEEDS_CLAIMANT
from claimtrack.model import ActorKind, Attribution

pytestmark = pytest.mark.model


def _draft(text: str, name: str = "t"):  # type: ignore[no-untyped-def]
    return draft_article(text, name=name)


def test_layers_are_added_in_order_and_never_rewritten() -> None:
    draft = _draft("The Water Board said the pumps had failed. Lena Vogt denied it.")
    article: Article = draft.extraction.article
    assert list(article.layers) == ["cues", "sources", "contents", "mentions", "chains",
                                    "entities", "claims", "accounts", "relations"]
    with pytest.raises(ValueError, match="already annotated"):
        article.add("cues", [])
    assert article.doc.text == article.text  # one Doc, the article's own offsets


def test_a_sentence_with_a_cue_is_never_the_documents_own_voice() -> None:
    draft = _draft("It was alleged that the guards had destroyed the logbook. "
                   "The harbour master reportedly hid the keys. "
                   "According to the harbour office, the pier was closed.")
    assert all(c.appearances[0].attribution is Attribution.EXPLICIT for c in draft.claims)
    voice = draft.extraction.document.voice
    assert all(c.claimant != voice for c in draft.claims)


def test_an_unresolved_source_is_unnamed_and_says_so() -> None:
    draft = _draft("They said the bridge had been closed for a week.")
    [claim] = draft.claims
    actors = {a.id: a for a in draft.extraction.actors}
    assert actors[claim.claimant].kind is ActorKind.UNNAMED
    assert NEEDS_CLAIMANT in claim.tags and "could not be resolved" in claim.notes


def test_a_pronoun_takes_the_agreeing_speaker_before_it() -> None:
    draft = _draft("Karl Weiss, the mayor, said the dam was safe. He added that repairs "
                   "would start in May. Norvik Chemicals said the leak was small. It said "
                   "no worker was hurt.")
    names = {a.id: a.name for a in draft.extraction.actors}
    said = [(names[c.claimant], c.appearances[0].cue) for c in draft.claims
            if c.appearances[0].cue]
    assert said == [("Karl Weiss", "said"), ("Karl Weiss", "added"),
                    ("Norvik Chemicals", "said"), ("Norvik Chemicals", "said")]


def test_statements_are_the_proposition_alone_with_pronouns_resolved() -> None:
    draft = _draft("Norvik Chemicals said on Monday that it had informed the regulator.")
    [claim] = draft.claims
    assert claim.statement == "Norvik Chemicals had informed the regulator."
    assert claim.appearances[0].quote.startswith("Norvik Chemicals said")


def test_ids_are_short_and_end_on_a_word_that_says_something() -> None:
    draft = _draft("The Water Board said that the pumps of the station had failed twice in "
                   "the winter of the year.")
    [claim] = draft.claims
    words = claim.id.split("-")
    assert len(words) <= 5 and words[-1] not in {"the", "of", "in", "a", "2"}


def test_a_denial_denies_the_charge_it_answers() -> None:
    draft = _draft("The Port Authority accused Nordvik Shipping of selling untaxed diesel. "
                   "Nordvik Shipping denied the accusation.")
    accusation, denial = draft.claims
    assert [(r.type.value, r.target) for r in denial.relations] == [("denies", accusation.id)]


def test_different_figures_for_the_same_quantity_contradict() -> None:
    draft = _draft("The agency said six people were arrested. Local media said 7 people "
                   "were arrested.")
    first, second = draft.claims
    assert [(r.type.value, r.target) for r in second.relations] == [("contradicts", first.id)]


def test_no_generic_actor_id_is_shared_between_two_articles() -> None:
    one = _draft("= Port affair =\n\nThe Ministry of Ports of Sorelia opened the port. "
                 "The ministry said the port was safe.\n", name="one")
    two = _draft("= Mine affair =\n\nThe Velmark mining ministry closed a mine. "
                 "The ministry said the mine was unsafe.\n", name="two")
    ids_one = {a.id for a in one.extraction.actors}
    ids_two = {a.id for a in two.extraction.actors}
    shared = ids_one & ids_two
    assert shared == set()
    generic = {"ministry", "the-ministry", "police", "government", "company", "court"}
    assert not (ids_one | ids_two) & generic
    bare = _draft("The ministry said the port was safe.", name="three")
    [claim] = bare.claims
    assert claim.claimant not in generic
    # Named by its own words, never by the document's title; the id carries the document.
    assert claim.claimant.startswith("three-")
    assert {a.id: a.name for a in bare.extraction.actors}[claim.claimant] == "ministry"


def test_places_are_not_actors_unless_they_speak() -> None:
    draft = _draft("The ferry sank near Tarnby harbour in Sorelia. Sorelia said the ferry "
                   "was overloaded.")
    kinds = {a.name: a.kind for a in draft.extraction.actors}
    assert "Tarnby" not in kinds and "Tarnby harbour" not in kinds
    assert kinds.get("Sorelia") is ActorKind.GOVERNMENT
