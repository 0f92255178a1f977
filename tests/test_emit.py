"""The fast TOML writer: what it writes reads back as the records it was given."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.edit import emit, ops

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
value = st.one_of(text, st.integers(-(2**63), 2**63 - 1), st.dates(),
                  st.lists(text, min_size=1, max_size=3),
                  st.dictionaries(st.sampled_from(["reason", "quote"]), text, min_size=1))
record = st.dictionaries(st.sampled_from(["id", "statement", "made", "via", "basis", "n"]),
                         value, min_size=1)


def _plain(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: _plain(v) for k, v in item.items()}
    if isinstance(item, list | tuple):
        return [_plain(v) for v in item]
    return item


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(record, st.lists(record, max_size=2)), min_size=1, max_size=3))
def test_records_read_back_equal(items: list[tuple[dict[str, Any], list[dict[str, Any]]]]
                                 ) -> None:
    given_records = [{**r, "appearances": children} for r, children in items]
    written = emit.records("claims", given_records, children=("appearances",))
    back = tomllib.loads(written)["claims"]
    for original, read in zip(given_records, back, strict=True):
        expected = {k: v for k, v in original.items() if k != "appearances"}
        if original["appearances"]:
            expected["appearances"] = original["appearances"]
        assert read == _plain(expected)


def test_empty_values_are_left_out_and_dates_stay_dates() -> None:
    written = emit.records("claims", [{"id": "a", "made": None, "about": [], "notes": "",
                                       "day": dt.date(2024, 2, 29), "month": "2024-02"}])
    assert written == '[[claims]]\nid = "a"\nday = 2024-02-29\nmonth = "2024-02"\n'


def test_append_blocks_puts_each_block_at_the_end_of_its_claim() -> None:
    source = ('[[claims]]\nid = "a"\n\n[[claims.reviews]]\nstatus = "x"\n\n# about b\n'
              '[[claims]]\nid = "b"\n')
    out = ops.append_blocks(source, {0: '[[claims.reviews]]\nstatus = "y"\n',
                                     1: '[[claims.reviews]]\nstatus = "z"\n'})
    data = tomllib.loads(out)
    assert [[r["status"] for r in c.get("reviews", [])] for c in data["claims"]] == [
        ["x", "y"], ["z"]]
    assert "# about b\n[[claims]]" in out
