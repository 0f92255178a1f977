"""Someone's account told in the article's own voice: inferred only where the text says whose."""

from __future__ import annotations

from claimtrack.extract.accounts import is_charge
from claimtrack.extract.pipeline import DraftClaim, extract

_WITHHELD = """= Dunmore raid =

==Plot==
The Red Pine group held monthly meetings in Dunmore. The group had entered into a "criminal \
association" and planned to seize the county radio station. The plotters bought two \
transmitters, although the exact "association" has not been disclosed by the State Security \
Bureau (SSB).

==Arrests==
The SSB uncovered the plot in March and arrested the ringleaders. One of those arrested was \
Tomas Ferne. His role in the plot was not stated by the SSB. The police also searched the \
group's offices. Ferne denied all charges.
"""


def _claims(text: str) -> tuple[list[DraftClaim], dict[str, str]]:
    extraction = extract(text, stem="t")
    return extraction.claims, {a.id: a.name for a in extraction.actors}


def _by_quote(text: str) -> dict[str, tuple[str, str, DraftClaim]]:
    claims, names = _claims(text)
    return {text[c.start:c.end]: (names[c.claimant], c.attribution, c) for c in claims}


def test_charges_whose_details_an_authority_withholds_are_its_account_inferred() -> None:
    found = _by_quote(_WITHHELD)
    bureau = "State Security Bureau"
    charges = [q for q, (who, how, _) in found.items() if (who, how) == (bureau, "inferred")]
    assert charges == [
        'The group had entered into a "criminal association"',
        "planned to seize the county radio station.",
        "The plotters bought two transmitters",
        "The SSB uncovered the plot in March",
        "arrested the ringleaders.",
    ]
    for quote in charges:
        claim = found[quote][2]
        assert claim.framing.value == "asserted" and claim.via == [] and claim.cue == ""
        assert claim.basis is not None
        reason, basis = claim.basis
        assert basis in _WITHHELD and reason.endswith(".") and reason.count(". ") == 0
        assert "State Security Bureau" in reason
    # The bureau's own operation keeps its kind; a charge is an allegation.
    assert found["The SSB uncovered the plot in March"][2].kind.value == "event"
    assert found["The plotters bought two transmitters"][2].kind.value == "allegation"
    assert found["The plotters bought two transmitters"][2].basis[1] == (  # type: ignore[index]
        'the exact "association" has not been disclosed by the State Security Bureau (SSB)')


def test_plain_events_stay_the_articles_own() -> None:
    found = _by_quote(_WITHHELD)
    for quote in ("The Red Pine group held monthly meetings in Dunmore.",
                  "One of those arrested was Tomas Ferne.",
                  "The police also searched the group's offices."):
        assert found[quote][1] == "own", quote
    assert found["Ferne denied all charges."][0] == "Tomas Ferne"


def test_without_a_ground_nothing_is_inferred() -> None:
    text = ("==Plot==\nThe group planned to seize the radio station. The plotters bought two "
            "transmitters. The police have not commented.\n")
    claims, _ = _claims(text)
    assert {c.attribution for c in claims} == {"own"}


def test_a_company_withholding_details_is_no_ground_nor_is_the_accused() -> None:
    text = ("==Contracts==\nVarn Holdings illegally diverted the grant to its owners. Varn "
            "Holdings has not disclosed the payments.\n")
    claims, _ = _claims(text)
    assert {c.attribution for c in claims} == {"own"}
    text = ("==Contracts==\nThe Ministry of Roads illegally awarded the contract to its owners' "
            "firm. The Ministry of Roads has not disclosed the payments.\n")
    claims, _ = _claims(text)
    assert {c.attribution for c in claims} == {"own"}


def test_an_account_named_as_someones_grounds_the_paragraph() -> None:
    text = ("According to the prosecutors' indictment, the men met in Tarn in May. They "
            "conspired to rob the depot. The depot reopened in June.\n\n"
            "The gang smuggled the rifles across the border.\n")
    found = _by_quote(text)
    robbery = found["They conspired to rob the depot."]
    assert robbery[1] == "inferred" and robbery[0].casefold() == "prosecutors"
    assert robbery[2].basis is not None
    assert robbery[2].basis[1] == "According to the prosecutors' indictment"
    assert "indictment" in robbery[2].basis[0]
    assert robbery[2].about == []  # "they" are not the prosecutors who accuse them
    # The ground's own sentence names its source: explicit, not inferred.
    met = found["According to the prosecutors' indictment, the men met in Tarn in May."]
    assert (met[0], met[1]) == (robbery[0], "explicit")
    assert found["The depot reopened in June."][1] == "own"
    # Another paragraph of a report without headings is another account: nothing inferred.
    assert found["The gang smuggled the rifles across the border."][1] == "own"


def test_other_grounds_name_the_account_as_someones() -> None:
    for ground in ("The charges, as the Harbour Police set them out, say little more.",
                   "The Harbour Police's case holds that nobody else knew.",
                   "The Harbour Police's statement said the men were armed."):
        text = f"==Case==\n{ground} The crew smuggled the cargo past the customs post.\n"
        found = _by_quote(text)
        crew = found["The crew smuggled the cargo past the customs post."]
        assert (crew[0], crew[1]) == ("Harbour Police", "inferred"), ground


def test_what_reads_as_a_charge() -> None:
    assert is_charge('the group had entered into a "preliminary conspiracy"')
    assert is_charge("the militia deliberately created conditions for the coup")
    assert is_charge("they planned to seize the station")
    assert not is_charge("the police raided the offices, confiscating weapons")
    assert not is_charge("he was released in March")
