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


ACTOR_IDS = ["ministry-of-ports", "dockers-union", "memo-editorial", "unnamed-source",
             "nobody", ""]
chain = st.fixed_dictionaries({
    "attribution": st.sampled_from(["explicit", "inferred", "own", "unknown", ""]),
    "framing": st.sampled_from(["asserted", "reported", "alleged", "speculative", "x"]),
    "via": st.lists(st.sampled_from(ACTOR_IDS), max_size=4),
    "cue": st.text(max_size=12),
    "basis": st.one_of(st.none(), st.fixed_dictionaries({
        "reason": st.text(max_size=20),
        "quote": st.sampled_from(["", "has not revealed", "not in the memo", "\n"])})),
    "claimant": st.sampled_from(ACTOR_IDS),
    "voice": st.one_of(st.none(), st.sampled_from(ACTOR_IDS)),
})


@settings(max_examples=120, deadline=None)
@given(chain)
def test_check_never_raises_on_random_chains(values: dict[str, object]) -> None:
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        claims = Path(tmp) / "claims"
        shutil.copytree(VALID, claims)
        path = claims / "harbour.toml"
        text = path.read_text()
        voice = values["voice"]
        text = text.replace('voice = "memo-editorial"',
                            "" if voice is None else f"voice = {json.dumps(voice)}")
        basis = values["basis"]
        head = ('claimant = "unnamed-source"\nkind = "report"\n'
                + ("" if basis is None else f"basis = {{ reason = {json.dumps(basis['reason'])}, "
                   f"quote = {json.dumps(basis['quote'])} }}\n"))
        text = text.replace('claimant = "unnamed-source"\nkind = "report"\n',
                            head.replace('"unnamed-source"', json.dumps(values["claimant"])))
        text = text.replace('framing = "reported"\nattribution = "explicit"',
                            f"framing = {json.dumps(values['framing'])}\n"
                            f"attribution = {json.dumps(values['attribution'])}\n"
                            f"via = {json.dumps(values['via'])}\n"
                            f"cue = {json.dumps(values['cue'])}")
        path.write_text(text)
        report = check_folder(claims)
        for problem in report.problems:
            assert problem.line >= 1 and problem.path and problem.message
