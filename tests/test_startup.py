"""No command imports what it does not use: measured with ``python -X importtime``.

tabulate, cattrs, tomlkit, the exporters, the extractor and the editor cost start-up time
on every run; commands answered from an up-to-date index must not load them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("tabulate", "cattrs", "tomlkit", "rtoml", "claimtrack.extract", "claimtrack.edit",
         "claimtrack.parse", "claimtrack.structure", "claimtrack.index.build", "spacy", "thinc",
         "numpy")


def imported(claims: Path, cache: Path, *args: str) -> set[str]:
    """Every module a fresh interpreter imports to run ``claimtrack ARGS``."""
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(cache), "CLAIMTRACK_CLAIMS": str(claims)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "claimtrack", *args],
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules for h in HEAVY if m == h or m.startswith(h + ".")}


@pytest.mark.parametrize("args", [
    ("--version",),
    ("list", "--format", "csv"),
    ("list", "--status", "unverified", "--format", "json"),
    ("show", "bazeyan-denies-charges"),
    ("flags", "--format", "csv"),
    ("check",),
], ids=" ".join)
def test_warm_commands_stay_light(bundled_claims: Path, tmp_path: Path,
                                  args: tuple[str, ...]) -> None:
    cache = tmp_path / "cache"
    imported(bundled_claims, cache, *args)  # fill the index cache
    assert heavy(imported(bundled_claims, cache, *args)) == set()


def test_what_a_command_uses_is_loaded(bundled_claims: Path, tmp_path: Path) -> None:
    """The measurement sees imports at all: a table needs tabulate, a cold run cattrs."""
    cache = tmp_path / "cache"
    cold = imported(bundled_claims, cache, "list")
    assert {"tabulate", "cattrs", "claimtrack.parse"} <= cold
    assert "tabulate" in imported(bundled_claims, cache, "list")
    assert "tomlkit" in imported(bundled_claims, cache, "review", "bazeyan-denies-charges",
                                 "--status", "disputed", "--note", "x", "--dry-run")


def test_only_drafting_an_article_imports_spacy() -> None:
    """The extract package and its command's help load without spaCy (issue 25)."""
    code = ("import sys, claimtrack.extract, claimtrack.extract.run, claimtrack.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_each_command_is_found_in_the_module_that_defines_it() -> None:
    """A run imports only the module ``claimtrack.cli.COMMANDS`` names for its command: it
    must be the one that registers it (and every command must be named)."""
    import claimtrack.cli as cli

    app = cli.app  # every module imported
    registered = {(c.name or c.callback.__name__.replace("_", "-")): c.callback.__module__
                  for c in app.registered_commands if c.callback is not None}
    for group in app.registered_groups:
        sub = group.typer_instance
        assert sub is not None and sub.registered_commands
        callback = sub.registered_commands[0].callback
        assert callback is not None
        registered[group.name or sub.info.name] = callback.__module__
    assert {name: f"claimtrack.cli.{module}" for name, module in cli.COMMANDS.items()} == \
        registered


def test_a_command_imports_only_its_own_module(bundled_claims: Path, tmp_path: Path) -> None:
    modules = imported(bundled_claims, tmp_path / "cache", "list", "--format", "csv")
    assert "claimtrack.cli.query" in modules
    assert not {"claimtrack.cli.edit", "claimtrack.cli.export", "claimtrack.cli.serve"} & modules
