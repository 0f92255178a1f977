"""In headless Chromium (Playwright driving the system browser): a whole review session in
``claimtrack serve`` ends in exactly the expected ``git diff``; axe-core finds no serious
or critical violation (none at all, today) on the served pages or the exported report.

One server and one browser serve every test of the module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import serve_session as session
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from support import check_folder

from claimtrack.cli import app

TOKEN = "browser-test-token-0123456789"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with session.chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``claimtrack serve --port 0`` over a git copy of the session folder: (URL, folder)."""
    root = session.copy_folder(tmp_path_factory.mktemp("repo"))
    with session.serving(root, token=TOKEN, cache=tmp_path_factory.mktemp("cache")) as url:
        yield url, root


@pytest.fixture(scope="module")
def page(browser: Browser, served: tuple[str, Path]) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    opened.goto(served[0])
    yield opened
    context.close()


def _violations(page: Page) -> list[str]:
    """axe-core's violations on the page. The bar is no serious or critical one; the pages
    have none of any impact today, so any is reported."""
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} nodes"
            for v in results.response["violations"]]


def test_a_review_session_ends_in_the_expected_diff(page: Page,
                                                    served: tuple[str, Path]) -> None:
    url, root = served
    expect(page).to_have_url(url.split("?")[0])  # the token left the address bar
    page.locator("details.filters > summary").click()  # the filters fold away
    page.get_by_label("Tag", exact=True).fill(session.FILTER["tag"])
    page.get_by_label("Search text").fill(session.FILTER["search"])
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#count")).to_have_text("1 claim")
    page.locator(f"#c-{session.DRAFT} a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("failed an inspection")

    page.get_by_label("Claimant (actor id, name or alias)").fill(session.CLAIMANT)
    page.get_by_role("button", name="Save the claim").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    page.locator("#ap1-framing").select_option(session.FRAMING)
    page.get_by_role("button", name="Save appearance 1").click()
    expect(page.get_by_role("status")).to_have_text("Appearance 1 saved.")

    page.get_by_label("Accepted by").fill(session.REVIEWER)
    page.locator("#accept-date").fill(session.ACCEPTED_ON)
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Accepted: no longer a draft.")

    review = session.REVIEW
    page.locator("#review-status").select_option(str(review["status"]))
    page.locator("#review-by").fill(session.REVIEWER)
    page.locator("#review-date").fill(str(review["date"]))
    page.locator("#review-note").fill(str(review["note"]))
    page.locator("#review-evidence").fill("\n".join(review["evidence"]))
    page.get_by_role("button", name="Add review").click()
    expect(page.get_by_role("status")).to_have_text("Review added: disputed.")

    page.locator("#link-type").select_option(session.LINK["type"])
    page.locator("#link-target").fill(session.LINK["target"])
    page.locator("#link-note").fill(session.LINK["note"])
    page.get_by_role("button", name="Link").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Linked: {session.LINK['type']} {session.LINK['target']}.")

    assert session.git_diff(root.parent) == session.EXPECTED_DIFF.read_text(encoding="utf-8")
    report = check_folder(root)
    assert report.ok, [str(p) for p in report.problems]


def test_the_served_pages_pass_axe(page: Page, served: tuple[str, Path]) -> None:
    base = served[0].split("?")[0]
    for path in ("", "?tag=draft", f"claim/{session.DRAFT}", "claim/union-denies-sale",
                 "?status=refuted&search=nothing"):
        page.goto(base + path)
        assert _violations(page) == [], path


def test_a_stale_form_is_refused_in_the_browser(browser: Browser,
                                                served: tuple[str, Path]) -> None:
    """Two tabs show the same claim; the second one's form is stale after the first saves."""
    url, root = served
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.goto(url)
    target = session.LINK["target"]
    first.goto(url.split("?")[0] + f"claim/{target}")
    second.goto(url.split("?")[0] + f"claim/{target}")
    first.locator("#edit-notes").fill("Seen in the first tab.")
    first.get_by_role("button", name="Save the claim").click()
    expect(first.get_by_role("status")).to_have_text("Saved.")
    before = (root / "pier.toml").read_bytes()
    second.locator("#edit-notes").fill("Typed in a stale tab.")
    second.get_by_role("button", name="Save the claim").click()
    expect(second.get_by_role("alert")).to_contain_text("changed since this form was shown")
    assert (root / "pier.toml").read_bytes() == before
    context.close()


# -- the exported report ---------------------------------------------------------------


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The html export of the bundled dossier."""
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("export") / "claims.html"
    bundled = Path(__file__).parent.parent / "claims"
    result = CliRunner().invoke(app, ["--claims", str(bundled), "--no-cache", "export",
                                      "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("width", "fragment"), [(1280, ""), (390, "status=nonsense&by=nss")])
def test_the_exported_report_passes_axe(browser: Browser, report: Path, width: int,
                                        fragment: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    shown = context.new_page()
    shown.goto(f"{report.as_uri()}#{fragment}")
    assert _violations(shown) == [], fragment
    context.close()


@pytest.mark.parametrize("fragment", ["", "status=disputed", "by=nss&kind=statement"])
def test_the_exported_report_fits_390_pixels(browser: Browser, report: Path,
                                             fragment: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    shown = context.new_page()
    shown.goto(f"{report.as_uri()}#{fragment}")
    width: Any = shown.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{width}px wide at 390px"
    context.close()


def test_the_exported_report_prints(browser: Browser, report: Path) -> None:
    """In print the filters go and every claim is there; the result is a PDF."""
    context = browser.new_context()
    shown = context.new_page()
    shown.goto(report.as_uri())
    shown.emulate_media(media="print")
    assert shown.locator("nav").is_hidden()
    assert shown.locator("article.claim:visible").count() == shown.locator(
        "article.claim").count()
    assert shown.pdf()[:5] == b"%PDF-"
    context.close()


def _visible(page: Page) -> set[str]:
    found: list[str] = page.eval_on_selector_all(
        "article.claim:not([hidden])", "nodes => nodes.map(n => n.id.slice(2))")
    return set(found)


def test_the_reports_filters_follow_the_fragment(browser: Browser, nasty_claims: Path,
                                                 tmp_path: Path) -> None:
    from export_support import export
    from oracle import load

    report = tmp_path / "claims.html"
    export("html", "-o", str(report))
    claims = load(nasty_claims).claims.values()
    cases = {
        "status=unverified&by=memo-editorial": {
            c.id for c in claims
            if str(c.status) == "unverified" and c.claimant == "memo-editorial"},
        "by=MoP": {c.id for c in claims if c.claimant == "ministry-of-ports"},
        "kind=statement&q=posted": {"script-posted"},
        "status=nonsense&colour=red": {c.id for c in claims},
        "status=refuted&kind=ruling": set(),
    }
    context = browser.new_context()
    shown = context.new_page()
    for fragment, expected in cases.items():
        shown.goto(f"{report.as_uri()}#{fragment}")
        shown.reload()
        assert _visible(shown) == expected, fragment
        problems = shown.locator("#problems")
        if "nonsense" in fragment:
            expect(problems).to_be_visible()
            expect(problems).to_contain_text(
                "no status 'nonsense'; expected one of: unverified")
            expect(problems).to_contain_text("unknown filter 'colour'")
        else:
            expect(problems).to_be_hidden()
        nothing = shown.locator("#nothing")
        if expected:
            expect(nothing).to_be_hidden()
        else:
            expect(nothing).to_be_visible()
    # Choosing a filter writes it to the address, so the view can be shared.
    shown.goto(report.as_uri())
    shown.get_by_label("Status").select_option("refuted")
    assert shown.url.endswith("#status=refuted")
    assert _visible(shown) == {c.id for c in claims if str(c.status) == "refuted"}
    context.close()


def test_the_reports_chains_are_shows(bundled_claims: Path) -> None:
    """The report writes each appearance's chain as ``claimtrack show`` does."""
    import html

    from export_support import export

    from claimtrack.index import Index
    from claimtrack.show import claim_detail

    page = export("html")
    with Index.open(bundled_claims, cache=False) as index:
        for (claim_id,) in index.rows("SELECT id FROM claims WHERE live"):
            article = page.split(f'id="c-{claim_id}"', 1)[1].split("</article>", 1)[0]
            chains = re.findall(r'<p class="chain">(.*?)</p>', article)
            expected = [a["chain"] for a in claim_detail(index, claim_id)["appearances"]]
            assert [html.unescape(c) for c in chains] == expected, claim_id
