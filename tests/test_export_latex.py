"""latex compiled by ``pdflatex``: the bundled dossier, and claims full of specials."""

from __future__ import annotations

import subprocess
from pathlib import Path

from export_support import export, program
from oracle import load

from claimtrack.export.latex import escape


def _compile(tex: Path) -> str:
    result = subprocess.run(
        [program("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tex.parent, capture_output=True, text=True, timeout=300, check=False)
    log = tex.with_suffix(".log").read_text(encoding="latin-1")
    assert result.returncode == 0, log[-3000:]
    assert tex.with_suffix(".pdf").stat().st_size > 1000
    return log


def test_bundled_dossier_compiles(bundled_claims: Path, tmp_path: Path) -> None:
    tex = tmp_path / "dossier.tex"
    export("latex", "-o", str(tex))
    log = _compile(tex)
    assert "Missing character" not in log


def test_specials_compile(nasty_claims: Path, tmp_path: Path) -> None:
    tex = tmp_path / "nasty.tex"
    export("latex", "-o", str(tex))
    text = tex.read_text(encoding="utf-8")
    statement = load(nasty_claims).claims["latex-specials"].statement
    assert all(ch in statement for ch in "&%$#_{}~^\\")
    assert escape(statement) in text
    log = _compile(tex)
    assert "Missing character" not in log


def test_escape_each_special() -> None:
    assert escape("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}")
    assert escape("a\nb") == "a b"
    assert escape("\u054d") == "?"
    assert escape("\u010d") == "c"
