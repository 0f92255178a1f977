"""In headless Chromium (Playwright driving the system browser): a session at the review
desk — a drafted article worked through in the drafts queue and by bulk accept from the
table, an actor merge, an unlink — ends in exactly the expected ``git diff`` and a folder
``check`` finds sound; axe-core finds no serious or critical violation on any of the
desk's pages at 1280 and 390 pixels; at 390 pixels the first screen shows claims and each
row's cells keep their labels."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import desk_session as desk
import pytest
import serve_session
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from support import check_folder

pytestmark = pytest.mark.browser

TOKEN = "desk-browser-token-0123456789"
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with serve_session.chromium() as launched:
        yield launched


@contextmanager
def _serving(where: Path) -> Iterator[tuple[str, Path]]:
    """``claimtrack serve --port 0`` over a git copy of the fixture folder: (URL, folder)."""
    root = serve_session.copy_folder(where)
    with serve_session.serving(root, token=TOKEN, cache=where / "cache") as url:
        yield url, root


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server for the read-only checks (axe, the narrow screen)."""
    with _serving(tmp_path_factory.mktemp("desk-read")) as found:
        yield found


def _status(page: Page) -> Any:
    return expect(page.get_by_role("status"))


def test_a_session_at_the_desk_ends_in_the_expected_diff(browser: Browser,
                                                         tmp_path: Path) -> None:
    with _serving(tmp_path) as (url, root):
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        base = url.split("?")[0]
        # The drafts queue: the article's first draft, accepted; the queue goes on.
        page.get_by_role("link", name="Drafts to accept").click()
        queue = page.get_by_role("region", name="Queue")
        expect(queue).to_contain_text("1 of 4")
        expect(page.locator(f'form[action="/claim/{desk.DRAFTS[0]}/accept"]')).to_have_count(1)
        page.get_by_label("Accepted by").fill(desk.REVIEWER)
        page.locator("#accept-date").fill(desk.ACCEPTED_ON)
        page.get_by_role("button", name="Accept", exact=True).click()
        _status(page).to_have_text("Accepted: no longer a draft.")
        expect(queue).to_contain_text("1 of 3")
        expect(page.locator(f'form[action="/claim/{desk.DRAFTS[1]}/accept"]')).to_have_count(1)
        page.get_by_role("link", name="Skip to the next one").click()
        expect(page.locator(f'form[action="/claim/{desk.DRAFTS[2]}/accept"]')).to_have_count(1)

        # The table: the article's drafts by clicking facets, then accepted in bulk.
        page.get_by_role("link", name="Claims", exact=True).click()
        page.get_by_role("region", name="Document counts").get_by_role(
            "link", name=desk.ARTICLE).click()
        page.get_by_role("region", name="Tag counts").get_by_role(
            "link", name="draft", exact=True).click()
        expect(page.locator("#count")).to_contain_text("3 claims")
        page.get_by_text("Change the chosen claims", exact=True).click()
        for claim_id in desk.DRAFTS[1:]:
            page.get_by_label(f"Choose {claim_id}").check()
        page.locator("#bulk-action").select_option("accept")
        page.locator("#bulk-by").fill(desk.REVIEWER)
        page.locator("#bulk-date").fill(desk.ACCEPTED_ON)
        page.get_by_role("button", name="Apply").click()
        _status(page).to_have_text("Accepted 3 drafts.")
        expect(page.locator("#count")).to_contain_text("0 claims")

        # The draft's own unnamed source is the folder's unnamed source: merge it.
        page.get_by_role("link", name="Actors", exact=True).click()
        page.get_by_role("link", name="Unnamed source (harbour-pier-collapse)").click()
        page.get_by_label("Merge into (actor id, name or alias)").fill(desk.MERGED[1])
        page.get_by_role("button", name="Merge").click()
        _status(page).to_contain_text(f"Merged {desk.MERGED[0]} into {desk.MERGED[1]}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Unnamed source")

        # An unlink on the claim's page.
        claim, kind, target = desk.UNLINKED
        page.goto(f"{base}claim/{claim}")
        page.get_by_role("button", name=f"Unlink: {claim} {kind} {target}").click()
        _status(page).to_have_text(f"Unlinked: {kind} {target}.")
        context.close()

        assert serve_session.git_diff(root.parent) == desk.EXPECTED_DIFF.read_text(
            encoding="utf-8")
        report = check_folder(root)
        assert report.ok, [str(p) for p in report.problems]


PAGES = ("", "?tag=draft", "?status=refuted&search=nothing", "?status=nonsense",
         "?sort=-made", "queue?kind=drafts", "queue?kind=unverified", "queue?kind=flagged",
         "actors", "actor/dockers-union", "actor/harbour-pier-collapse-unnamed",
         f"claim/{desk.DRAFTS[0]}", "claim/union-denies-sale")
"""Every kind of page of the desk (a refused filter among them)."""


def _violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page."""
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} nodes"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_the_desk_passes_axe(browser: Browser, served: tuple[str, Path],
                                           width: int) -> None:
    url, _ = served
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    base = url.split("?")[0]
    for path in PAGES:
        page.goto(base + path)
        assert _violations(page) == [], path
        # And with every folded part open (filters, bulk form).
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert _violations(page) == [], f"{path} (opened)"
    context.close()


def test_at_390_pixels_the_first_screen_shows_claims_with_labelled_cells(
        browser: Browser, served: tuple[str, Path]) -> None:
    url, _ = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    first = page.locator("table.claims tbody tr").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 < 844, box
    expect(page.get_by_role("search", name="Filter claims")).to_be_hidden()
    label: Any = page.evaluate(
        "getComputedStyle(document.querySelector('table.claims td[data-label=Claimant]'), "
        "'::before').content")
    assert label == '"Claimant: "'
    width: Any = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{width}px wide at 390px"
    context.close()
