"""Check that the second retrieval benchmark is whole: the feed, the queries, the gold, the hashes.

    python benchmarks/matchset-2/validate.py

The feed must parse as JSON and hold schema.org ClaimReview items with a unique `url`, a
`claimReviewed` text and a `reviewRating`; every query has exactly one gold line in the
same part; every relevant URL of the gold is the `url` of a review in the feed; a query
with no answer has none and the style `none`, a query with an answer the style `oblique` or
`direct`; the two parts share no query; and every file matches SHA256SUMS. Prints the
counts; exits 1 with one line per problem. It reads the files only and never scores
anything.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PARTS = ("tune", "untuned")
STYLES = {"checked": ("oblique", "direct"), "none": ("none",)}


def reviews(feed: dict[str, Any]) -> list[dict[str, Any]]:
    """The ClaimReview items of a schema.org DataFeed."""
    return [item for element in feed["dataFeedElement"] for item in element["item"]]


def lines(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSON Lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def problems() -> list[str]:
    """Every problem found, as one line each."""
    found: list[str] = []
    feed = json.loads((HERE / "feed.jsonld").read_text(encoding="utf-8"))
    items = reviews(feed)
    urls = Counter(item.get("url") for item in items)
    found += [f"feed: url {url!r} used {n} times" for url, n in urls.items() if n > 1]
    for n, item in enumerate(items):
        if item.get("@type") != "ClaimReview":
            found.append(f"feed item {n}: @type is not ClaimReview")
        for key in ("url", "claimReviewed", "reviewRating", "author", "itemReviewed"):
            if not item.get(key):
                found.append(f"feed item {n}: {key} missing")
    seen: set[str] = set()
    for part in PARTS:
        queries = lines(HERE / f"queries-{part}.jsonl")
        gold = {g["query"]: g for g in lines(HERE / f"gold-{part}.jsonl")}
        ids = [q["id"] for q in queries]
        if set(ids) != set(gold) or len(ids) != len(gold):
            found.append(f"{part}: queries and gold do not list the same ids")
        found += [f"{part}: {q} is also in another part" for q in ids if q in seen]
        seen.update(ids)
        for g in gold.values():
            if (g["answer"] == "none") != (not g["relevant"]):
                found.append(f"gold-{part}: {g['query']}: answer {g['answer']!r} but "
                             f"{len(g['relevant'])} relevant")
            if g.get("style") not in STYLES.get(g["answer"], ()):
                found.append(f"gold-{part}: {g['query']}: style {g.get('style')!r} does not "
                             f"fit answer {g['answer']!r}")
            found += [f"gold-{part}: {g['query']}: {url} is not in the feed"
                      for url in g["relevant"] if url not in urls]
    for line in (HERE / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        actual = hashlib.sha256((HERE / name).read_bytes()).hexdigest()
        if actual != digest:
            found.append(f"SHA256SUMS: {name} has changed since the set was frozen")
    return found


def main() -> int:
    """Print the counts and any problem; 1 when there is one."""
    feed = json.loads((HERE / "feed.jsonld").read_text(encoding="utf-8"))
    items = reviews(feed)
    print(f"feed: {len(items)} reviews of {len({i['claimReviewed'] for i in items})} "
          "distinct claims")
    for part in PARTS:
        gold = lines(HERE / f"gold-{part}.jsonl")
        styles = Counter(g.get("style") for g in gold)
        print(f"{part}: {len(gold)} queries, {styles['none']} with no answer; of those with "
              f"one, {styles['oblique']} oblique and {styles['direct']} direct")
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
