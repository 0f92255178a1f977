"""Shared fixtures: copies of the small valid dossier and of the bundled claims folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
VALID = HERE / "fixtures" / "valid" / "claims"
BUNDLED = HERE.parent / "claims"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own index cache folder, never the user's."""
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def valid_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the small valid dossier at ``tmp_path/claims``; cwd is ``tmp_path``."""
    target = tmp_path / "claims"
    shutil.copytree(VALID, target)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    return target


@pytest.fixture
def bundled_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the bundled claims folder at ``tmp_path/claims``; cwd is ``tmp_path``."""
    target = tmp_path / "claims"
    shutil.copytree(BUNDLED, target)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    return target
