"""``extract`` links each draft claim that restates a claim already in the folder (issue 13).

Per gold pair of the follow-up corpus (``tests/corpus/followups``), the later article is
drafted in a folder of the articles before it (``followup_links``): a draft claim covering
a later claim gold calls the `same` as an earlier one must be linked ``same_as`` to it
(unlinked, it would be a second copy), and one covering a claim gold calls `related` or
`different` must not be. The pairs the linker gets wrong are marked one by one (strict, so
the mark goes when they pass) with the reason found by reading them.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from followup_links import CORPUS, Drafted, Pair, Story, draft_later, judge_link, stories
from followup_links import verdict as verdict_of
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.extract import draft_article
from claimtrack.index import Index
from claimtrack.match.text import clauses, dates, figures

pytestmark = pytest.mark.model  # every test but two drafts articles

STORIES = stories(CORPUS / "followups")
runner = CliRunner()

_MISSED = {
    "b2-holm-earlier-said-water-made-children-ill":
        "drafted as one background claim with her withdrawal; 'contaminated drinking water "
        "had made dozens of children ill' shares only 'water' and 'children' with her "
        "'rashes almost certainly caused by the water' (0.17), less than the lead's drinking "
        "water",
    "b2-tests-found-high-pfas":
        "drafted in one sentence with the closure; its clause 'tests found high levels of "
        "PFAS' is short of CLAUSE against the long LAWB claim (office, date, figure, wells), "
        "so the sentence is linked to the closure only",
    "b2-ministry-says-minister-ordered-within-two-days":
        "linked to the infobox line 'Wells closed: 2' (0.43, 0.32 once discounted as a "
        "summary line), still closer in words than the body's 'ordered both wells closed on "
        "16 January' (0.24): 'within two days of receiving the results' is not a date",
    "b2-campaigners-said-pipe-existed":
        "'such a pipe existed' points back to a sentence of its own article; alone it "
        "shares only 'pipe' with Gruenes Netz's accusation",
    "a2-faleiro-denies-charges":
        "no content word in common with his lawyer's 'has never paid anyone a cent', and "
        "the two claimants are different named people with no affiliation recorded",
    "a2-became-public-raids":
        "linked to 'who leads the investigation' ('investigation', 'police'); with the raids "
        "it shares only 'raid' (a weekday against a date)",
    "a2-suspected-cash-for-clearing":
        "drafted with the lead sentence (a criminal investigation into customs officers), "
        "which shares only 'suspected' and 'containers' with 'taking bribes to let "
        "undeclared containers through'",
    "a3-ledgers-seized-from-atlantida":
        "the seizure is a noun phrase inside the court's ruling, drafted as one ruling "
        "claim; a ruling answers the earlier claim, it does not restate it",
    "a2-few-fraud-cases":
        "drafted as the clause 'it had seen few fraud cases', closer to the 2019 dismissals "
        "(both about the port's record) than to 'fraud cases were rare'",
    "c2-infobox-methods":
        "'Road blockade with tractors' shares only 'tractor' with 'parked about 200 "
        "tractors across both carriageways'",
}
"""The later claims of `same` pairs the linker misses, and why."""

_WRONG = {
    ("b2-district-fined-40000", "b1-veltra-fined-2021"):
        "another fine of the same company; drafts carry no date to tell the two apart",
    ("a3-police-arrest-eight-nightclub", "a2-police-eight-detained"):
        "eight people arrested by police at Castelmar again, months later: the same words "
        "and figure, and no date on the draft",
    ("c2-second-protest-200-farmers", "c1-200-tractors"):
        "drafted as its own clause ('attended by about 200 farmers'): the same figure as "
        "the 200 tractors of the blockade, and the linker weighs the figure over the noun",
}
"""The `related` and `different` pairs the linker links ``same_as``, and why."""


def _params(same: bool) -> list[object]:
    params: list[object] = []
    for story in STORIES:
        for pair in story.pairs:
            if (pair.label == "same") != same:
                continue
            reason = _MISSED.get(pair.a) if same else _WRONG.get((pair.a, pair.b))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            name = pair.name if same else f"{pair.name}~{pair.b}"
            params.append(pytest.param(story, pair, id=name, marks=marks))
    return params


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Story, str], Drafted]:
    """Each later article drafted once for the module, in its folder of earlier articles."""
    done: dict[tuple[str, str], Drafted] = {}

    def get(story: Story, later: str) -> Drafted:
        key = (story.path.name, later)
        if key not in done:
            done[key] = draft_later(story, later, tmp_path_factory.mktemp(later))
        return done[key]

    return get


def test_the_corpus_has_the_pairs_issue_13_asks_for() -> None:
    same = [p for s in STORIES for p in s.pairs if p.label == "same"]
    assert len(same) == 42
    assert {(p.later[:2], p.earlier[:2]) for p in same} == {
        ("a2", "a1"), ("a3", "a1"), ("a3", "a2"), ("b2", "b1"), ("c2", "c1")}
    assert set(_MISSED) <= {p.a for p in same}
    assert set(_WRONG) <= {(p.a, p.b) for s in STORIES for p in s.pairs if p.label != "same"}


@pytest.mark.parametrize(("story", "pair"), _params(same=True))
def test_a_retold_claim_is_linked_to_its_earlier_record(
        story: Story, pair: Pair, drafted: Callable[[Story, str], Drafted]) -> None:
    found = verdict_of(drafted(story, pair.later), pair)
    assert found.drafts, f"no draft claim covers {pair.a}'s quote"
    assert found.targets, f"{found.drafts} restate {pair.b} with no same_as: a second copy"
    assert found.linked, f"{found.drafts} are linked to {found.targets}, not {pair.b}"


@pytest.mark.parametrize(("story", "pair"), _params(same=False))
def test_a_related_or_near_miss_claim_is_not_linked_same_as(
        story: Story, pair: Pair, drafted: Callable[[Story, str], Drafted]) -> None:
    draft = drafted(story, pair.later)
    found = verdict_of(draft, pair)
    wrong = [d for d in found.drafts
             if pair.b in draft.same_as(d) and judge_link(draft, d, pair.b) == "wrong"]
    assert wrong == [], f"{wrong} are linked same_as {pair.b}, which gold calls {pair.label}"


@pytest.mark.model
def test_the_draft_with_its_links_passes_check_and_the_summary_names_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = next(s for s in STORIES if s.path.name == "valdeluna-motorway-blockade")
    later = story.articles[1]
    folder = tmp_path / "claims"
    shutil.copytree(story.path / "claims", folder)
    article = tmp_path / "article.txt"
    shutil.move(folder / "documents" / f"{later}.txt", article)
    (folder / f"{later}.toml").unlink()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(article), "--dossier", later,
                                 "-o", f"claims/{later}.toml"])
    assert result.exit_code == 0, result.output
    written = tomllib.loads((folder / f"{later}.toml").read_text(encoding="utf-8"))
    links = [(c["id"], r["target"]) for c in written["claims"]
             for r in c.get("relations", []) if r["type"] == "same_as"]
    linked = {d for d, _ in links}
    assert f"{len(linked)} draft claims restate claims already in the folder, linked " \
        f"same_as ({len(links)} links):" in result.stderr
    for draft, target in links:
        assert any(draft in line and target in line and "c1-herald-valdeluna-clearance" in line
                   for line in result.stderr.splitlines())
    alleged = {d for d, t in links if t == "c1-quesada-union-paid-fuel"}
    assert alleged, links
    report = check_folder(folder)
    assert report.ok, [str(p) for p in report.problems]


def _linked(tmp_path: Path, first: str, second: str) -> tuple[str, set[tuple[str, str]]]:
    """Draft ``second`` after ``first`` was drafted into the folder: the summary, and the
    links as (quote of the draft claim, quote of the claim it is linked to)."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "claimtrack.toml").write_text("format = 2\n", encoding="utf-8")
    for name, text in (("one", first), ("two", second)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    done = runner.invoke(app, ["--claims", str(tmp_path / "claims"), "extract",
                               str(tmp_path / "one.txt"), "--dossier", "one",
                               "-o", str(tmp_path / "claims" / "one.toml")])
    assert done.exit_code == 0, done.output
    result = runner.invoke(app, ["--claims", str(tmp_path / "claims"), "extract",
                                 str(tmp_path / "two.txt"), "--dossier", "two"])
    assert result.exit_code == 0, result.output
    earlier = tomllib.loads((tmp_path / "claims" / "one.toml").read_text(encoding="utf-8"))
    quotes = {c["id"]: c["appearances"][0]["quote"] for c in earlier["claims"]}
    drafted = tomllib.loads(result.stdout)["claims"]
    return result.stderr, {(c["appearances"][0]["quote"], quotes[r["target"]])
                           for c in drafted for r in c.get("relations", [])
                           if r["type"] == "same_as"}


_FIRST = """Harbour sold

TARNBY, June 4 (Baltic Wire) - The Maritime Authority said the harbour at Tarnby had been \
sold to Nordvik Shipping. The Dockers Union accused the Authority of hiding the price of the \
sale. Police arrested nine dockers at the gate on Monday.
"""


def test_restatements_are_linked_and_an_answer_is_not(tmp_path: Path) -> None:
    err, links = _linked(tmp_path, _FIRST, """Tarnby harbour changes hands

TARNBY, July 9 (Coast News) - The harbour at Tarnby was sold to Nordvik Shipping, the \
Maritime Authority said in June. The Dockers Union denied that the Authority had hidden \
anything. Nine dockers were arrested at the harbour gate, police said.
""")
    # The denial answers the accusation: it is not linked as the same claim.
    assert {(a[:30], b[:30]) for a, b in links} == {
        ("The harbour at Tarnby was sold", "The Maritime Authority said th"),
        ("Nine dockers were arrested at ", "Police arrested nine dockers a")}
    assert "2 draft claims restate claims already in the folder, linked same_as (2 links)" \
        in err


def test_another_named_claimants_words_are_not_the_same_claim(tmp_path: Path) -> None:
    err, links = _linked(tmp_path, _FIRST, """Union view

TARNBY, July 9 (Coast News) - The Dockers Union said the harbour at Tarnby had been sold to \
Nordvik Shipping.
""")
    assert links == set()
    assert "same_as" not in err


@pytest.mark.xfail(strict=True, reason=(
    "issue 25's engine drafts the sentence's two clauses as two claims; the first alone "
    "('officers were attacked with stones on the quay') falls short of the linker's "
    "threshold against 'protesters had thrown stones at officers' (linking is match's, "
    "issue 21)"))
def test_a_sentence_that_retells_two_claims_is_linked_to_both(tmp_path: Path) -> None:
    _, links = _linked(tmp_path, """Clashes at the harbour

TARNBY, June 4 (Baltic Wire) - Police said protesters had thrown stones at officers on the \
quay. Police said that 23 officers were injured in the clashes.
""", """Harbour protest inquiry

TARNBY, July 9 (Coast News) - According to the police, officers were attacked with stones on \
the quay and 23 of them were injured.
""")
    assert {b for _, b in links} == {
        "Police said protesters had thrown stones at officers on the quay.",
        "Police said that 23 officers were injured in the clashes."}
    assert len({a for a, _ in links}) == 1


@pytest.mark.model
def test_without_claims_in_the_folder_nothing_is_linked_or_said(tmp_path: Path) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "claimtrack.toml").write_text("format = 2\n", encoding="utf-8")
    with Index.open(tmp_path / "claims", cache=False) as index:
        draft = draft_article(_FIRST, name="one", folder=index)
    assert draft.links == ()
    assert "same_as" not in draft.toml


