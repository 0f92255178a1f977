"""The review desk of ``claimtrack serve``: queues that move on after each action, bulk
actions, unlink, actor pages, facets, sorting, pages, the JSON and CSV twins (equal to
``list -f json``/``-f csv`` and ``show -f json``), post-redirect-get, 404s, and forms that
keep what was typed when refused."""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import serve_session as session
from typer.testing import CliRunner
from werkzeug.test import Client, TestResponse

from claimtrack.cli import app as cli
from claimtrack.rows import LIST_COLUMNS
from claimtrack.serve import table
from claimtrack.serve.app import ServeApp
from claimtrack.serve.security import COOKIE, Gate

BASE = "http://127.0.0.1:8123"
TOKEN = "desk-test-token-0123456789"
DRAFTS = ["harbour-pier-collapse-the-ministry-of-ports",
          "harbour-pier-collapse-according-to-the-dockers",
          "harbour-pier-collapse-the-ministry-denied-that",
          "harbour-pier-collapse-it-was-reported-that-the"]
"""The fixture's drafts, in folder order."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return session.copy_folder(tmp_path)


class Desk:
    """A signed-in browser session on the desk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.app = ServeApp(root=root, gate=Gate(token=TOKEN, host="127.0.0.1", port=8123),
                            cache=False, reviewer="Desk Editor",
                            today=lambda: dt.date(2026, 2, 2))
        self.client = Client(self.app)
        assert self.client.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
        cookie = self.client.get_cookie(COOKIE, domain="127.0.0.1")
        assert cookie is not None
        self.csrf = self.app.gate.csrf(cookie.value)

    def get(self, path: str) -> TestResponse:
        return self.client.get(path, base_url=BASE)

    def text(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[-800:])
        return response.get_data(as_text=True)

    def post(self, path: str, fields: dict[str, str | list[str]]) -> TestResponse:
        return self.client.post(path, data={**fields, "csrf": self.csrf}, base_url=BASE)

    def version(self, claim_id: str) -> str:
        found = re.search(r'name="version" value="([0-9a-f]+)"',
                          self.text(f"/claim/{claim_id}"))
        assert found
        return found.group(1)


@pytest.fixture
def desk(folder: Path) -> Desk:
    return Desk(folder)


def _location(response: TestResponse) -> tuple[str, dict[str, str]]:
    """Where a form's answer redirects; its message's signature is left out (whether the
    page believes it is test_a_message_shows_only_when_this_server_gave_it_to_this_browser's)."""
    assert response.status_code == 303, response.get_data(as_text=True)[-800:]
    where = urlsplit(response.headers["Location"])
    query = dict(parse_qsl(where.query))
    if "done" in query:
        assert re.fullmatch("[0-9a-f]{32}", query.pop("sig"))
    return where.path, query


def _shown(page: str) -> str:
    """The claim a claim page (or a queue's page) shows."""
    found = re.search(r'action="/claim/([^/"]+)/review"', page)
    assert found, page[-500:]
    return found.group(1)


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--claims", str(root), "--no-cache", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


# -- queues --------------------------------------------------------------------------------


def test_the_drafts_queue_moves_on_after_each_action(desk: Desk) -> None:
    page = desk.text("/queue?kind=drafts")
    assert _shown(page) == DRAFTS[0]
    assert "1 of 4" in page
    # Accepting it, from the queue, goes on to the next draft with a message.
    response = desk.post(f"/claim/{DRAFTS[0]}/accept",
                         {"by": "Desk Editor", "date": "2026-02-01", "queue": "drafts",
                          "version": desk.version(DRAFTS[0])})
    path, query = _location(response)
    assert (path, query["kind"], query["after"]) == ("/queue", "drafts", DRAFTS[0])
    page = desk.text(response.headers["Location"])
    assert _shown(page) == DRAFTS[1]
    assert "Accepted: no longer a draft." in page and "1 of 3" in page
    # A review that is not an acceptance leaves it a draft: the queue still goes on.
    response = desk.post(f"/claim/{DRAFTS[1]}/review",
                         {"status": "disputed", "by": "Desk Editor", "date": "2026-02-02",
                          "queue": "drafts", "version": desk.version(DRAFTS[1])})
    assert _shown(desk.text(response.headers["Location"])) == DRAFTS[2]
    # Skip, then round to the start of what is left.
    skip = re.search(r'href="(/queue\?kind=drafts&amp;after=[^"]+)">Skip',
                     desk.text(f"/queue?kind=drafts&after={DRAFTS[2]}"))
    assert skip
    assert _shown(desk.text(html.unescape(skip.group(1)))) == DRAFTS[1]


