"""``import claimreview`` on real-world and hostile feeds (issue 24, "real-world feeds").

A bad item is skipped with one line naming its position and the rest imports; a feed that
cannot be read is refused whole and writes nothing; nothing is left behind when nothing is
written or on ``--dry-run``; decompressing holds memory bounded; no case ends in a traceback.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from oracle import load
from typer.testing import CliRunner

from claimtrack.cli import app

runner = CliRunner()

DEEP = 300_000
"""Hundreds of thousands of levels, as real hostile feeds nest."""


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)) + ("/" if p.is_dir() else ""):
            "" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))}


def review(statement: str, **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "ClaimReview", "claimReviewed": statement,
        "itemReviewed": {"@type": "Claim",
                         "author": {"@type": "Person", "name": "Ilse Varga"}},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "author": {"@type": "Organization", "name": "Desk"},
        "datePublished": "2025-03-04", "url": "https://desk.example/1"}
    node.update(extra)
    return node


GOOD = review("The tram line opened late.")


def deep(levels: int, inner: str = "1") -> str:
    return "[" * levels + inner + "]" * levels


def _raw(good: dict[str, Any], bad_json: str) -> bytes:
    """A top-level array: ``good``, then the item written as raw JSON text."""
    return f"[{json.dumps(good)}, {bad_json}]".encode()


def _with(field: str, raw: str, node: dict[str, Any] | None = None) -> str:
    """``review`` as JSON text with ``field`` (a top-level key) holding raw JSON ``raw``."""
    base = dict(node or review("The dam leaks."))
    base[field] = "@@"
    return json.dumps(base).replace('"@@"', raw)


BIG = "9" * 5000
"""An integer of thousands of digits (Python refuses to convert past 4300 by default)."""

SKIPPED: list[tuple[str, bytes, str]] = [
    ("deep array item", _raw(GOOD, deep(DEEP)), "nested deeper than"),
    ("deep object item", _raw(GOOD, '{"a":' * DEEP + "1" + "}" * DEEP), "nested deeper than"),
    ("deep inside a review", _raw(GOOD, _with("itemReviewed", '{"author": ' + deep(DEEP)
                                                + "}")), "nested deeper than"),
    ("huge integer rating", _raw(GOOD, _with("reviewRating", '{"ratingValue": ' + BIG
                                               + "}")), "unknown rating"),
    ("huge integer statement", _raw(GOOD, _with("claimReviewed", BIG)), "must be a text"),
    ("huge integer date", _raw(GOOD, _with("datePublished", "-" + BIG)),
     "must be a date text"),
    ("rating 1e308 below", _raw(GOOD, _with("reviewRating", '{"ratingValue": -1e308}')),
     "unknown rating"),
    ("rating overflowing", _raw(GOOD, _with("reviewRating", '{"ratingValue": 1e999}')),
     "unknown rating"),
    ("rating NaN", _raw(GOOD, _with("reviewRating", '{"ratingValue": NaN}')),
     "unknown rating"),
    ("rating Infinity", _raw(GOOD, _with("reviewRating", '{"ratingValue": -Infinity}')),
     "unknown rating"),
    ("rating text nan", _raw(GOOD, _with("reviewRating", '{"ratingValue": "nan"}')),
     "unknown rating"),
    ("scale of 1e308", _raw(GOOD, _with("reviewRating", '{"ratingValue": 3, '
                                          '"bestRating": 1e308, "worstRating": -1e308}')),
     "unknown rating"),
    ("surrogate statement", _raw(GOOD, _with("claimReviewed", '"The dam \\ud800 leaks."')),
     "lone surrogate"),
    ("surrogate author", _raw(GOOD, _with("itemReviewed", '{"author": {"name": '
                                            '"Ilse \\udfff Varga"}}')), "lone surrogate"),
    ("surrogate body", _raw(GOOD, _with("reviewBody", '"Checked \\ud83d."')),
     "lone surrogate"),
    ("surrogate url", _raw(GOOD, _with("url", '"https://desk.example/\\udc00"')),
     "lone surrogate"),
    ("surrogate rating name", _raw(GOOD, _with("reviewRating", '{"alternateName": '
                                                 '"Fal\\ud800se"}')), "lone surrogate"),
    ("javascript url", _raw(GOOD, _with("url", '"javascript:alert(1)"')),
     "only http and https"),
    ("data url", _raw(GOOD, _with("itemReviewed", json.dumps({
        "author": "Ilse Varga", "appearance": [{"url": "data:text/html,<b>x</b>"}]}))),
     "only http and https"),
    ("vbscript url", _raw(GOOD, _with("itemReviewed", json.dumps({
        "author": "Ilse Varga", "firstAppearance": "VBScript:msgbox(1)"}))),
     "only http and https"),
    ("disguised javascript url", _raw(GOOD, _with("url", '" java\\tscript:alert(1)"')),
     "only http and https"),
]


@pytest.mark.parametrize(("case", "feed", "message"), SKIPPED, ids=[c[0] for c in SKIPPED])
def test_a_bad_item_is_skipped_with_its_position(empty: Path, tmp_path: Path, case: str,
                                                 feed: bytes, message: str) -> None:
    for packed in (feed, gzip.compress(feed, 1)):
        path = tmp_path / "feed.json"
        path.write_bytes(packed)
        code, _, err = run("import", "claimreview", str(path), "--dry-run")
        assert code == 1, err
        assert "Traceback" not in err and "internal error" not in err
        lines = [line for line in err.splitlines() if line.startswith("claimtrack:")]
        assert len(lines) == 1, err
        assert lines[0].startswith(f"claimtrack: {path}: item [1]: "), lines
        assert message in lines[0]
        assert len(lines[0]) < 400  # one readable line, not the hostile value echoed
        assert "would import: 1 new claim" in err
        assert snapshot(empty) == {}
    code, _out, err = run("import", "claimreview", str(path))
    assert code == 1
    assert [c.statement for c in load(empty).claims.values()] == ["The tram line opened late."]
    assert run("check")[0] == 0


IMPORTED: list[tuple[str, str]] = [
    ("huge integer elsewhere", _with("interactionCount", BIG)),
    ("1e308 elsewhere", _with("interactionCount", "1e308")),
    ("NaN elsewhere", _with("interactionCount", "NaN")),
    ("surrogate elsewhere", _with("alternativeHeadline", '"x\\ud800"')),
    ("deep-ish elsewhere", _with("mentions", deep(40))),
    ("rating 1e308 at the top of its scale", _with(
        "reviewRating", '{"ratingValue": 1e308, "bestRating": 1e308, "worstRating": 0}')),
]


@pytest.mark.parametrize(("case", "item"), IMPORTED, ids=[c[0] for c in IMPORTED])
def test_an_odd_value_the_import_does_not_use_is_no_reason_to_skip(
        empty: Path, tmp_path: Path, case: str, item: str) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(_raw(GOOD, item))
    code, out, err = run("import", "claimreview", str(path))
    assert code == 0, err
    assert "2 new claims" in out
    assert run("check")[0] == 0


def test_a_deep_feed_is_read_in_bounded_memory(empty: Path, tmp_path: Path) -> None:
    # A gzip of a feed nested far too deep around one good item: reported, never a crash.
    feed = ('{"@type": "DataFeed", "dataFeedElement": [' + json.dumps(GOOD) + ", "
            + deep(DEEP) + "]}").encode()
    path = tmp_path / "feed.json.gz"
    path.write_bytes(gzip.compress(feed))
    code, out, err = run("import", "claimreview", str(path))
    assert code == 1, err
    assert f"{path}: item dataFeedElement[1]: " in err
    assert "1 new claim" in out


REFUSED: list[tuple[str, bytes, str]] = [
    ("truncated after good items", f"[{json.dumps(GOOD)}, {json.dumps(GOOD)[:40]}".encode(),
     "not JSON"),
    ("garbage after the feed", f"[{json.dumps(GOOD)}] trailing".encode(), "not JSON"),
    ("not UTF-8 in the middle", f"[{json.dumps(GOOD)}, ".encode() + b'"\xff"]',
     "not UTF-8 text"),
    ("a damaged gzip", gzip.compress(json.dumps([GOOD]).encode())[:-12],
     "a damaged gzip file"),
    ("a gzip with garbage after it", gzip.compress(json.dumps([GOOD]).encode()) + b"junk",
     "a damaged gzip file"),
    ("empty", b"", "not JSON"),
    ("only whitespace", b"  \n ", "not JSON"),
]


@pytest.mark.parametrize(("case", "feed", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_an_unreadable_feed_is_refused_whole(empty: Path, tmp_path: Path, case: str,
                                             feed: bytes, message: str) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(feed)
    code, _, err = run("import", "claimreview", str(path))
    assert code == 2, err
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert snapshot(empty) == {}


def test_a_feed_of_nothing_but_nesting_reports_its_one_item(empty: Path,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(deep(DEEP).encode())
    code, out, err = run("import", "claimreview", str(path))
    assert code == 1
    assert f"claimtrack: {path}: item [0]: nested deeper than" in err
    assert "0 new claims" in out
    assert snapshot(empty) == {}


def test_a_decompression_bomb_is_refused_in_bounded_memory(
        empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack.imports import stream

    monkeypatch.setattr(stream, "LIMIT", 64 << 20)
    bomb = tmp_path / "bomb.json.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        out.write(b"[" + b" " * (1 << 20))
        for _ in range(200):  # 200 MiB of spaces: a few hundred kilobytes packed
            out.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 1 << 20
    tracemalloc.start()
    try:
        code, _, err = run("import", "claimreview", str(bomb))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2
    assert "more than 64 MiB once unpacked" in err
    assert peak < 32 << 20, f"peak {peak >> 20} MiB while decompressing"
    assert snapshot(empty) == {}


def test_a_bomb_of_many_gzip_members_is_refused_too(
        empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack.imports import stream

    monkeypatch.setattr(stream, "LIMIT", 8 << 20)
    member = gzip.compress(b" " * (4 << 20))
    path = tmp_path / "members.json.gz"
    path.write_bytes(gzip.compress(b"[") + member * 4 + gzip.compress(b"]"))
    code, _, err = run("import", "claimreview", str(path))
    assert code == 2 and "more than 8 MiB once unpacked" in err


def test_concatenated_gzip_members_are_one_feed(empty: Path, tmp_path: Path) -> None:
    text = json.dumps([GOOD, review("The ferry will stop in May.")]).encode()
    path = tmp_path / "feed.json.gz"
    path.write_bytes(gzip.compress(text[:50]) + gzip.compress(text[50:]))
    code, out, err = run("import", "claimreview", str(path))
    assert code == 0, err
    assert "2 new claims" in out


def test_nothing_is_left_behind_when_nothing_is_written(empty: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([review("x", url="javascript:1"), "not a review"]),
                    encoding="utf-8")
    code, out, err = run("import", "claimreview", str(path))
    assert code == 1
    assert "0 new claims" in out
    assert snapshot(empty) == {}  # no claimtrack.toml, no empty documents/
    path.write_text(json.dumps([GOOD]), encoding="utf-8")
    code, out, err = run("import", "claimreview", str(path), "--dry-run")
    assert code == 0, err
    assert snapshot(empty) == {}


def test_standard_input_is_read_as_a_stream(empty: Path) -> None:
    data = gzip.compress(_raw(GOOD, deep(DEEP)))
    code, out, err = run("import", "claimreview", "-", stdin=data)
    assert code == 1
    assert "claimtrack: <stdin>: item [1]: " in err
    assert "1 new claim" in out


# -- random hostile feeds ---------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402 - the property's own imports
from hypothesis import strategies as st  # noqa: E402

_BAD_ITEMS = {
    "deep": lambda n: deep(2000 + n % 5000),
    "huge rating": lambda n: _with("reviewRating", '{"ratingValue": ' + "7" * (4400 + n) + "}"),
    "NaN rating": lambda n: _with("reviewRating", '{"ratingValue": NaN}'),
    "surrogate statement": lambda n: _with("claimReviewed", f'"Bad {n} \\udc{n % 256:02x}"'),
    "surrogate author": lambda n: _with("itemReviewed", '{"author": "A\\ud801"}'),
    "script url": lambda n: _with("url", json.dumps(["javascript:", "data:,x", "vbscript:x",
                                                     "JavaScript\\n:x"][n % 4] + str(n))),
    "not an object": lambda n: json.dumps(["text", n, None, True][n % 4]),
    "wrong type": lambda n: json.dumps({"@type": "NewsArticle", "headline": str(n)}),
    "no statement": lambda n: _with("claimReviewed", '"  "'),
    "invisible statement": lambda n: _with("claimReviewed", json.dumps(
        ["\u200b", "\x00", "\u202e\u200d"][n % 3])),
    "doubled key": lambda n: f'{{"claimReviewed": "Another {n}.", '
    + json.dumps(review("The dam leaks."))[1:],
    "review date no day": lambda n: _with("datePublished", json.dumps(
        ["2023", "2023-02", "2023-02-28T25:00Z"][n % 3])),
    "no web address": lambda n: _with("url", json.dumps(
        ["https://desk.example/a b", "http://", "https://desk.example:99999/"][n % 3])),
}

_ODD_UNUSED = ["", ', "interactionCount": ' + "1" * 5000, ', "x": NaN', ', "y": "\\ud800"',
               ', "z": ' + deep(30)]


@st.composite
def _feeds(draw: st.DrawFn) -> tuple[bytes, list[str], list[str]]:
    """A feed of good and bad items in a random packing: (bytes, good statements, the
    positions of the bad items)."""
    count = draw(st.integers(1, 8))
    kinds = draw(st.lists(st.sampled_from(["good", *_BAD_ITEMS]), min_size=count,
                          max_size=count))
    packing = draw(st.sampled_from(["array", "graph", "feed"]))
    texts, good, bad = [], [], []
    for number, kind in enumerate(kinds):
        if kind == "good":
            words = draw(st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]),
                                 max_size=30))
            statement = " ".join(f"Claim {number} says {words} happened.".split())
            node = review(statement)
            if draw(st.booleans()):
                del node["itemReviewed"]["author"]  # an unnamed claimant: still imported
            if draw(st.booleans()):
                del node["datePublished"]  # an unknown date: still imported
            text = json.dumps(node)[:-1] + draw(st.sampled_from(_ODD_UNUSED)) + "}"
            good.append(statement)
        else:
            text = _BAD_ITEMS[kind](number)
        texts.append(text)
        if kind != "good":
            bad.append({"array": f"[{number}]", "graph": f"@graph[{number}]",
                        "feed": f"dataFeedElement[{number}].item"}[packing])
    if packing == "array":
        body = "[" + ", ".join(texts) + "]"
    elif packing == "graph":
        body = '{"@context": "https://schema.org", "@graph": [' + ", ".join(texts) + "]}"
    else:
        body = '{"@type": "DataFeed", "dataFeedElement": [' + ", ".join(
            '{"@type": "DataFeedItem", "item": ' + t + "}" for t in texts) + "]}"
    data = body.encode()
    return (gzip.compress(data, 1) if draw(st.booleans()) else data), good, bad


@pytest.mark.slow
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(feed=_feeds())
def test_every_good_item_is_imported_and_every_bad_one_reported(
        tmp_path_factory: pytest.TempPathFactory, feed: tuple[bytes, list[str], list[str]]
) -> None:
    data, good, bad = feed
    folder = tmp_path_factory.mktemp("feed") / "claims"
    folder.mkdir()
    path = folder.parent / "feed.json"
    path.write_bytes(data)
    code, _out, err = run("--claims", str(folder), "import", "claimreview", str(path))
    assert "Traceback" not in err and "internal error" not in err
    reported = [line.split(": item ", 1)[1].split(":", 1)[0]
                for line in err.splitlines() if ": item " in line]
    # A DataFeedItem whose item is bad is reported as the item, or as the whole element
    # when it cannot be read at all (nested too deep).
    assert len(reported) == len(bad), err
    for want, got in zip(bad, reported, strict=True):
        assert want.startswith(got) or got.startswith(want), (want, got)
    if not good:
        assert code == (1 if bad else 0)
        assert not (folder / "documents").exists()
        return
    assert code == (1 if bad else 0), err
    assert sorted(c.statement for c in load(folder).claims.values()) == sorted(good)
    assert run("--claims", str(folder), "check")[0] == 0
