"""Write the exact-output tests' expected files from today's code, for review with git diff.

    python scripts/regenerate_expected.py

tests/expected/<name>.txt and, when the command writes to standard error (a table that
left columns out to fit), <name>.err.txt (tests/test_cli_query.py, on a copy of the
bundled folder), and
tests/fixtures/broken/<case>/expected.txt (tests/test_check_fixtures.py, each case laid
over the valid fixture), tests/expected/serve-session.diff (tests/test_browser.py: the
git diff of the browser's review session, made here with the edit library),
tests/expected/desk-session.diff (tests/test_serve_desk_browser.py: the same for a session
at the review desk) and
tests/golden/<folder>/<case>.txt (tests/test_golden.py, answered without the cache). The
tests only compare; this is the one way those files change.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import desk_session  # noqa: E402
import golden  # noqa: E402
import serve_session  # noqa: E402
from support import overlay_case  # noqa: E402
from test_check_fixtures import BROKEN, VALID  # noqa: E402
from test_cli_query import CASES, EXPECTED, columns_of  # noqa: E402

from claimtrack.cli import app  # noqa: E402


def main() -> None:
    """Regenerate every case and say which files changed."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "claims", Path(tmp) / "claims")
        os.chdir(tmp)
        os.environ.pop("CLAIMTRACK_CLAIMS", None)
        os.environ["CLAIMTRACK_CACHE_DIR"] = str(Path(tmp) / "cache")
        os.environ["COLUMNS"] = "100"
        for name, args in sorted(CASES.items()):
            os.environ["COLUMNS"] = columns_of(name)
            result = CliRunner().invoke(app, args)
            if result.exit_code != 0:
                raise SystemExit(f"{name}: exit {result.exit_code}: {result.stderr}")
            _write(EXPECTED / f"{name}.txt", result.stdout)
            _write(EXPECTED / f"{name}.err.txt", result.stderr, keep=bool(result.stderr))
    for case in sorted(p for p in BROKEN.iterdir() if p.is_dir()):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(VALID, Path(tmp) / "claims")
            overlay_case(case, Path(tmp) / "claims")
            os.chdir(tmp)
            os.environ["CLAIMTRACK_CACHE_DIR"] = str(Path(tmp) / "cache")
            result = CliRunner().invoke(app, ["check"])
            _write(case / "expected.txt", result.output)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CLAIMTRACK_CACHE_DIR"] = str(Path(tmp) / "cache")
        root = serve_session.copy_folder(Path(tmp) / "repo")
        serve_session.by_library(root)
        _write(serve_session.EXPECTED_DIFF, serve_session.git_diff(root.parent))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CLAIMTRACK_CACHE_DIR"] = str(Path(tmp) / "cache")
        root = serve_session.copy_folder(Path(tmp) / "repo")
        desk_session.by_library(root)
        _write(desk_session.EXPECTED_DIFF, serve_session.git_diff(root.parent))
    os.chdir(ROOT)
    for folder in golden.FOLDERS:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["CLAIMTRACK_CACHE_DIR"] = str(Path(tmp) / "cache")
            root = golden.make(folder, Path(tmp))
            for name, args in sorted(golden.cases(folder).items()):
                _write(golden.expected(folder, name), golden.run(root, args, cache=False))


def _write(path: Path, text: str, *, keep: bool = True) -> None:
    """Write ``text`` to ``path`` if it differs; with ``keep`` False, remove the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if not keep:
        if old is not None:
            path.unlink()
            print(f"removed: {path.relative_to(ROOT)}")
        return
    if old != text:
        path.write_text(text, encoding="utf-8")
        print(f"changed: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
