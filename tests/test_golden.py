"""Golden answers of the read commands and the exports (tests/golden.py), over four folders,
each asked three ways: building the cache, from the warm cache, and with ``--no-cache``.

The committed files change only through ``python scripts/regenerate_expected.py``.
"""

from __future__ import annotations

from pathlib import Path

import golden
import pytest

CASES = [(folder, name) for folder in golden.FOLDERS for name in golden.cases(folder)]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each golden folder, written once for the module (the cases only read it)."""
    return {name: golden.make(name, tmp_path_factory.mktemp(name)) for name in golden.FOLDERS}


@pytest.mark.parametrize(("folder", "name"), CASES, ids=[f"{f}/{n}" for f, n in CASES])
def test_golden_answer(folder: str, name: str, folders: dict[str, Path]) -> None:
    want = golden.expected(folder, name).read_text(encoding="utf-8")
    args = golden.cases(folder)[name]
    root = folders[folder]
    cold = golden.run(root, args, cache=True)
    warm = golden.run(root, args, cache=True)
    memory = golden.run(root, args, cache=False)
    assert cold == want
    assert warm == want
    assert memory == want


def test_every_golden_file_is_a_case() -> None:
    """A case taken out leaves no stale answer behind."""
    files = {(p.parent.name, p.stem) for p in golden.GOLDEN.glob("*/*.txt")}
    assert files == set(CASES)
