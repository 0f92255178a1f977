"""Text that shows nothing: a zero-width space, a joiner, a bidi mark, a NUL. ``check``
calls a statement or a name of white space "blank", but passed one of only such
characters; ``import claimreview`` imported a claim whose statement was a zero-width space
and the web page's new-actor form added an actor named NUL. Each is blank like white
space: check says so, the import skips the item, the form is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import serve_session as session
from hostile_support import run, toml_string
from test_import_feeds import GOOD, review
from test_serve_security import BASE, _app, _digest, _signed_in

INVISIBLE = ["\u200b", "\u200b\u200d\ufeff", "\u202e\u2066\u200e", "\x00", " \u00a0\u3000\t",
             "\u2028", "\u00ad"]
"""Nothing a reader sees: zero-width and format characters, controls, odd spaces."""


@pytest.mark.parametrize("text", INVISIBLE)
@pytest.mark.parametrize("field", ["statement", "name"])
def test_check_calls_invisible_text_blank(valid_claims: Path, field: str, text: str) -> None:
    if field == "statement":
        path, old = valid_claims / "harbour.toml", (
            '"The Ministry of Ports announced that the harbour had been sold."')
    else:
        path, old = valid_claims / "actors.toml", '"Dockers Union"'
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, toml_string(text), 1), encoding="utf-8")
    ran = run("check")
    assert ran.code == 1, ran.out
    assert f"{field} is blank" in ran.out, ran.out


@pytest.mark.parametrize("text", INVISIBLE)
def test_import_skips_a_claim_reviewed_that_shows_nothing(empty: Path, tmp_path: Path,
                                                          text: str) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([GOOD, review(text)]), encoding="utf-8")
    ran = run("import", "claimreview", str(feed))
    assert ran.code == 1, ran
    lines = [line for line in ran.err.splitlines() if line.startswith("claimtrack:")]
    assert len(lines) == 1 and "item [1]: the claim reviewed is missing" in lines[0], ran.err
    assert run("check").code == 0


@pytest.mark.parametrize("text", INVISIBLE)
def test_the_new_actor_form_refuses_a_name_that_shows_nothing(tmp_path: Path,
                                                              text: str) -> None:
    folder = session.copy_folder(tmp_path)
    client, csrf = _signed_in(_app(folder))
    before = _digest(folder)
    response = client.post("/actors/new", data={"csrf": csrf, "name": text, "kind": "person"},
                           base_url=BASE)
    assert response.status_code == 400, response.status_code
    assert "needs a name" in response.get_data(as_text=True)
    assert _digest(folder) == before
