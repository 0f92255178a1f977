"""The line map finds records and keys of array-of-tables TOML, and falls back to ancestors."""

from __future__ import annotations

from claimtrack.toml_lines import LineMap

TEXT = '''\
# comment
[dossier]
title = "x"

[[claims]]
id = "a"
notes = """
id = "not a key"
"""
statement = "s"

[[claims.appearances]]
quote = "q"

[[claims.appearances]]
quote = "r"

[[claims]]
id = "b"

[[claims.reviews]]
status = "unverified"
'''


def test_records_and_keys_have_their_lines() -> None:
    lines = LineMap(TEXT)
    assert lines.line("dossier.title") == 3
    assert lines.line("claims[0]") == 5
    assert lines.line("claims[0].id") == 6
    assert lines.line("claims[0].statement") == 10
    assert lines.line("claims[0].appearances[1].quote") == 16
    assert lines.line("claims[1].id") == 19
    assert lines.line("claims[1].reviews[0].status") == 22


def test_keys_inside_multiline_strings_are_not_keys() -> None:
    assert LineMap(TEXT).line("claims[0].id") == 6


def test_unknown_paths_fall_back_to_the_nearest_ancestor() -> None:
    lines = LineMap(TEXT)
    assert lines.line("claims[1].reviews[0].note") == 21
    assert lines.line("claims[1].words[3]") == 18
    assert lines.line("nothing[4].here") == 1
    assert lines.line("claims") == 5
