"""Helpers of the hostile-input tests: run the command line as a user would, snapshot a
folder byte for byte, write hostile values into TOML, and check that text is inert."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from claimtrack.cli import app

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters a terminal may act on: C0 but tab and newline, DEL, C1."""

HOSTILE = [
    "\x1b[2J\x1b[31mred\x1b[0m", "bell\x07", "carriage\rreturn", "line\nbreak", "crlf\r\nx",
    "=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3", "@SUM(A1)", "\ttab", "pipe | bar",
    "<script>alert(1)</script>", "<b>&amp;</b>", "]] [[", '"quoted" \\back', "\x9b31m c1",
    "\x00nul", "del\x7f", "#quot; #35;", "}{ \\end{document}", "`code` *star* _u_",
    "\u202eright-to-left", "a\u2028b",
]
"""Strings that try to act: terminal sequences, formulas, markup, quoting, line breaks."""


@dataclass
class Ran:
    """A finished command: exit code, standard output, standard error."""

    code: int
    out: str
    err: str


def run(*args: str, input: str | bytes | None = None) -> Ran:
    """Run ``claimtrack ARGS`` in process; an exception that would reach the last-resort
    guard of ``claimtrack.cli.main`` (exit 70, "internal error") fails the test."""
    result = CliRunner().invoke(app, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"internal error: {type(result.exception).__name__}: "
                             f"{result.exception}") from result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str | bytes, cwd: Path | bytes | None = None,
                env: dict[str, str] | None = None, timeout: float = 60) -> Ran:
    """Run the installed ``claimtrack`` as a separate process (arguments may be bytes)."""
    command = [sys.executable, "-c", "from claimtrack.cli import main; main()", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, check=False)
    assert done.returncode != 70, done.stderr
    return Ran(done.returncode, done.stdout.decode("utf-8", "backslashreplace"),
               done.stderr.decode("utf-8", "backslashreplace"))


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file (hidden ones too) under ``folder``: bytes, or a symlink's target."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*filenames, *dirnames]:
            path = Path(dirpath) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file():
                found[key] = path.read_bytes()
    return found


def assert_terminal_safe(text: str, where: str = "") -> None:
    """Nothing in ``text`` that a terminal would act on."""
    bad = CONTROL.search(text)
    assert bad is None, f"{where}: raw control character {bad.group()!r} in {text!r:.300}"


def assert_csv_safe(text: str, delimiter: str = ",") -> list[list[str]]:
    """csv/tsv text whose CR and LF are all inside quoted cells, with no other control
    character and no cell a spreadsheet would run; returns its rows."""
    assert CONTROL.sub("", text.replace("\r", "")) == text.replace("\r", ""), \
        f"raw control character in {text!r:.300}"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), \
                f"formula cell {cell!r}"
    # Every line break the text has is a row end or inside a quoted cell.
    unquoted = re.sub(r'"(?:[^"]|"")*"', '""', text)
    assert unquoted.count("\n") == len(rows), "a line break outside quotes splits a row"
    assert "\r" not in unquoted.replace("\r\n", "\n"), "a bare CR outside quotes"
    return rows


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string (every character it may hold)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


@contextlib.contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """Make files or folders unchangeable even for root (``chattr +i``; chmod for others)."""
    as_root = os.geteuid() == 0
    modes = {p: p.stat().st_mode for p in paths}
    for p in paths:
        if as_root:
            subprocess.run(["chattr", "+i", str(p)], check=True)
        else:
            p.chmod(modes[p] & ~0o222)
    try:
        yield
    finally:
        for p in paths:
            if as_root:
                subprocess.run(["chattr", "-i", str(p)], check=True)
            else:
                p.chmod(modes[p])


TEXT_FIELDS = [
    "dossier.title", "dossier.description", "dossier.publisher", "dossier.url",
    "actor.id", "actor.name", "actor.alias", "actor.description",
    "document.title", "document.url", "document.publisher", "document.license",
    "document.attribution",
    "claim.id", "claim.statement", "claim.words", "claim.tags", "claim.notes",
    "appearance.section", "appearance.quote", "appearance.cue",
    "relation.note", "review.by", "review.note", "review.evidence",
    "basis.reason", "unclaimed.reason",
]
"""Every free-text field a person writes, as ``record.field``."""


def hostile_folder(root: Path, values: dict[str, str]) -> None:
    """Add to the valid fixture folder ``root`` a dossier whose text fields hold ``values``
    (``record.field`` -> text; missing fields get a plain word). The hostile quote is
    appended to the memo, so it is found, and the memo's checksum follows."""
    import hashlib

    def v(key: str) -> str:
        return toml_string(values.get(key, key.replace(".", "-")))

    quote = values.get("appearance.quote", "plain quote")
    memo = root / "documents" / "memo.txt"
    data = memo.read_bytes() + f"\nBefore {quote} after.\n".encode()
    memo.write_bytes(data)
    harbour = root / "harbour.toml"
    harbour.write_text(harbour.read_text(encoding="utf-8").replace(
        "71c61683ea71b1b3ad7f74b35907db2cddee47af5c4eff896366d18e90322716",
        hashlib.sha256(data).hexdigest()), encoding="utf-8")
    actor_id = v("actor.id")
    claim_id = v("claim.id")
    (root / "hostile.toml").write_text(f"""
[dossier]
title = {v("dossier.title")}
description = {v("dossier.description")}
publisher = {v("dossier.publisher")}
url = {v("dossier.url")}

[[actors]]
id = {actor_id}
name = {v("actor.name")}
kind = "person"
aliases = [{v("actor.alias")}]
description = {v("actor.description")}

[[documents]]
id = "second"
title = {v("document.title")}
url = {v("document.url")}
publisher = {v("document.publisher")}
license = {v("document.license")}
attribution = {v("document.attribution")}
text = "documents/memo.txt"
sha256 = "{hashlib.sha256(data).hexdigest()}"
voice = "memo-editorial"

[[claims]]
id = {claim_id}
statement = {v("claim.statement")}
claimant = {actor_id}
about = [{actor_id}]
kind = "allegation"
made = 2021-05-05
words = [{v("claim.words")}]
tags = [{v("claim.tags")}]
notes = {v("claim.notes")}
basis = {{reason = {v("basis.reason")}}}

[[claims.appearances]]
document = "second"
section = {v("appearance.section")}
quote = {toml_string(quote)}
framing = "alleged"
attribution = "inferred"
cue = {v("appearance.cue")}
via = ["dockers-union"]

[[claims.relations]]
type = "disputes"
target = "ministry-harbour-sold"
note = {v("relation.note")}

[[claims.reviews]]
date = 2021-05-06
status = "disputed"
by = {v("review.by")}
note = {v("review.note")}
evidence = [{v("review.evidence")}]

[[claims]]
id = "answers-hostile"
statement = "An answer to it."
claimant = "memo-editorial"
kind = "observation"

[[claims.appearances]]
document = "memo"
quote = "has not revealed the buyer"
framing = "asserted"
attribution = "own"

[[claims.relations]]
type = "responds_to"
target = {claim_id}
note = {v("relation.note")}

[[unclaimed]]
document = "second"
quote = "Result: Memo leaked"
reason = {v("unclaimed.reason")}
""", encoding="utf-8")
