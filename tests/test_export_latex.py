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
    assert escape("\u054d") == r"\unset{054D}"
    assert escape("\u010d") == r"\v{c}"
    assert escape("Nguye\u0302\u0303n") == r"Nguy\~{\^{e}}n"
    assert escape("\u00ed \u012b") == "\u00ed \\={\\i}"


def test_a_name_pdflatex_cannot_set_reads_back_as_written_or_as_its_code_point(
        valid_claims: Path, tmp_path: Path) -> None:
    """Letters with accents the fonts can stack come out as written (pdftotext reads
    "Nguyễn" back), a character no font here has is its boxed code point, and the document
    says so; never a silent "?" or a dropped accent in a published name or quote."""
    import re
    import unicodedata

    names = {"nguyen": "Nguyễn Thị Trần", "skoda": "Škoda Ostrava-Poruba", "yamada": "山田 🙂"}
    actors = valid_claims / "actors.toml"
    actors.write_text(actors.read_text(encoding="utf-8") + "".join(
        f'\n[[actors]]\nid = "{key}"\nname = "{name}"\nkind = "person"\n'
        for key, name in names.items()), encoding="utf-8")
    dossier = next(p for p in valid_claims.glob("*.toml")
                   if "[[claims]]" in p.read_text(encoding="utf-8"))
    text = dossier.read_text(encoding="utf-8")
    keys = iter(names)
    text = re.sub(r'^claimant = "[^"]+"', lambda _: f'claimant = "{next(keys)}"', text,
                  count=len(names), flags=re.M)
    dossier.write_text(text, encoding="utf-8")
    tex = tmp_path / "names.tex"
    export("latex", "-o", str(tex))
    assert "Missing character" not in _compile(tex)
    shown = subprocess.run([program("pdftotext"), "-layout", str(tex.with_suffix(".pdf")), "-"],
                           capture_output=True, text=True, timeout=60, check=True).stdout
    flat = unicodedata.normalize("NFC", re.sub(r"\s+", " ", shown))
    assert "Nguyễn" in flat and "Škoda" in flat, flat[:2000]
    assert "U+5C71" in flat and "U+1F642" in flat
    assert "cannot show are given as their Unicode code points" in flat
    assert "?" not in flat.replace("U+", "")


def test_a_document_with_every_character_settable_has_no_note(bundled_claims: Path,
                                                              tmp_path: Path) -> None:
    tex = tmp_path / "dossier.tex"
    export("latex", "-o", str(tex))
    assert "code points" not in tex.read_text(encoding="utf-8")
