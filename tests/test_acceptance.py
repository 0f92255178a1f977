"""Acceptance is a fact about the record, not a verdict: what every view shows is the
latest real review, with its note, evidence and reviewer; a draft is described as a draft;
folders written by an older claimtrack are pointed at and migrated (issue 20)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.index import Index

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- folders from before: acceptance and drafting written as reviews -----------------------

OLD_DRAFT = '''
[[claims.reviews]]
date = 2026-01-10
status = "unverified"
by = "claimtrack extract"
note = "Drafted by extract; not yet reviewed by a person."
'''
OLD_REVIEW = '''
[[claims.reviews]]
date = 2026-01-11
status = "refuted"  # the desk's verdict
by = "Ada Desk"
note = "The registry names a real firm."
evidence = ["https://example.org/registry"]
'''
OLD_ACCEPT = '''
[[claims.reviews]]
date = 2026-01-12
status = "refuted"
by = "Night Desk"
note = "Accepted from draft."
'''


def _old_folder(hand: Path) -> Path:
    """The handwritten fixture with one claim as an older claimtrack left it: extract's
    review, a person's review, then accept's review on top."""
    path = hand / "harbour.toml"
    text = path.read_text()
    anchor = 'framing = "reported"\nattribution = "explicit"\n'
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, anchor + OLD_DRAFT + OLD_REVIEW + OLD_ACCEPT))
    return path


def test_check_points_old_entries_at_migrate(hand: Path) -> None:
    _old_folder(hand)
    problems = [str(p) for p in check_folder(hand).problems]
    assert len(problems) == 2
    assert "claims[2].reviews[0]: this review only records that extract drafted" in problems[0]
    assert "claims[2].reviews[2]: this review only records that the claim was accepted" \
        in problems[1]
    assert all("run `claimtrack migrate`" in p for p in problems)


def test_migrate_records_them_as_drafted_and_accepted(hand: Path) -> None:
    path = _old_folder(hand)
    before = path.read_text()
    code, out, err = run("migrate")
    assert (code, err) == (0, ""), err
    assert out == "migrated 1 files to the current format\n"
    after = path.read_text()
    # Exactly: the two entries out, the two facts in after the claim's last key.
    expected = before.replace(OLD_DRAFT, "").replace(OLD_ACCEPT, "").replace(
        'kind = "report"\n\n[[claims.appearances]]\ndocument = "memo"\nquote = "It was',
        'kind = "report"\ndrafted = { by = "claimtrack extract", date = 2026-01-10 }\n'
        'accepted = { by = "Night Desk", date = 2026-01-12 }\n\n[[claims.appearances]]\n'
        'document = "memo"\nquote = "It was')
    assert after == expected
    assert check_folder(hand).ok
    with Index.open(hand, cache=False) as index:
        claim = index.claims(["buyer-shell-company"])[0]
    assert [(r.by, str(r.status)) for r in claim.reviews] == [("Ada Desk", "refuted")]
    assert claim.accepted is not None and claim.accepted.by == "Night Desk"
    assert claim.drafted is not None and str(claim.drafted.date) == "2026-01-10"
    # A second run changes nothing.
    assert run("migrate") == (0, "the folder is already in the current format\n", "")
    assert path.read_text() == expected


def test_a_review_that_only_looks_like_an_acceptance_stays(hand: Path) -> None:
    """Same note, but a new status (a real verdict) or evidence: not accept's entry."""
    path = hand / "harbour.toml"
    text = path.read_text()
    anchor = 'framing = "reported"\nattribution = "explicit"\n'
    path.write_text(text.replace(anchor, anchor + OLD_ACCEPT.replace('"refuted"',
                                                                      '"disputed"')))
    assert check_folder(hand).ok
    before = path.read_text()
    assert run("migrate")[0] == 0
    assert path.read_text() == before


