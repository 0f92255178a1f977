"""Everything a terminal or a reader opens is inert: hostile text in every field comes out of
every command and export unable to act, and read back by the format's real reader."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from export_support import program
from hostile_support import (
    HOSTILE,
    TEXT_FIELDS,
    Ran,
    assert_csv_safe,
    assert_terminal_safe,
    hostile_folder,
    run,
)
from markdown_it import MarkdownIt
from test_export_graph import parse_mermaid

from claimtrack.output import Output, output_formats

NASTY = " ".join(HOSTILE)
VALUES = {field: f"{field} {NASTY}" for field in TEXT_FIELDS}
VALUES["claim.tags"] = "a lone\rcarriage return"  # a csv writer quotes LF, not a lone CR
CLAIM_ID = VALUES["claim.id"]
TABLE_FORMATS = [f for f in output_formats() if f not in ("csv", "tsv", "json", "jsonl")]
QUERIES = [["list"], ["list", "-c", "id,statement,tags,notes,quote,words"], ["sources"],
           ["sources", "--by-voice"], ["flags"], ["timeline"],
           ["xref", "answers-hostile", "--depth", "3"]]


def _folder(tmp_path: Path, name: str, values: dict[str, str]) -> Path:
    from conftest import VALID

    root = tmp_path / name / "claims"
    shutil.copytree(VALID, root)
    hostile_folder(root, values)
    return root


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A folder with hostile text in every field, and the same folder with plain text."""
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    return _folder(tmp_path, "hostile", VALUES), _folder(tmp_path, "plain", {})


def _in(root: Path, *args: str) -> Ran:
    return run("--claims", str(root), *args)


def test_every_table_format_is_inert_and_keeps_a_row_on_its_lines(
        hostile: tuple[Path, Path]) -> None:
    bad, plain = hostile
    for query in QUERIES:
        # Every format on the claims list, the common ones on the other queries.
        formats = TABLE_FORMATS if query == ["list"] else ["simple", "github", "grid", "psql"]
        rows = assert_csv_safe(_in(plain, *query, "-f", "csv").out)
        for fmt in formats:
            ran = _in(bad, *query, "-f", fmt)
            assert ran.code == 0, (query, fmt, ran)
            assert_terminal_safe(ran.out, f"{query} -f {fmt}")
            assert_terminal_safe(ran.err, f"{query} -f {fmt}")
            # As many lines as the same rows of one-word cells: no cell took two lines.
            same = Output(fmt=fmt).render([dict.fromkeys(rows[0], "x")] * (len(rows) - 1),
                                          rows[0])
            assert ran.out.count("\n") == same.count("\n"), (query, fmt, ran.out)


def _markdown_cells(text: str) -> list[list[str]]:
    md = MarkdownIt("commonmark").enable("table")
    document = html5lib.parse(md.render(text), namespaceHTMLElements=False)
    assert document.find(".//script") is None and document.find(".//b") is None
    rows = document.findall(".//tr")
    assert rows, text
    return [["".join(cell.itertext()) for cell in row] for row in rows]


@pytest.mark.parametrize("fmt", ["github", "pipe"])
def test_markdown_like_tables_escape_pipes_and_html(hostile: tuple[Path, Path],
                                                    fmt: str) -> None:
    bad, _ = hostile
    ran = _in(bad, "list", "-c", "id,statement,notes", "-f", fmt)
    cells = _markdown_cells(ran.out)
    assert all(len(row) == 3 for row in cells), cells
    statements = [row[1] for row in cells]
    assert any("pipe | bar" in s and "<script>" in s for s in statements), statements


def test_html_table_format_is_escaped(hostile: tuple[Path, Path]) -> None:
    bad, _ = hostile
    for fmt in ("html", "unsafehtml", "latex_raw"):
        ran = _in(bad, "list", "-c", "id,statement", "-f", fmt)
        if fmt in ("unsafehtml", "latex_raw"):  # no unescaped HTML or LaTeX is offered
            assert ran.code == 2
            continue
        document = html5lib.parse(ran.out, namespaceHTMLElements=False)
        assert document.find(".//script") is None
        assert any("<script>" in "".join(td.itertext()) for td in document.iter("td"))


def test_show_xref_check_and_messages_are_inert(hostile: tuple[Path, Path]) -> None:
    bad, _ = hostile
    runs = [_in(bad, "show", CLAIM_ID), _in(bad, "show", "answers-hostile"),
            _in(bad, "xref", CLAIM_ID, "--depth", "2"), _in(bad, "check"),
            _in(bad, "show", CLAIM_ID + "x"), _in(bad, "xref", "\x1b[2J"),
            _in(bad, "list", "--by", "\x1b]0;title\x07"), _in(bad, "list", "--tag", "\x9b1m"),
            _in(bad, "review", CLAIM_ID, "--status", "\x1b[5m"),
            _in(bad, "add", "--statement", "\x1b[31m", "--by", "\x07", "--kind", "\x1b",
                "--framing", "x", "--document", "\x1b[H", "--quote", "q"),
            _in(bad, "export", "csv", "--table", "\x1b[2J"),
            _in(bad, "list", "-f", "\x1b[2J"), _in(bad, "list", "-c", "\x1b[2J")]
    for ran in runs:
        assert_terminal_safe(ran.out)
        assert_terminal_safe(ran.err)
    shown = runs[0].out
    assert "pipe | bar" in shown and "<script>" in shown  # shown, just made visible
    assert runs[0].code == 0 and runs[3].code == 1


