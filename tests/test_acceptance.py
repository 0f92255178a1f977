"""Acceptance is a fact about the record, not a verdict: what every view shows is the
latest real review, with its note, evidence and reviewer; a draft is described as a draft;
folders written by an older claimtrack are pointed at and migrated (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.index import Index

HANDWRITTEN = Path(__file__).parent / "fixtures" / "handwritten" / "claims"
runner = CliRunner()


@pytest.fixture
def hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "claims"
    shutil.copytree(HANDWRITTEN, target)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    return target


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- folders from before: acceptance and drafting written as reviews -----------------------

OLD_DRAFT = '''
[[claims.reviews]]
date = 2026-01-10
status = "unverified"
by = "claimtrack extract"
note = "Drafted by extract; not yet reviewed by a person."
'''
OLD_REVIEW = '''
[[claims.reviews]]
date = 2026-01-11
status = "refuted"  # the desk's verdict
by = "Ada Desk"
note = "The registry names a real firm."
evidence = ["https://example.org/registry"]
'''
OLD_ACCEPT = '''
[[claims.reviews]]
date = 2026-01-12
status = "refuted"
by = "Night Desk"
note = "Accepted from draft."
'''


def _old_folder(hand: Path) -> Path:
    """The handwritten fixture with one claim as an older claimtrack left it: extract's
    review, a person's review, then accept's review on top."""
    path = hand / "harbour.toml"
    text = path.read_text()
    anchor = 'framing = "reported"\nattribution = "explicit"\n'
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, anchor + OLD_DRAFT + OLD_REVIEW + OLD_ACCEPT))
    return path


def test_check_points_old_entries_at_migrate(hand: Path) -> None:
    _old_folder(hand)
    problems = [str(p) for p in check_folder(hand).problems]
    assert len(problems) == 2
    assert "claims[2].reviews[0]: this review only records that extract drafted" in problems[0]
    assert "claims[2].reviews[2]: this review only records that the claim was accepted" \
        in problems[1]
    assert all("run `claimtrack migrate`" in p for p in problems)


def test_migrate_records_them_as_drafted_and_accepted(hand: Path) -> None:
    path = _old_folder(hand)
    before = path.read_text()
    code, out, err = run("migrate")
    assert (code, err) == (0, ""), err
    assert out == "migrated 1 files to the current format\n"
    after = path.read_text()
    # Exactly: the two entries out, the two facts in after the claim's last key.
    expected = before.replace(OLD_DRAFT, "").replace(OLD_ACCEPT, "").replace(
        'kind = "report"\n\n[[claims.appearances]]\ndocument = "memo"\nquote = "It was',
        'kind = "report"\ndrafted = { by = "claimtrack extract", date = 2026-01-10 }\n'
        'accepted = { by = "Night Desk", date = 2026-01-12 }\n\n[[claims.appearances]]\n'
        'document = "memo"\nquote = "It was')
    assert after == expected
    assert check_folder(hand).ok
    with Index.open(hand, cache=False) as index:
        claim = index.claims(["buyer-shell-company"])[0]
    assert [(r.by, str(r.status)) for r in claim.reviews] == [("Ada Desk", "refuted")]
    assert claim.accepted is not None and claim.accepted.by == "Night Desk"
    assert claim.drafted is not None and str(claim.drafted.date) == "2026-01-10"
    # A second run changes nothing.
    assert run("migrate") == (0, "the folder is already in the current format\n", "")
    assert path.read_text() == expected


def test_a_review_that_only_looks_like_an_acceptance_stays(hand: Path) -> None:
    """Same note, but a new status (a real verdict) or evidence: not accept's entry."""
    path = hand / "harbour.toml"
    text = path.read_text()
    anchor = 'framing = "reported"\nattribution = "explicit"\n'
    path.write_text(text.replace(anchor, anchor + OLD_ACCEPT.replace('"refuted"',
                                                                      '"disputed"')))
    assert check_folder(hand).ok
    before = path.read_text()
    assert run("migrate")[0] == 0
    assert path.read_text() == before


def test_old_entries_in_inline_arrays_migrate_too(hand: Path) -> None:
    path = hand / "harbour.toml"
    text = path.read_text()
    anchor = ('appearances = [{ document = "memo", quote = "has not revealed the buyer", '
              'framing = "asserted", attribution = "own" }]\n')
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, anchor + (
        'reviews = [{ date = 2026-01-10, status = "unverified", by = "claimtrack extract", '
        'note = "Drafted by extract; not yet reviewed by a person." }, { date = 2026-01-12, '
        'status = "unverified", by = "Night Desk", note = "Accepted from draft." }]  # old\n')))
    assert len(check_folder(hand).problems) == 2
    assert run("migrate")[0] == 0
    after = path.read_text()
    # The reviews line goes (its comment stays where it was); the facts follow it.
    assert after == text.replace(anchor, anchor + (
        '# old\ndrafted = { by = "claimtrack extract", date = 2026-01-10 }\n'
        'accepted = { by = "Night Desk", date = 2026-01-12 }\n'))
    assert check_folder(hand).ok
