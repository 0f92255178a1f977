"""edit, remove, accept: finishing a draft changes only its own lines, or nothing at all."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import HANDWRITTEN
from edit_lines import only_its_records
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import check_folder
from test_edit import CLAIM_IDS, answers, changes, run

from claimtrack.edit import api
from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.index import Index


@pytest.fixture
def hand(hand: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """conftest's hand-written folder, with a known default reviewer."""
    # git's user.name is the default reviewer: make it known and the same everywhere.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Desk Editor\n")
    return hand


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path).encode() + path.read_bytes())
    return h.hexdigest()


def _tag_draft(hand: Path, claim_id: str) -> None:
    """Make one claim of the fixture a draft, as extract writes them."""
    with Index.open(hand) as index:
        api.edit_claim(index, claim_id, add={"tags": ["draft", "cue:reported"]})


EDITS = {
    "claim fields, replaced in place and added after the last key": (
        ["edit", "buyer-shell-company", "--kind", "allegation", "--made", "2021-05",
         "--notes", "Check the registry."],
        ['kind = "allegation"', 'made = "2021-05"', 'notes = "Check the registry."'],
        ['kind = "report"']),
    "a comment on the line stays": (
        ["edit", "ministry-harbour-sold", "--by", "Dockers Union"],
        ['claimant = "dockers-union"     # the ministry speaks for itself'],
        ['claimant = "ministry-of-ports"     # the ministry speaks for itself']),
    "an appearance table": (
        ["edit", "buyer-shell-company", "--framing", "alleged", "--via", "MoP",
         "--cue", "it was reported"],
        ['framing = "alleged"', 'via = ["ministry-of-ports"]', 'cue = "it was reported"'],
        ['framing = "reported"']),
    "an inline appearance": (
        ["edit", "union-denies-sale", "--appearance", "1", "--framing", "disputed"],
        ['appearances = [{document = "memo", quote = "The Dockers Union denied it", '
         'framing = "disputed", attribution = "explicit"}]'],
        ['appearances = [{document = "memo", quote = "The Dockers Union denied it", '
         'framing = "denied", attribution = "explicit"}]']),
    "clearing a multi-line list": (
        ["edit", "union-denies-sale", "--add-tag", "harbour"],
        ['tags = ["harbour"]'], []),
    "statement and about": (
        ["edit", "infobox-memo-leaked", "--statement", "The memo was leaked.",
         "--about", "the Ministry"],
        ['statement = "The memo was leaked."', 'about = ["ministry-of-ports"]'],
        ['statement = "The memo leaked."']),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edit_changes_only_its_own_lines(name: str, hand: Path) -> None:
    args, added, removed = EDITS[name]
    before = (hand / "harbour.toml").read_text()
    others = {p: p.read_bytes() for p in hand.rglob("*")
              if p.is_file() and p.name != "harbour.toml"}
    code, out, err = run(*args)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"edited {args[1]} (harbour.toml)")
    assert changes(before, (hand / "harbour.toml").read_text()) == (added, removed)
    assert all(p.read_bytes() == data for p, data in others.items())
    assert check_folder(hand).ok


def test_edit_dry_run_prints_the_diff_and_writes_nothing(hand: Path) -> None:
    before = _digest(hand)
    code, out, _ = run("edit", "buyer-shell-company", "--kind", "allegation", "-n")
    assert code == 0
    assert '-kind = "report"\n+kind = "allegation"\n' in out
    assert _digest(hand) == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (["edit", "buyer-shell-company"], 2,
     "claimtrack: nothing to change: give at least one field to set\n"),
    (["edit", "buyer-shell-company", "--kind", "rumour"], 2, None),
    (["edit", "buyer-shell-company", "--by", "Docker Union"], 2,
     "claimtrack: --by: unknown actor 'Docker Union'; did you mean 'Dockers Union'?; "
     "`claimtrack sources` lists every actor\n"),
    (["edit", "buyer-shell-company", "--appearance", "2", "--framing", "alleged"], 2,
     "claimtrack: --appearance: claim 'buyer-shell-company' has 1 appearance; expected 1 "
     "to 1\n"),
    (["edit", "buyer-shell-company", "--made", "2021-13"], 2, None),
    (["edit", "buyer-shell-company", "--statement", " "], 2,
     "claimtrack: --statement: a claim needs a statement\n"),
    # own attribution needs the document's voice as claimant: check refuses it.
    (["edit", "buyer-shell-company", "--attribution", "own"], 1, None),
    (["remove", "ministry-harbour-sold"], 2,
     "claimtrack: claim 'ministry-harbour-sold' is related to by union-denies-sale; remove "
     "those relations first, or add --unlink\n"),
    (["remove", "no-such-claim"], 2, None),
    (["accept", "buyer-shell-company"], 2,
     "claimtrack: claim 'buyer-shell-company' is not a draft (it has no 'draft' tag)\n"),
])
def test_invalid_edits_touch_nothing(args: list[str], code: int, message: str | None,
                                     hand: Path) -> None:
    before = _digest(hand)
    got, out, err = run(*args)
    assert got == code, err
    assert "Traceback" not in out + err
    if message is not None:
        assert err == message
    else:
        assert err.startswith("claimtrack: ")
    assert _digest(hand) == before


