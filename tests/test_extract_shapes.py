"""The structural shapes issue 25's second round fixed, each in sentences of its own.

Every test drafts a short invented text and checks one shape: who a quoted pronoun is,
how a role noun is named, places that are no actors, short names, relations through nouns
that point back, quotes without their cue, asides, labelled turns, press releases and live
blogs.
"""

from __future__ import annotations

import pytest

from claimtrack.extract import Draft, draft_article
from claimtrack.model import ActorKind, Claim

pytestmark = pytest.mark.model


def _draft(text: str, name: str = "shapes") -> Draft:
    return draft_article(text, name=name)


def _names(draft: Draft) -> dict[str, str]:
    return {a.id: a.name for a in draft.extraction.actors}


def _by_quote(draft: Draft, words: str) -> Claim:
    found = [c for c in draft.claims if words in c.appearances[0].quote]
    assert found, [c.appearances[0].quote for c in draft.claims]
    return found[0]


def test_a_pronoun_in_a_quotation_is_not_the_speaker_or_the_speakers_body() -> None:
    draft = _draft('The growers\' cooperative accused Maltby Sugar of weighing beets short. '
                   '"They cheated us on every lorry," said cooperative chair Nadia Ferre.')
    claim = _by_quote(draft, "They cheated us")
    assert "cooperative" not in claim.statement.casefold()
    assert _names(draft)[claim.claimant] == "Nadia Ferre"


def test_it_after_a_thing_in_its_sentence_is_that_thing() -> None:
    draft = _draft("Dr Ilse Marr said the queue at the clinic has doubled, and it has grown "
                   "every week since May.")
    assert all("Marr has grown" not in c.statement for c in draft.claims)


def test_a_role_noun_is_named_by_its_own_words_never_by_the_title() -> None:
    text = ("Ferry crews strike over rosters\n\nThe coastal shipping inspectorate said it "
            "would audit the rosters. The seamen's union called the strike.")
    draft = _draft(text, name="ferry")
    names = {a.name for a in draft.extraction.actors if a.kind is not ActorKind.EDITORIAL}
    assert "coastal shipping inspectorate" in names
    assert not any("Ferry crews strike" in n for n in names)
    assert not any(" '" in n for n in names)  # built from text spans, not joined tokens


def test_places_named_as_places_are_not_actors() -> None:
    draft = _draft("Anders Holt, a grain trader in Kelsby, said the Orne river had flooded "
                   "the Marsh valley silos.")
    names = set(_names(draft).values())
    assert {"Kelsby", "Orne", "Marsh"}.isdisjoint(names)
    assert "Anders Holt" in names


def test_a_later_short_name_is_an_alias_of_the_same_organisation() -> None:
    draft = _draft("Brenholt Logistics was fined for late deliveries. Brenholt denied that "
                   "any delivery had been late.")
    actors = [a for a in draft.extraction.actors if a.kind is not ActorKind.EDITORIAL]
    [company] = [a for a in actors if a.name.startswith("Brenholt")]
    assert company.name == "Brenholt Logistics" and "Brenholt" in company.aliases
    assert company.kind is ActorKind.ORGANIZATION


def test_a_denial_of_the_accusation_denies_the_accusation_before_it() -> None:
    draft = _draft("Tenants of the Kerrow estate accused Haldor Housing of ignoring damp. "
                   "Haldor Housing rejected the accusation.")
    denial = _by_quote(draft, "rejected the accusation")
    accusation = _by_quote(draft, "accused Haldor Housing")
    assert [(r.type.value, r.target) for r in denial.relations] == [("denies", accusation.id)]


def test_a_figure_said_not_to_be_so_is_contradicted() -> None:
    draft = _draft("The drivers' association said six buses had failed their brake checks. "
                   "The transport regulator counted three failed buses, not six.")
    count = _by_quote(draft, "counted three")
    six = _by_quote(draft, "six buses")
    assert ("contradicts", six.id) in [(r.type.value, r.target) for r in count.relations]
    assert _names(draft)[count.claimant] == "transport regulator"


