"""Edits leave every byte people wrote in place, are atomic, and never interleave."""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import HANDWRITTEN
from edit_lines import only_its_records
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.edit import api
from claimtrack.errors import ClaimtrackError
from claimtrack.index import Index


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines the edit added and removed, by difflib."""
    added, removed = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("+ "):
            added.append(line[2:])
        elif line.startswith("- "):
            removed.append(line[2:])
    return added, removed


EDITS = {
    "review-aot": (["review", "ministry-harbour-sold", "--status", "disputed", "--by", "desk",
                    "--date", "2021-06-01", "--note", "Union denies it."],
                   "harbour.toml",
                   # Written like the reviews before it, indented as somebody likes it.
                   ["", "    [[claims.reviews]]", "    date = 2021-06-01",
                    '    status = "disputed"', '    by = "desk"',
                    '    note = "Union denies it."'], []),
    "review-new-array": (["review", "union-denies-sale", "--status", "unverified",
                          "--date", "2021-06-01", "--by", "desk"], "harbour.toml",
                         ["[[claims.reviews]]", "date = 2021-06-01", 'status = "unverified"',
                          'by = "desk"', ""], []),
    "link-inline": (["link", "union-denies-sale", "disputes", "buyer-shell-company"],
                    "harbour.toml",
                    ['relations = [ {type = "denies", target = "ministry-harbour-sold"}, '
                     '{type = "disputes", target = "buyer-shell-company"} ]'],
                    ['relations = [ {type = "denies", target = "ministry-harbour-sold"} ]']),
    "link-new": (["link", "buyer-not-revealed", "qualifies", "buyer-shell-company",
                  "--note", "no buyer named"], "harbour.toml",
                 ["[[claims.relations]]", 'type = "qualifies"',
                  'target = "buyer-shell-company"', 'note = "no buyer named"', ""], []),
    "unlink": (["unlink", "union-denies-sale", "denies", "ministry-harbour-sold"],
               "harbour.toml", [],
               ['relations = [ {type = "denies", target = "ministry-harbour-sold"} ]']),
    "add": (["add", "--statement", "The union called the memo a forgery.", "--by", "MoP",
             "--kind", "characterization", "--framing", "attributed", "--document", "memo",
             "--quote", "calling the memo", "--id", "union-forgery", "--made", "2021-05"],
            "harbour.toml",
            ["[[claims]]", 'id = "union-forgery"',
             'statement = "The union called the memo a forgery."',
             'claimant = "ministry-of-ports"', 'kind = "characterization"',
             'made = "2021-05"', "", "[[claims.appearances]]",
             'document = "memo"', 'quote = "calling the memo"', 'framing = "attributed"',
             'attribution = "explicit"', ""], []),
    "new-actor": (["new-actor", "--name", "Harbour Authority", "--kind", "agency",
                   "--alias", "the Authority", "--affiliation", "Ministry of Ports"],
                  "actors.toml",
                  ["", "[[actors]]", 'id = "harbour-authority"', 'name = "Harbour Authority"',
                   'kind = "agency"', 'aliases = ["the Authority"]',
                   'affiliation = "ministry-of-ports"'], []),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_changes_only_its_own_lines(name: str, hand: Path) -> None:
    args, file, added, removed = EDITS[name]
    before = {p: p.read_bytes() for p in hand.rglob("*") if p.is_file()}
    code, _, err = run(*args)
    assert (code, err) == (0, "")
    assert changes(before[hand / file].decode(), (hand / file).read_text()) == (added, removed)
    for path, data in before.items():
        if path != hand / file:
            assert path.read_bytes() == data
    assert check_folder(hand).ok


def test_dry_run_prints_the_diff_and_writes_nothing(hand: Path) -> None:
    before = (hand / "harbour.toml").read_bytes()
    code, out, _ = run("link", "buyer-not-revealed", "qualifies", "buyer-shell-company", "-n")
    assert code == 0
    assert out.startswith("--- a/claims/harbour.toml\n+++ b/claims/harbour.toml\n@@ ")
    assert "+[[claims.relations]]\n" in out
    assert (hand / "harbour.toml").read_bytes() == before


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path).encode() + path.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize(("args", "code", "message"), [
    (["review", "no-such-claim", "--status", "disputed"], 2,
     "claimtrack: unknown claim 'no-such-claim'\n"),
    (["review", "union-denies-sale", "--status", "disputd"], 2,
     "claimtrack: --status: unknown status 'disputd'; expected one of: unverified, disputed, "
     "inconclusive, corroborated, confirmed, refuted, retracted, not-checkable; "
     "did you mean 'disputed'?\n"),
    (["add", "--statement", "S.", "--by", "Docker Union", "--kind", "denial", "--framing",
      "denied", "--document", "memo", "--quote", "denied it"], 2,
     "claimtrack: --by: unknown actor 'Docker Union'; did you mean 'Dockers Union'?; "
     "`claimtrack sources` lists every actor\n"),
    (["add", "--statement", "S.", "--by", "dockers-union", "--kind", "denial", "--framing",
      "denied", "--document", "memo", "--quote", "the harbour was bought"], 2,
     "claimtrack: --quote: 'the harbour was bought' is not in document 'memo'\n"),
    (["add", "--statement", "S.", "--by", "dockers-union", "--kind", "denial", "--framing",
      "denied", "--document", "memo", "--quote", "Ministry of Ports"], 2,
     "claimtrack: --quote: 'Ministry of Ports' occurs 2 times in document 'memo'; add "
     "--prefix or --suffix to say which\n"),
    (["add", "--by", "dockers-union"], 2,
     "claimtrack: missing --statement, --kind, --document, --quote, --framing (prompted "
     "only when stdin is a terminal)\n"),
    (["link", "union-denies-sale", "denies", "union-denies-sale"], 2,
     "claimtrack: a claim cannot be related to itself: union-denies-sale denies "
     "union-denies-sale\n"),
    (["link", "union-denies-sale", "refutes", "buyer-shell-company"], 2, None),
    (["link", "union-denies-sale", "denies", "ministry-harbour-sold"], 1, None),
    (["unlink", "union-denies-sale", "supports", "ministry-harbour-sold"], 2,
     "claimtrack: claim 'union-denies-sale' has no relation 'supports ministry-harbour-sold'\n"),
    (["new-actor", "--name", "Ministry of Ports", "--kind", "government"], 2,
     "claimtrack: 'Ministry of Ports' already names actor 'ministry-of-ports'\n"),
    (["review", "union-denies-sale", "--status", "disputed", "--date", "2021-02-30"], 2,
     "claimtrack: --date: '2021-02-30' is not a date (YYYY-MM-DD)\n"),
])
def test_invalid_edits_give_one_message_and_touch_nothing(
        args: list[str], code: int, message: str | None, hand: Path) -> None:
    before = _digest(hand)
    result = run(*args)
    assert result[0] == code
    assert "Traceback" not in result[1] + result[2]
    if message is not None:
        assert result[2] == message
    else:
        assert result[2].startswith("claimtrack: ")
    assert _digest(hand) == before


def test_an_edit_that_adds_a_check_problem_is_refused(hand: Path) -> None:
    before = _digest(hand)
    code, _, err = run("link", "union-denies-sale", "denies", "ministry-harbour-sold")
    assert code == 1
    assert err.startswith("claimtrack: refused: the edit would add 1 problem; nothing was "
                          "written\n  claims/harbour.toml:")
    assert "is listed twice" in err
    assert _digest(hand) == before


def test_a_file_changed_behind_our_back_is_not_overwritten(hand: Path) -> None:
    from claimtrack.files import ConflictError, write_atomic

    path = hand / "harbour.toml"
    read = path.read_bytes()
    path.write_text(path.read_text() + "# someone else's edit\n")
    with pytest.raises(ConflictError, match="changed on disk since claimtrack read it"):
        write_atomic(path, ["new = 1\n"], expected=read)
    assert path.read_text().endswith("# someone else's edit\n")


# --- random sequences of edits -------------------------------------------------------

CLAIM_IDS = ["ministry-harbour-sold", "union-denies-sale", "buyer-shell-company",
             "buyer-not-revealed", "infobox-memo-leaked"]
QUOTES = ["The Dockers Union denied it", "calling the memo", "Memo leaked",
          "the buyer was a shell company", "On 3 May 2021"]
edit_step = st.one_of(
    st.tuples(st.just("review"), st.sampled_from(CLAIM_IDS),
              st.sampled_from(["disputed", "confirmed", "refuted", "inconclusive"])),
    st.tuples(st.just("link"), st.sampled_from(CLAIM_IDS), st.sampled_from(CLAIM_IDS),
              st.sampled_from(["supports", "disputes", "same_as", "qualifies"])),
    st.tuples(st.just("unlink"), st.sampled_from(CLAIM_IDS)),
    st.tuples(st.just("add"), st.sampled_from(QUOTES), st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
        min_size=1, max_size=30)),
    st.tuples(st.just("actor"), st.text(alphabet="abcdefgh XYZ", min_size=3, max_size=12)),
)


def _apply(root: Path, step: tuple[object, ...]) -> None:
    with Index.open(root) as index:
        kind = step[0]
        if kind == "review":
            api.review(index, str(step[1]), status=str(step[2]), by="desk",
                       date="2021-06-01")
        elif kind == "link":
            api.link(index, str(step[1]), str(step[3]), str(step[2]))
        elif kind == "unlink":
            claim = index.claims([str(step[1])])[0]
            if claim.relations:
                rel = claim.relations[0]
                api.unlink(index, claim.id, str(rel.type), rel.target)
        elif kind == "add":
            claim = api.new_claim(index, {"statement": str(step[2]),
                                          "claimant": "unnamed-source", "kind": "report"},
                                  {"framing": "reported", "document": "memo",
                                   "quote": str(step[1])})
            api.add_claim(index, claim)
        else:
            api.new_actor(index, {"name": str(step[1]), "kind": "media"})


def answers(root: Path, *, cache: bool) -> tuple[object, ...]:
    """What check, flags and list say of the folder, from a cached or a fresh index."""
    import datetime as dt

    from claimtrack.check import check
    from claimtrack.flags import FlagContext, find_flags
    from claimtrack.rows import iter_rows
    from claimtrack.select import Query

    with Index.open(root, cache=cache) as index:
        return (check(index, today=dt.date(2026, 1, 1)),
                find_flags(FlagContext(index=index, today=dt.date(2026, 1, 1))),
                list(iter_rows(index, Query())), list(iter_rows(index, Query(view="relations"))))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit_step, min_size=1, max_size=6))
def test_random_edit_sequences_keep_the_folder_sound(steps: list[tuple[object, ...]]) -> None:
    import tempfile
    import tomllib

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "claims"
        shutil.copytree(HANDWRITTEN, root)
        comments = {p.name: [line for line in p.read_text().splitlines()
                             if line.lstrip().startswith("#") or " # " in line]
                    for p in root.glob("*.toml")}
        for step in steps:
            before = {p.name: p.read_text() for p in root.glob("*.toml")}
            # A refused edit (a duplicate relation, a self-relation, …) is fine.
            with contextlib.suppress(ClaimtrackError):
                _apply(root, step)
            after = {p.name: p.read_text() for p in root.glob("*.toml")}
            # The diff against the file just before touches only the edited record.
            target = str(step[1]) if step[0] in ("review", "link", "unlink") else ""
            assert only_its_records(str(step[0]), target, before, after) == [], step
            for path in root.glob("*.toml"):
                tomllib.loads(path.read_text())
            assert [str(p) for p in check_folder(root).problems] == []
            # The cached index, updated file by file, answers as a fresh one does.
            assert answers(root, cache=True) == answers(root, cache=False)
        for path in root.glob("*.toml"):
            lines = path.read_text().splitlines()
            for comment in comments[path.name]:
                assert comment in lines


# --- crashes and concurrency -----------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from claimtrack.files import write_atomic
    path = Path(sys.argv[1])
    a, b = (Path(sys.argv[2]).read_text(), Path(sys.argv[3]).read_text())
    print("ready", flush=True)
    while True:
        current = path.read_bytes()
        write_atomic(path, [b if current == a.encode() else a], expected=current)
""")


