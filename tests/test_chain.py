"""An appearance's chain as a reader says it, and the shortened quotes it cites."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.chain import Chain, shorten

WITHHELD = ('the exact "conditions" have not been revealed by the National Security '
            "Service (NSS)")


def test_shorten_cuts_between_words() -> None:
    assert shorten(WITHHELD) == ('the exact "conditions" have … National Security Service '
                                 "(NSS)")


def test_shorten_leaves_short_text_whole_on_one_line() -> None:
    assert shorten("not stated\n  by   the NSS") == "not stated by the NSS"


def test_shorten_cuts_a_word_longer_than_half_the_room() -> None:
    # A URL has no word boundary to cut at: it is cut where the room ends.
    url = "https://example.org/" + "a" * 80
    assert shorten(url, 20) == f"{url[:8]} … {url[-9:]}"


@given(st.text(alphabet="ab ", min_size=1, max_size=120), st.integers(5, 80))
def test_shorten_keeps_whole_words_within_the_limit(text: str, limit: int) -> None:
    whole = " ".join(text.split())
    short = shorten(text, limit)
    if len(whole) <= limit:
        assert short == whole
        return
    assert len(short) <= limit
    head, tail = short.split(" … ")
    assert whole.startswith(head) and whole.endswith(tail)
    # Each side ends where a word ends, unless it is a single word cut short.
    assert whole[len(head)] == " " or " " not in head
    assert whole[-len(tail) - 1] == " " or " " not in tail


def test_chain_of_an_inferred_claimant_cites_its_basis_cut_between_words() -> None:
    chain = Chain(document="Wikipedia", framing="asserted", attribution="inferred",
                  claimant="National Security Service", basis=WITHHELD)
    assert str(chain) == ('Wikipedia (asserted) ← National Security Service [inferred: the '
                          'exact "conditions" have … National Security Service (NSS)]')