def test_a_participle_that_reports_is_a_claim_of_its_own() -> None:
    draft = _draft("The mayor, Ruth Ambler, said the bridge was safe, adding that the council "
                   "would repaint it in spring.")
    added = _by_quote(draft, "would repaint")
    assert added.appearances[0].cue == "adding"
    assert added.appearances[0].quote == "the council would repaint it in spring."
    assert _names(draft)[added.claimant] == "Ruth Ambler"


def test_a_quotation_before_its_cue_is_quoted_without_the_cue() -> None:
    draft = _draft('"The vaults were never inspected," said the archivist Pia Lund.')
    [claim] = draft.claims
    assert claim.appearances[0].quote == "The vaults were never inspected"
    assert claim.appearances[0].cue == "said"


def test_an_aside_states_what_it_says_of_its_noun() -> None:
    draft = _draft("Dunmore, a fishing port of 4,000 people, has lost its ferry service.")
    statements = [c.statement for c in draft.claims]
    assert "Dunmore is a fishing port of 4,000 people." in statements
    assert "Dunmore has lost its ferry service." in statements


def test_labelled_turns_are_their_speakers_and_questions_are_no_claims() -> None:
    text = ("= Record of the Harbour Board, 2 June =\n\n"
            "Ms TALLIS (Eastbay): The dredger has stood idle since April.\n\n"
            "The Chair of the Board (Mr OYELARAN): The dredger worked on nine days in May.\n\n"
            "Ms TALLIS: Will the Chair publish the logbook?\n")
    draft = _draft(text)
    names = _names(draft)
    assert [(names[c.claimant], c.appearances[0].quote) for c in draft.claims] == [
        ("TALLIS", "The dredger has stood idle since April."),
        ("OYELARAN", "The dredger worked on nine days in May.")]


def test_an_interviews_answers_are_the_interviewees() -> None:
    text = ("Interview with the potter Sanne Oudijk\n\nSanne Oudijk has run the kiln at "
            "Hove for thirty years.\n\nQ: Is the clay still local?\n\n"
            "A: Most of it now comes from the quarry at Dorn.\n")
    draft = _draft(text)
    answer = _by_quote(draft, "Most of it")
    assert _names(draft)[answer.claimant] == "Sanne Oudijk"
    assert not any("?" in c.appearances[0].quote for c in draft.claims)


def test_a_press_release_speaks_in_its_issuers_voice() -> None:
    text = ("Kelvane Dairy opens a second creamery\n\nFOR IMMEDIATE RELEASE\n\n"
            "Kelvane Dairy will open a second creamery in Rothby in March.\n\n"
            "About Kelvane Dairy\n\nKelvane Dairy employs 85 people.\n\n"
            "Media contact: press@kelvane.example\n")
    draft = _draft(text)
    voice = draft.extraction.document.voice
    assert _names(draft)[voice] == "Kelvane Dairy"
    assert {c.appearances[0].quote for c in draft.claims} == {
        "Kelvane Dairy will open a second creamery in Rothby in March.",
        "Kelvane Dairy employs 85 people."}
    assert all(c.claimant == voice for c in draft.claims)


def test_a_live_blogs_timestamps_are_not_quoted() -> None:
    draft = _draft("Live: the marathon\n\n10:05 - The leaders have passed the harbour.\n\n"
                   "09:40 - Race officials say the course is clear.\n")
    quotes = [c.appearances[0].quote for c in draft.claims]
    assert quotes == ["The leaders have passed the harbour.",
                      "Race officials say the course is clear."]


def test_which_the_accused_denied_denies_the_clause_before_it() -> None:
    draft = _draft("The tenants' union accused Vell Estates of cutting the heating, which the "
                   "landlord denied.")
    denial = _by_quote(draft, "which the landlord denied")
    accusation = _by_quote(draft, "accused Vell Estates")
    assert ("denies", accusation.id) in [(r.type.value, r.target) for r in denial.relations]


