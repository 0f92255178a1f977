"""``import claimreview``: fact-checks in, as claims with their verdicts; nothing twice."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from oracle import load, status_of
from typer.testing import CliRunner

from claimtrack.cli import app

runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def review(statement: str, author: Any, rating: Any, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if author is not None:
        item["author"] = author
    node = {"@type": "ClaimReview", "claimReviewed": statement, "itemReviewed": item,
            "reviewRating": rating, "author": {"@type": "Organization", "name": "Desk"},
            "datePublished": "2025-03-04", "url": "https://desk.example/1"}
    node.update(extra)
    return node


PERSON = {"@type": "Person", "name": "Ilse Varga"}
FALSE = {"@type": "Rating", "alternateName": "False"}


def test_round_trip_into_an_empty_folder(bundled_claims: Path, tmp_path: Path) -> None:
    code, exported, _ = run("export", "claimreview")
    assert code == 0
    feed = tmp_path / "feed.jsonld"
    feed.write_text(exported, encoding="utf-8")
    original = load(bundled_claims)
    reviewed = [c for c in original.claims.values() if c.reviews]
    assert len(reviewed) > 40

    target = tmp_path / "fresh"
    target.mkdir()
    code, out, err = run("--claims", str(target), "import", "claimreview", str(feed))
    assert code == 0, err
    assert f"{len(reviewed)} new claims" in out
    code, out, err = run("--claims", str(target), "check")
    assert code == 0, out + err

    back = load(target)
    got = {c.statement: c for c in back.claims.values()}
    assert len(got) == len(reviewed)
    for claim in reviewed:
        twin = got[claim.statement]
        assert back.actors[twin.claimant].name == original.actors[claim.claimant].name
        assert status_of(twin) == status_of(claim)
        if claim.basis is not None:  # an inferred claimant comes back inferred, with why
            assert twin.basis is not None and twin.basis.reason == claim.basis.reason
            assert twin.appearances[0].attribution == "inferred"

    # The same feed again adds nothing, and says so.
    before = snapshot(target)
    code, out, _ = run("--claims", str(target), "import", "claimreview", str(feed))
    assert code == 0
    assert f"{len(reviewed)} reviews already recorded" in out
    assert snapshot(target) == before


def test_a_review_of_a_claim_already_here_joins_its_history(bundled_claims: Path,
                                                            tmp_path: Path) -> None:
    # "Sargis Poghosian" is an alias; the words differ a little from the statement.
    before = load(bundled_claims).claims["poghosyan-demanded-arms"]
    feed = tmp_path / "one.json"
    statement = before.statement.rstrip(".") + " indeed."
    feed.write_text(json.dumps(review(
        statement, {"@type": "Person", "name": "Sargis Poghosian"}, FALSE,
        datePublished="2026-11-25")), encoding="utf-8")
    code, out, err = run("import", "claimreview", str(feed))
    assert code == 0, err
    assert "0 new claims" in out and "a review added to 1 claim already here" in out
    after = load(bundled_claims)
    assert len(after.claims) == len(load(bundled_claims).claims)
    claim = after.claims["poghosyan-demanded-arms"]
    assert len(claim.reviews) == len(before.reviews) + 1
    assert claim.reviews[-1].status == "refuted"
    assert claim.reviews[-1].url == "https://desk.example/1"
    assert run("check")[0] == 0


def test_every_packing_and_gzip(empty: Path, tmp_path: Path) -> None:
    one = review("The bridge cost twice its budget.", PERSON, FALSE)
    two = review("The ferry will stop in May.", {"@type": "Organization", "name": "Port Board"},
                 {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1})
    three = review("The school roof leaked.", PERSON,
                   {"@type": "Rating", "alternateName": "Mostly True"})
    feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [one]}, {"@type": "DataFeedItem", "item": two}]}
    path = tmp_path / "feed.json.gz"
    path.write_bytes(gzip.compress(json.dumps(feed).encode()))
    code, out, err = run("import", "claimreview", str(path))
    assert code == 0, err
    assert "2 new claims" in out and "2 new actors" in out
    graph = json.dumps({"@context": "https://schema.org", "@graph": [three]}).encode()
    assert run("import", "claimreview", "-", stdin=graph)[0] == 0
    data = load(empty)
    statuses = {c.statement: str(status_of(c)) for c in data.claims.values()}
    assert statuses == {"The bridge cost twice its budget.": "refuted",
                        "The ferry will stop in May.": "confirmed",
                        "The school roof leaked.": "corroborated"}
    # Ilse Varga is one actor, found again by name the second time.
    assert sorted(a.name for a in data.actors.values()) == ["Ilse Varga", "Port Board"]
    assert (empty / "claimtrack.toml").exists()
    assert run("check")[0] == 0


@pytest.mark.parametrize(("item", "message"), [
    ("not an object", "item [1]: expected a ClaimReview object, got a text"),
    ({"@type": "Article", "headline": "x"}, "item [1]: expected @type ClaimReview, got Article"),
    (review("x", PERSON, FALSE, claimReviewed=42),
     "item [1]: `claimReviewed` (the claim reviewed) must be a text, got a number"),
    (review("The dam leaks.", PERSON, {"@type": "Rating", "alternateName": "Spicy"}),
     "item [1]: unknown rating 'Spicy': expected an alternateName such as"),
    (review("The dam leaks.", PERSON, FALSE, datePublished=20250304),
     "item [1]: datePublished must be a date text (YYYY-MM-DD), got a number"),
])
def test_a_bad_item_is_named_and_skipped(empty: Path, tmp_path: Path, item: Any,
                                        message: str) -> None:
    good = review("The tram line opened late.", PERSON, FALSE)
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([good, item]), encoding="utf-8")
    code, out, err = run("import", "claimreview", str(path))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"claimtrack: {path}: {message}")
    assert "1 new claim;" in out and "1 item skipped" in out
    assert [c.statement for c in load(empty).claims.values()] == ["The tram line opened late."]


@pytest.mark.parametrize(("content", "message"), [
    (b"<html>not json</html>", "not JSON (Expecting value at line 1, column 1); expected "
     "ClaimReview JSON-LD"),
    (b"\xff\xfe{}", "UTF-16 text"), (b"{\"a\": \"\xe9\"}", "not UTF-8 text"),
    (gzip.compress(b"[1, 2")[:-6], "a damaged gzip file"),
    (b'{"@type": "WebPage"}', None),
    (b"[]", "no ClaimReview found"),
])
def test_an_unreadable_file_writes_nothing(empty: Path, tmp_path: Path, content: bytes,
                                           message: str | None) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(content)
    code, _, err = run("import", "claimreview", str(path))
    if message is None:  # read, but its one item is not a review: reported, nothing added
        assert code == 1 and "expected @type ClaimReview, got WebPage" in err
    else:
        assert code == 2
        assert message in err
        assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert snapshot(empty) == {}


def test_dry_run_and_the_dossier_option(bundled_claims: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(review("The harbour was dredged twice.", PERSON, FALSE)),
                    encoding="utf-8")
    before = snapshot(bundled_claims)
    code, out, err = run("import", "claimreview", str(path), "--dossier", "desk", "--dry-run")
    assert code == 0, err
    assert "+statement = \"The harbour was dredged twice.\"" in out
    assert "would import: 1 new claim" in err
    assert snapshot(bundled_claims) == before
    code, _, err = run("import", "claimreview", str(path), "--dossier", "../outside")
    assert code == 2 and "--dossier: '../outside' cannot name a dossier" in err
    code, out, err = run("import", "claimreview", str(path), "--dossier", "desk")
    assert code == 0, err
    assert (bundled_claims / "desk.toml").exists()
    assert run("check")[0] == 0


def test_an_older_review_is_not_slipped_into_a_newer_history(bundled_claims: Path,
                                                             tmp_path: Path) -> None:
    claim = load(bundled_claims).claims["bazeyan-denies-charges"]
    author = {"@type": "Person", "name": "Albert Bazeyan"}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(review(claim.statement, author, FALSE,
                                      datePublished="2024-01-01")), encoding="utf-8")
    before = snapshot(bundled_claims)
    code, _, err = run("import", "claimreview", str(path))
    assert code == 1
    assert "older than the latest in the history of claim 'bazeyan-denies-charges'" in err
    assert snapshot(bundled_claims) == before


def test_a_feed_without_authors_or_dates_imports_and_invents_nothing(empty: Path,
                                                                     tmp_path: Path) -> None:
    bare = {"@type": "ClaimReview", "claimReviewed": "The old mill burned down twice.",
            "reviewRating": FALSE, "url": "https://desk.example/mill",
            "headline": "No, the mill burned once"}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([bare, dict(bare, claimReviewed="The river froze in June.",
                                           url="https://desk.example/river")]),
                    encoding="utf-8")
    code, out, err = run("import", "claimreview", str(path))
    assert code == 0, err
    assert "2 new claims" in out and "1 new actor" in out
    data = load(empty)
    (actor,) = data.actors.values()
    assert actor.kind == "unnamed" and "unknown" in actor.description
    for claim in data.claims.values():
        assert claim.claimant == actor.id
        (only,) = claim.reviews
        assert only.date is None  # never today's date
        assert claim.made is None
        assert only.url.startswith("https://desk.example/")
        assert "No, the mill burned once" in only.note
    assert run("check")[0] == 0
    code, out, _ = run("show", next(iter(data.claims)), "--format", "json")
    shown = json.loads(out)
    shown = shown[0] if isinstance(shown, list) else shown
    assert code == 0 and shown["reviews"][0]["date"] is None


def _history(statement: str, dates: list[str]) -> list[dict[str, Any]]:
    return [review(statement, PERSON, {"@type": "Rating", "alternateName": rating},
                   datePublished=date, url=f"https://desk.example/{date}")
            for date, rating in zip(dates, ["False", "Mostly true", "True"], strict=False)]


def test_a_feed_in_reverse_date_order_gives_the_same_folder(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    items = _history("The canal was drained.", ["2024-01-02", "2024-05-06", "2025-02-03"])
    items += _history("The pier was sold.", ["2023-03-03", "2023-09-09"])
    folders = []
    for name, order in (("oldest", items), ("newest", items[::-1])):
        folder = tmp_path / name / "claims"
        folder.mkdir(parents=True)
        feed = tmp_path / name / "feed.json"
        feed.write_text(json.dumps(order), encoding="utf-8")
        code, out, err = run("--claims", str(folder), "import", "claimreview", str(feed),
                             "--dossier", "desk")
        assert code == 0, err
        assert "2 new claims" in out
        folders.append(folder)
    text = [(f / "desk.toml").read_text(encoding="utf-8") for f in folders]
    # The document lists the claims in the feed's order; the histories are the same.
    histories = [{c.statement: [(str(r.date), r.url) for r in c.reviews]
                  for c in load(f).claims.values()} for f in folders]
    assert histories[0] == histories[1]
    assert [d for d, _ in histories[0]["The canal was drained."]] == [
        "2024-01-02", "2024-05-06", "2025-02-03"]
    assert {c.status for c in load(folders[1]).claims.values()} == {"confirmed", "corroborated"}
    assert text[0].count("[[claims.reviews]]") == 5
    for folder in folders:
        assert run("--claims", str(folder), "check")[0] == 0


def test_two_fact_checks_of_the_same_words_keep_both_urls(empty: Path, tmp_path: Path) -> None:
    words = "The lighthouse keeper was paid twice."
    one = review(words, PERSON, FALSE, url="https://one.example/check")
    two = review(words, PERSON, FALSE, url="https://two.example/check")
    two["author"] = {"@type": "Organization", "name": "Other Desk"}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([one, two]), encoding="utf-8")
    code, out, err = run("import", "claimreview", str(path))
    assert code == 0, err
    assert "1 new claim;" in out
    (claim,) = load(empty).claims.values()
    assert [(r.url, r.by) for r in claim.reviews] == [
        ("https://one.example/check", "Desk"), ("https://two.example/check", "Other Desk")]
    # Both are recorded: the same feed again adds nothing.
    code, out, _ = run("import", "claimreview", str(path))
    assert code == 0 and "2 reviews already recorded" in out
    # The same day, rating and reviewer, but another page: still another review.
    three = review(words, PERSON, FALSE, url="https://one.example/check-again")
    path.write_text(json.dumps([three]), encoding="utf-8")
    code, out, _ = run("import", "claimreview", str(path))
    assert code == 0 and "a review added to 1 claim already here" in out
    assert len(next(iter(load(empty).claims.values())).reviews) == 3


def test_a_big_feed_is_written_to_several_dossier_files(empty: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # No file may outgrow what claimtrack reads (64 MiB): a big feed's claims are split.
    from claimtrack.imports import record

    monkeypatch.setattr(record, "PART_BYTES", 1000)
    items = [review(f"The pier of district {n} was sold twice.", PERSON, FALSE,
                    url=f"https://desk.example/{n}") for n in range(12)]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    code, out, err = run("import", "claimreview", str(path), "--dossier", "desk")
    assert code == 0, err
    assert "12 new claims" in out
    files = sorted(p.name for p in empty.glob("desk*.toml"))
    assert len(files) > 2 and files[:2] == ["desk-2.toml", "desk-3.toml"]
    assert len(load(empty).claims) == 12
    assert run("check")[0] == 0


# -- a feed in batches: each an edit, together the folder one edit would give --------------------

def _feed_of_histories() -> list[dict[str, Any]]:
    """Seven claims, three of them checked two or three times with the reviews far apart
    in the feed, newest first; one checked again before the first check's claim date."""
    items = []
    for n in range(7):
        items.append(review(f"The ferry of district {n} sank twice.", PERSON, FALSE,
                            datePublished=f"2025-0{n + 2}-10", url=f"https://desk.example/{n}",
                            itemReviewed={"@type": "Claim", "author": PERSON,
                                          "datePublished": f"2025-0{n + 2}-01"}))
    items += _history("The canal was drained.", ["2024-01-02", "2024-05-06", "2025-02-03"])
    items += _history("The pier was sold.", ["2023-03-03", "2023-09-09"])
    # The same words told again later: the first fact-check of them dates from before.
    items.append(review("The ferry of district 5 sank twice.", PERSON, FALSE,
                        datePublished="2024-11-20", url="https://other.example/ferry-5",
                        itemReviewed={"@type": "Claim", "author": PERSON,
                                      "datePublished": "2024-11-18"}))
    items.append(review("The ferry of district 6 sank twice.", PERSON, FALSE,
                        datePublished="2024-12-20", url="https://other.example/ferry-6"))
    order = [11, 0, 7, 1, 2, 10, 3, 4, 8, 5, 12, 6, 9, 13]  # mixed, two reviews far apart
    return [items[i] for i in order][::-1]


