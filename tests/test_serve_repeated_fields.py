"""A form sent with one of its fields twice (a hand-made request, a proxy that merges, a
page tampered with). The server used the first value and dropped the others without a
word: a note sent as two parts was written as its first part only, a status sent twice
was written as whichever came first. A field the page sends once, sent more than once, is
refused with a 400 naming it, and nothing is written; the fields a page does send many
times (the bulk form's ticked claims) still work.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import serve_session as session
from test_serve_security import BASE, FORMS, _app, _digest, _signed_in, _version

REPEATED = {
    "note twice": ("review", "note", ["The first half.", "The second half."]),
    "status twice": ("review", "status", ["disputed", "supported"]),
    "status twice, one bad": ("review", "status", ["disputed", "bogus"]),
    "date twice": ("review", "date", ["2026-02-02", "2026-03-03"]),
    "by twice": ("accept", "by", ["Desk", "Someone Else"]),
    "statement twice": ("edit", "statement", ["Changed.", "Changed again."]),
    "framing twice": ("appearance", "framing", ["alleged", "denied"]),
    "target twice": ("link", "target", [session.LINK["target"], "no-such-claim"]),
    "version twice": ("review", "version", ["", ""]),
    "csrf twice": ("review", "csrf", ["", "wrong"]),
}


@pytest.mark.parametrize("case", list(REPEATED))
def test_a_field_sent_twice_is_refused_and_writes_nothing(folder: Path, case: str) -> None:
    action, name, values = REPEATED[case]
    client, csrf = _signed_in(_app(folder))
    version = _version(client)
    fields: list[tuple[str, str]] = [(k, v) for k, v in
                                     {**FORMS[action], "csrf": csrf, "version": version}.items()
                                     if k != name]
    filled = {"csrf": csrf, "version": version}
    fields += [(name, v or filled[name]) for v in values]  # "": the real value
    before = _digest(folder)
    body = "&".join(f"{k}={v}" for k, v in fields).replace(" ", "+")
    response = client.post(f"/claim/{session.DRAFT}/{action}", data=body.encode(),
                           content_type="application/x-www-form-urlencoded", base_url=BASE)
    assert 400 <= response.status_code < 500, (case, response.status_code)
    assert _digest(folder) == before, case
    if name != "csrf":  # a wrong token is refused before any field is read
        assert f"&#39;{name}&#39;" in response.get_data(as_text=True), case


def test_the_bulk_form_still_sends_many_claims(folder: Path) -> None:
    client, csrf = _signed_in(_app(folder))
    before = _digest(folder)
    response = client.post("/bulk", data={"csrf": csrf, "action": "tag", "tag": "pier",
                                          "scope": "ticked", "back": "",
                                          "ids": [session.DRAFT, session.LINK["target"]]},
                           base_url=BASE)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert _digest(folder) != before


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return session.copy_folder(tmp_path)
