"""``import claimreview`` on web addresses real feeds get wrong: a line break or a tab
inside (which the import turned into a space, changing the address), a space, a control
character, no host, a broken IPv6 host, a port past 65535. Each is no web address: its
item is skipped with one line naming its position; a good address (an IDN host, a
punycode one, a query, a port) is kept exactly as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oracle import load
from test_import_feeds import GOOD, review, run

BAD = {
    "line break": "https://desk.example/fact\ncheck",
    "tab": "https://desk.example/fact\tcheck",
    "space": "https://desk.example/fact check",
    "control character": "https://desk.example/\x01x",
    "nul": "https://desk.example/x\x00",
    "no host": "http://",
    "no host but a port": "https://:443/x",
    "broken IPv6 host": "https://[::1/x",
    "port past 65535": "https://desk.example:99999/x",
    "port not a number": "https://desk.example:http/x",
}
GOOD_URLS = ["https://bücher.example/prüfung", "https://xn--bcher-kva.example/",
             "https://desk.example:8443/a?b=c&d=%20#f", "HTTPS://DESK.EXAMPLE/X",
             "https://[2001:db8::1]/x"]


def _feed(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([GOOD, review("The bridge closed early.", url=url)]),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(BAD))
def test_an_address_that_is_no_web_address_skips_its_item(empty: Path, tmp_path: Path,
                                                          case: str) -> None:
    path = _feed(tmp_path, BAD[case])
    code, _, err = run("import", "claimreview", str(path))
    assert code == 1, err
    lines = [line for line in err.splitlines() if line.startswith("claimtrack:")]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"claimtrack: {path}: item [1]: url "), lines
    assert "not a web address" in lines[0]
    assert [c.statement for c in load(empty).claims.values()] == [GOOD["claimReviewed"]]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_a_good_address_is_kept_as_written(empty: Path, tmp_path: Path, url: str) -> None:
    code, _, err = run("import", "claimreview", str(_feed(tmp_path, url)))
    assert code == 0, err
    claims = {c.statement: c for c in load(empty).claims.values()}
    (reviewed,) = claims["The bridge closed early."].reviews
    assert reviewed.url == url
    assert run("check")[0] == 0


def test_white_space_around_an_address_is_no_part_of_it(empty: Path, tmp_path: Path) -> None:
    code, _, err = run("import", "claimreview",
                       str(_feed(tmp_path, " https://desk.example/2\n")))
    assert code == 0, err
    claims = {c.statement: c for c in load(empty).claims.values()}
    assert claims["The bridge closed early."].reviews[0].url == "https://desk.example/2"
