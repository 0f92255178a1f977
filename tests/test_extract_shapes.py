"""The attribution shapes of real reporting, one test each, in sentences of our own."""

from __future__ import annotations

import attrs

from claimtrack.extract import draft_article
from claimtrack.extract.pipeline import DraftClaim, Extraction, extract
from claimtrack.model import ActorKind


@attrs.frozen
class Read:
    """One drafted claim as a reader checks it."""

    who: str
    kind: str
    attribution: str
    via: tuple[str, ...]
    quote: str
    claim: DraftClaim


def _read(text: str) -> tuple[list[Read], Extraction]:
    extraction = extract(text, stem="t")
    names = {a.id: a.name for a in extraction.actors}
    return [Read(names[c.claimant], c.kind.value, c.attribution,
                 tuple(names[v] for v in c.via), text[c.start:c.end], c)
            for c in extraction.claims], extraction


def _who(text: str) -> list[str]:
    return [r.who for r in _read(text)[0]]


def _kinds(extraction: Extraction) -> dict[str, ActorKind]:
    return {a.name: a.kind for a in extraction.actors}


def test_headline_byline_and_dateline_are_the_outlet_not_claims() -> None:
    text = ("Storm floods harbour town\n\nBy Ana Ruiz\n\n"
            "BRISTOW, Jan 3 (Coastline News) - The fire service said two people died.\n")
    reads, extraction = _read(text)
    assert [(r.who, r.quote) for r in reads] == [
        ("fire service", "The fire service said two people died.")]
    assert extraction.article.outlet == "Coastline News"
    assert [reason for reason, *_ in extraction.article.skipped] == [
        "headline", "byline", "dateline"]
    names = set(_kinds(extraction))
    assert "Coastline News (editorial voice)" in names
    assert not names & {"Storm", "Bristow", "BRISTOW", "Ana Ruiz", "Coastline News"}


def test_leading_adjuncts_are_not_the_speaker() -> None:
    assert _who("Following the audit, the Water Board announced a review of the pumps.") == [
        "Water Board"]
    assert _who("Speaking for the growers, lawyer Ines Mora said the ban was unlawful.") == [
        "Ines Mora"]
    assert _who("In a written statement, the Port Office said the quay was safe.") == [
        "Port Office"]


def test_a_role_without_a_name_is_an_unnamed_actor_of_its_organisation() -> None:
    text = ("The Ministry of Mines issued the permit in May. "
            "A ministry spokeswoman said the permit was valid.")
    reads, extraction = _read(text)
    spokeswoman = next(a for a in extraction.actors if a.id == reads[-1].claim.claimant)
    assert spokeswoman.kind is ActorKind.UNNAMED
    assert spokeswoman.affiliation == "ministry-of-mines"
    assert reads[-1].attribution == "explicit"


def test_pronouns_and_role_nouns_go_to_the_nearest_agreeing_actor() -> None:
    assert _who("Karl Weiss, the mayor, said the dam was safe. He added that repairs would "
                "start in May.") == ["t (editorial voice)", "Karl Weiss", "Karl Weiss"]
    # "She" skips the nearer man: the title told her gender.
    assert _who("Ms Eva Holt questioned Peter Dahl at the hearing. She said the plant had "
                "closed.")[-1] == "Eva Holt"
    assert _who("Norvik Chemicals said the leak was small. The company said it had informed "
                "the regulator. It said no worker was hurt.") == ["Norvik Chemicals"] * 3


def test_a_quotation_first_then_its_speaker_and_a_split_quotation() -> None:
    reads, _ = _read('"The tanks were empty," said Rosa Milne. Paul Ek spoke next. '
                     '"We checked twice," he said, "and found nothing."')
    quoted = [(r.who, r.quote) for r in reads if r.who != "t (editorial voice)"]
    assert quoted == [("Rosa Milne", "The tanks were empty"), ("Paul Ek", "We checked twice"),
                      ("Paul Ek", "and found nothing")]
    assert reads[0].claim.words == ["The tanks were empty"]


def test_a_quoted_sentence_after_a_quote_keeps_its_speaker() -> None:
    reads, _ = _read('"It was a mistake," Jon Ferris said. "I am sorry for it."')
    assert [(r.who, r.quote) for r in reads] == [("Jon Ferris", "It was a mistake"),
                                                  ("Jon Ferris", "I am sorry for it")]


def test_a_trailing_cue_governs_its_clause_and_an_and_stops_it() -> None:
    reads, _ = _read("The bridge was closed on Monday, and a lorry driver was hurt, his "
                     "employer said.")
    assert [(r.who, r.attribution) for r in reads] == [
        ("t (editorial voice)", "own"), ("his employer", "explicit")]


def test_nested_attribution_is_claimant_and_via() -> None:
    reads, _ = _read("The Daily Courant reported on Friday, citing two port officials, that "
                     "the cargo had been seized.")
    [claim] = reads
    assert (claim.who, claim.via, claim.attribution) == (
        "two port officials", ("Daily Courant",), "explicit")


def test_documents_seen_by_an_outlet_are_an_unnamed_source_relayed_by_it() -> None:
    reads, _ = _read("According to documents seen by the Weekly Ledger, the fee was doubled.")
    [claim] = reads
    assert claim.via == ("Weekly Ledger",)
    assert claim.who.startswith("Unnamed source")


def test_told_an_outlet_is_a_relay_but_not_this_newspaper() -> None:
    reads, _ = _read("Maja Lind told the Evening Star that the school would close. "
                     "Ole Brun told this newspaper that it would not.")
    assert [(r.who, r.via) for r in reads] == [("Maja Lind", ("Evening Star",)),
                                                ("Ole Brun", ())]


