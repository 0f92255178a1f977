"""``claimtrack migrate``: a format-1 folder becomes format 2, losslessly and once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.folder import FORMAT, folder_format

FORMAT1 = Path(__file__).parent / "fixtures" / "format1" / "claims"


@pytest.fixture
def old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "claims"
    shutil.copytree(FORMAT1, target)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    return target


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def comments(folder: Path) -> dict[str, list[str]]:
    return {p.name: [line for line in p.read_text().splitlines() if "#" in line]
            for p in sorted(folder.glob("*.toml"))}


def test_an_old_folder_is_refused_in_one_line(old: Path) -> None:
    code, out, err = run("list")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "run `claimtrack migrate`" in err


def test_migrate_upgrades_keeps_every_comment_and_passes_check(old: Path) -> None:
    before = comments(old)
    code, _out, err = run("migrate")
    assert (code, err) == (0, "")
    assert folder_format(old) == FORMAT
    assert {k: v for k, v in comments(old).items() if k in before} == before
    assert check_folder(old).ok, [str(p) for p in check_folder(old).problems]


def test_migrate_is_idempotent_and_minimal(old: Path) -> None:
    original = (old / "armenia-coup-2023-09.toml").read_text().splitlines()
    run("migrate")
    once = {p.name: p.read_bytes() for p in old.rglob("*") if p.is_file()}
    code, out, _ = run("migrate")
    assert code == 0 and "already" in out
    assert {p.name: p.read_bytes() for p in old.rglob("*") if p.is_file()} == once
    migrated = (old / "armenia-coup-2023-09.toml").read_text().splitlines()
    # Only framing lines move and attribution and voice lines arrive: with those set
    # aside, the files are line for line the same.
    moved = ("framing = ", "attribution = ", "voice = ")
    assert [line for line in original if not line.startswith(moved)] == \
        [line for line in migrated if not line.startswith(moved)]
    assert len(migrated) - len(original) == sum(line.startswith(moved) for line in migrated) \
        - sum(line.startswith(moved) for line in original)


def test_dry_run_prints_the_diff_and_writes_nothing(old: Path) -> None:
    before = {p: p.read_bytes() for p in old.rglob("*") if p.is_file()}
    code, out, _ = run("migrate", "--dry-run")
    assert code == 0
    assert out.startswith("--- a/claims/")
    assert '+attribution = "own"' in out and '-framing = "asserted"' in out
    assert "+++ b/claims/claimtrack.toml" in out
    assert {p: p.read_bytes() for p in old.rglob("*") if p.is_file()} == before


def test_inline_tables_and_crlf_line_endings(old: Path) -> None:
    path = old / "armenia-coup-2023-09.toml"
    text = path.read_text()
    path.write_bytes(text.replace("\n", "\r\n").encode())
    run("migrate")
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert check_folder(old).ok


# -- races: the lock, and the bytes read as the changed-on-disk guard ------------------------

_TRY_LOCK = ("import fcntl, os, sys\nfd = os.open(sys.argv[1], os.O_RDONLY)\n"
             "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
             "except BlockingIOError:\n    print('held')\nelse:\n    print('free')\n")


def test_an_edit_made_while_migrate_runs_is_not_overwritten(
        old: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    from claimtrack import migrate as module
    from claimtrack.files import ConflictError

    real = module.write_atomic
    seen: list[str] = []

    def meanwhile(path: Path, content: list[str], *, expected: bytes | None) -> None:
        # Between migrate's reading and its writing, another claimtrack process waits for
        # the folder lock, and someone's editor saves the file.
        held = subprocess.run([sys.executable, "-c", _TRY_LOCK, str(old)],
                              capture_output=True, text=True, check=True).stdout.strip()
        seen.append(held)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("# saved by an editor while migrate ran\n")
        real(path, content, expected=expected)

    monkeypatch.setattr(module, "write_atomic", meanwhile)
    with pytest.raises(ConflictError, match="changed on disk since claimtrack read it"):
        module.migrate(old)
    assert seen == ["held"]
    dossier = (old / "armenia-coup-2023-09.toml").read_text()
    assert dossier.endswith("# saved by an editor while migrate ran\n")
    assert 'framing = "asserted"\noccurred' in dossier  # not migrated: left alone
    assert folder_format(old) == 1
    monkeypatch.setattr(module, "write_atomic", real)
    module.migrate(old)  # run again: it finishes the job, the editor's line kept
    assert folder_format(old) == FORMAT
    assert (old / "armenia-coup-2023-09.toml").read_text().endswith(
        "# saved by an editor while migrate ran\n")
    assert check_folder(old).ok


@pytest.mark.parametrize("case", ["not toml", "a directory", "a symlink loop",
                                  "not utf-8"])
def test_a_dossier_migrate_cannot_read_is_one_message(old: Path, case: str) -> None:
    bad = old / "zz-bad.toml"
    if case == "not toml":
        bad.write_text('[[claims]]\nid = "x"\nstatement = """never closed\n')
    elif case == "a directory":
        bad.mkdir()
    elif case == "a symlink loop":
        bad.symlink_to(old / "zz-bad.toml")
    else:
        bad.write_bytes(b'title = "caf\xe9"\n')
    before = {p: p.read_bytes() for p in old.rglob("*") if p.is_file()}
    code, out, err = run("migrate")
    assert code == 2 and out == ""
    assert err.startswith("claimtrack: cannot migrate zz-bad.toml: ") and err.count("\n") == 1
    assert "nothing was written" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in old.rglob("*") if p.is_file()} == before
