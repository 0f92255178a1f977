"""One review for several claims: `claimtrack review A B …` and the desk's bulk "set the
status" are the same library call (`edit.api.review_each`): one edit, checked once, all
or nothing, each claim's lines only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import check_folder
from test_edit import run

IDS = ["ministry-harbour-sold", "buyer-shell-company"]


def _texts(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in root.glob("*.toml")}


def test_one_review_for_several_claims(hand: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bytes as reviewing each in turn (whose lines-only promise is the random
    edit-sequence test's), and every view shows the review on each."""
    import shutil

    apart = tmp_path / "apart" / "claims"
    shutil.copytree(hand, apart)
    review = ["--status", "disputed", "--by", "Desk", "--date", "2026-03-01",
              "--note", "Both rest on the memo."]
    code, out, err = run("review", *IDS, *review)
    assert code == 0, err
    assert out == f"reviewed {', '.join(IDS)}: disputed (harbour.toml)\n"
    for claim_id in IDS:
        latest = json.loads(run("show", claim_id, "-f", "json")[1])[0]["reviews"][-1]
        assert (latest["status"], latest["by"], latest["date"], latest["note"]) == \
            ("disputed", "Desk", "2026-03-01", "Both rest on the memo.")
    together = _texts(hand)
    monkeypatch.chdir(apart.parent)
    for claim_id in IDS:
        assert run("review", claim_id, *review)[0] == 0
    assert _texts(apart) == together
    check_folder(hand)


def test_an_unknown_id_among_them_writes_nothing(hand: Path) -> None:
    before = _texts(hand)
    code, _, err = run("review", IDS[0], "no-such-claim", "--status", "disputed",
                       "--by", "Desk")
    assert code == 2 and "no-such-claim" in err and "Traceback" not in err
    assert _texts(hand) == before


def test_a_dry_run_of_several_shows_each_diff_and_writes_nothing(hand: Path) -> None:
    before = _texts(hand)
    code, out, _ = run("review", *IDS, "--status", "refuted", "--by", "Desk", "-n")
    assert code == 0 and out.count('status = "refuted"') == 2
    assert _texts(hand) == before