def test_an_empty_queue_says_so(desk: Desk) -> None:
    response = desk.post("/bulk", {"action": "accept", "scope": "view", "back": "tag=draft",
                                   "by": "Desk Editor"})
    page = desk.text(response.headers["Location"].replace("/?", "/queue?kind=drafts&"))
    assert "No drafts are left to accept." in page
    assert desk.get("/queue?kind=nonsense").status_code == 404


def test_a_refused_form_in_a_queue_stays_on_its_claim_with_what_was_typed(desk: Desk) -> None:
    response = desk.post(f"/claim/{DRAFTS[0]}/review",
                         {"status": "disputed", "by": "Desk Editor", "date": "2026-13-45",
                          "note": "Typed with care.", "queue": "drafts",
                          "version": desk.version(DRAFTS[0])})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "&#39;2026-13-45&#39; is not a date" in page
    assert ">Typed with care.</textarea>" in page
    assert 'value="2026-13-45"' in page
    assert '<option value="disputed" selected>' in page
    assert 'name="queue" value="drafts"' in page  # the next try still goes on


# -- bulk actions ----------------------------------------------------------------------------


def test_bulk_accept_is_one_edit_of_the_ticked_drafts(desk: Desk, folder: Path) -> None:
    response = desk.post("/bulk", {"action": "accept", "ids": DRAFTS[:2], "by": "Desk Editor",
                                   "date": "2026-02-01", "back": "tag=draft&sort=-made"})
    path, query = _location(response)
    assert path == "/" and query == {"tag": "draft", "sort": "-made",
                                     "done": "Accepted 2 drafts."}
    listed = json.loads(desk.text("/claims.json?tag=draft"))
    assert [r["id"] for r in listed] == DRAFTS[2:]
    assert "Accepted 2 drafts." in desk.text(response.headers["Location"])


