"""Helpers shared by the export tests: run the CLI, find the real readers."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from oracle import Dataset
from typer.testing import CliRunner

from claimtrack.cli import app

runner = CliRunner()


def export(*args: str) -> str:
    """Run ``claimtrack export ARGS`` and return its stdout, asserting exit 0."""
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def program(name: str) -> str:
    """The path of a reader program: the venv's console script, else PATH. Missing fails."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    assert found, f"{name} is not installed: run `bash .ci/system-deps` and install '.[test]'"
    return found


def claimant_name(dataset: Dataset, actor_id: str) -> str:
    """The claimant's display name as every export shows it."""
    return dataset.actors[actor_id].name
