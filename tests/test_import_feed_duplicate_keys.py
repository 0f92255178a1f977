"""``import claimreview`` on JSON objects with a key written twice. JSON does not say
which value counts; Python's parser kept the last without a word, so an item saying
``"claimReviewed": "A", "claimReviewed": "B"`` was imported as B. An item with a key
written twice with different values, at any depth, is skipped with one line naming its
position and the key; the same value twice changes nothing and imports.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from oracle import load
from test_import_feeds import GOOD, review, run

ITEM = json.dumps(review("The dam leaks."))


def _twice(raw: str, key: str, second: str) -> str:
    """``raw`` with ``"key": …`` written again, holding ``second``, after its first one."""
    at = raw.index(f'"{key}": ')
    return raw[:at] + f'"{key}": {second}, ' + raw[at:]


DOUBLED = {
    "statement": (_twice(ITEM, "claimReviewed", '"The dam is sound."'), "claimReviewed"),
    "date": (_twice(ITEM, "datePublished", '"2024-01-01"'), "datePublished"),
    "rating": (_twice(ITEM, "alternateName", '"True"'), "reviewRating.alternateName"),
    "author name": (_twice(ITEM, "name", '"Somebody Else"'), "itemReviewed.author.name"),
    "type": (_twice(ITEM, "@type", '"NewsArticle"'), "@type"),
}


@pytest.mark.parametrize("case", list(DOUBLED))
def test_a_key_written_twice_skips_its_item(empty: Path, tmp_path: Path, case: str) -> None:
    raw, key = DOUBLED[case]
    feed = f"[{json.dumps(GOOD)}, {raw}]".encode()
    for packed in (feed, gzip.compress(feed)):
        path = tmp_path / "feed.json"
        path.write_bytes(packed)
        code, _, err = run("import", "claimreview", str(path), "--dry-run")
        assert code == 1, err
        lines = [line for line in err.splitlines() if line.startswith("claimtrack:")]
        assert len(lines) == 1, err
        assert lines[0].startswith(f"claimtrack: {path}: item [1]: "), lines
        assert f"'{key}'" in lines[0] and "twice" in lines[0], lines
    code, _, err = run("import", "claimreview", str(path))
    assert [c.statement for c in load(empty).claims.values()] == [GOOD["claimReviewed"]]


def test_a_top_level_object_with_a_key_twice_is_its_one_item_skipped(empty: Path,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(DOUBLED["statement"][0], encoding="utf-8")
    code, _, err = run("import", "claimreview", str(path))
    assert code == 1, err
    assert "item [0]: " in err and "'claimReviewed'" in err, err
    assert load(empty).claims == {}


def test_the_same_value_twice_imports(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(f"[{_twice(ITEM, 'claimReviewed', json.dumps('The dam leaks.'))}]",
                    encoding="utf-8")
    code, _, err = run("import", "claimreview", str(path))
    assert code == 0, err
    assert [c.statement for c in load(empty).claims.values()] == ["The dam leaks."]
