"""The one definition of vague attribution, read by the flag and by extract alike."""

from __future__ import annotations

import pytest

from claimtrack.model import Appearance, Attribution, Claim, ClaimKind, Framing
from claimtrack.vague import (
    HEDGES,
    IMPERSONAL_VERBS,
    NOBODY,
    PASSIVE_VERBS,
    is_impersonal,
    vague_words,
)


@pytest.mark.parametrize("verb", IMPERSONAL_VERBS)
def test_every_impersonal_verb_is_vague_and_impersonal(verb: str) -> None:
    sentence = f"In May it was later {verb} that the port had been sold."
    assert vague_words(sentence) == f"it was later {verb}"
    assert is_impersonal(f"it has been {verb}") and is_impersonal(f"It had been {verb}")


@pytest.mark.parametrize("words", [*(f"were {v}" for v in PASSIVE_VERBS), *HEDGES, *NOBODY])
def test_every_other_listed_phrase_is_vague_but_names_no_impersonal_report(words: str) -> None:
    assert vague_words(f"The dockers {words} ready to strike.") == words
    assert not is_impersonal(words)


def test_a_named_source_is_not_vague() -> None:
    assert vague_words("The ministry said it was sold; it was the union that objected.") is None
    assert not is_impersonal("the ministry said")


def test_the_flag_reads_the_same_definition() -> None:
    from pathlib import Path

    from claimtrack.flags.rules import claim_facts

    appearance = Appearance(document="memo", quote="The port was purportedly sold.",
                            framing=Framing.REPORTED, attribution=Attribution.EXPLICIT)
    claim = Claim(id="port-sold", statement="The port was sold.", claimant="union",
                  kind=ClaimKind.REPORT, appearances=(appearance,))
    assert ("vague", 1, "purportedly") in set(claim_facts(claim, Path(".")))


@pytest.mark.model
@pytest.mark.parametrize("words", [*(f"it was later {v} that" for v in IMPERSONAL_VERBS),
                                   *HEDGES])
def test_extract_reads_the_same_definition(words: str) -> None:
    """extract gives what these words report to an unnamed source, never to the voice."""
    from claimtrack.extract import draft_article

    text = (f"In May {words} the port had been sold." if words.startswith("it ")
            else f"In May the port {words} changed hands.")
    draft = draft_article(text, name="t")
    kinds = {a.id: a.kind.value for a in draft.extraction.actors}
    [claim] = draft.claims
    assert kinds[claim.claimant] == "unnamed"
    assert claim.appearances[0].attribution.value == "explicit"
