"""Every edit rewrites only the lines of the records it changes, whatever came before it:
random sequences of every edit (review, link, unlink, accept, edit, remove, rename, add,
new-actor) and of every form of ``serve``, each step's diff checked against the file as
it was just before (issue 20)."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import HANDWRITTEN
from edit_lines import only_its_records, outside_changes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import check_folder
from test_edit import CLAIM_IDS, QUOTES
from werkzeug.test import Client

from claimtrack.edit import api
from claimtrack.edit.rename import rename_claim
from claimtrack.errors import ClaimtrackError
from claimtrack.index import Index
from claimtrack.serve.app import ServeApp
from claimtrack.serve.security import COOKIE, Gate

BASE = "http://127.0.0.1:8123"
TOKEN = "edit-lines-test-token-0123456789"
TYPES = ["supports", "disputes", "same_as", "qualifies", "elaborates"]
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
                min_size=1, max_size=20)
_CLAIM = st.sampled_from(CLAIM_IDS)

step = st.one_of(
    st.tuples(st.just("review"), _CLAIM, st.sampled_from(["disputed", "refuted"]), _TEXT),
    st.tuples(st.just("link"), _CLAIM, _CLAIM, st.sampled_from(TYPES)),
    st.tuples(st.just("unlink"), _CLAIM),
    st.tuples(st.just("draft"), _CLAIM),
    st.tuples(st.just("accept"), _CLAIM),
    st.tuples(st.just("edit"), _CLAIM, st.sampled_from(["statement", "notes", "made", "cue",
                                                         "framing", "tag", "untag", "kind"]),
              _TEXT),
    st.tuples(st.just("remove"), st.sampled_from(["buyer-shell-company",
                                                  "buyer-not-revealed"])),
    st.tuples(st.just("add"), st.sampled_from(QUOTES), _TEXT),
    st.tuples(st.just("actor"), st.text(alphabet="abcdefgh XYZ", min_size=3, max_size=12)),
    st.tuples(st.just("form-review"), _CLAIM, st.sampled_from(["confirmed", "disputed"])),
    st.tuples(st.just("form-accept"), _CLAIM),
    st.tuples(st.just("form-link"), _CLAIM, _CLAIM, st.sampled_from(TYPES)),
    st.tuples(st.just("form-edit"), _CLAIM, _TEXT),
    st.tuples(st.just("form-appearance"), _CLAIM, st.sampled_from(["alleged", "reported"])),
    st.tuples(st.just("form-remove"), st.sampled_from(["buyer-shell-company",
                                                       "buyer-not-revealed"])),
    st.tuples(st.just("rename"), _CLAIM, st.sampled_from(["renamed-here", "renamed-there"])),
    st.tuples(st.just("form-rename"), _CLAIM, st.sampled_from(["renamed-here",
                                                               "renamed-on-page"])),
)


def _library(root: Path, step: tuple[Any, ...]) -> None:
    kind = step[0]
    with Index.open(root, cache=False) as index:
        if kind == "review":
            api.review(index, step[1], status=step[2], note=step[3], by="Desk",
                       date="2026-01-05", evidence=["https://example.org/register"])
        elif kind == "link":
            api.link(index, step[1], step[3], step[2], note="why")
        elif kind == "unlink":
            for claim in index.claims([step[1]]):  # none once removed
                if claim.relations:
                    api.unlink(index, claim.id, str(claim.relations[0].type),
                               claim.relations[0].target)
        elif kind == "draft":
            api.edit_claim(index, step[1], add={"tags": ["draft"]})
        elif kind == "accept":
            api.accept(index, [step[1]], by="Desk", date="2026-01-04")
        elif kind == "edit":
            _edit(index, step[1], step[2], step[3])
        elif kind == "remove":
            api.remove_claim(index, step[1], unlink=True)
        elif kind == "rename":
            rename_claim(index, step[1], step[2])
        elif kind == "add":
            claim = api.new_claim(index, {"statement": step[2], "claimant": "unnamed-source",
                                          "kind": "report"},
                                  {"framing": "reported", "document": "memo",
                                   "quote": step[1]})
            api.add_claim(index, claim)
        else:
            api.new_actor(index, {"name": step[1], "kind": "media"})


def _edit(index: Index, claim_id: str, field: str, text: str) -> None:
    if field in ("statement", "notes"):
        api.edit_claim(index, claim_id, {field: text})
    elif field == "made":
        api.edit_claim(index, claim_id, {"made": "2021-05" if len(text) % 2 else ""})
    elif field in ("cue", "framing"):
        value = text if field == "cue" else ("alleged" if len(text) % 2 else "asserted")
        api.edit_claim(index, claim_id, appearance={field: value}, number=1)
    elif field == "kind":
        api.edit_claim(index, claim_id,
                       {"kind": "allegation" if len(text) % 2 else "report"})
    elif field == "tag":
        api.edit_claim(index, claim_id, add={"tags": [text.strip() or "x"]})
    else:
        api.edit_claim(index, claim_id, remove={"tags": ["draft"]})


class _Forms:
    """``serve`` over the folder, signed in, posting its forms as a browser would."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.app = ServeApp(root=root, gate=Gate(token=TOKEN, host="127.0.0.1", port=8123),
                            cache=False, reviewer="Desk", today=lambda: dt.date(2026, 1, 6))
        self.client = Client(self.app)
        assert self.client.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
        cookie = self.client.get_cookie(COOKIE, domain="127.0.0.1")
        assert cookie is not None
        self.csrf = self.app.gate.csrf(cookie.value)

    def post(self, claim_id: str, action: str, fields: dict[str, str]) -> None:
        with Index.open(self.root, cache=False) as index:
            version = api.claim_version(index, claim_id)
        response = self.client.post(f"/claim/{claim_id}/{action}", base_url=BASE, data={
            **fields, "csrf": self.csrf, "version": version})
        if response.status_code != 303:
            raise ClaimtrackError(f"form refused: {response.status_code}")

    def send(self, step: tuple[Any, ...]) -> None:
        kind, claim_id = step[0], step[1]
        if kind == "form-review":
            self.post(claim_id, "review", {"status": step[2], "note": "Checked.",
                                           "by": "Desk", "date": "2026-01-06"})
        elif kind == "form-accept":
            self.post(claim_id, "accept", {"by": "Desk", "date": "2026-01-06"})
        elif kind == "form-link":
            self.post(claim_id, "link", {"type": step[3], "target": step[2]})
        elif kind == "form-edit":
            self.post(claim_id, "edit", {"statement": step[2]})
        elif kind == "form-appearance":
            self.post(claim_id, "appearance", {"appearance": "1", "framing": step[2]})
        elif kind == "form-rename":
            self.post(claim_id, "rename", {"new": step[2]})
        else:
            self.post(claim_id, "remove", {"confirm": "yes", "unlink": "yes"})


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "claims"
        shutil.copytree(HANDWRITTEN, root)
        yield root


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=8))
def test_each_edit_touches_only_its_records_lines(steps: list[tuple[Any, ...]]) -> None:
    with _folder() as root:
        forms = _Forms(root)
        for number, current in enumerate(steps):
            before = {p.name: p.read_text("utf-8") for p in root.glob("*.toml")}
            try:
                if current[0].startswith("form-"):
                    forms.send(current)
                else:
                    _library(root, current)
            except ClaimtrackError:
                pass  # refused (a duplicate link, gone already, not a draft): see below
            after = {p.name: p.read_text("utf-8") for p in root.glob("*.toml")}
            assert only_its_records(current[0].removeprefix("form-"), current[1], before,
                                    after) == [], (number, current)
            assert [str(p) for p in check_folder(root).problems] == [], (number, current)


