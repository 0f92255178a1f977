"""Find the claims folder: ``--claims DIR``, else ``$CLAIMTRACK_CLAIMS``, else ``claims/`` upwards.

Kept apart from the index so that finding the folder imports nothing heavy.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from claimtrack.errors import ClaimsNotFoundError

__all__ = ["ENV_VAR", "find_claims_dir"]

ENV_VAR = "CLAIMTRACK_CLAIMS"


def find_claims_dir(
    explicit: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """Locate the dataset: ``explicit``, else ``$CLAIMTRACK_CLAIMS``, else ``claims/`` upwards."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return _existing_dir(Path(explicit), "--claims")
    if env.get(ENV_VAR):
        return _existing_dir(Path(env[ENV_VAR]), f"${ENV_VAR}")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "claims").is_dir():
            return folder / "claims"
        if folder.name == "claims":
            return folder
    raise ClaimsNotFoundError(
        f"no claims/ folder in {start} or any folder above it; "
        f"pass --claims DIR or set {ENV_VAR}"
    )


def _existing_dir(path: Path, origin: str) -> Path:
    from claimtrack.files import too_long

    reason = too_long(path)
    if reason is not None:
        raise ClaimsNotFoundError(f"{origin} {path}: {reason}")
    if not path.exists():
        raise ClaimsNotFoundError(f"{origin} {path}: no such folder")
    if not path.is_dir():
        raise ClaimsNotFoundError(f"{origin} {path}: not a folder")
    return path