def test_sigkill_at_random_moments_leaves_old_or_new_never_torn(tmp_path: Path) -> None:
    old = "# version A\n" + "a = 1\n" * 20000
    new = "# version B\n" + "b = 2\n" * 30000
    (tmp_path / "a.txt").write_text(old)
    (tmp_path / "b.txt").write_text(new)
    target = tmp_path / "file.toml"
    target.write_text(old)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(7)
    kills, seen = 0, set()
    for _ in range(200):
        proc = subprocess.Popen([sys.executable, str(script), str(target),
                                 str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
                                stdout=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"  # the writer is in its loop
        time.sleep(rng.uniform(0, 0.01))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        found = target.read_text()
        assert found in (old, new)
        seen.add(found)
    # The writer really wrote: both versions were found at some kill.
    assert seen == {old, new}
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".file.toml.")]
    assert kills == 200
    # A killed writer may leave its temporary file; it never stands in for the real one.
    assert all(p.endswith(".tmp") for p in leftovers)


def test_two_processes_editing_one_file_lose_nothing(hand: Path) -> None:
    env = {**os.environ, "CLAIMTRACK_CLAIMS": str(hand)}
    per_process = 6
    script = ("import sys\nfrom claimtrack.cli import main\ntag = sys.argv[1]\n"
              f"for n in range({per_process}):\n"
              "    sys.argv = ['claimtrack', 'review', 'buyer-shell-company', '--status', "
              "'disputed', '--date', '2021-06-01', '--note', tag + str(n)]\n"
              "    try:\n        main()\n    except SystemExit as e:\n"
              "        print('exit', e.code, flush=True)\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, tag], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for tag in ("left-", "right-")]
    outputs = [p.communicate(timeout=120) for p in procs]
    with Index.open(hand, cache=False) as index:
        notes = index.claims(["buyer-shell-company"])[0].reviews
    written = {r.note for r in notes}
    succeeded = sum(out.count("reviewed buyer-shell-company") for out, _ in outputs)
    conflicts = sum(err.count("changed on disk") for _, err in outputs)
    assert succeeded + conflicts == 2 * per_process
    assert len(written) == succeeded  # every reported success is in the file
    assert check_folder(hand).ok


def test_typed_words_are_read_in_any_case_as_list_reads_them(hand: Path) -> None:
    """One vocabulary parser: ``add --kind Allegation`` works like ``list --kind
    Allegation``, and the file gets the word as the model spells it."""
    code, _, err = run("add", "--statement", "The union called the memo a forgery.", "--by",
                       "MoP", "--kind", "Characterization", "--framing", "Attributed",
                       "--document", "memo", "--quote", "calling the memo", "--id", "forgery")
    assert (code, err) == (0, "")
    text = (hand / "harbour.toml").read_text()
    assert 'kind = "characterization"' in text and 'framing = "attributed"' in text
    code, out, _ = run("list", "--kind", "Characterization", "-f", "csv", "-c", "id")
    assert (code, out.split()) == (0, ["id", "forgery"])
    code, _, err = run("new-actor", "--name", "Port Auditor", "--kind", "Person",
                       "--reliability", "b")
    assert (code, err) == (0, "")
    assert 'reliability = "B"' in (hand / "actors.toml").read_text()


def test_new_actor_makes_the_id_extract_makes(hand: Path) -> None:
    code, out, _ = run("new-actor", "--name", "Ärzte ohne Grenzen", "--kind", "organization")
    assert (code, out) == (0, "added actor arzte-ohne-grenzen (actors.toml)\n")