def test_check_json_and_show_json_are_inert(hostile: tuple[Path, Path]) -> None:
    bad, _ = hostile
    for args in (["check", "-f", "json"], ["show", CLAIM_ID, "-f", "json"]):
        ran = _in(bad, *args)
        assert_terminal_safe(ran.out)
        json.loads(ran.out)
    shown = json.loads(_in(bad, "show", CLAIM_ID, "-f", "json").out)
    assert shown[0]["statement"] == VALUES["claim.statement"]  # lossless


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_every_csv_output_quotes_line_breaks_and_neutralises_formulas(
        hostile: tuple[Path, Path], fmt: str) -> None:
    bad, plain = hostile
    delimiter = "," if fmt == "csv" else "\t"
    for query in [*QUERIES, ["list", "--sort", "statement"], ["flags", "--sort", "reason"]]:
        ran = _in(bad, *query, "-f", fmt)
        assert ran.code == 0, (query, ran)
        rows = assert_csv_safe(ran.out, delimiter)
        assert len(rows) == len(assert_csv_safe(_in(plain, *query, "-f", fmt).out,
                                                delimiter)), query
    for table in ("claims", "actors", "documents", "appearances", "relations", "reviews"):
        ran = _in(bad, "export", fmt, "--table", table)
        assert ran.code == 0
        assert_csv_safe(ran.out, delimiter)


def test_json_outputs_are_inert_and_lossless(hostile: tuple[Path, Path]) -> None:
    bad, _ = hostile
    for args in (["list", "-f", "json"], ["list", "-f", "jsonl"], ["export", "json"],
                 ["export", "json", "--nested"], ["export", "jsonl"],
                 ["export", "claimreview"]):
        ran = _in(bad, *args)
        assert ran.code == 0, args
        assert_terminal_safe(ran.out, " ".join(args))
        values = ([json.loads(line) for line in ran.out.splitlines()] if "jsonl" in args
                  else json.loads(ran.out))
        assert VALUES["claim.statement"] in _strings(values), args  # lossless


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(
        value, list) else []
    return set().union(*(_strings(v) for v in items))


def test_html_export_is_inert(hostile: tuple[Path, Path]) -> None:
    bad, _ = hostile
    ran = _in(bad, "export", "html")
    assert_terminal_safe(ran.out)
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    document = parser.parse(ran.out)
    scripts = document.findall(".//script")
    assert all("alert(1)" not in (s.text or "") for s in scripts)
    assert document.find(".//b") is None
    assert html.escape("<script>alert(1)</script>") in ran.out


def test_markdown_export_is_inert(hostile: tuple[Path, Path]) -> None:
    bad, _ = hostile
    ran = _in(bad, "export", "markdown")
    assert_terminal_safe(ran.out)
    md = MarkdownIt("commonmark").enable("table")
    document = html5lib.parse(md.render(ran.out), namespaceHTMLElements=False)
    assert document.find(".//script") is None and document.find(".//b") is None


def test_latex_export_is_inert_and_compiles(hostile: tuple[Path, Path],
                                            tmp_path: Path) -> None:
    bad, _ = hostile
    ran = _in(bad, "export", "latex")
    assert ran.code == 0
    assert_terminal_safe(ran.out)
    assert "\\end{document}" in ran.out and ran.out.count("\\end{document}") == 1
    (tmp_path / "x.tex").write_text(ran.out)
    done = subprocess.run([program("pdflatex"), "-interaction=nonstopmode", "-halt-on-error",
                           "-no-shell-escape", "x.tex"], cwd=tmp_path, capture_output=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:]


def test_graphs_are_inert_and_parse(hostile: tuple[Path, Path], tmp_path: Path) -> None:
    bad, _ = hostile
    dot = _in(bad, "export", "dot")
    assert_terminal_safe(dot.out)
    done = subprocess.run([program("dot"), "-Tsvg"], input=dot.out, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "<script>" not in done.stdout and "&lt;script&gt;" in done.stdout
    mermaid = _in(bad, "export", "mermaid")
    assert_terminal_safe(mermaid.out)
    nodes, edges = parse_mermaid(mermaid.out)
    assert len(edges) == 3
    for label in nodes.values():
        assert "<" not in label.replace("<br>", "") and ">" not in label.replace("<br>", "")


@pytest.mark.model
def test_extract_output_is_inert_and_still_toml(valid_claims: Path) -> None:
    import tomllib

    article = "= Port \x1b[2J news =\nThe Dockers Union said the \x9b31m harbour\x07 was sold.\n"
    ran = run("extract", "-", input=article)
    assert ran.code == 0
    assert_terminal_safe(ran.out)
    assert_terminal_safe(ran.err)
    draft = tomllib.loads(ran.out)
    assert any("\x9b31m" in c["statement"] for c in draft["claims"])


def test_hostile_file_names_and_click_messages_are_inert(valid_claims: Path,
                                                         tmp_path: Path) -> None:
    from hostile_support import run_process

    (valid_claims / "\x1b[2Jevil\nname\x07.toml").write_text("[[claims]]\nid = 3\n")
    for args in (["check"], ["list"], ["check", "-f", "json"]):
        ran = run(*args)
        assert_terminal_safe(ran.out)
        assert_terminal_safe(ran.err)
    env = {"CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache")}
    for args in (["export", "\x1b[2J"], ["xref", "x", "--depth", "\x1b]0;t\x07"],
                 ["list", "--limit", "\x9b5m"], ["\x1b[31m"], ["list", "--\x1b[2J"]):
        ran = run_process(*args, cwd=valid_claims.parent, env=env)
        assert ran.code == 2, (args, ran)
        assert_terminal_safe(ran.out)
        assert_terminal_safe(ran.err)