def test_a_bulk_form_that_cannot_apply_changes_nothing_and_keeps_its_input(
        desk: Desk, folder: Path) -> None:
    before = (folder / "pier.toml").read_bytes()
    # One of them is not a draft: all or nothing.
    response = desk.post("/bulk", {"action": "accept", "ids": [DRAFTS[0], "buyer-not-revealed"],
                                   "by": "Desk Editor", "note": "Checked twice.",
                                   "back": "status=unverified"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "is not a draft" in page
    assert 'value="Checked twice."' in page
    assert f'value="{DRAFTS[0]}" aria-label="Choose {DRAFTS[0]}" checked' in page
    assert (folder / "pier.toml").read_bytes() == before
    nothing = desk.post("/bulk", {"action": "tag", "tag": "pier", "back": ""})
    assert nothing.status_code == 400
    assert "tick at least one claim" in nothing.get_data(as_text=True)


def test_bulk_status_and_tag(desk: Desk) -> None:
    response = desk.post("/bulk", {"action": "status", "status": "Disputed",
                                   "ids": ["buyer-shell-company", "buyer-not-revealed"],
                                   "by": "Desk Editor", "back": ""})
    assert _location(response)[1]["done"] == "2 claims reviewed: Disputed."
    rows = json.loads(desk.text("/claims.json?status=disputed"))
    assert {"buyer-shell-company", "buyer-not-revealed"} <= {r["id"] for r in rows}
    response = desk.post("/bulk", {"action": "tag", "tag": "pier", "scope": "view",
                                   "back": "document=harbour-pier-collapse"})
    assert _location(response)[1]["done"] == "Tagged 4 claims 'pier'."
    assert [r["id"] for r in json.loads(desk.text("/claims.json?tag=pier"))] == DRAFTS


def test_a_bulk_action_that_empties_its_page_goes_back_to_a_page_that_exists(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    # The last page of the drafts, all accepted: the redirect went back to that page, now
    # past the last, and the desk answered a done action with a 400 "page: expected a
    # whole number from 1 to 1" over an empty table (failed on main).
    monkeypatch.setattr(table, "PAGE_SIZE", 2)
    page = desk.text("/?tag=draft&page=2")
    shown = re.findall(r'<tr id="c-([^"]+)"', page)
    assert shown == DRAFTS[2:]
    response = desk.post("/bulk", {"action": "accept", "ids": shown, "by": "Desk Editor",
                                   "back": "tag=draft&page=2"})
    path, query = _location(response)
    assert path == "/" and query == {"tag": "draft", "done": "Accepted 2 drafts."}
    after = desk.get(response.headers["Location"])
    assert after.status_code == 200
    assert re.findall(r'<tr id="c-([^"]+)"', after.get_data(as_text=True)) == DRAFTS[:2]


# -- unlink, 404, post-redirect-get ------------------------------------------------------------


def test_unlink_from_the_claim_page(desk: Desk, folder: Path) -> None:
    page = desk.text("/claim/union-denies-sale")
    assert 'action="/claim/union-denies-sale/unlink"' in page
    response = desk.post("/claim/union-denies-sale/unlink",
                         {"type": "denies", "target": "ministry-harbour-sold",
                          "version": desk.version("union-denies-sale")})
    path, query = _location(response)
    assert path == "/claim/union-denies-sale"
    assert query["done"] == "Unlinked: denies ministry-harbour-sold."
    assert "denies ministry-harbour-sold" not in (folder / "harbour.toml").read_text()
    assert "type = \"denies\"" not in (folder / "harbour.toml").read_text()


def test_rename_a_claim_from_its_page(desk: Desk, folder: Path) -> None:
    """The claim page renames through the library's rename: every reference follows, the
    page moves to the new address, the old one is a 404; a bad or taken id comes back with
    what was typed; a form shown before the claim changed is refused."""
    old, new = "ministry-harbour-sold", "ministry-announces-harbour-sale"
    page = desk.text(f"/claim/{old}")
    assert f'action="/claim/{old}/rename"' in page
    stale = desk.version(old)
    refused = desk.post(f"/claim/{old}/rename", {"new": "Not An Id", "version": stale})
    assert refused.status_code == 400
    shown = refused.get_data(as_text=True)
    assert 'value="Not An Id"' in shown and "is not an id" in shown
    taken = desk.post(f"/claim/{old}/rename", {"new": "union-denies-sale", "version": stale})
    assert taken.status_code == 400 and "already exists" in taken.get_data(as_text=True)
    path, query = _location(desk.post(f"/claim/{old}/rename", {"new": new, "version": stale}))
    assert path == f"/claim/{new}" and query["done"].startswith("Renamed")
    assert desk.get(f"/claim/{old}").status_code == 404
    text = (folder / "harbour.toml").read_text(encoding="utf-8")
    assert f'"{old}"' not in text and f'target = "{new}"' in text
    _run(folder, "check")  # exits 0: the renamed folder is sound
    assert "denies " + new in _run(folder, "show", "union-denies-sale")
    again = desk.post(f"/claim/{new}/rename", {"new": "x-y", "version": stale})
    assert again.status_code == 409 and "changed since" in again.get_data(as_text=True)


def test_a_queue_page_offers_no_rename(desk: Desk) -> None:
    page = desk.text("/queue?kind=drafts")
    assert "/rename" not in page


def test_unknown_records_are_404_and_a_form_address_goes_back_to_its_page(desk: Desk) -> None:
    for path in ("/claim/no-such-claim", "/claim/no-such-claim.json", "/actor/nobody",
                 "/actor/nobody.json"):
        response = desk.get(path)
        assert response.status_code == 404, path
        assert "claimtrack " not in response.get_data(as_text=True)
    assert desk.post("/claim/no-such-claim/review", {"status": "disputed"}).status_code == 404
    assert desk.post("/actor/nobody/edit", {"name": "x"}).status_code == 404
    assert _location(desk.get("/claim/buyer-shell-company/review"))[0] == \
        "/claim/buyer-shell-company"
    assert _location(desk.get("/bulk"))[0] == "/"
    assert _location(desk.get("/actor/dockers-union/merge"))[0] == "/actor/dockers-union"


def test_a_message_shows_only_when_this_server_gave_it_to_this_browser(desk: Desk,
                                                                        folder: Path) -> None:
    """The message after a form travels in the address: a crafted link (no signature, a
    wrong one, or another session's) must not make a page say something was done."""
    forged = "Saved. Reviewed: refuted by the editor-in-chief."
    for query in ({"done": forged}, {"done": forged, "sig": "0" * 32}):
        for path in ("/", "/claim/union-denies-sale", "/actors", "/actor/dockers-union",
                     "/queue?kind=drafts"):
            glue = "&" if "?" in path else "?"
            page = desk.text(path + glue + urlencode(query))
            assert "editor-in-chief" not in page, path
    response = desk.post("/actor/dockers-union/edit",
                         {"name": "Dockers Union", "kind": "organization", "aliases": "",
                          "reliability": "", "affiliation": "", "description": ""})
    where = response.headers["Location"]
    assert "Saved." in desk.text(where)
    other = Desk(folder)  # another browser, its own session
    assert "Saved." not in other.text(where)
    tampered = where.replace("done=Saved.", "done=" + urlencode({"": forged})[1:])
    assert "editor-in-chief" not in desk.text(tampered)


def test_a_refused_edit_names_the_file_not_the_servers_path_to_it(desk: Desk,
                                                                   folder: Path) -> None:
    response = desk.post("/claim/union-denies-sale/review",
                         {"status": "disputed", "evidence": "no such thing here",
                          "version": desk.version("union-denies-sale")})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "harbour.toml:" in page and "neither a URL nor a known claim id" in page
    assert str(folder) not in page and str(folder.resolve()) not in page


def test_a_query_parameter_that_takes_one_value_refuses_several(desk: Desk) -> None:
    """``?limit=5&limit=6`` or ``?since=2021&since=2020``: which one was meant? The table
    and its twins say so (400) instead of taking the first and dropping the rest unsaid."""
    for path in ("/claims.json?limit=5&limit=6", "/claims.csv?page=1&page=2",
                 "/?since=2021&since=2020", "/claims.json?until=2022&until=2021",
                 "/?sort=id&sort=-id", "/?flagged=yes&flagged=yes"):
        response = desk.get(path)
        assert response.status_code == 400, path
        assert "times; it takes one value" in response.get_data(as_text=True), path
    assert desk.get("/claims.json?sort=id&sort=-status").status_code == 200  # list's sorts
    assert desk.get("/?status=disputed&status=refuted").status_code == 200  # any of these


def test_messages_speak_of_the_page_not_the_command_line(desk: Desk) -> None:
    page = desk.get("/?by=Nobody%20Known").get_data(as_text=True)
    assert "the Actors page lists every actor" in page
    assert "`claimtrack" not in page


# -- actors ------------------------------------------------------------------------------------


def test_actor_edit_merge_and_remove(desk: Desk, folder: Path) -> None:
    listed = desk.text("/actors")
    assert 'href="/actor/harbour-pier-collapse-unnamed"' in listed
    response = desk.post("/actor/dockers-union/edit",
                         {"name": "Dockers Union", "kind": "organization",
                          "aliases": "the union, DU", "reliability": "B", "affiliation": "",
                          "description": ""})
    assert _location(response) == ("/actor/dockers-union", {"done": "Saved."})
    actor = json.loads(desk.text("/actor/dockers-union.json"))
    assert actor["aliases"] == ["the union", "DU"] and actor["reliability"] == "B"
    # An alias another actor answers to is refused, the form kept as typed.
    refused = desk.post("/actor/dockers-union/edit", {"name": "Dockers Union",
                                                      "aliases": "MoP", "kind": "organization"})
    assert refused.status_code == 400
    assert 'value="MoP"' in refused.get_data(as_text=True)
    assert "merge one into the other on the page of actor ministry-of-ports or dockers-union" \
        in refused.get_data(as_text=True)
    assert "`claimtrack" not in refused.get_data(as_text=True)
    # Merge the draft's own unnamed actor into the folder's.
    response = desk.post("/actor/harbour-pier-collapse-unnamed/merge",
                         {"into": "Unnamed source"})
    path, query = _location(response)
    assert path == "/actor/unnamed-source" and query["done"].startswith("Merged")
    assert "harbour-pier-collapse-unnamed" not in (folder / "pier.toml").read_text()
    assert desk.get("/actor/harbour-pier-collapse-unnamed").status_code == 404
    # Removing an actor still named is refused, saying where, in the page's words.
    refused = desk.post("/actor/dockers-union/remove", {"confirm": "yes"})
    assert refused.status_code == 400
    assert "still named in" in refused.get_data(as_text=True)
    assert "claimtrack actor" not in refused.get_data(as_text=True)
    # An unused one goes.
    _run(folder, "new-actor", "--name", "Nobody Quoted", "--kind", "person")
    response = desk.post("/actor/nobody-quoted/remove", {"confirm": "yes"})
    assert _location(response)[0] == "/actors"
    assert desk.get("/actor/nobody-quoted").status_code == 404


# -- the table: facets, sorting, pages, twins ----------------------------------------------------


def test_every_facet_count_is_the_count_of_the_view_it_links_to(desk: Desk) -> None:
    page = desk.text("/?document=harbour-pier-collapse")
    links = re.findall(r'<li><a href="([^"]+)">[^<]*</a> <span class="count">(\d+)</span>',
                       page)
    assert len(links) >= 8
    for href, number in links:
        query = urlsplit(html.unescape(href)).query
        rows = json.loads(desk.text(f"/claims.json?{query}"))
        assert len(rows) == int(number), href


@pytest.mark.parametrize("view", ["/?tag=draft", "/?tag=draft&status=unverified",
                                  "/?framing=reported", "/?by=MoP&kind=announcement"])
def test_a_facet_of_a_filter_already_chosen_counts_the_view_it_opens(desk: Desk,
                                                                     view: str) -> None:
    # With tag=draft chosen, "cue:said 2" counted the drafts tagged cue:said while its link
    # (tag=draft&tag=cue:said: either tag) opened every claim with either (failed on main).
    page = desk.text(view)
    links = re.findall(r'<li><a href="([^"]+)">[^<]*</a> <span class="count">(\d+)</span>',
                       page)
    assert links
    for href, number in links:
        query = urlsplit(html.unescape(href)).query
        rows = json.loads(desk.text(f"/claims.json?{query}"))
        assert len(rows) == int(number), (view, href)


def test_sortable_headings_and_pages(desk: Desk, monkeypatch: pytest.MonkeyPatch,
                                     folder: Path) -> None:
    page = desk.text("/?sort=-made")
    assert 'aria-sort="descending"><a href="/?sort=made">Made' in page
    shown = re.findall(r'<tr id="c-([^"]+)"', page)
    expected = [r["id"] for r in json.loads(_run(folder, "list", "-f", "json",
                                                 "--sort", "-made"))]
    assert shown == expected
    monkeypatch.setattr(table, "PAGE_SIZE", 4)
    second = desk.text("/?sort=-made&page=2")
    assert re.findall(r'<tr id="c-([^"]+)"', second) == expected[4:8]
    assert "page 2 of 3" in second
    assert 'href="/?sort=-made&amp;page=3" rel="next"' in second
    assert 'href="/?sort=-made" rel="prev"' in second
    assert desk.get("/?sort=colour").status_code == 400


_CHOICES = {
    "status": ["unverified", "disputed", "refuted"], "by": ["MoP", "dockers-union",
                                                           "Unnamed source"],
    "kind": ["announcement", "denial", "report"], "framing": ["attributed", "denied",
                                                             "reported", "asserted"],
    "attribution": ["explicit", "inferred"], "tag": ["draft", "infobox", "cue:denied"],
    "document": ["memo", "harbour-pier-collapse"], "search": ["pier", "sold", "the"],
    "since": ["2021", "2021-05-03"], "until": ["2021-05", "2026"], "flagged": ["yes"],
}


def test_the_json_twin_is_list_json_for_random_selections(desk: Desk, folder: Path) -> None:
    chance = random.Random(23)
    for _ in range(40):
        names = chance.sample(sorted(_CHOICES), chance.randint(0, 3))
        pairs = [(n, v) for n in names
                 for v in chance.sample(_CHOICES[n], 1 if n in ("since", "until", "flagged")
                                        else chance.randint(1, 2))]
        sort = chance.choice([None, "made", "-status", "claimant_name"])
        if sort:
            pairs.append(("sort", sort))
        options = [a for n, v in pairs for a in
                   ((f"--{n}",) if n == "flagged" else (f"--{n}", v))]
        expected = _run(folder, "list", "-f", "json", *options)
        got = desk.get("/claims.json?" + urlencode(pairs))
        assert got.status_code == 200, (pairs, got.get_data(as_text=True))
        assert got.get_data(as_text=True) == expected, pairs
        if sort is None or sort.lstrip("-") in LIST_COLUMNS:  # `list -f csv` sorts only by
            # a column it shows; the page's CSV sorts by any, as its JSON does
            csv = desk.get("/claims.csv?" + urlencode(pairs))
            assert csv.get_data(as_text=True) == _run(folder, "list", "-f", "csv", *options)


@pytest.mark.parametrize("sort", ["claimant", "-attribution,id", "statement"])
def test_the_twins_sort_as_list_does(desk: Desk, folder: Path, sort: str) -> None:
    # `list --sort claimant` sorts; /claims.json?sort=claimant answered 400 "the table
    # sorts by a column ...": the twins took only the table's clickable headings (failed
    # on main).
    got = desk.get("/claims.json?" + urlencode({"sort": sort, "tag": "draft"}))
    assert got.status_code == 200, got.get_data(as_text=True)
    assert got.get_data(as_text=True) == _run(folder, "list", "-f", "json", "--sort", sort,
                                              "--tag", "draft")
    csv = desk.get("/claims.csv?" + urlencode({"sort": sort, "columns": "id,claimant"}))
    assert csv.get_data(as_text=True) == _run(folder, "list", "-f", "csv", "--sort", sort,
                                              "-c", "id,claimant")


def test_a_claims_json_is_show_json(desk: Desk, folder: Path) -> None:
    for row in json.loads(desk.text("/claims.json")):
        assert desk.text(f"/claim/{row['id']}.json") == _run(folder, "show", "-f", "json",
                                                             row["id"])


def test_the_json_twin_takes_columns_and_limit(desk: Desk, folder: Path) -> None:
    assert desk.text("/claims.json?columns=id,made&limit=3&sort=made") == _run(
        folder, "list", "-f", "json", "-c", "id,made", "--limit", "3", "--sort", "made")
    bad = desk.get("/claims.json?columns=colour")
    assert bad.status_code == 400 and "unknown column" in bad.get_data(as_text=True)


def test_a_view_too_large_to_count_says_so(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "FACET_LIMIT", 4)
    page = desk.text("/")
    assert "Counts by field are shown for views of up to 4 claims" in page
    assert 'class="count"' not in page
    narrowed = desk.text("/?document=harbour-pier-collapse")
    assert "Counts by field are shown" not in narrowed and 'class="count"' in narrowed


def test_an_actor_is_added_from_the_actors_page(desk: Desk) -> None:
    response = desk.post("/actors/new", {"name": "Harbour Pilots Guild", "kind": "organization",
                                         "aliases": "the pilots", "reliability": "C"})
    path, query = _location(response)
    assert path == "/actor/harbour-pilots-guild"
    assert query["done"] == "Added the actor harbour-pilots-guild."
    actor = json.loads(desk.text(path + ".json"))
    assert (actor["kind"], actor["aliases"], actor["reliability"]) == (
        "organization", ["the pilots"], "C")
    taken = desk.post("/actors/new", {"name": "Pilots", "aliases": "MoP", "kind": "person",
                                      "description": "Typed before the refusal."})
    assert taken.status_code == 400
    page = taken.get_data(as_text=True)
    assert "already names actor" in page and "Typed before the refusal." in page
    assert _location(desk.get("/actors/new"))[0] == "/actors"


def test_accepting_a_whole_view_takes_its_drafts_only(desk: Desk) -> None:
    response = desk.post("/bulk", {"action": "accept", "scope": "view", "by": "Desk Editor",
                                   "back": "by=MoP"})
    assert _location(response)[1]["done"] == "Accepted 2 drafts."
    assert json.loads(desk.text("/claims.json?by=MoP&tag=draft")) == []
