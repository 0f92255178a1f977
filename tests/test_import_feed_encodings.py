"""``import claimreview`` on a feed that is not UTF-8: one message saying what it is
(UTF-16 or UTF-32, with or without a byte order mark; a gzip file inside the gzip file)
and how to convert it, instead of "not UTF-8 text" or a JSON error at column 2. Nothing
is written."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from test_import_feeds import GOOD, run, snapshot

TEXT = json.dumps([GOOD])
CASES = {
    "utf-16 with a BOM": (TEXT.encode("utf-16"), "UTF-16 text", "iconv -f UTF-16"),
    "utf-16-le": (TEXT.encode("utf-16-le"), "UTF-16 text", "iconv -f UTF-16"),
    "utf-16-be": (TEXT.encode("utf-16-be"), "UTF-16 text", "iconv -f UTF-16"),
    "utf-32 with a BOM": (TEXT.encode("utf-32"), "UTF-32 text", "iconv -f UTF-32"),
    "utf-32-le": (TEXT.encode("utf-32-le"), "UTF-32 text", "iconv -f UTF-32"),
    "utf-16 in gzip": (gzip.compress(TEXT.encode("utf-16")), "UTF-16 text", "iconv"),
    "gzip in gzip": (gzip.compress(gzip.compress(TEXT.encode())),
                     "a gzip file inside the gzip file", "plain or gzip"),
    "latin-1": (TEXT.replace("Varga", "V\u00e1rga").encode("latin-1"), "not UTF-8 text",
                "in UTF-8"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_feed_not_in_utf8_says_what_it_is(empty: Path, tmp_path: Path, case: str) -> None:
    data, said, advice = CASES[case]
    path = tmp_path / "feed.json"
    path.write_bytes(data)
    before = snapshot(empty)
    code, _, err = run("import", "claimreview", str(path))
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{path}: {said}" in lines[0] and advice in lines[0], err
    assert snapshot(empty) == before
