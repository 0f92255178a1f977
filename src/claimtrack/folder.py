"""The claims folder's own settings (``claimtrack.toml``): its format version, and the
organisation that publishes its reviews when a dossier does not name one.

A folder without the settings file but with dossiers is format 1, the format before
appearances carried their framing and attribution; ``claimtrack migrate`` upgrades it.
An empty folder is current.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimtrack.errors import UsageError

__all__ = ["FORMAT", "SETTINGS", "FolderFormatError", "default_publisher", "folder_format",
           "publisher_hint", "require_current", "settings_text"]

FORMAT = 2
"""The format this claimtrack reads and writes."""

SETTINGS = "claimtrack.toml"
"""The settings file's name in the claims folder (it holds no records)."""


class FolderFormatError(UsageError):
    """The folder is in an older format; ``claimtrack migrate`` upgrades it."""


def settings_text() -> str:
    """The settings file of a folder in the current format."""
    return (f"# claimtrack folder settings: the format the files below are written in.\n"
            f"format = {FORMAT}\n")


def folder_format(root: Path) -> int:
    """The format version the folder is written in."""
    from claimtrack.files import UnreadableFileError, read_text

    path = root / SETTINGS
    try:
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(path)
        text = read_text(path).removeprefix("\ufeff")
    except UnreadableFileError as error:
        raise UsageError(f"{path}: {error.message}") from None
    except FileNotFoundError:
        try:
            names = os.listdir(root)
        except OSError:
            return FORMAT
        dossiers = [n for n in names if n.endswith(".toml") and not n.startswith(".")]
        return 1 if dossiers else FORMAT
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot be read: {error}") from None
    import tomllib  # a small file: the standard parser, not the fast one and its imports

    try:
        value = tomllib.loads(text).get("format")
    except tomllib.TOMLDecodeError:
        value = None
    if not isinstance(value, int) or isinstance(value, bool):
        raise UsageError(f"{path}: expected 'format = {FORMAT}' (the folder's format "
                         "version)")
    return value


def require_current(root: Path) -> None:
    """Raise FolderFormatError, in one line, unless the folder is in the current format."""
    found = folder_format(root)
    if found < FORMAT:
        raise FolderFormatError(
            f"{root} is in format {found}; run `claimtrack migrate` to upgrade it to format "
            f"{FORMAT} (it keeps every comment; --dry-run shows the diff)")
    if found > FORMAT:
        raise FolderFormatError(
            f"{root} is in format {found}, newer than this claimtrack reads ({FORMAT}); "
            "upgrade claimtrack")


def _settings(root: Path) -> dict[str, object]:
    """The settings file's data; empty when there is none."""
    import tomllib

    from claimtrack.files import UnreadableFileError, read_text

    path = root / SETTINGS
    if not path.exists():
        return {}
    try:
        return tomllib.loads(read_text(path).removeprefix("\ufeff"))
    except UnreadableFileError as error:
        raise UsageError(f"{path}: {error.message}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: {error}") from None


def default_publisher(root: Path) -> str:
    """The organisation that publishes the folder's reviews when a dossier names none
    (``publisher`` in the settings file); empty when it names none either."""
    value = _settings(root).get("publisher", "")
    if not isinstance(value, str):
        raise UsageError(f"{root / SETTINGS}: publisher: expected a string (the name of the "
                         "organisation that publishes the reviews)")
    return value.strip()


def publisher_hint(root: Path, dossier: str, *, suggestion: str = "") -> str:
    """What a new dossier's claims will be published as, in one line for a summary: the
    folder's publisher, or how to give one (``export claimreview`` needs it). Nothing is
    invented: ``suggestion`` (a name the input itself carries) is only proposed."""
    folder = default_publisher(root)
    if folder:
        return f"claimreview: published as {folder} (the folder's publisher)"
    given = f" ({suggestion}?)" if suggestion else ""
    return (f"claimreview: no publisher{given}; `export claimreview` needs one: give it once "
            f"with --publisher NAME (the folder's default, in {SETTINGS}), or set publisher "
            f"in the [dossier] table of {dossier}")
