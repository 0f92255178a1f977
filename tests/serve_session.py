"""The review session the browser test carries out, and the same edits as library calls;
with the running server and the headless Chromium the browser tests share.

``tests/test_browser.py`` does it through ``claimtrack serve`` in Chromium;
``scripts/regenerate_expected.py`` does it with ``claimtrack.edit.api`` to write the
expected ``git diff`` (tests/expected/serve-session.diff). The two must agree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FOLDER = Path(__file__).parent / "fixtures" / "serve" / "claims"
EXPECTED_DIFF = Path(__file__).parent / "expected" / "serve-session.diff"

DRAFT = "harbour-pier-collapse-it-was-reported-that-the"
"""The draft reviewed: an unnamed source's report, drafted with the draft's own unnamed
actor."""
FILTER = {"tag": "draft", "search": "inspection"}
CLAIMANT = "unnamed-source"
FRAMING = "alleged"
REVIEWER = "Desk Editor"
ACCEPTED_ON = "2026-02-01"
REVIEW = {"status": "disputed", "date": "2026-02-02",
          "note": "The port authority's register shows the March inspection passed.",
          "evidence": ["https://example.org/port-register/2026-03",
                       "harbour-pier-collapse-the-ministry-denied-that"]}
LINK = {"type": "elaborates", "target": "harbour-pier-collapse-the-ministry-of-ports",
        "note": "Why the pier may have failed."}

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def chromium() -> Iterator[Browser]:
    """The system Chromium, headless, driven by Playwright (which never downloads one)."""
    from export_support import program
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=program("chromium"),
                                              args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def serving(root: Path, *, token: str, cache: Path) -> Iterator[str]:
    """``claimtrack serve --port 0`` over ``root`` while the block runs: its sign-in URL."""
    env = {**os.environ, "CLAIMTRACK_TOKEN": token, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "CLAIMTRACK_CACHE_DIR": str(cache)}
    proc = subprocess.Popen([sys.executable, "-m", "claimtrack", "--claims", str(root),
                             "serve", "--port", "0"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/\?token={token}", url), url
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org",
       "-c", "core.autocrlf=false", "-c", "color.ui=never"]


def copy_folder(where: Path) -> Path:
    """A git repository at ``where`` holding a copy of the session's claims folder,
    committed, so ``git diff`` shows what the session changes."""
    shutil.copytree(FOLDER, where / "claims")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "before"]):
        subprocess.run([*GIT, *args], cwd=where, check=True, env=env)
    return where / "claims"


def git_diff(repo: Path) -> str:
    """What changed in the repository since its commit."""
    done = subprocess.run([*GIT, "diff", "--no-ext-diff", "--no-color"], cwd=repo,
                          check=True, capture_output=True, text=True)
    return done.stdout


def by_library(root: Path) -> None:
    """The session's edits through the edit library, in the order the browser makes them."""
    from claimtrack.edit import api
    from claimtrack.index import Index

    with Index.open(root, cache=False) as index:
        api.edit_claim(index, DRAFT, {"claimant": CLAIMANT})
        api.edit_claim(index, DRAFT, appearance={"framing": FRAMING}, number=1)
        api.accept(index, [DRAFT], by=REVIEWER, date=ACCEPTED_ON)
        api.review(index, DRAFT, status=REVIEW["status"], note=str(REVIEW["note"]),
                   evidence=list(REVIEW["evidence"]), by=REVIEWER, date=str(REVIEW["date"]))
        api.link(index, DRAFT, LINK["type"], LINK["target"], note=LINK["note"])