def test_remove_takes_the_record_and_nothing_else(hand: Path) -> None:
    before = (hand / "harbour.toml").read_text()
    code, _, err = run("remove", "buyer-shell-company")
    assert (code, err) == (0, "")
    record = ('\n[[claims]]\nid = "buyer-shell-company"\n'
              'statement = "The buyer was a shell company."\nclaimant = "unnamed-source"\n'
              'kind = "report"\n\n[[claims.appearances]]\ndocument = "memo"\n'
              'quote = "It was reported that the buyer was a shell company."\n'
              'framing = "reported"\nattribution = "explicit"\n')
    assert record in before
    assert (hand / "harbour.toml").read_text() == before.replace(record, "", 1)
    assert check_folder(hand).ok


def test_remove_with_unlink_drops_the_relations_to_it(hand: Path) -> None:
    before = (hand / "harbour.toml").read_text()
    code, _, err = run("remove", "ministry-harbour-sold", "--unlink")
    assert (code, err) == (0, "")
    after = (hand / "harbour.toml").read_text()
    added, removed = changes(before, after)
    assert added == []
    assert 'relations = [ {type = "denies", target = "ministry-harbour-sold"} ]' in removed
    assert "    # reviews are indented here, as somebody likes it" in removed
    assert "# --- The announcement and its denial -------------------------------------" \
           "-----------" in after
    assert "ministry-harbour-sold" not in after
    assert check_folder(hand).ok


def test_remove_refuses_a_claim_cited_as_evidence(hand: Path) -> None:
    assert run("review", "ministry-harbour-sold", "--status", "disputed", "--date",
               "2021-06-01", "--evidence", "buyer-shell-company")[0] == 0
    before = _digest(hand)
    code, _, err = run("remove", "buyer-shell-company", "--unlink")
    assert code == 2
    assert "cited as evidence in the reviews of ministry-harbour-sold" in err
    assert _digest(hand) == before


def test_remove_unlinks_across_files(hand: Path) -> None:
    other = hand / "second.toml"
    other.write_text('# A second dossier\n\n[[claims]]\nid = "echo"\n'
                     'statement = "The sale was echoed."\nclaimant = "dockers-union"\n'
                     'kind = "report"\n\n[[claims.appearances]]\ndocument = "memo"\n'
                     'quote = "calling the memo"\nframing = "reported"\n'
                     'attribution = "explicit"\n\n[[claims.relations]]\ntype = "supports"\n'
                     'target = "buyer-shell-company"\n\n# end\n')
    assert check_folder(hand).ok
    code, out, _ = run("remove", "buyer-shell-company", "--unlink", "--dry-run")
    assert code == 0
    assert "+++ b/claims/second.toml" in out and "+++ b/claims/harbour.toml" in out
    code, out, err = run("remove", "buyer-shell-company", "--unlink")
    assert (code, err) == (0, ""), err
    assert out == "removed buyer-shell-company (second.toml, harbour.toml)\n"
    assert other.read_text() == ('# A second dossier\n\n[[claims]]\nid = "echo"\n'
                                 'statement = "The sale was echoed."\n'
                                 'claimant = "dockers-union"\nkind = "report"\n\n'
                                 '[[claims.appearances]]\ndocument = "memo"\n'
                                 'quote = "calling the memo"\nframing = "reported"\n'
                                 'attribution = "explicit"\n\n# end\n')
    assert check_folder(hand).ok


def test_accept_removes_the_tag_and_records_who_and_when(hand: Path) -> None:
    _tag_draft(hand, "buyer-shell-company")
    _tag_draft(hand, "buyer-not-revealed")
    with Index.open(hand) as index:
        statuses = {c.id: c.status for c in index.claims(["buyer-shell-company",
                                                          "buyer-not-revealed"])}
    before = (hand / "harbour.toml").read_text()
    code, out, err = run("accept", "buyer-shell-company", "buyer-not-revealed",
                         "--date", "2021-06-02")
    assert (code, err) == (0, ""), err
    assert out == "accepted buyer-shell-company, buyer-not-revealed (harbour.toml)\n"
    # The tag goes; who accepted and when goes after the claim's last key. No review is
    # added: acceptance is not a verdict.
    stamp = 'accepted = { by = "Desk Editor", date = 2021-06-02 }\n'
    expected = before.replace('tags = ["draft", "cue:reported"]\n',
                              f'tags = ["cue:reported"]\n{stamp}')
    assert (hand / "harbour.toml").read_text() == expected
    assert expected.count(stamp) == 2
    with Index.open(hand) as index:
        after = index.claims(["buyer-shell-company", "buyer-not-revealed"])
    assert {c.id: c.status for c in after} == statuses
    assert all(c.accepted is not None and c.accepted.by == "Desk Editor" and not c.draft
               for c in after)
    assert check_folder(hand).ok