def test_old_entries_in_inline_arrays_migrate_too(hand: Path) -> None:
    path = hand / "harbour.toml"
    text = path.read_text()
    anchor = ('appearances = [{ document = "memo", quote = "has not revealed the buyer", '
              'framing = "asserted", attribution = "own" }]\n')
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, anchor + (
        'reviews = [{ date = 2026-01-10, status = "unverified", by = "claimtrack extract", '
        'note = "Drafted by extract; not yet reviewed by a person." }, { date = 2026-01-12, '
        'status = "unverified", by = "Night Desk", note = "Accepted from draft." }]  # old\n')))
    assert len(check_folder(hand).problems) == 2
    assert run("migrate")[0] == 0
    after = path.read_text()
    # The reviews line goes (its comment stays where it was); the facts follow it.
    assert after == text.replace(anchor, anchor + (
        '# old\ndrafted = { by = "claimtrack extract", date = 2026-01-10 }\n'
        'accepted = { by = "Night Desk", date = 2026-01-12 }\n'))
    assert check_folder(hand).ok


# -- review, then accept: every view shows the review --------------------------------------

CORPUS = Path(__file__).parent / "corpus"
URL = "https://example.org/tender-register"


@pytest.fixture
def judged(valid_claims: Path) -> tuple[Path, str]:
    """A draft from extract, reviewed by one person, then accepted by another (the
    natural order: judge it, then take it out of draft)."""
    article = CORPUS / "slovakia-tender" / "article.txt"
    assert run("extract", str(article), "-o", "claims/draft.toml")[0] == 0
    with Index.open(valid_claims, cache=False) as index:
        claim_id = next(c.id for c in index.records("claims") if c.draft)
    code, _, err = run("review", claim_id, "--status", "refuted", "--by", "Ada Desk",
                       "--note", "The register shows the tender was cancelled.",
                       "--evidence", URL, "--evidence", "union-denies-sale")
    assert code == 0, err
    assert run("accept", claim_id, "--by", "Night Desk")[0] == 0
    return valid_claims, claim_id


@pytest.mark.model  # drafts an article
def test_every_view_shows_the_review_not_the_acceptance(judged: tuple[Path, str]) -> None:
    import datetime as dt
    import json

    import html5lib
    from markdown_it import MarkdownIt

    _root, claim_id = judged
    today = dt.date.today().isoformat()
    note = "The register shows the tender was cancelled."
    # html: the claim's review block.
    page = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        run("export", "html")[1])
    article = next(a for a in page.iter("article") if a.get("id") == f"c-{claim_id}")
    review = "".join(next(d for d in article.iter("div")
                          if d.get("class") == "review").itertext())
    assert review.startswith(f"Reviewed {today} by Ada Desk: refuted: {note}")
    assert article.get("data-status") == "refuted"
    hrefs = [a.get("href") for a in article.iter("a")]
    assert URL in hrefs and "#c-union-denies-sale" in hrefs
    assert "Night Desk" not in "".join(article.itertext())
    # markdown: the claim's row (status, chain, reviewer, note, evidence).
    text = run("export", "markdown")[1]
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    cells = [t.content for t in tokens if t.type == "inline"]
    row = cells[cells.index(claim_id):cells.index(claim_id) + 12]
    assert row[5] == "refuted"
    assert row[9:] == ["Ada Desk", note, f"{URL}; union-denies-sale"]
    assert "Night Desk" not in text
    # latex: the claim's verdict cell.
    latex = run("export", "latex")[1]
    assert (f"refuted: {today} by Ada Desk: {note} Evidence: {URL}; union-denies-sale."
            .replace("_", "\\_")) in latex
    assert "Night Desk" not in latex
    # claimreview: the review of the claim.
    graph = json.loads(run("export", "claimreview", "--publisher", "Tender Desk")[1])[
        "@graph"]
    node = next(n for n in graph if n.get("reviewBody") == note)
    assert node["author"]["name"] == "Tender Desk"
    assert node["reviewRating"]["alternateName"] == "False"
    assert node["claimtrack:reviewer"] == "Ada Desk"
    assert node["citation"] == [URL]  # the fixture's dossier is published nowhere
    assert node["datePublished"] == today
    assert "Night Desk" not in json.dumps(graph)
    # show: the review, and the acceptance as what it is.
    shown = run("show", claim_id)[1]
    assert "; status: refuted\n" in shown
    assert f"  record:     accepted from draft by Night Desk on {today} (drafted by " \
           f"claimtrack extract on {today})\n" in shown
    assert f"    {today} refuted by Ada Desk: {note}\n      evidence: {URL}, " \
           "union-denies-sale\n" in shown
    assert shown.count("Night Desk") == 1
    detail = json.loads(run("show", claim_id, "-f", "json")[1])[0]
    assert [r["by"] for r in detail["reviews"]] == ["Ada Desk"]
    assert detail["accepted"]["by"] == "Night Desk"
    # timeline and flags read the same verdict.
    assert f"{claim_id},refuted" in run("timeline", "--columns", "id,status", "-f", "csv")[1]
    assert claim_id not in run("flags", "--rule", "unverified", "-f", "csv")[1]


