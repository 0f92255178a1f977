"""``claimtrack serve``: a local web page over the same library, for people who do not edit
TOML. Reads go through the index (``select``, ``rows``, ``show``, ``flags``); every write
goes through ``claimtrack.edit.api``, so a browser edit is the same lossless, locked,
checked edit as the command line's."""

from __future__ import annotations

from claimtrack.serve.app import ServeApp
from claimtrack.serve.run import serve

__all__ = ["ServeApp", "serve"]
