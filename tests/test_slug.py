"""The one slugify and fresh-id, shared by new-actor, add, extract and import."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.slug import fresh_id, slugify


def test_accented_letters_keep_their_base_letter() -> None:
    assert slugify("Ärzte ohne Grenzen") == "arzte-ohne-grenzen"
    assert slugify("Tomáš Kollár's office!") == "tomas-kollar-office"
    assert slugify("Straße nach Łódź über Øresund") == "strasse-nach-lodz-uber-oresund"


def test_a_leading_article_and_a_possessive_go() -> None:
    assert slugify("The NSS's statement") == "nss-statement"
    assert slugify("“The Guardian”") == "guardian"
    assert slugify("Theatre of war") == "theatre-of-war"


def test_whole_words_up_to_the_limit_and_a_fallback() -> None:
    assert slugify("one two three four", limit=13) == "one-two-three"
    assert slugify("one two three four", limit=12) == "one-two"
    assert slugify("x" * 80, limit=10) == "x" * 10
    assert slugify("***") == "x"
    assert slugify("—", fallback="claim") == "claim"


@given(st.text(max_size=200))
def test_every_slug_is_an_id_check_accepts(text: str) -> None:
    slug = slugify(text, limit=30)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 30


def test_fresh_id_counts_up_from_two() -> None:
    assert fresh_id("nss", set()) == "nss"
    assert fresh_id("nss", {"nss", "nss-2"}) == "nss-3"


def test_extract_proposes_the_id_new_actor_makes() -> None:
    from claimtrack.extract.actors import ActorRegistry

    assert ActorRegistry().propose("Ärzte ohne Grenzen") == "arzte-ohne-grenzen"
