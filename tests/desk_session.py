"""The session at the review desk the browser test carries out, and the same edits as
library calls.

``tests/test_serve_desk_browser.py`` does it through ``claimtrack serve`` in Chromium: the
drafted article's first draft accepted in the drafts queue, the others accepted in bulk
from the table, the draft's own unnamed actor merged into the folder's, and a relation
unlinked. ``scripts/regenerate_expected.py`` does it with the edit library to write the
expected ``git diff`` (tests/expected/desk-session.diff). The two must agree.
"""

from __future__ import annotations

from pathlib import Path

EXPECTED_DIFF = Path(__file__).parent / "expected" / "desk-session.diff"

ARTICLE = "harbour-pier-collapse"
"""The drafted article (its document id), in the serve fixture folder."""
DRAFTS = ["harbour-pier-collapse-the-ministry-of-ports",
          "harbour-pier-collapse-according-to-the-dockers",
          "harbour-pier-collapse-the-ministry-denied-that",
          "harbour-pier-collapse-it-was-reported-that-the"]
"""The article's drafts, in folder order."""
REVIEWER = "Desk Editor"
ACCEPTED_ON = "2026-02-01"
MERGED = ("harbour-pier-collapse-unnamed", "unnamed-source")
"""The actor merged away (the draft's own unnamed source) and the one it is merged into."""
UNLINKED = ("union-denies-sale", "denies", "ministry-harbour-sold")
"""The relation removed: claim, type, target."""


def by_library(root: Path) -> None:
    """The session's edits through the edit library, in the order the browser makes them."""
    from claimtrack.edit import api
    from claimtrack.edit.actors import merge_actors
    from claimtrack.index import Index

    with Index.open(root, cache=False) as index:
        api.accept(index, DRAFTS[:1], by=REVIEWER, date=ACCEPTED_ON)
        api.accept(index, DRAFTS[1:], by=REVIEWER, date=ACCEPTED_ON)
        merge_actors(index, *MERGED)
        api.unlink(index, *UNLINKED)
