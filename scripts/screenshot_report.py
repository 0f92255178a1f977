"""Regenerate docs/html.png, the README's picture of the html report, from today's code.

    python scripts/screenshot_report.py

Exports the bundled dossier as html and photographs it in the system Chromium (through
Playwright, which never downloads a browser here), filtered as the README says.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FRAGMENT = "status=disputed"
"""The filter the README's picture shows (its caption names it)."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    """Export, open, photograph."""
    from playwright.sync_api import sync_playwright

    from claimtrack.cli import app

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed: run `bash .ci/system-deps`")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "claims.html"
        result = CliRunner().invoke(app, ["--claims", str(ROOT / "claims"), "--no-cache",
                                          "export", "html", "-o", str(page)])
        if result.exit_code != 0:
            raise SystemExit(result.output)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            shown = browser.new_page(viewport={"width": 1000, "height": 1150})
            shown.goto(f"{page.as_uri()}#{FRAGMENT}")
            shown.screenshot(path=str(ROOT / "docs" / "html.png"))
            browser.close()
    print("wrote docs/html.png", file=sys.stderr)


if __name__ == "__main__":
    main()
