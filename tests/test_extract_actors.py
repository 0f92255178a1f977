"""Actor resolution by name, alias, surname, acronym and spelling variant."""

from __future__ import annotations

from claimtrack.extract.actors import ActorRegistry
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


def test_proposes_new_actors_with_a_kind_guess_and_free_ids() -> None:
    registry = ActorRegistry(KNOWN, taken_ids={"daily-beacon"})
    assert registry.propose("Daily Beacon", context="the newspaper Daily Beacon") == (
        "daily-beacon-2")
    assert registry.kind_of("daily-beacon-2") is ActorKind.MEDIA
    person = registry.propose("Jane Doe")
    assert registry.kind_of(person) is ActorKind.PERSON
    assert registry.kind_of(registry.propose("Coastal Militia")) is ActorKind.MILITIA
    assert registry.propose("Bazeyan") == "bazeyan"
    assert [a.id for a in registry.proposed] == ["daily-beacon-2", "jane-doe", "coastal-militia"]


def test_a_spelling_variant_of_a_proposed_actor_becomes_its_alias() -> None:
    registry = ActorRegistry()
    first = registry.propose("Sarkis Poghosyan")
    assert registry.propose("Sargis Poghosian") == first
    assert registry.get(first).aliases == ("Sargis Poghosian",)


def test_slugify() -> None:
    assert slugify("Tomáš Kollár's office!") == "tomas-kollar-office"
    assert slugify("***") == "x"