def test_a_hedge_is_alleged_and_unnamed_unless_the_article_names_the_accuser() -> None:
    [alone], _ = _read("The firm allegedly paid the inspector.")
    assert (alone.claim.framing.value, alone.who, alone.attribution) == (
        "alleged", "Unnamed source (t)", "explicit")
    reads, _ = _read("The Audit Office accused Orm Trading of bribery in March. "
                     "Orm Trading allegedly paid the inspector twice.")
    hedged = reads[-1]
    assert (hedged.who, hedged.attribution) == ("Audit Office", "inferred")
    assert hedged.claim.basis is not None
    assert hedged.claim.basis[1] == reads[0].quote


def test_allegations_are_claims_that_with_their_publisher_inferred() -> None:
    reads, _ = _read("The Tern Bay allegations are claims that the mayor sold public land. "
                     "The allegations were first published by the newspaper Bay Echo.")
    assert (reads[0].who, reads[0].attribution, reads[0].claim.framing.value) == (
        "Bay Echo", "inferred", "alleged")


def test_a_charge_in_brackets_is_the_prosecutors_accusation_inferred() -> None:
    reads, _ = _read("Prosecutors in Dorn accused Lena Vos of forging the invoices. "
                     "Lena Vos (charged with fraud) was released on bail.")
    charge = next(r for r in reads if r.quote.startswith("charged"))
    assert (charge.kind, charge.who, charge.attribution) == (
        "accusation", "Prosecutors in Dorn", "inferred")


def test_no_comment_is_an_observation_of_the_document() -> None:
    for sentence in ("The mayor declined to comment.",
                     "Orm Trading did not respond to a request for comment.",
                     "The agency could not be reached."):
        [claim], _ = _read(sentence)
        assert (claim.who, claim.kind, claim.attribution) == (
            "t (editorial voice)", "observation", "own")


def test_retractions_and_rulings_with_their_relations() -> None:
    text = ("= Case =\n\nPia Norn accused the council of hiding the funds. The court found that "
            "the council had not hidden the funds. Norn later withdrew the accusation.\n")
    claims = draft_article(text, name="case").extraction.claims
    accusation, ruling, retraction = claims
    assert (ruling.kind.value, retraction.kind.value) == ("ruling", "retraction")
    assert ruling.relations == [("contradicts", accusation.id)]
    assert retraction.relations == [("retracts", accusation.id)]


def test_a_denial_denies_the_charge_about_its_claimant() -> None:
    text = ("= Case =\n\nThe union accused Henrik Sand of lying to the board. Sand denied the "
            "accusation.\n")
    accusation, denial = draft_article(text, name="case").extraction.claims
    assert denial.relations == [("denies", accusation.id)]
    assert "henrik-sand" in accusation.about


def test_an_observation_qualifies_what_its_agent_said() -> None:
    text = ("= Case =\n\nThe Harbour Police said three men were arrested. The names of the men "
            "have not been released by the Harbour Police.\n")
    said, observation = draft_article(text, name="case").extraction.claims
    assert observation.relations == [("qualifies", said.id)]


def test_the_body_contradicts_an_infobox_number() -> None:
    text = ("= Raid =\n\nInfobox\n- Arrests: 7\n\nThe police said six people were arrested "
            "in the raid.\n")
    box, body = draft_article(text, name="raid").extraction.claims
    assert body.relations == [("contradicts", box.id)]


def test_organisations_and_persons_are_told_apart() -> None:
    _, extraction = _read("Tessa Ring said the loan was repaid. Ring Holdings said the loan was "
                          "new. The Green Alliance said the loan was secret. Grünfeld GmbH "
                          "said nothing was owed.")
    kinds = _kinds(extraction)
    assert kinds["Tessa Ring"] is ActorKind.PERSON
    assert kinds["Ring Holdings"] is ActorKind.ORGANIZATION
    assert kinds["Green Alliance"] is ActorKind.ORGANIZATION
    assert kinds["Grünfeld GmbH"] is ActorKind.ORGANIZATION


def test_subjects_and_aliases_of_new_actors() -> None:
    reads, extraction = _read("Olga Brenner said the Coastal Safety Board (CSB) ignored her "
                              "report. Brenner added that the CSB had lost it.")
    assert [r.who for r in reads] == ["Olga Brenner", "Olga Brenner"]
    board = next(a for a in extraction.actors if a.name == "Coastal Safety Board")
    assert "CSB" in board.aliases
    assert reads[0].claim.about == [board.id, "olga-brenner"]  # "her report"
    assert reads[1].claim.about == [board.id]


def test_an_appositive_is_a_claim_of_the_document_about_its_subject() -> None:
    reads, _ = _read("Lars Moe, a farmer from Eid, said the river had turned red.")
    assert [(r.who, r.quote) for r in reads] == [
        ("t (editorial voice)", "Lars Moe, a farmer from Eid"),
        ("Lars Moe", "said the river had turned red.")]
    # An adverb before the participle still makes an aside: two assertions, both the article's.
    reads, _ = _read("The Fjord Club, officially registered as a charity, held monthly dances.")
    assert [(r.who, r.quote) for r in reads] == [
        ("t (editorial voice)", "The Fjord Club, officially registered as a charity"),
        ("t (editorial voice)", "held monthly dances.")]


def test_one_description_is_one_unnamed_actor_and_names_stay_unique() -> None:
    text = ("An engineer at the Kestrel Works said the valve leaked. The Kestrel Works said it "
            "had fixed the valve. An engineer at the Kestrel Works said the fix failed. "
            "An engineer at the Harlow Yard said nothing was wrong.")
    reads, extraction = _read(text)
    first, _, second, third = (r.claim.claimant for r in reads)
    assert first == second != third
    names = [a.name.casefold() for a in extraction.actors]
    assert len(names) == len(set(names))
