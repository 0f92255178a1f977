"""html parsed strictly by ``html5lib``; headless Chromium applies a URL-fragment filter."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import html5lib
from export_support import export, program
from oracle import load

NS = "{http://www.w3.org/1999/xhtml}"


def _parse(text: str) -> Any:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)


def _rows(document: Any) -> list[Any]:
    return next(iter(document.iter(f"{NS}tbody"))).findall(f"{NS}tr")


def _text(element: Any) -> str:
    return "".join(element.itertext())


def test_strict_parse_and_cells_equal_the_dataset(nasty_claims: Path) -> None:
    document = _parse(export("html"))
    dataset = load(nasty_claims)
    rows = _rows(document)
    assert [r.get("id") for r in rows] == [f"c-{c}" for c in dataset.claims]
    for row in rows:
        claim = dataset.claims[row.get("id")[2:]]
        cells = [_text(td) for td in row.findall(f"{NS}td")]
        assert cells[:7] == [claim.id, dataset.actors[claim.claimant].name, claim.statement,
                             str(claim.kind), str(claim.appearances[0].framing), str(claim.status),
                             str(claim.made or "")]
        quotes = [_text(q) for q in row.iter(f"{NS}blockquote")]
        assert quotes == [a.quote for a in claim.appearances]
        assert row.get("data-status") == str(claim.status)
    # The statement's <script> is text: the page holds exactly its own one script.
    assert len(list(document.iter(f"{NS}script"))) == 1
    relations = _text(next(r for r in rows if r.get("id") == "c-formula-on-wall"))
    assert "supported by pipe-and-backslash" in relations


def _chromium_dom(page: Path, fragment: str, profile: Path) -> Any:
    result = subprocess.run(
        [program("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--dump-dom",
         f"{page.as_uri()}#{fragment}"],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return html5lib.parse(result.stdout)


def test_chromium_applies_the_fragment_filter(nasty_claims: Path, tmp_path: Path) -> None:
    page = tmp_path / "claims.html"
    export("html", "-o", str(page))
    dataset = load(nasty_claims)
    cases = {
        "status=unverified&by=memo-editorial": {
            c.id for c in dataset.claims.values()
            if str(c.status) == "unverified" and c.claimant == "memo-editorial"},
        "by=MoP": {c.id for c in dataset.claims.values() if c.claimant == "ministry-of-ports"},
        "kind=statement&q=posted": {"script-posted"},
    }
    for fragment, expected in cases.items():
        document = _chromium_dom(page, fragment, tmp_path / "profile")
        visible = {r.get("id")[2:] for r in _rows(document) if r.get("hidden") is None}
        assert visible == expected, fragment
        assert expected, "each case must keep some rows"
        assert len(_rows(document)) == len(dataset.claims)