def test_the_parts_a_linker_compares_clauses_counts_and_times() -> None:
    assert clauses("Her remarks were shared in January, when two of the wells were shut after "
                   "tests found PFAS.") == ["Her remarks were shared in January",
                                            "two of the wells were shut",
                                            "tests found PFAS."]
    # A count is a figure with the thing it counts; a year or a month counts nothing.
    assert figures("she treated 13 children, not 31, and eight men in 2021") == {
        "children": frozenset({"13"}), "men": frozenset({"8"})}
    assert figures("on 4 March 2024 at 12 times the limit") == {"time": frozenset({"12"})}
    assert dates("tests on 14 January 2025, and in March") == (frozenset({1, 3}),
                                                               frozenset({2025}))
    assert dates("They may act. Oct 3") == (frozenset(), frozenset())


_TESTS = """Water tests

ALTBURG, June 4 (Baltic Wire) - The State Laboratory said its tests in January found \
PFAS at 30 times the legal limit in the town's wells.
"""


def test_another_count_or_another_month_is_not_the_same_claim(tmp_path: Path) -> None:
    err, links = _linked(tmp_path, _TESTS, """Second tests

ALTBURG, July 9 (Coast News) - The State Laboratory said its tests in January found PFAS at \
30 times the legal limit in the wells. The State Laboratory said tests in January found PFAS \
at 12 times the legal limit in the wells. The State Laboratory said its tests in March \
found PFAS at 30 times the legal limit in the wells of the town.
""")
    # The first restates the claim. The second counts otherwise: not linked. The third,
    # in the same words but of another month, is linked at half its likeness at most (by
    # words or by meaning, both at most 1), below the first.
    assert sorted(a.split(" in ")[1] for a, _ in links) == ["January found PFAS at 30 times the "
                                                            "legal limit", "March found PFAS "
                                                            "at 30 times the legal limit"]
    rows = [line.split() for line in err.splitlines()
            if line.split()[-1:] and "." in line.split()[-1]
            and line.split()[-1].replace(".", "").isdigit()]
    january, march = (float(row[-1]) for row in rows)
    assert march <= 0.5 < january


