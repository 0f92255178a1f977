"""The one CSV-cell neutraliser: a cell a spreadsheet would run as a formula gets a ``'``.

A spreadsheet opening a csv or tsv file runs a cell starting with ``=``, ``+``, ``-`` or
``@`` as a formula (OWASP "CSV injection"); a leading tab or carriage return hides such a
start from a reader. Every csv and tsv claimtrack writes (``list``, ``flags``,
``sources``, ``timeline``, ``xref``, ``export``) neutralises those cells the same way:
in Python (``neutralise``) or, for rows that go straight from the index to the writer,
in the SQL that reads them (``neutralise_sql``), both from ``FORMULA_STARTS``.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "neutralise", "neutralise_sql"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet run a cell as a formula."""


def neutralise(cell: str) -> str:
    """``cell`` with a ``'`` before it when a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _sql_char(char: str) -> str:
    return f"'{char}'" if char.isprintable() and char != "'" else f"char({ord(char)})"


_SQL_STARTS = ", ".join(_sql_char(c) for c in FORMULA_STARTS)


def neutralise_sql(expression: str, *, only_if: str = "") -> str:
    """SQL giving the value of ``expression`` neutralised as ``neutralise`` does; with
    ``only_if`` (a condition followed by ``AND``), only the rows it holds for."""
    return (f"CASE WHEN {only_if}substr({expression}, 1, 1) IN ({_SQL_STARTS}) "
            f"THEN char(39) || {expression} ELSE {expression} END")