def test_a_leads_unnamed_speaker_is_the_person_named_next() -> None:
    text = ("Vet drops claim\n\nORLEY, May 3 (Fenwire) - A vet who said a feed additive had "
            "killed forty calves has withdrawn the claim.\n\nHanne Brix told Fenwire that "
            "she had mixed up two herds.\n")
    draft = _draft(text)
    names = _names(draft)
    assert names[_by_quote(draft, "has withdrawn the claim").claimant] == "Hanne Brix"


def test_a_relative_clause_on_a_source_is_the_documents() -> None:
    draft = _draft("The mill was closed in May, according to inspectors in Dorrow, who have "
                   "opened an inquiry into the owners.")
    aside = _by_quote(draft, "who have opened an inquiry")
    assert aside.claimant == draft.extraction.document.voice


def test_after_finding_that_is_the_subjects_finding_and_the_rest_its_own() -> None:
    draft = _draft("The cannery closed its second line after discovering that the boiler "
                   "had cracked.")
    finding = _by_quote(draft, "after discovering")
    assert _names(draft)[finding.claimant] == "cannery"
    assert _by_quote(draft, "closed its second line").claimant == (
        draft.extraction.document.voice)


def test_nothing_reported_is_the_documents_statement() -> None:
    draft = _draft("No injuries have been reported at the depot.")
    [claim] = draft.claims
    assert claim.claimant == draft.extraction.document.voice


def test_a_relative_clause_with_its_own_cue_is_its_speakers() -> None:
    draft = _draft("Marta Olsen ran the lottery that the auditors have called \"a sham\".")
    called = _by_quote(draft, "called")
    assert _names(draft)[called.claimant] == "auditors"
    assert _by_quote(draft, "Marta Olsen ran").claimant == draft.extraction.document.voice


def test_a_role_named_in_apposition_after_a_place_is_that_person() -> None:
    draft = _draft("Our correspondent in Harwick, Lena Fosse, says the pier has collapsed.")
    [claim] = draft.claims
    assert _names(draft)[claim.claimant] == "Lena Fosse"


def test_a_pronoun_prefers_its_own_paragraph() -> None:
    text = ("14:10 - The lifeboat crew says a walker was rescued from the cliffs, a "
            "spokesman told us.\n\n13:50 - Mayor Tomas Rolt has shut the beach car park. "
            '"Keep away from the shore," he wrote.\n')
    draft = _draft(text)
    assert _names(draft)[_by_quote(draft, "Keep away").claimant] == "Tomas Rolt"


def test_a_statement_of_the_opposite_contradicts_what_it_answers() -> None:
    draft = _draft("The coast guard said the trawler had been seaworthy when it left port. "
                   "Two deckhands told the inquiry that the trawler was unseaworthy.")
    answer = _by_quote(draft, "unseaworthy")
    said = _by_quote(draft, "had been seaworthy")
    assert ("contradicts", said.id) in [(r.type.value, r.target) for r in answer.relations]


def test_figures_put_at_a_number_are_compared_by_what_they_count() -> None:
    draft = _draft("The power company said 8,000 homes had lost power. Later the company "
                   "put the number of homes without power at 12,000.")
    later = _by_quote(draft, "put the number")
    first = _by_quote(draft, "8,000 homes")
    assert ("contradicts", first.id) in [(r.type.value, r.target) for r in later.relations]


def test_a_relative_clause_states_its_noun_and_is_about_it() -> None:
    draft = _draft("Jonas Brekke was a ferry pilot who was dismissed by the harbour board in "
                   "June 2021.")
    claim = _by_quote(draft, "who was dismissed")
    assert claim.statement.startswith("A ferry pilot was dismissed")
    assert any(a.name == "Jonas Brekke" for a in draft.extraction.actors if a.id in claim.about)