def test_accept_without_a_reviewer_is_a_usage_error(hand: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _tag_draft(hand, "buyer-shell-company")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    before = _digest(hand)
    code, _, err = run("accept", "buyer-shell-company")
    assert code == 2
    assert err == ("claimtrack: --by: say who accepts the drafts: give a name, or set one "
                   "with git config user.name\n")
    assert _digest(hand) == before
    assert run("accept", "buyer-shell-company", "--by", "Night desk")[0] == 0


def test_review_names_its_reviewer(hand: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--by, else git's user.name, else a refusal that says what to do."""
    code, _, err = run("review", "buyer-shell-company", "--status", "disputed",
                       "--date", "2021-06-03")
    assert (code, err) == (0, "")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    before = _digest(hand)
    code, _, err = run("review", "buyer-shell-company", "--status", "refuted")
    assert code == 2
    assert err == ("claimtrack: --by: say who reviews it: give a name, or set one with git "
                   "config user.name\n")
    assert _digest(hand) == before
    assert run("review", "buyer-shell-company", "--status", "refuted", "--by", "Night desk",
               "--date", "2021-06-04")[0] == 0
    with Index.open(hand) as index:
        reviews = index.claims(["buyer-shell-company"])[0].reviews
    assert [(r.by, str(r.status)) for r in reviews] == [("Desk Editor", "disputed"),
                                                       ("Night desk", "refuted")]


def test_a_stale_version_is_refused(hand: Path) -> None:
    with Index.open(hand) as index:
        seen = api.claim_version(index, "buyer-shell-company")
        api.edit_claim(index, "buyer-shell-company", {"notes": "changed elsewhere"})
        before = _digest(hand)
        with pytest.raises(UsageError, match="changed since this form was shown"):
            api.review(index, "buyer-shell-company", status="disputed", by="Desk",
                       version=seen)
        assert _digest(hand) == before
        fresh = api.claim_version(index, "buyer-shell-company")
        api.review(index, "buyer-shell-company", status="disputed", by="Desk",
                   version=fresh)


# --- random sequences of edits -----------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
                min_size=1, max_size=25)
finishing_step = st.one_of(
    st.tuples(st.just("statement"), st.sampled_from(CLAIM_IDS), _TEXT),
    st.tuples(st.just("notes"), st.sampled_from(CLAIM_IDS), _TEXT),
    st.tuples(st.just("kind"), st.sampled_from(CLAIM_IDS),
              st.sampled_from(["report", "allegation", "statement"])),
    st.tuples(st.just("tags"), st.sampled_from(CLAIM_IDS), st.sampled_from(["draft", "x y"])),
    st.tuples(st.just("framing"), st.sampled_from(CLAIM_IDS),
              st.sampled_from(["alleged", "reported", "asserted"])),
    st.tuples(st.just("cue"), st.sampled_from(CLAIM_IDS), _TEXT),
    st.tuples(st.just("accept"), st.sampled_from(CLAIM_IDS)),
    # Records with no comment inside them: removing one keeps every comment of the file.
    st.tuples(st.just("remove"), st.sampled_from(["buyer-shell-company",
                                                  "buyer-not-revealed"])),
)


def _finish(root: Path, step: tuple[str, ...]) -> None:
    kind, claim_id, *rest = step
    with Index.open(root) as index:
        if kind in ("statement", "notes", "kind"):
            api.edit_claim(index, claim_id, {kind: rest[0]})
        elif kind == "tags":
            api.edit_claim(index, claim_id, add={"tags": [rest[0]]})
        elif kind in ("framing", "cue"):
            api.edit_claim(index, claim_id, appearance={kind: rest[0]}, number=1)
        elif kind == "accept":
            api.accept(index, [claim_id], by="Desk", date="2026-01-02")
        else:
            api.remove_claim(index, claim_id, unlink=True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(finishing_step, min_size=1, max_size=5))
def test_random_finishing_edits_keep_the_folder_sound(steps: list[tuple[str, ...]]) -> None:
    import tempfile
    import tomllib

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "claims"
        shutil.copytree(HANDWRITTEN, root)
        comments = {p.name: [line for line in p.read_text().splitlines()
                             if line.lstrip().startswith("#") or " # " in line]
                    for p in root.glob("*.toml")}
        for step in steps:
            before = {p.name: p.read_bytes() for p in root.glob("*.toml")}
            try:
                _finish(root, step)
            except ClaimtrackError:
                # Refused (gone already, not a draft, a new problem): nothing changed.
                assert {p.name: p.read_bytes() for p in root.glob("*.toml")} == before
            after = {p.name: p.read_text() for p in root.glob("*.toml")}
            # The diff against the file just before touches only the edited claim.
            kind = "remove" if step[0] == "remove" else "edit"
            assert only_its_records(kind, step[1], {k: v.decode() for k, v in before.items()},
                                    after) == [], step
            for path in root.glob("*.toml"):
                tomllib.loads(path.read_text())
            assert [str(p) for p in check_folder(root).problems] == []
            assert answers(root, cache=True) == answers(root, cache=False)
        for path in root.glob("*.toml"):
            lines = path.read_text().splitlines()
            for comment in comments[path.name]:
                # A statement or claimant line keeps its comment, with the new value.
                assert comment in lines or comment.split("#", 1)[1] in path.read_text()
