"""Random damage to valid files never makes ``check`` raise: it always reports, file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support import check_folder

VALID = Path(__file__).parent / "fixtures" / "valid" / "claims"
FILES = ["harbour.toml", "actors.toml", "documents/memo.txt"]


@st.composite
def damage(draw: st.DrawFn, data: bytes) -> bytes:
    """Delete, duplicate, replace or insert bytes and lines of ``data``."""
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "bytes", "truncate", "replace"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "drop" and lines:
            del lines[i]
        elif op == "dup" and lines:
            lines.insert(i, lines[i])
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "bytes":
            lines.insert(i, draw(st.binary(max_size=20)))
        elif op == "truncate" and lines:
            lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]
        elif op == "replace" and lines:
            tokens = [b'"', b"=", b"[[", b"]]", b"[", b"2023-02-30", b"unverifed", b"'", b"{", b"1"]
            token = draw(st.sampled_from(tokens))
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + token + lines[i][k:]
    return b"\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_check_never_raises_on_damaged_files(data: st.DataObject) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        claims = Path(tmp) / "claims"
        shutil.copytree(VALID, claims)
        name = data.draw(st.sampled_from(FILES))
        original = (claims / name).read_bytes()
        (claims / name).write_bytes(data.draw(damage(original)))
        report = check_folder(claims)
        for problem in report.problems:
            assert problem.line >= 1
            assert problem.path
            assert problem.message
