"""Article structure and sentence splitting keep exact offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.extract.article import parse_article
from claimtrack.extract.sentences import split_sentences

ARTICLE = """= The Harbour Affair =

Infobox
- Place: Port Town
- Result: Memo leaked

The ministry announced a sale. It was denied.

==Reaction==
The union said it was "a forgery. Nothing more." Nobody else spoke.

==See also==
- Another affair
"""


def test_article_parts_carry_exact_offsets() -> None:
    article = parse_article(ARTICLE)
    assert article.title == "The Harbour Affair"
    assert [(e.key, e.value) for e in article.infobox] == [("Place", "Port Town"),
                                                          ("Result", "Memo leaked")]
    assert [ARTICLE[e.start : e.end] for e in article.infobox] == ["Place: Port Town",
                                                                   "Result: Memo leaked"]
    assert [(p.section, ARTICLE[p.start : p.end]) for p in article.paragraphs] == [
        ("Lead", "The ministry announced a sale. It was denied."),
        ("Reaction", 'The union said it was "a forgery. Nothing more." Nobody else spoke.'),
    ]
    assert [ARTICLE[s:e] for _, s, e in article.skipped] == ["= The Harbour Affair =",
                                                              "Another affair"]


def test_plain_paragraphs_without_markers() -> None:
    text = "First paragraph here.\nStill the first.\n\nSecond one."
    article = parse_article(text)
    assert article.title == ""
    assert [text[p.start : p.end] for p in article.paragraphs] == [
        "First paragraph here.\nStill the first.", "Second one."]


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_initials_decimals_and_quotes_do_not_end_sentences() -> None:
    text = ('The U.S. envoy met Dr. Smith and J. R. Jones on 3.5 acres. '
            'He said "we will win. We must." Then he left.')
    assert _sentences(text) == [
        "The U.S. envoy met Dr. Smith and J. R. Jones on 3.5 acres.",
        'He said "we will win. We must."',
        "Then he left.",
    ]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\"\nJU")), max_size=200))
def test_sentences_are_ordered_trimmed_spans_of_the_text(text: str) -> None:
    last = 0
    for start, end in split_sentences(text):
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end