def test_a_clause_restates_a_claim_the_whole_sentence_is_too_long_for(tmp_path: Path) -> None:
    _, links = _linked(tmp_path, """Harbour sold

TARNBY, June 4 (Baltic Wire) - The Maritime Authority said the harbour at Tarnby had been \
sold to Nordvik Shipping. Police arrested nine dockers at the gate on Monday.
""", """Dockers on trial

TARNBY, July 9 (Coast News) - The trial of the dockers opened on a grey morning before a \
crowded court, weeks after nine dockers were arrested at the harbour gate, in a case \
that has divided the town.
""")
    assert {b for _, b in links} == {"Police arrested nine dockers at the gate on Monday."}


def test_a_sentence_that_says_not_or_without_does_not_retell_one_that_does_not(
        tmp_path: Path) -> None:
    _, links = _linked(tmp_path, _FIRST, """Harbour protest

TARNBY, July 9 (Coast News) - The protest by the dockers at the harbour gate on Monday \
ended without arrests. Nine dockers were arrested at the harbour gate, police said.
""")
    assert [a for a, _ in links] == ["Nine dockers were arrested at the harbour gate, police said."]


UNRELATED = Path(__file__).parent / "fixtures" / "unrelated" / "kazakh-militia-plot.txt"
"""An invented story of another country's event of the same kind as the bundled folder's:
a security service in Kazakhstan says it foiled a militia's plot and arrested eight. The
same words (security service, foiled, plot, militia, eight arrested, detained, opposition)
linked three of its drafts to the Armenian claims before issue 21 (0.29 to 0.58)."""


def _unrelated_links(tmp_path: Path) -> list[str]:
    folder = tmp_path / "claims"
    shutil.copytree(Path(__file__).parent.parent / "claims", folder)
    text = UNRELATED.read_text(encoding="utf-8")
    with Index.open(folder, cache=False) as index:
        draft = draft_article(text, name="kazakh-militia-plot", known=index.actors().values(),
                              folder=index, taken_ids=index.documents())
    assert len(draft.extraction.claims) >= 8
    return [f"{link.draft} -> {link.target} ({link.similarity})" for link in draft.links]


def test_an_unrelated_article_is_linked_to_nothing_by_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack.match import semantic

    monkeypatch.setattr(semantic._Loaded, "encoder", None)
    monkeypatch.setattr(semantic._Loaded, "reason", "words only in this test")
    monkeypatch.setattr(semantic._Loaded, "said", True)
    assert _unrelated_links(tmp_path) == []


def test_an_unrelated_article_is_linked_to_nothing_by_meaning_either(tmp_path: Path) -> None:
    assert _unrelated_links(tmp_path) == []