def test_a_fragment_in_the_documents_voice_is_no_claim() -> None:
    draft = _draft("Latest news from the valley. All times local. The dam held overnight.")
    assert [c.appearances[0].quote for c in draft.claims] == ["The dam held overnight."]


# One invented article for the defects the lead saw on an article of his own (round 3):
# names that are exact spans, a town that is no country, a company the tagger calls a
# person, quotes that are the words reported and never their cue.
_DOCKS = """Dock strike halts grain exports at Ostrel

OSTREL, March 3 (Coastline News) - Dockworkers in Ostrel, a fishing port on the Velm, \
walked out on Tuesday. Ostrel is the largest port in Corvania.

The dockworkers' union said the night rota broke the May agreement. The minister said the \
port would not close. The labour ministry said it would mediate.

Terminal operator Vessmark Terminals said it would sue. Vessmark, which runs the grain \
berths, said the strike was unlawful. "We pay above the regional rate," it said, "and we \
always have."
"""


def _docks() -> Draft:
    return _draft(_DOCKS, name="docks")


def test_actor_names_are_exact_spans_and_generic_bodies_carry_the_document() -> None:
    draft = _docks()
    names = _names(draft)
    assert "dockworkers' union" in names.values()
    assert all(name in _DOCKS or name.endswith("(editorial voice)") or "'s " in name
               for name in names.values()), names
    ministry = next(a for a in draft.extraction.actors if a.name == "labour ministry")
    assert ministry.id.startswith("docks-")  # a common noun phrase, never a shared bare id
    claim = _by_quote(draft, "The labour ministry said it would mediate")
    assert claim.statement == "The labour ministry would mediate."


def test_a_town_the_text_describes_does_not_qualify_a_ministry() -> None:
    names = set(_names(_docks()).values())
    assert "Corvania's minister" in names
    assert not any(n.startswith("Ostrel") for n in names), names
    # a place that speaks next is not the lead's minister, nor a short name of him
    draft = _draft("Dockworkers at Tarlow walked out. The minister said the port would "
                   "not close. Tarlow said it would send buses.", name="tarlow")
    minister = _by_quote(draft, "The minister said")
    assert _names(draft)[minister.claimant] == "minister"
    assert minister.claimant != _by_quote(draft, "Tarlow said").claimant


def test_a_company_the_tagger_calls_a_person_is_an_organisation_and_its_short_name() -> None:
    draft = _docks()
    actors = {a.name: a for a in draft.extraction.actors}
    vessmark = actors["Vessmark Terminals"]
    assert vessmark.kind is ActorKind.ORGANIZATION
    assert "Vessmark" not in actors  # the later short name is the same actor
    sue = _by_quote(draft, "would sue")
    assert sue.claimant == vessmark.id
    assert sue.statement == "Vessmark Terminals would sue."  # 'it' is the company


def test_a_quote_is_the_words_reported_never_its_cue() -> None:
    draft = _docks()
    quotes = [c.appearances[0].quote for c in draft.claims]
    assert "the strike was unlawful." in quotes  # after an aside, not 'said the strike ...'
    assert not any(q.startswith("said ") for q in quotes), quotes
    split = _by_quote(draft, "We pay above")
    assert split.appearances[0].quote == "We pay above the regional rate"
    assert split.statement == "We pay above the regional rate and we always have."
    for claim in draft.claims:
        assert _DOCKS.count(claim.appearances[0].quote) >= 1


def test_an_outlet_told_is_its_name_not_its_common_noun() -> None:
    draft = _draft("Reporters waited at the quay. The ferry pilot Oskar Lind told the news "
                   "agency Baltpress that the beacon had been dark for a week.")
    told = _by_quote(draft, "beacon")
    names = _names(draft)
    assert [names[a] for a in told.appearances[0].via] == ["Baltpress"]