# -- the sequence the issue reproduced, spelled out -------------------------------------------


def test_an_edit_after_link_and_accept_moves_nothing(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    shutil.copytree(HANDWRITTEN, root)
    path = root / "harbour.toml"
    with Index.open(root, cache=False) as index:
        api.review(index, "buyer-shell-company", status="unverified", by="Desk",
                   date="2026-01-01", note="First look.")
        api.edit_claim(index, "buyer-shell-company", add={"tags": ["draft"]})
        api.link(index, "buyer-shell-company", "supports", "buyer-not-revealed")
        api.review(index, "buyer-shell-company", status="refuted", by="Desk",
                   date="2026-01-02", note="The registry names a real firm.")
        api.accept(index, ["buyer-shell-company"], by="Night desk", date="2026-01-03")
    linked = path.read_text()
    # The reviews stay together, the relation after them: no later rewrite moves them.
    reviews = [n for n, line in enumerate(linked.splitlines()) if line == "[[claims.reviews]]"]
    relation = linked.splitlines().index("[[claims.relations]]")
    assert len(reviews) >= 2 and max(reviews) < relation
    for claim_id, change in (("buyer-not-revealed", {"notes": "Asked the ministry."}),
                             ("infobox-memo-leaked", {"made": "2021-05"}),
                             ("ministry-harbour-sold", {"kind": "statement"})):
        before = path.read_text()
        with Index.open(root, cache=False) as index:
            api.edit_claim(index, claim_id, change)
        after = path.read_text()
        assert outside_changes(before, after, table="claims", changed={claim_id}) == []
    assert path.read_text().endswith("# trailing comment at the very end\n")


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_a_file_without_a_final_newline_keeps_its_last_line(tmp_path: Path,
                                                              crlf: bool) -> None:
    # An edit of the first claim added a newline after the file's last line, another
    # record's (failed on main); a record added at the end keeps the file's way too.
    root = tmp_path / "claims"
    shutil.copytree(HANDWRITTEN, root)
    path = root / "harbour.toml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
    before = path.read_bytes()
    with Index.open(root, cache=False) as index:
        api.edit_claim(index, "ministry-harbour-sold", {"kind": "statement"})
    after = path.read_bytes()
    assert after.endswith(before[-40:]) and not after.endswith(b"\n")
    assert outside_changes(before.decode(), after.decode(), table="claims",
                           changed={"ministry-harbour-sold"}) == []
    with Index.open(root, cache=False) as index:
        api.link(index, "infobox-memo-leaked", "supports", "buyer-not-revealed")
    assert not path.read_bytes().endswith(b"\n")
    assert check_folder(root).ok