@pytest.mark.model  # drafts an article
def test_a_draft_is_described_as_a_draft(valid_claims: Path) -> None:
    import datetime as dt

    article = CORPUS / "slovakia-tender" / "article.txt"
    assert run("extract", str(article), "-o", "claims/draft.toml")[0] == 0
    with Index.open(valid_claims, cache=False) as index:
        claim = next(c for c in index.records("claims") if c.draft)
    today = dt.date.today().isoformat()
    assert claim.reviews == () and claim.drafted is not None
    shown = run("show", claim.id)[1]
    assert (f"  record:     draft: drafted by claimtrack extract on {today}, not reviewed by "
            "a person yet\n") in shown
    assert "  reviews:    none: a draft nobody has reviewed (unverified)\n" in shown
    flagged = run("flags", "--rule", "unverified", "-f", "csv")[1]
    assert f"unverified,{claim.id},\"drafted by claimtrack extract, not reviewed: " in flagged
    assert "reviewed, still unverified" not in flagged.split(claim.id, 1)[1].split("\n")[0]


# -- extract into the bundled folder: no draft reaches a publishing format -----------------


@pytest.mark.model  # drafts an article
def test_no_draft_reaches_a_publishing_format(bundled_claims: Path) -> None:
    import tomllib

    article = CORPUS / "kenya-police-shooting" / "article.txt"
    assert run("extract", str(article), "-o", "claims/kenya.toml")[0] == 0
    drafted = tomllib.loads((bundled_claims / "kenya.toml").read_text())
    ids = [c["id"] for c in drafted["claims"]]
    statements = [c["statement"] for c in drafted["claims"]]
    quotes = [c["appearances"][0]["quote"] for c in drafted["claims"]]
    names = [a["name"] for a in drafted.get("actors", [])]
    assert ids and names
    # The bundled folder tells no Kenyan event, so extract links no draft to it (issue 21);
    # a draft related to a published claim by hand: its reverse relation must not show it.
    published = tomllib.loads((bundled_claims / "armenia-coup-2023-09.toml").read_text())
    assert not any(r["type"] == "same_as" for c in drafted["claims"]
                   for r in c.get("relations", []))
    assert run("link", ids[0], "same_as", published["claims"][0]["id"])[0] == 0

    def leaks(text: str) -> list[str]:
        return [x for x in (*ids, *statements, *quotes, *names) if x in text]

    for fmt in ("html", "markdown", "latex", "claimreview"):
        code, out, err = run("export", fmt)
        assert code == 0, err
        assert leaks(out) == [], fmt
    for fmt in ("html", "markdown", "latex"):
        out = run("export", fmt, "--include-drafts")[1]
        assert all(i in out for i in ids), fmt
    # A ClaimReview is a review: drafts appear once someone has reviewed them.
    assert run("review", ids[0], "--status", "disputed", "--by", "Ada")[0] == 0
    out = run("export", "claimreview", "--include-drafts", "--publisher", "Desk")[1]
    assert statements[0] in out and statements[1] not in out