def _histories(folder: Path) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    return {c.statement: (str(c.made), [(str(r.date), r.url) for r in c.reviews])
            for c in load(folder).claims.values()}


@pytest.mark.parametrize("batch", [1, 2, 3])
def test_a_feed_in_batches_gives_the_histories_of_one_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    from claimtrack.imports import record

    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(_feed_of_histories()), encoding="utf-8")
    found = []
    for size in (record.BATCH, batch):
        monkeypatch.setattr(record, "BATCH", size)
        folder = tmp_path / str(size) / "claims"
        folder.mkdir(parents=True)
        code, out, err = run("--claims", str(folder), "import", "claimreview", str(feed),
                             "--dossier", "desk")
        assert code == 0, err
        assert "9 new claims" in out and "already here" not in out
        assert run("--claims", str(folder), "check")[0] == 0
        found.append(_histories(folder))
    assert found[0] == found[1]
    assert found[1]["The canal was drained."][1] == [
        ("2024-01-02", "https://desk.example/2024-01-02"),
        ("2024-05-06", "https://desk.example/2024-05-06"),
        ("2025-02-03", "https://desk.example/2025-02-03")]
    # Checked before the first check's claim date: the claim was made by then, when no
    # item says; the earliest date an item gives otherwise.
    assert found[1]["The ferry of district 6 sank twice."][0] == "None"
    assert found[1]["The ferry of district 5 sank twice."][0] == "2024-11-18"
    files = sorted(p.name for p in (tmp_path / str(batch) / "claims").glob("desk*.toml"))
    assert len(files) == -(-9 // batch)


def test_a_feed_broken_after_several_batches_is_refused_whole(
        empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack.imports import record

    monkeypatch.setattr(record, "BATCH", 2)
    text = json.dumps(_feed_of_histories())
    feed = tmp_path / "feed.json"
    feed.write_text(text[:-200], encoding="utf-8")  # cut short, past the first batches
    before = snapshot(empty)
    code, out, err = run("import", "claimreview", str(feed))
    assert code == 2 and "not JSON" in err and out == ""
    assert snapshot(empty) == before
    code, out, err = run("import", "claimreview", "-", stdin=text[:-200].encode())
    assert code == 2 and snapshot(empty) == before


def test_a_stream_that_cannot_seek_is_read_twice_through_a_copy(
        empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from claimtrack.imports import record
    from claimtrack.index import Index

    class Pipe(io.RawIOBase):
        """A pipe's bytes: readable once, no seeking."""

        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = self._data.read(min(len(buffer), 4096))
            buffer[:len(chunk)] = chunk
            return len(chunk)

    monkeypatch.setattr(record, "BATCH", 2)
    data = gzip.compress(json.dumps(_feed_of_histories()).encode())
    with Index.open(empty) as index:
        result = record.import_claimreview(index, io.BufferedReader(Pipe(data)),  # type: ignore[arg-type]
                                           source="-", dossier="desk")
    assert result.new_claims == 9 and not result.problems
    assert len(result.documents) == 5 and result.documents[0] == "claimreview-stdin"
    assert run("check")[0] == 0
