"""Write tests/expected/<name>.txt from today's code, for a person to review with git diff.

    python scripts/regenerate_expected.py

The exact-output tests (tests/test_cli_query.py) only compare; this is the one way their
expected files change. It runs each case on a copy of the bundled claims folder, as the
tests do.
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

from test_cli_query import CASES, EXPECTED  # noqa: E402

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
            result = CliRunner().invoke(app, args)
            if result.exit_code != 0:
                raise SystemExit(f"{name}: exit {result.exit_code}: {result.stderr}")
            path = EXPECTED / f"{name}.txt"
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != result.stdout:
                path.write_text(result.stdout, encoding="utf-8")
                print(f"changed: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
