"""flags --acknowledge: a baseline of accepted findings, kept losslessly in the folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app

runner = CliRunner()
FINDING = "single-source:union-denies-sale"
REASON = "The union is the only party; there is nothing else to find."


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def settings(valid_claims: Path) -> Path:
    path = valid_claims / "claimtrack.toml"
    path.write_text("# Settings, commented by hand.\nformat = 2  # keep\n\n# the end\n")
    return path


def test_acknowledge_appends_one_entry_and_keeps_the_rest(settings: Path) -> None:
    before = settings.read_text()
    code, out, err = _run("flags", "--acknowledge", FINDING, "--reason", REASON,
                          "--reviewer", "Desk", "--as-of", "2026-01-02")
    assert (code, err) == (0, "")
    assert out == f"acknowledged {FINDING} (claimtrack.toml)\n"
    assert settings.read_text() == before + (
        '\n[[acknowledged]]\nrule = "single-source"\nclaim = "union-denies-sale"\n'
        f'reason = "{REASON}"\nby = "Desk"\ndate = 2026-01-02\n')
    assert check_folder(settings.parent).ok


def test_acknowledged_findings_are_shown_and_not_counted_by_strict(settings: Path) -> None:
    strict = ("flags", "--strict", "--rule", "single-source", "-f", "csv")
    code, out, _ = _run(*strict)
    flagged = out.splitlines()[1:]
    assert code == 1 and len(flagged) == 2
    assert _run("flags", "--acknowledge", FINDING, "--reason", REASON)[0] == 0
    code, out, _ = _run(*strict)
    assert code == 1  # the ministry's claim is still single-source
    row = next(r for r in out.splitlines() if "union-denies-sale" in r)
    assert row.startswith(f'single-source,union-denies-sale,"acknowledged ({REASON}): only ')
    assert _run("flags", "--acknowledge", "single-source:ministry-harbour-sold",
                "--reason", "Accepted.")[0] == 0
    code, out, _ = _run(*strict)
    assert code == 0
    assert len(out.splitlines()) == 3  # still listed, as acknowledged


def test_dry_run_prints_the_diff(settings: Path) -> None:
    before = settings.read_bytes()
    code, out, _ = _run("flags", "--acknowledge", FINDING, "--reason", REASON, "-n")
    assert code == 0
    assert out.startswith("--- a/claims/claimtrack.toml\n+++ b/claims/claimtrack.toml\n")
    assert '+claim = "union-denies-sale"\n' in out
    assert settings.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["--acknowledge", FINDING], "claimtrack: --reason: say why the finding is accepted\n"),
    (["--reason", REASON], "claimtrack: --reason, --reviewer and --dry-run go with "
                           "--acknowledge RULE:ID\n"),
    (["--dry-run"], "claimtrack: --reason, --reviewer and --dry-run go with --acknowledge "
                    "RULE:ID\n"),
    (["--acknowledge", "union-denies-sale", "--reason", REASON],
     "claimtrack: --acknowledge: expected RULE:ID (e.g. single-source:CLAIM-ID), got "
     "'union-denies-sale'\n"),
    (["--acknowledge", "single-sorce:union-denies-sale", "--reason", REASON], None),
    (["--acknowledge", "single-source:no-such-claim", "--reason", REASON],
     "claimtrack: unknown claim 'no-such-claim'\n"),
    (["--acknowledge", "single-source:buyer-not-revealed", "--reason", REASON],
     "claimtrack: --acknowledge: rule single-source does not flag claim "
     "'buyer-not-revealed'; nothing to acknowledge\n"),
])
def test_bad_acknowledgements_change_nothing(settings: Path, args: list[str],
                                             message: str | None) -> None:
    before = settings.read_bytes()
    code, _, err = _run("flags", *args)
    assert code == 2
    if message is None:
        assert "did you mean 'single-source'?" in err
    else:
        assert err == message
    assert settings.read_bytes() == before


def test_a_finding_is_acknowledged_once(settings: Path) -> None:
    assert _run("flags", "--acknowledge", FINDING, "--reason", REASON)[0] == 0
    before = settings.read_bytes()
    code, _, err = _run("flags", "--acknowledge", FINDING, "--reason", "again")
    assert code == 2 and "acknowledged already" in err
    assert settings.read_bytes() == before
