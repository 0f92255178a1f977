"""Run the claimtrack command line with two fields added to the model only.

    python tests/model_with_new_fields.py ARGS...

``Claim`` gains ``confidence`` and ``Appearance`` gains ``tone``, each a text with its
meaning, as a developer would add them to ``claimtrack/model.py``; nothing else of
claimtrack is told about them. tests/test_new_field_flows.py runs the commands through
this and checks that the fields reach every option, writer and view; with
``--serve-forms FOLDER CLAIM CONFIDENCE TONE`` it posts the web page's forms instead.
"""

from __future__ import annotations

import sys
from typing import Any

import attrs


def _text_field(doc: str) -> Any:
    return attrs.field(type=str, default="", metadata={"doc": doc, "ordered": True,
                                                       "ref": None})


def patch_model() -> None:
    """Replace the model's Claim and Appearance with ones that have a field more each,
    before anything else of claimtrack imports them."""
    import claimtrack.model as model

    model.Appearance = attrs.make_class(  # type: ignore[misc]
        "Appearance", {"tone": _text_field("The tone the document takes.")},
        bases=(model.Appearance,), frozen=True, kw_only=True)
    model.Claim = attrs.make_class(  # type: ignore[misc]
        "Claim", {"confidence": _text_field("How sure the desk is.")},
        bases=(model.Claim,), frozen=True, kw_only=True)


def serve_forms(root: str, claim_id: str, confidence: str, tone: str) -> None:
    """Show the claim's page through ``serve``, post its edit and appearance forms with the
    new fields, and print the page and the two answers' statuses as JSON."""
    import datetime as dt
    import json
    from pathlib import Path

    from werkzeug.test import Client

    from claimtrack.edit.api import claim_version
    from claimtrack.index import Index
    from claimtrack.serve.app import ServeApp
    from claimtrack.serve.security import COOKIE, Gate

    token, base = "new-field-test-token-0123456789", "http://127.0.0.1:8123"
    app = ServeApp(root=Path(root),
                   gate=Gate(token=token, host="127.0.0.1", port=8123), cache=False,
                   reviewer="Desk", today=lambda: dt.date(2026, 1, 6))
    client = Client(app)
    client.get(f"/?token={token}", base_url=base)
    cookie = client.get_cookie(COOKIE, domain="127.0.0.1")
    assert cookie is not None
    csrf = app.gate.csrf(cookie.value)
    page = client.get(f"/claim/{claim_id}", base_url=base).get_data(as_text=True)
    statuses = []
    for action, fields in (("edit", {"confidence": confidence}),
                           ("appearance", {"appearance": "1", "tone": tone})):
        with Index.open(app.root, cache=False) as index:
            version = claim_version(index, claim_id)
        answer = client.post(f"/claim/{claim_id}/{action}", base_url=base,
                             data={**fields, "csrf": csrf, "version": version})
        statuses.append(answer.status_code)
    print(json.dumps({"page": page, "statuses": statuses}))


if __name__ == "__main__":
    patch_model()
    if sys.argv[1:2] == ["--serve-forms"]:
        serve_forms(*sys.argv[2:6])
        sys.exit(0)
    from claimtrack.cli import main

    sys.argv = ["claimtrack", *sys.argv[1:]]
    main()
