"""Run the claimtrack command line with two fields added to the model only.

    python tests/model_with_new_fields.py ARGS...

``Claim`` gains ``confidence`` and ``Appearance`` gains ``tone``, each a text with its
meaning, as a developer would add them to ``claimtrack/model.py``; nothing else of
claimtrack is told about them. tests/test_new_field_flows.py runs the commands through
this and checks that the fields reach every option, writer and view.
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


if __name__ == "__main__":
    patch_model()
    from claimtrack.cli import main

    sys.argv = ["claimtrack", *sys.argv[1:]]
    main()
