"""The article's layout (title, infobox, sections, paragraphs) keeps exact offsets."""

from __future__ import annotations

from claimtrack.extract.layout import read_layout

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
    article = read_layout(ARTICLE)
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
    article = read_layout(text)
    assert article.title == ""
    assert [text[p.start : p.end] for p in article.paragraphs] == [
        "First paragraph here.\nStill the first.", "Second one."]
