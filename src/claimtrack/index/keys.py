"""What a file was read as: its stat key, and whether a change could hide behind it."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["RACY_NS", "StatKey", "racy", "stat_key"]

RACY_NS = 2_000_000_000
"""A file changed less than this long before it was read may change again unnoticed
within the same timestamp tick (2 s covers the coarsest common filesystems)."""

StatKey = tuple[int, int, int, int]


def stat_key(path: Path | str) -> tuple[StatKey, os.stat_result | None]:
    """Size, mtime, ctime and inode of a file, or -1s when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return (-1, -1, -1, -1), None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino), info


def racy(info: os.stat_result | None, read_ns: int) -> int:
    """1 when the file changed so close to being read that a change could hide."""
    if info is None:
        return 0
    return int(max(info.st_mtime_ns, info.st_ctime_ns) >= read_ns - RACY_NS)
