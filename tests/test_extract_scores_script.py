"""``scripts/extract_scores.py``: the per-article table, the totals and the shapes of misses.

Run on a copy of one tuning-corpus article and on a hand-made two-article set (never on a
held-out set: scoring those is a decision, not a test).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.model  # the script drafts every article it scores

ROOT = Path(__file__).parent.parent
CORPUS = Path(__file__).parent / "corpus"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_scores",
                                                  ROOT / "scripts" / "extract_scores.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_scores"] = module
    spec.loader.exec_module(module)
    return module


ARTICLE = ("Customs officers seized 40 crates at the port, Vellmark Customs said. "
           "The importer, Brisk Trading, denied owning the crates.\n")
GOLD = """\
[[documents]]
id = "article"
title = "t"
text = "article.txt"
sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
voice = "editorial"

[[actors]]
id = "editorial"
name = "The paper (editorial voice)"
kind = "editorial"

[[actors]]
id = "customs"
name = "Vellmark Customs"
kind = "agency"

[[actors]]
id = "brisk"
name = "Brisk Trading"
kind = "organization"

[[claims]]
id = "seized"
statement = "Customs officers seized 40 crates at the port."
claimant = "customs"
kind = "statement"
appearances = [{ document = "article", quote = "Customs officers seized 40 crates at the port, \
Vellmark Customs said.", framing = "attributed", attribution = "explicit", \
cue = "Vellmark Customs said" }]

[[claims]]
id = "denied"
statement = "Brisk Trading does not own the crates."
claimant = "brisk"
kind = "denial"
appearances = [{ document = "article", quote = "The importer, Brisk Trading, denied owning the \
crates.", framing = "denied", attribution = "explicit", cue = "denied" }]
relations = [{ type = "denies", target = "seized" }]
"""


@pytest.fixture
def two_articles(tmp_path: Path) -> Path:
    """A set of two articles: a copy of norway-doping and a hand-made one."""
    shutil.copytree(CORPUS / "norway-doping", tmp_path / "set" / "norway-doping")
    (tmp_path / "set" / "crates").mkdir()
    (tmp_path / "set" / "crates" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "set" / "crates" / "expected.toml").write_text(GOLD, encoding="utf-8")
    return tmp_path / "set"


def test_the_table_has_a_row_per_article_and_a_total(two_articles: Path) -> None:
    script = _script()
    scored = [script.score(*found) for found in script.articles(two_articles)]
    assert [a.name for a in scored] == ["crates", "norway-doping"]
    lines = script.table(scored, tablefmt="github").splitlines()
    assert lines[0].split("|")[1:-1] == [f" {h:<{len(c) - 2}} "
                                         for h, c in zip(["article", *script.COLUMNS],
                                                         lines[0].split("|")[1:-1],
                                                         strict=True)]
    assert [line.split("|")[1].strip() for line in lines[2:]] == [
        "crates", "norway-doping", "total"]
    total = script.total(a.score for a in scored)
    expected = sum(a.score.expected for a in scored)
    assert total.expected == expected and f"/{expected})" in lines[-1]


def test_every_miss_is_listed_once_under_a_shape(two_articles: Path) -> None:
    script = _script()
    crates = script.score("crates", two_articles / "crates" / "article.txt",
                          (two_articles / "crates" / "expected.toml").read_text())
    unit = next(u for u in crates.units if u.claim_id == "seized")
    assert script.shapes(unit, crates) == ["trailing attribution"]
    denied = next(u for u in crates.units if u.claim_id == "denied")
    assert script.shapes(denied, crates)[0] == "pronoun or role noun as the source"
    listed = script.by_shape([crates], markdown=True)
    problems = (len({e for e, _ in crates.score.wrong_claimant} | set(crates.score.misses)
                    | {e for e, _ in crates.score.wrong_chain}
                    | {e for e, _ in crates.score.laundered})
                + len(crates.score.false_alarms) + len(crates.score.wrong_kinds)
                + len(crates.score.unmatched_actors) + len(crates.score.missed_relations)
                + len(crates.score.reversed_relations))
    assert listed.count("\n- ") == problems
    rows = script.shape_table([crates], tablefmt="tsv").splitlines()[1:]
    assert sum(int(row.split("\t")[1]) for row in rows) == len(crates.units) == 2


def test_json_holds_every_article_and_the_total(two_articles: Path) -> None:
    script = _script()
    scored = [script.score(*found) for found in script.articles(two_articles)]
    data = json.loads(json.dumps(script.as_json(scored)))
    assert set(data["articles"]) == {"crates", "norway-doping"}
    assert data["total"]["counts"]["expected"] == sum(
        a["counts"]["expected"] for a in data["articles"].values())
