"""Link draft claims to the claims already in the folder: ``same_as`` for a restatement.

The one function ``extract`` calls to link its drafts across documents. Until the
``match`` branch moves cross-document linking here, it delegates to
``claimtrack.extract.existing`` (which the ``match`` engineer owns).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from claimtrack.extract.existing import Link, link_existing
from claimtrack.model import Actor, Claim

if TYPE_CHECKING:
    from claimtrack.index import Index

__all__ = ["Link", "link_drafts"]


def link_drafts(drafts: Sequence[Claim], *, actors: Mapping[str, Actor], text: str,
                folder: Index) -> list[Link]:
    """The links from ``drafts`` (model claims of one new document) to the folder's claims."""
    return link_existing(drafts, text, folder=folder, actors=actors)
