"""Tables that fit a terminal: no line wider than it, every id printed whole.

The layout rules are tested on their own, then every command that prints a table (or
lines that could be wider than a terminal) is run at 80, 100 and 200 columns, on the
bundled folder and on one with a 46-character claimant id.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.fit import Sort, display_width, fit, hang, vertical, wrap_text

WIDTHS = (80, 100, 200)


def _simple(n: int) -> int:
    return 2 * (n - 1)  # "simple": two spaces between columns, no border


def test_a_table_that_fits_is_left_as_it_is() -> None:
    layout = fit(["id", "statement"], [["a-b", "Short."]], [Sort.KEY, Sort.PROSE],
                 width=80, overhead=_simple)
    assert (layout.kept, layout.headers, layout.cells) == ([0, 1], ["id", "statement"],
                                                           [["a-b", "Short."]])


def test_prose_wraps_at_spaces_and_keys_stay_whole() -> None:
    statement = "The militia agreed to use its arms and ammunition to usurp power."
    layout = fit(["id", "statement"], [["plot-agreement-to-usurp-power", statement]],
                 [Sort.KEY, Sort.PROSE], width=60, overhead=_simple)
    assert layout.cells[0][0] == "plot-agreement-to-usurp-power"
    lines = layout.cells[0][1].split("\n")
    assert max(map(len, lines)) <= 60 - 2 - 29
    assert " ".join(lines) == statement


def test_an_id_inside_prose_is_never_broken() -> None:
    reason = "denied by bazeyan-denies-charges (Albert Bazeyan) and still unverified"
    assert "bazeyan-denies-charges" in wrap_text(reason, 24)
    assert all(len(line) <= 24 for line in wrap_text(reason, 24))


def test_count_columns_shrink_to_their_values_under_a_wrapped_header() -> None:
    headers = ["actor", "unverified", "not-checkable", "total"]
    cells = [["nss", "7", "0", "7"], ["wikipedia-editorial", "27", "9", "37"]]
    kinds = [Sort.KEY, Sort.COUNT, Sort.COUNT, Sort.COUNT]
    layout = fit(headers, cells, kinds, width=49, overhead=_simple)
    assert layout.headers[1:] == ["unverified", "not-\ncheckable", "total"]  # a hyphen first
    layout = fit(headers, cells, kinds, width=40, overhead=_simple)
    assert layout.headers[1:] == ["unver\nified", "not-\ncheck\nable", "total"]  # then pieces
    layout = fit(headers, cells, kinds, width=36, overhead=_simple)
    assert layout.headers[1:] == ["unve\nrifi\ned", "not-\nchec\nkabl\ne", "tot\nal"]
    assert [row[1:] for row in layout.cells] == [["7", "0", "7"], ["27", "9", "37"]]


def test_lists_wrap_between_items() -> None:
    layout = fit(["id", "via"], [["x", "unnamed-source, government-of-armenia, nss"]],
                 [Sort.KEY, Sort.LIST], width=26, overhead=_simple)
    assert layout.cells[0][1].split("\n") == ["unnamed-source,", "government-of-armenia,",
                                              "nss"]


def test_spare_columns_are_left_out_in_their_order() -> None:
    headers = ["id", "attribution", "kind", "statement"]
    cells = [["khachakirner-deemed-ideologically-hostile", "explicit", "characterization",
              "The Khachakirner was deemed ideologically hostile."]]
    kinds = [Sort.KEY, Sort.KEY, Sort.KEY, Sort.PROSE]
    layout = fit(headers, cells, kinds, width=92, overhead=_simple, spare=[[1], [2]])
    assert layout.kept == [0, 1, 2, 3]
    layout = fit(headers, cells, kinds, width=82, overhead=_simple, spare=[[1], [2]])
    assert layout.kept == [0, 2, 3]
    # Rather than narrow the statement below a comfortable width, leave another column out.
    layout = fit(headers, cells, kinds, width=80, overhead=_simple, spare=[[1], [2]])
    assert layout.kept == [0, 3]


def test_when_no_table_fits_each_row_is_a_block() -> None:
    cells = [["khachakirner-deemed-ideologically-hostile",
              "khachakirner-take-matters-into-own-hands", "0.5"]]
    kinds = [Sort.KEY, Sort.KEY, Sort.COUNT]
    layout = fit(["claim", "other", "score"], cells, kinds, width=80, overhead=_simple)
    assert layout.kept is None
    assert vertical(["claim", "other", "score"], cells, kinds, width=80) == (
        "claim: khachakirner-deemed-ideologically-hostile\n"
        "other: khachakirner-take-matters-into-own-hands\n"
        "score: 0.5\n")


def test_a_key_too_wide_beside_its_label_goes_under_it_whole() -> None:
    # A 91-character id in a block at 100 columns: "id:" and its padding put it at 104
    # (the terminal then broke it mid-id); it fits whole on a line of its own (failed on
    # main, which printed it beside its label whatever the width).
    long_id = "ardenvale-stoneworks-denies-receiving-any-warning-about-the-cracked-retaining-" \
        "wall-in-april"
    assert len(long_id) == 91
    block = vertical(["id", "attribution"], [[long_id, "explicit"]], [Sort.KEY, Sort.KEY],
                     width=100)
    lines = block.split("\n")
    assert all(display_width(line) <= 100 for line in lines), lines
    assert long_id in [line.strip() for line in lines]
    assert lines[0] == "id:" and "attribution: explicit" in lines


def test_wide_characters_take_two_columns() -> None:
    assert display_width("東京") == 4 and display_width("é") == 1
    assert all(display_width(line) <= 10 for line in wrap_text("東京 都庁 は 新宿 に ある", 10))


def test_a_table_of_wide_text_fits_and_stays_aligned() -> None:
    from claimtrack.output import Output

    statement = "東京都庁は新宿にある。これは長い文です。" * 3
    rows = [{"id": "tokyo-office", "kind": "event", "statement": statement},
            {"id": "b", "kind": "report", "statement": "An ordinary statement."}]
    text = Output(wrap=True, width=60).render(rows, ["id", "kind", "statement"])
    lines = text.rstrip("\n").split("\n")
    assert max(map(display_width, lines)) <= 60 and len(lines) > 4
    # Every row's statement starts in the same terminal column as its header.
    starts = {display_width(line[:line.index(part)]) for line in lines
              for first, part in (("id ", "statement"), ("tokyo", "東京"), ("b ", "An "))
              if line.startswith(first)}
    assert starts == {22}


def test_a_line_hangs_under_its_value() -> None:
    assert hang("  statement:  one two three four", 24, indent=14) == [
        "  statement:  one two", "              three four"]


# -- every command, at every width ----------------------------------------------------------

COMMANDS = [
    ["list"], ["list", "-f", "github"], ["list", "-f", "grid", "--by", "nss"], ["timeline"],
    ["sources"], ["sources", "--by-kind"], ["sources", "--by-voice"], ["flags"],
    ["xref", "govt-announces-foiled-coup", "--depth", "3"],
    ["xref", "bazeyan-denies-charges", "--depth", "2", "-f", "simple"],
    ["match"], ["match", "--text", "Bazeyan denied taking any part in the plot"],
    ["show", "infobox-commander-bazeyan", "plot-preliminary-conspiracy"],
]
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_RULE = re.compile(r"^[-=+|: ]+$")


def _run(*args: str, columns: int) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


def _body(text: str) -> str:
    """The text without the header of a table (the lines down to its rule of dashes)."""
    lines = text.split("\n")
    rules = [i for i, line in enumerate(lines[:12]) if line and _RULE.match(line)]
    first_rule = next((i for i in rules if i > 0 and lines[i - 1].strip()), None)
    return "\n".join(lines[first_rule + 1:] if first_rule is not None else lines)


def _ids(root: Path) -> set[str]:
    from claimtrack.index import Index

    with Index.open(root, cache=False) as index:
        return {i for table in ("claims", "actors", "documents")
                for (i,) in index.rows(f"SELECT id FROM {table} WHERE live")}


def _assert_fits(args: list[str], root: Path) -> None:
    """At every width: no line wider than the terminal, and every hyphenated token of the
    body is a whole one (an id, or a word of the piped output) — never a piece of an id."""
    code, piped, _ = _run(*args, "--no-wrap", columns=100)
    assert code == 0
    whole = set(_SLUG.findall(piped)) | _ids(root)
    for columns in WIDTHS:
        code, out, err = _run(*args, "--wrap", columns=columns)
        assert code == 0, err
        too_wide = [line for line in out.split("\n") if display_width(line) > columns]
        assert too_wide == [], (columns, too_wide[:3])
        broken = {token for token in _SLUG.findall(_body(out)) if token not in whole}
        assert broken == set(), (columns, broken)
        if err:
            assert err.startswith("claimtrack: ") and "left out to fit" in err


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_table_fits_the_terminal_with_ids_whole(args: list[str],
                                                     bundled_claims: Path) -> None:
    _assert_fits(args, bundled_claims)


@pytest.fixture
def long_ids(bundled_claims: Path) -> Path:
    """The bundled folder with a 46-character claimant id on three claims."""
    long_id = "national-security-service-press-office-armenia"
    assert len(long_id) == 46
    assert _run("new-actor", "--name", "The NSS press desk", "--kind", "agency", "--id",
                long_id, columns=100)[0] == 0
    for claim in ("plot-preliminary-conspiracy", "nss-detected-plot", "nss-preventive-arrest"):
        assert _run("edit", claim, "--by", long_id, columns=100)[0] == 0, claim
    return bundled_claims


@pytest.mark.parametrize("args", [["list"], ["timeline"], ["sources", "--by-kind"], ["flags"],
                                  ["sources"], ["list", "--by", "the NSS press desk"]],
                         ids=" ".join)
def test_a_long_claimant_id_stays_whole(args: list[str], long_ids: Path) -> None:
    _assert_fits(args, long_ids)


def test_check_wraps_its_problems_on_a_terminal(valid_claims: Path) -> None:
    text = (valid_claims / "harbour.toml").read_text()
    (valid_claims / "harbour.toml").write_text(text.replace('id = "buyer-shell-company"',
                                                            'id = "Buyer Shell Company"'))
    code, piped, _ = _run("check", columns=80)
    assert code == 1 and any(len(line) > 80 for line in piped.split("\n"))
    code, out, _ = _run("check", "--wrap", columns=80)
    assert code == 1 and max(map(len, out.split("\n"))) <= 80
    assert out.split("\n")[0].startswith("claims/harbour.toml:")
    assert " ".join(out.split()) == " ".join(piped.split())


def test_no_truncate_keeps_every_column(bundled_claims: Path) -> None:
    code, out, err = _run("list", "--wrap", columns=100)
    assert err == ("claimtrack: attribution, framing, kind, status left out to fit 100 "
                   "columns; --no-truncate shows every column, -c chooses them\n")
    assert out.split("\n")[0].split() == ["id", "claimant", "statement"]
    code, out, err = _run("list", "--wrap", "--no-truncate", columns=100)
    assert (code, err) == (0, "")
    assert out.startswith("id:")  # every column: as blocks, since no table fits
    code, out, err = _run("list", "--wrap", "-c", "id,kind,status", columns=80)
    assert (code, err) == (0, "")
    assert out.split("\n")[0].split() == ["id", "kind", "status"]


def test_piped_tables_keep_one_line_a_row(bundled_claims: Path) -> None:
    code, out, _ = _run("list", columns=80)
    lines = out.rstrip("\n").split("\n")
    assert code == 0 and len(lines) == 2 + len(_run("list", "-f", "csv", columns=80)[1]
                                                 .rstrip("\n").split("\n")) - 1


def test_timeline_says_undated_in_a_table_and_null_in_json(bundled_claims: Path) -> None:
    import json

    _, out, _ = _run("timeline", "--wrap", "-c", "date,id", columns=100)
    assert "undated     infobox-conflict-coup-attempt" in out
    rows = json.loads(_run("timeline", "-f", "json", columns=100)[1])
    assert {r["date"] for r in rows if r["id"] == "infobox-conflict-coup-attempt"} == {None}


def test_readme_github_example_keeps_ids_whole() -> None:
    """README's own ``list -f github`` example: no id split across rows."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split('$ claimtrack list --by "the NSS" --by Bazeyan -f github', 1)[1]
    table = block.split("```", 1)[0]
    ids = set(_ids(Path(__file__).parent.parent / "claims"))
    rows = [line for line in table.strip().split("\n")[2:] if line.startswith("|")]
    firsts = [line.split("|")[1].strip() for line in rows]
    assert all(first in ids or first == "" for first in firsts), firsts
    assert len([f for f in firsts if f]) == 8 and max(map(len, rows)) <= 100


@pytest.mark.parametrize("args", [["list"], ["timeline"], ["flags", "--by-claim"]],
                         ids=" ".join)
def test_an_id_almost_as_wide_as_the_terminal_stays_whole_on_its_line(
        args: list[str], bundled_claims: Path) -> None:
    long_id = "nss-detected-plot-and-arrested-the-ringleaders-before-the-planned-seizure-of-" \
        "power-in-yerevan"
    assert len(long_id) == 93
    assert _run("rename", "nss-detected-plot", long_id, columns=100)[0] == 0
    code, out, err = _run(*args, "--wrap", columns=100)
    assert code == 0, err
    assert [line for line in out.split("\n") if display_width(line) > 100] == []
    assert long_id in out
