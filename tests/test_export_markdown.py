"""markdown read back with ``markdown-it-py`` (tables on): one table, cells equal the dataset."""

from __future__ import annotations

from pathlib import Path

from export_support import export
from markdown_it import MarkdownIt
from markdown_it.token import Token
from oracle import load

from claimtrack.export.markdown import cell


def _text(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "text_special"):
            parts.append(child.content)
        elif child.type == "html_inline" and child.content == "<br>":
            parts.append("\n")
        else:
            raise AssertionError(f"unexpected markup in a cell: {child.type} {child.content!r}")
    return "".join(parts)


def _tables(text: str) -> list[list[list[str]]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type in ("th_open", "td_open"):
            tables[-1][-1].append(_text(tokens[i + 1]))
    return tables


def test_one_table_whose_cells_equal_the_dataset(nasty_claims: Path) -> None:
    text = export("markdown")
    # A report: its dossier's title and reviewer first, then the table.
    assert text.startswith("# The harbour memo\n\nReviewed by Fixture Fact Desk.\n\n| ID |")
    tables = _tables(text)
    assert len(tables) == 1
    header, *rows = tables[0]
    assert header == ["ID", "Claimant", "Statement", "Kind", "Framing", "Status", "Made",
                      "Quote", "Chain", "Reviewed by", "Review note", "Evidence"]
    dataset = load(nasty_claims)
    assert len(rows) == len(dataset.claims)
    for row, claim in zip(rows, dataset.claims.values(), strict=True):
        verdict = claim.verdict
        assert row[:8] == [claim.id, dataset.actors[claim.claimant].name, claim.statement,
                           str(claim.kind), str(claim.appearances[0].framing),
                           str(claim.status), str(claim.made or ""),
                           claim.appearances[0].quote]
        assert row[9:] == (["", "", ""] if verdict is None else [
            verdict.by, verdict.note, "; ".join(verdict.evidence)])
        assert row[8].count(f"({claim.appearances[0].framing})") >= 1
    tricky = dataset.claims["pipe-and-backslash"].statement
    assert "|" in tricky and "\\" in tricky and "\n" in tricky


def test_cell_escapes() -> None:
    assert cell("a|b") == "a\\|b"
    assert cell("a\\b") == "a\\\\b"
    assert cell("a\r\nb\nc") == "a<br>b<br>c"


def test_the_chain_and_the_verdict_are_carried(bundled_claims: Path) -> None:
    """Each appearance's chain as a reader says it, and the verdict with its reviewer,
    note and evidence."""
    rows = {row[0]: row for row in _tables(export("markdown"))[0][1:]}
    commander = rows["infobox-commander-bazeyan"]
    assert commander[8] == "Wikipedia (asserted), in its own voice"
    assert commander[9:] == [
        "claimtrack editors",
        "Bazeyan denied all charges, and the body says the NSS never stated his connection "
        "to the plot; the infobox still names him a commander.",
        "bazeyan-denies-charges; nss-connection-not-stated"]
    assert rows["plot-preliminary-conspiracy"][8].startswith(
        "Wikipedia (asserted) ← National Security Service [inferred: ")
