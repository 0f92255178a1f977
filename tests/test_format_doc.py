"""docs/format.md lists every key the model declares, in the right table, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from claimtrack import model

DOC = Path(__file__).parent.parent / "docs" / "format.md"

SECTIONS = {
    "[dossier]": model.Dossier, "[[actors]]": model.Actor, "[[documents]]": model.Document,
    "[[claims]]": model.Claim, "[[claims.appearances]]": model.Appearance,
    "[[claims.relations]]": model.Relation, "[[claims.reviews]]": model.Review,
    "[[unclaimed]]": model.Unclaimed,
}
CHILDREN = {"appearances", "relations", "reviews"}


def _tables() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#+ `(\[[^`]+\])`", line)
        if heading:
            current = heading.group(1)
            found[current] = set()
        elif current and (key := re.match(r"^\| `([a-z_0-9]+)` \|", line)):
            found[current].add(key.group(1))
    return found


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_key_of_the_model_is_documented(section: str) -> None:
    declared = {f.name for f in attrs.fields(SECTIONS[section])} - CHILDREN
    assert _tables()[section] == declared


def test_every_vocabulary_value_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for vocabulary in (model.ClaimKind, model.Framing, model.Attribution,
                       model.RelationType, model.Status, model.ActorKind):
        missing = [str(v) for v in vocabulary if not re.search(rf"\b{re.escape(str(v))}\b",
                                                               text)]
        assert not missing, f"{vocabulary.__name__}: {missing}"
