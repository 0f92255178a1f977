"""Finding the claims folder and loading it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import check_folder

from claimtrack import files
from claimtrack.errors import ClaimsNotFoundError
from claimtrack.find import find_claims_dir
from claimtrack.index import Index


def test_explicit_folder_wins(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    found = find_claims_dir(tmp_path / "mine", environ={"CLAIMTRACK_CLAIMS": "/nowhere"})
    assert found == tmp_path / "mine"


def test_environment_variable_comes_next(tmp_path: Path) -> None:
    assert find_claims_dir(environ={"CLAIMTRACK_CLAIMS": str(tmp_path)}) == tmp_path


def test_nearest_claims_folder_upwards(tmp_path: Path) -> None:
    (tmp_path / "claims").mkdir()
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_claims_dir(environ={}, cwd=deep) == (tmp_path / "claims").resolve()


def test_standing_inside_the_claims_folder(tmp_path: Path) -> None:
    inner = tmp_path / "claims"
    inner.mkdir()
    assert find_claims_dir(environ={}, cwd=inner) == inner.resolve()


def test_no_folder_is_a_clear_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimsNotFoundError, match=r"no claims/ folder in .* pass --claims DIR"):
        find_claims_dir(environ={}, cwd=tmp_path)
    with pytest.raises(ClaimsNotFoundError, match=r"--claims .*missing: no such folder"):
        find_claims_dir(tmp_path / "missing", environ={})
    (tmp_path / "file").write_text("")
    with pytest.raises(ClaimsNotFoundError, match=r"CLAIMTRACK_CLAIMS .*file: not a folder"):
        find_claims_dir(environ={"CLAIMTRACK_CLAIMS": str(tmp_path / "file")})


def test_the_index_knows_file_and_line_of_each_record(valid_claims: Path) -> None:
    with Index.open(valid_claims, cache=False) as index:
        assert index.load_problems() == 0
        file, path = index.origin("claims", "union-denies-sale")
        assert (file, index.line(file, path)) == ("harbour.toml", 36)
        assert index.line(file, f"{path}.relations[0].target") == 54
        assert [d.publisher for d in index.records("dossiers")] == ["Fixture Fact Desk"]


def test_a_huge_file_is_refused_not_read(
    valid_claims: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    assert [str(p) for p in check_folder(valid_claims).problems] == [
        "claims/harbour.toml:1: is 2.2 kB; the limit is 1 kB",
    ]
