"""``import claimreview`` on the dates real feeds write: ISO timestamps with times and
zones, reduced precision, impossible days and times, years out of range. A timestamp gives
its day; a date the import cannot use is one skipped item naming its position and the
value as given, and the rest of the feed imports — never the whole import refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oracle import load
from test_import_feeds import GOOD, review, run

FINE = {
    "2023-02-28T12:00:00Z": "2023-02-28",
    "2023-02-28T23:30:00-12:00": "2023-02-28",
    "2023-02-28T00:15:00+14:00": "2023-02-28",
    "2023-02-28T12:00:00.123456789Z": "2023-02-28",
    "2023-02-28 12:00": "2023-02-28",
    " 2023-02-28 ": "2023-02-28",
}
"""A review date given as a timestamp: its day as the feed wrote it (no zone arithmetic)."""

SKIPPED = {
    "2023": "is not a day",
    "2023-02": "is not a day",
    "2023-02-28T25:00:00Z": "'2023-02-28T25:00:00Z'",
    "2023-02-28T12:00:00+99:00": "'2023-02-28T12:00:00+99:00'",
    "2023-02-28Tnoon": "'2023-02-28Tnoon'",
    "2023-02-28junk": "'2023-02-28junk'",
    "10000-01-01": "'10000-01-01'",
    "28 Feb 2023": "'28 Feb 2023'",
    "Tue, 28 Feb 2023 12:00:00 GMT": "'Tue, 28 Feb 2023 12:00:00 GMT'",
    "2023-02-30": "February 2023 has 28 days",
    "0000-01-01": "year 0",
}
"""A review date the import cannot use, and what its one line must say."""


def _feed(tmp_path: Path, date: str) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([GOOD, review("The bridge closed early.",
                                             datePublished=date)]), encoding="utf-8")
    return path


@pytest.mark.parametrize("date", list(FINE))
def test_a_timestamp_gives_its_day(empty: Path, tmp_path: Path, date: str) -> None:
    code, out, err = run("import", "claimreview", str(_feed(tmp_path, date)))
    assert code == 0, err
    assert "2 new claims" in out
    claims = {c.statement: c for c in load(empty).claims.values()}
    (reviewed,) = claims["The bridge closed early."].reviews
    assert str(reviewed.date) == FINE[date]
    assert run("check")[0] == 0


@pytest.mark.parametrize("date", list(SKIPPED))
def test_a_review_date_that_is_no_day_skips_its_item_only(empty: Path, tmp_path: Path,
                                                          date: str) -> None:
    path = _feed(tmp_path, date)
    code, _, err = run("import", "claimreview", str(path))
    assert code == 1, err
    assert "internal error" not in err and "refused" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("claimtrack:")]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"claimtrack: {path}: item [1]: datePublished"), lines
    assert SKIPPED[date] in lines[0], lines
    assert [c.statement for c in load(empty).claims.values()] == [GOOD["claimReviewed"]]
    assert run("check")[0] == 0


def test_a_claim_made_in_a_year_or_a_month_keeps_that_precision(empty: Path,
                                                                tmp_path: Path) -> None:
    """``itemReviewed.datePublished`` (when the claim was made) may be a year or a month:
    the claim's ``made`` says just that."""
    item = review("The ferry ran late.", itemReviewed={
        "@type": "Claim", "author": {"@type": "Person", "name": "Ilse Varga"},
        "datePublished": "2023-02"})
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    code, _, err = run("import", "claimreview", str(path))
    assert code == 0, err
    (claim,) = load(empty).claims.values()
    assert str(claim.made) == "2023-02"
