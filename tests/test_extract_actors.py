"""Actor resolution by name, alias, surname, acronym and spelling variant."""

from __future__ import annotations

from claimtrack.extract.actors import ActorRegistry
from claimtrack.extract.lexicon import lexicon
from claimtrack.model import Actor, ActorKind
from claimtrack.slug import slugify

KNOWN = [
    Actor(id="nss", name="National Security Service", kind=ActorKind.AGENCY),
    Actor(id="bazeyan", name="Albert Bazeyan", kind=ActorKind.PERSON),
    Actor(id="poghosian", name="Sargis Poghosian", kind=ActorKind.PERSON),
    Actor(id="ministry", name="Ministry of Ports", kind=ActorKind.GOVERNMENT, aliases=("MoP",)),
]


def test_resolves_by_name_alias_acronym_surname_and_variant() -> None:
    registry = ActorRegistry(KNOWN)
    assert registry.resolve("the NSS") == "nss"
    assert registry.resolve("the National Security Service") == "nss"
    assert registry.resolve("Bazeyan") == "bazeyan"
    assert registry.resolve("mop") == "ministry"
    assert registry.resolve("Sarkis Poghosyan") == "poghosian"
    assert registry.resolve("Sarkis Petrosyan") is None
    assert registry.resolve("") is None


def test_proposes_new_actors_with_free_ids() -> None:
    registry = ActorRegistry(KNOWN, taken_ids={"daily-beacon"})
    assert registry.propose("Daily Beacon", kind=ActorKind.MEDIA) == "daily-beacon-2"
    assert registry.kind_of("daily-beacon-2") is ActorKind.MEDIA
    assert registry.propose("Bazeyan") == "bazeyan"
    assert [a.id for a in registry.proposed] == ["daily-beacon-2"]


def test_kinds_come_from_the_words_of_a_name_or_its_context() -> None:
    kind_of = lexicon().kind_of
    assert kind_of("the newspaper Daily Beacon") is ActorKind.MEDIA
    assert kind_of("Coastal Militia") is ActorKind.MILITIA
    assert kind_of("Supreme Court of Veldia") is ActorKind.COURT
    assert kind_of("Ministry of Ports") is ActorKind.GOVERNMENT
    assert kind_of("Jane Doe") is None


def test_a_generic_word_never_matches_a_named_actor() -> None:
    registry = ActorRegistry([Actor(id="ministry-of-ports", name="Ministry of Ports",
                                    kind=ActorKind.GOVERNMENT)])
    assert registry.resolve("the ministry") is None
    assert registry.resolve("ministry") is None
    assert registry.resolve("Ministry of Ports") == "ministry-of-ports"


def test_a_spelling_variant_of_a_proposed_actor_becomes_its_alias() -> None:
    registry = ActorRegistry()
    first = registry.propose("Sarkis Poghosyan")
    assert registry.propose("Sargis Poghosian") == first
    assert registry.get(first).aliases == ("Sargis Poghosian",)


def test_slugify() -> None:
    assert slugify("Tomáš Kollár's office!") == "tomas-kollar-office"
    assert slugify("***") == "x"
