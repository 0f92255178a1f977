"""End to end through the Typer app: exit codes, output shapes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import check_folder
from typer.testing import CliRunner

from claimtrack import __version__
from claimtrack.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"claimtrack {__version__}\n"


def test_check_sound_folder(valid_claims: Path) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0
    assert result.output == "5 claims, 4 actors, 1 document: no problems\n"


def test_check_json_equals_the_library_report(valid_claims: Path) -> None:
    (valid_claims / "harbour.toml").write_text(
        (valid_claims / "harbour.toml").read_text().replace('"unverified"', '"unverifed"'))
    result = runner.invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 1
    body = json.loads(result.output)
    report = check_folder(valid_claims)
    assert body["ok"] is False
    assert body["counts"] == {"claims": 4, "actors": 4, "documents": 1}
    assert body["problems"] == [
        {"path": p.path, "line": p.line, "field": p.field, "message": p.message, "code": p.code}
        for p in report.problems
    ]
    assert body["problems"][0]["line"] == 32


def test_claims_option_and_environment(valid_claims: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert runner.invoke(app, ["--claims", str(valid_claims), "check"]).exit_code == 0
    monkeypatch.setenv("CLAIMTRACK_CLAIMS", str(valid_claims))
    assert runner.invoke(app, ["check"]).exit_code == 0


def test_no_claims_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert result.output.startswith("claimtrack: no claims/ folder in ")


def test_unknown_option_value_is_a_usage_error(valid_claims: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "yaml"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


def test_python_dash_m_runs_the_cli(valid_claims: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "claimtrack", "check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("no problems\n")


def _commands() -> dict[str, object]:
    import typer

    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(_commands()))
def test_usage_lines_name_arguments_as_the_help_does(name: str) -> None:
    """``show [OPTIONS] ID...``, not Typer's ``{ID...}``, which reads as a set to pick from."""
    result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    usage = result.output.split("\n", 1)[0]
    assert usage.startswith(f"Usage: claimtrack {name} ")
    assert "{" not in usage and "}" not in usage


def test_a_missing_argument_says_the_readable_usage(valid_claims: Path) -> None:
    result = runner.invoke(app, ["show"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: claimtrack show [OPTIONS] ID...\n")


def test_link_help_lists_every_relation_type() -> None:
    from claimtrack.model import RelationType

    text = " ".join(runner.invoke(app, ["link", "--help"], env={"COLUMNS": "200"}).output
                    .split())
    assert "retracts" in text
    assert all(str(kind) in text for kind in RelationType)


def test_flags_help_says_where_the_rules_are_and_lists_them_all() -> None:
    from claimtrack.flags import RULES

    text = " ".join(runner.invoke(app, ["flags", "--help"], env={"COLUMNS": "200"}).output
                    .split())
    head = text.split("Options:", 1)[0]
    words = {word.strip(",.") for word in head.split()}
    assert set(RULES) <= words  # listed at the top, each name whole ...
    assert "listed at the top of this help" in text  # ... and --rule says so
    assert "ends with the list" not in text
