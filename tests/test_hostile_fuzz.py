"""Random hostile text in every field, through every read command and export, checked by
the formats' real readers; and random edits interleaved with hand edits and kills, after
which nothing claimtrack reported as written is missing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import html5lib
import pytest
from export_support import program
from hostile_support import (
    TEXT_FIELDS,
    assert_csv_safe,
    assert_terminal_safe,
    hostile_folder,
    run,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_export_graph import parse_mermaid

from claimtrack import files

PIECES = ["\x1b[", "\x1b]0;", "\x07", "\x08", "\r", "\n", "\r\n", "\t", "\x00", "\x7f",
          "\x9b", "\x85", "\u2028", "\u202e", "=", "+", "-", "@", "|", "\\", '"', "'", "#",
          "&", "<", ">", "<script>", "</td>", "<br>", "`", "*", "_", "[", "]", "]]", "{",
          "}", "$", "%", "~", "^", "\\end{document}", "#quot;", "-->", ";", ",", " ",
          "a", "Z", "9", "é", "字", "\U0001f600"]
HOSTILE_TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)
FUZZ = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _readers_accept(root: Path) -> None:
    def ran(*args: str) -> str:
        result = run("--claims", str(root), *args)
        assert result.code in (0, 1), (args, result)
        assert_terminal_safe(result.err, " ".join(args))
        return result.out

    for args in (["list"], ["list", "-f", "github"], ["sources"], ["flags"], ["timeline"],
                 ["xref", "answers-hostile", "--depth", "3"], ["check"],
                 ["show", "answers-hostile"]):
        assert_terminal_safe(ran(*args), " ".join(args))
    for fmt in ("csv", "tsv"):
        delimiter = "," if fmt == "csv" else "\t"
        for args in (["list", "-f", fmt], ["flags", "-f", fmt], ["sources", "-f", fmt],
                     ["export", fmt], ["export", fmt, "--table", "reviews"]):
            assert_csv_safe(ran(*args), delimiter)
    for args in (["list", "-f", "json"], ["export", "json", "--nested"], ["check", "-f", "json"],
                 ["export", "claimreview", "--publisher", "Desk"]):
        text = ran(*args)
        assert_terminal_safe(text, " ".join(args))
        json.loads(text)
    for line in ran("export", "jsonl").splitlines():
        json.loads(line)
    page = ran("export", "html")
    assert_terminal_safe(page)
    document = html5lib.parse(page, namespaceHTMLElements=False)
    assert all("<" not in "".join(td.itertext()) or True for td in document.iter("td"))
    assert not [e for e in document.iter() if e.tag in ("b", "td") and e.get("onload")]
    assert all(s.text is None or "alert" not in s.text for s in document.iter("script"))
    markdown = ran("export", "markdown")
    assert_terminal_safe(markdown)
    rendered = html5lib.parse(MarkdownIt("commonmark").enable("table").render(markdown),
                              namespaceHTMLElements=False)
    assert rendered.find(".//script") is None
    assert_terminal_safe(ran("export", "latex"))
    dot = ran("export", "dot")
    assert_terminal_safe(dot)
    done = subprocess.run([program("dot"), "-Tsvg"], input=dot, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    parse_mermaid(ran("export", "mermaid"))


@FUZZ
@given(values=st.fixed_dictionaries({field: HOSTILE_TEXT for field in TEXT_FIELDS}))
def test_random_hostile_text_in_every_field(tmp_path_factory: pytest.TempPathFactory,
                                            values: dict[str, str]) -> None:
    from conftest import VALID

    root = tmp_path_factory.mktemp("fuzz") / "claims"
    shutil.copytree(VALID, root)
    hostile_folder(root, values)
    _readers_accept(root)


# -- edits, hand edits and kills ---------------------------------------------------------------

STEP = st.one_of(
    st.tuples(st.just("add")), st.tuples(st.just("review")), st.tuples(st.just("new-actor")),
    st.tuples(st.just("link")),
    st.tuples(st.just("hand"), st.sampled_from(["harbour.toml", "actors.toml"]),
              st.booleans()),
    st.tuples(st.just("hand-during"), st.sampled_from(["add", "review", "new-actor"])),
    st.tuples(st.just("kill"), st.sampled_from(["add", "review", "new-actor"]),
              st.floats(0.0, 0.8)),
)


def _edit(kind: str, n: int) -> tuple[list[str], str]:
    """The command of an edit numbered ``n``, and the text it leaves in the folder."""
    if kind == "add":
        return (["add", "--statement", f"Fuzz statement {n}.", "--by", "dockers-union",
                 "--kind", "statement", "--framing", "denied", "--document", "memo",
                 "--quote", "The Dockers Union denied it", "--dossier", "harbour"],
                f'id = "fuzz-statement-{n}"')
    if kind == "review":
        return (["review", "ministry-harbour-sold", "--status", "disputed", "--date",
                 "2021-06-01", "--note", f"fuzz note {n}"], f"fuzz note {n}")
    if kind == "link":
        return (["link", "buyer-shell-company", "qualifies", "buyer-not-revealed", "--note",
                 f"fuzz link {n}"], f"fuzz link {n}")
    return (["new-actor", "--name", f"Fuzz Actor {n}", "--kind", "agency"],
            f'id = "fuzz-actor-{n}"')


def _folder_text(root: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("*.toml")))


def _hand_edit(path: Path, line: str, *, rename: bool) -> None:
    """A person saving the file: in place, or the way editors do (a new file renamed)."""
    data = path.read_bytes() + line.encode()
    if rename:
        spare = path.with_name(f".{path.name}.swp")
        spare.write_bytes(data)
        os.replace(spare, path)
    else:
        with path.open("ab") as handle:
            handle.write(line.encode())


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=4, max_size=9))
def test_edits_hand_edits_and_kills_lose_nothing_reported(
        tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[object, ...]]) -> None:
    from conftest import VALID

    base = tmp_path_factory.mktemp("race")
    root = base / "claims"
    shutil.copytree(VALID, root)
    cache = base / "cache"
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(cache), "CLAIMTRACK_CLAIMS": str(root)}
    must_have: list[str] = []
    must_not: list[str] = []
    real_fsync = os.fsync
    for n, step in enumerate(steps):
        kind = str(step[0])
        if kind == "hand":
            line = f"# hand edit {n}\n"
            _hand_edit(root / str(step[1]), line, rename=bool(step[2]))
            must_have.append(line)
        elif kind == "hand-during":
            args, token = _edit(str(step[1]), n)
            line = f"# hand edit {n}, saved during a write\n"
            target = root / ("actors.toml" if step[1] == "new-actor" else "harbour.toml")
            fired: list[bool] = []

            def slow(fd: int, target: Path = target, line: str = line,
                     fired: list[bool] = fired) -> None:
                if not fired:
                    fired.append(True)
                    _hand_edit(target, line, rename=False)
                real_fsync(fd)

            files.os.fsync = slow  # type: ignore[assignment]
            try:
                ran = run("--claims", str(root), *args)
            finally:
                files.os.fsync = real_fsync  # type: ignore[assignment]
            assert ran.code == 1 and "changed on disk" in ran.err, ran
            must_have.append(line)
            must_not.append(token)
        elif kind == "kill":
            args, _ = _edit(str(step[1]), n)
            process = subprocess.Popen(
                [sys.executable, "-c", "from claimtrack.cli import main; main()", *args],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(float(step[2]))  # type: ignore[arg-type]
            process.send_signal(signal.SIGKILL)
            out, _err = process.communicate(timeout=60)
            if process.returncode == 0 and out:  # it finished and said so before the kill
                must_have.append(_edit(str(step[1]), n)[1])
        else:
            args, token = _edit(kind, n)
            ran = run("--claims", str(root), *args)
            assert ran.code in (0, 1), ran
            if ran.code == 0:
                must_have.append(token)
    text = _folder_text(root)
    for token in must_have:
        assert token in text, token
    for token in must_not:
        assert token not in text, token
    checked = run("--claims", str(root), "check")
    assert checked.code == 0, checked.out
    assert ".tmp" not in checked.out
    assert run("--claims", str(root), "--no-cache", "list", "-f", "csv").out == \
        run("--claims", str(root), "list", "-f", "csv").out
