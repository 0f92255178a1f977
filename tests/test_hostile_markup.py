"""Text that speaks the output's own language stays text: Mermaid directives and click
statements, DOT attributes and escapes, LaTeX primitives and catcode tricks, HTML in SVG,
and Markdown links and images with ``javascript:`` or ``data:`` targets, in every text
field. Each output is read by its real reader (Graphviz, pdflatex with -no-shell-escape
and -recorder, markdown-it, html5lib, Mermaid itself in headless Chromium) and holds no
link, image, script, command or file access that came from the data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import html5lib
import pytest
from export_support import program
from hostile_support import TEXT_FIELDS, hostile_folder, run
from markdown_it import MarkdownIt

MERMAID = ['%%{init: {"securityLevel": "loose", "themeCSS": "svg{background:red}"}}%%',
           "%%{wrap}%%", "%% a comment", "click c_x call window.pwn()", '"] --> Z["',
           "`**md**`", ":::cls", "#lt;script#gt;", "A-->B", "end", "subgraph s",
           "style c_x fill:#f00;", "classDef x fill:#0f0;", "linkStyle 0 stroke:red;"]
DOT = ['"]; injected [label="x', r"\N \G \E \T \H \L \l \r", "<<b>html</b>>",
       'URL="javascript:window.pwn()"', "}digraph{", "->", "--"]
LATEX = [r"\input{/etc/hostname}", r"\immediate\write18{touch pwned}", r"\catcode`\^=13",
         "^^5cinput{/etc/hostname}", r"\csname input\endcsname{/etc/hostname}",
         r"\openout5=pwned.tex", r"\verb|x|", "$x^2$", "~#&%_{}", r"\end{document}",
         r"\def\x{}", "\\\\", "<<>>", ",,", "!`"]
MARKDOWN = ["[click](javascript:window.pwn())", "![img](data:image/svg+xml;base64,PHN2Zz4=)",
            "<javascript:alert(1)>", "[ref][r]", "[x](vbscript:msgbox(1))",
            "<a href='javascript:pwn()'>a</a>", "&#106;avascript:pwn()",
            "[a](<data:text/html,x>)", "![](x 't')", "<https://evil.example>",
            "[y]: javascript:pwn()", "\\[z\\](javascript:pwn())", "*em* _em_ `code`"]
SVG = ["<script>window.pwn()</script>", "<svg onload=window.pwn()>", "<foreignObject>",
       "]]><![CDATA[", "<!--", "-->", "<?xml?>", "&amp;", "&#x3C;"]
MEDIAWIKI = ["[[Special:Random|x]]", "{{SITENAME}}", "{{#invoke:m|f}}", "[javascript:pwn() x]",
             "[https://evil.example x]", "||", "|-", "{|", "|}", "!!", "''it'' '''bold'''",
             "</nowiki><span onmouseover=pwn()>x</span>", "~~~~", "<ref>r</ref>", "__TOC__",
             "{{{1}}}", "<!-- c -->"]
PAYLOAD = " ".join(MERMAID + DOT + LATEX + MARKDOWN + SVG + MEDIAWIKI)
"""One line of every language's active syntax (line breaks are the inert suite's)."""

VALUES = {field: f"{field} {PAYLOAD}" for field in TEXT_FIELDS}


@pytest.fixture
def marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder whose every text field holds the payload; cwd is its parent."""
    from conftest import VALID

    root = tmp_path / "claims"
    shutil.copytree(VALID, root)
    hostile_folder(root, VALUES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    yield root


def _nested() -> dict[str, Any]:
    ran = run("export", "json", "--nested")
    assert ran.code == 0
    return dict(json.loads(ran.out))


def _labels() -> list[list[str]]:
    """Each claim's node label, line by line: id, claimant's name, [status]."""
    return sorted([c["id"], c["claimant_name"], f"[{c['status']}]"]
                  for c in _nested()["claims"])


def _relations() -> int:
    claims = _nested()["claims"]
    ids = {c["id"] for c in claims}
    return sum(1 for c in claims for r in c["relations"] if r["target"] in ids)


# -- Graphviz -------------------------------------------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
ACTIVE_SVG = {"script", "a", "foreignObject", "iframe", "image", "use", "animate", "set"}


def _assert_svg_inert(svg: ElementTree.Element) -> None:
    for element in svg.iter():
        name = element.tag.split("}")[-1]
        assert name not in ACTIVE_SVG, name
        for attribute in element.attrib:
            local = attribute.split("}")[-1].lower()
            assert not local.startswith("on") and local != "href", (name, attribute)


@pytest.mark.readers
def test_dot_labels_stay_labels(marked: Path) -> None:
    dot = run("export", "dot")
    assert dot.code == 0
    done = subprocess.run([program("dot"), "-Tsvg"], input=dot.out, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    svg = ElementTree.fromstring(done.stdout)
    _assert_svg_inert(svg)
    nodes = [g for g in svg.iter(f"{SVG_NS}g") if g.get("class") == "node"]
    edges = [g for g in svg.iter(f"{SVG_NS}g") if g.get("class") == "edge"]
    labels = _labels()
    assert len(nodes) == len(labels) and len(edges) == _relations()
    assert sorted([t.text or "" for t in g.iter(f"{SVG_NS}text")] for g in nodes) == labels


# -- Mermaid, rendered by Mermaid ------------------------------------------------------------

MERMAID_JS = Path("/usr/local/share/claimtrack-readers/node_modules/mermaid/dist/"
                  "mermaid.min.js")
"""Mermaid's browser bundle, a test-only reader installed by .ci/system-deps."""

PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<pre class="mermaid" id="diagram"></pre></body></html>"""


@pytest.mark.browser
def test_mermaid_renders_the_labels_as_text_and_runs_nothing(marked: Path) -> None:
    from serve_session import chromium

    assert MERMAID_JS.is_file(), "Mermaid is not installed: run `bash .ci/system-deps`"
    text = run("export", "mermaid").out
    with chromium() as browser:
        page = browser.new_page()
        requests: list[str] = []
        dialogs: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.set_content(PAGE)
        page.add_script_tag(path=str(MERMAID_JS))
        page.evaluate("() => { window.pwned = []; window.pwn = () => pwned.push(1); }")
        page.evaluate("(t) => { document.getElementById('diagram').textContent = t; }",
                      text)
        page.evaluate("async () => { mermaid.initialize({startOnLoad: false});"
                      " await mermaid.run({querySelector: '#diagram'}); }")
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.pwned.length") == 0
        assert dialogs == []
        assert [u for u in requests if not u.startswith(("about:", "data:"))] == []
        found = page.evaluate("""() => {
            const svg = document.querySelector('#diagram svg');
            const bad = svg.querySelectorAll(
                'script, a, iframe, [onload], [onerror], [onclick], [href]');
            const nodes = [...svg.querySelectorAll('g.node')].map(
                n => [...n.querySelectorAll('.nodeLabel p, .nodeLabel')]
                    .map(e => e.innerText)[0]);
            const styles = [...svg.querySelectorAll('style')].map(e => e.textContent);
            return {bad: bad.length, nodes, error: svg.outerHTML.includes('Syntax error'),
                    style: styles.some(t => t.includes('background:red'))};
        }""")
    assert found["error"] is False, text
    assert found["bad"] == 0 and found["style"] is False
    for got, want in zip(sorted(found["nodes"]), sorted("\n".join(label)
                                                        for label in _labels()), strict=True):
        assert got == want, _difference(got, want)


def _difference(got: str, want: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
              min(len(got), len(want)))
    return f"at {at}: got {got[at - 30:at + 40]!r}, want {want[at - 30:at + 40]!r}"


# -- LaTeX ----------------------------------------------------------------------------------

@pytest.mark.readers
def test_latex_primitives_stay_text(marked: Path, tmp_path: Path) -> None:
    latex = run("export", "latex")
    assert latex.code == 0
    work = tmp_path / "tex"
    work.mkdir()
    (work / "x.tex").write_text(latex.out, encoding="utf-8")
    done = subprocess.run([program("pdflatex"), "-interaction=nonstopmode", "-halt-on-error",
                           "-no-shell-escape", "-recorder", "x.tex"], cwd=work,
                          capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert sorted(p.name for p in work.iterdir()) == ["x.aux", "x.fls", "x.log", "x.pdf",
                                                     "x.tex"]
    for line in (work / "x.fls").read_text().splitlines():
        kind, _, path = line.partition(" ")
        assert "hostname" not in path and "pwned" not in path, line
        if kind == "OUTPUT":
            assert Path(path).name.startswith("x."), line
    log = (work / "x.log").read_text(errors="replace")
    assert "runsystem" not in log and "write18" not in log.replace("\\write18", "")
    shown = subprocess.run([program("pdftotext"), "-layout", "x.pdf", "-"], cwd=work,
                           capture_output=True, text=True, timeout=60, check=True).stdout
    flat = re.sub(r"\s+", "", shown)
    for literal in LATEX:  # shown as written: no ligature (`` -- ,, !`), no command
        assert re.sub(r"\s+", "", literal) in flat, literal


@pytest.mark.readers
@pytest.mark.parametrize("fmt", ["latex", "latex_booktabs", "latex_longtable"])
def test_latex_tables_of_list_stay_text(marked: Path, tmp_path: Path, fmt: str) -> None:
    """tabulate's LaTeX tables (``latex_raw``, unescaped, is not offered)."""
    table = run("list", "-c", "id,statement,notes", "-f", fmt)
    assert table.code == 0
    work = tmp_path / fmt
    work.mkdir()
    (work / "x.tex").write_text("\\documentclass{article}\\usepackage[T1]{fontenc}"
                                "\\usepackage{booktabs,longtable}\\begin{document}\n"
                                f"{table.out}\\end{{document}}\n", encoding="utf-8")
    done = subprocess.run([program("pdflatex"), "-interaction=nonstopmode", "-halt-on-error",
                           "-no-shell-escape", "-recorder", "x.tex"], cwd=work,
                          capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    fls = (work / "x.fls").read_text()
    assert "hostname" not in fls and "pwned" not in fls
    assert run("list", "-f", "latex_raw").code == 2


# -- MediaWiki ------------------------------------------------------------------------------

def test_mediawiki_tables_hold_the_text_and_no_wiki_markup(marked: Path) -> None:
    """``-f mediawiki`` (encyclopedia editors paste it into an article) read by
    mwparserfromhell: every cell is text, no link, template, parameter or tag from the
    data, three cells a row, and the statement reads back whole."""
    import html

    import mwparserfromhell

    table = run("list", "-c", "id,statement,notes", "-f", "mediawiki")
    assert table.code == 0
    wiki = mwparserfromhell.parse(table.out)
    found = {type(node).__name__ for node in wiki.ifilter(recursive=True)}
    assert found <= {"Tag", "Text", "HTMLEntity", "Comment"}, found
    # tabulate's own caption placeholder is the one comment
    assert [str(c) for c in wiki.ifilter_comments(recursive=True)] == ["<!-- caption -->"]
    tags = {str(node.tag).strip() for node in wiki.ifilter_tags(recursive=True)}
    assert tags <= {"table", "tr", "th", "td", "nowiki"}, tags
    rows = [node for node in wiki.ifilter_tags(recursive=True) if str(node.tag) == "tr"]
    cells = [[cell for cell in row.contents.ifilter_tags(recursive=False)
              if str(cell.tag) in ("td", "th")] for row in rows]
    assert cells and all(len(row) == 3 for row in cells), [len(row) for row in cells]

    def text(cell: Any) -> str:
        inner = [node for node in cell.contents.nodes if str(node).strip()]
        if not inner:
            return ""
        assert len(inner) == 1 and str(inner[0].tag) == "nowiki", inner
        return html.unescape(str(inner[0].contents))

    statements = [text(row[1]) for row in cells if str(row[1].tag) == "td"]
    assert VALUES["claim.statement"] in statements, statements


def test_unescaped_markup_formats_are_refused_with_the_escaped_ones_named(
        marked: Path) -> None:
    for fmt in ("rst", "orgtbl", "jira", "textile", "asciidoc", "moinmoin", "youtrack",
                "unsafehtml", "latex_raw"):
        refused = run("list", "-f", fmt)
        assert refused.code == 2, fmt
        assert "unescaped" in refused.err and "mediawiki" in refused.err, refused.err


# -- Markdown --------------------------------------------------------------------------------

def _rendered(markdown: str) -> ElementTree.Element:
    """The HTML a Markdown reader makes, with every link target allowed (a reader that
    does not filter ``javascript:`` as markdown-it does must still find no link)."""
    md = MarkdownIt("commonmark").enable("table")
    md.validateLink = lambda url: True
    return html5lib.parse(md.render(markdown), namespaceHTMLElements=False)


def _assert_no_markup_from_data(document: ElementTree.Element) -> None:
    for tag in ("a", "img", "script", "svg", "iframe", "em", "strong", "code", "b"):
        found = document.findall(f".//{tag}")
        assert found == [], (tag, [ElementTree.tostring(e)[:200] for e in found])


@pytest.mark.parametrize("fmt", ["github", "pipe"])
def test_markdown_tables_make_no_link_image_or_markup(marked: Path, fmt: str) -> None:
    ran = run("list", "-c", "id,statement,notes", "-f", fmt)
    assert ran.code == 0
    document = _rendered(ran.out)
    _assert_no_markup_from_data(document)
    cells = [["".join(td.itertext()) for td in tr] for tr in document.iter("tr")]
    assert VALUES["claim.statement"] in {row[1] for row in cells}


def test_markdown_export_makes_no_link_image_or_markup(marked: Path) -> None:
    ran = run("export", "markdown")
    assert ran.code == 0
    document = _rendered(ran.out)
    _assert_no_markup_from_data(document)
    cells = {"".join(td.itertext()) for td in document.iter("td")}
    assert VALUES["claim.statement"] in cells


def test_html_export_links_nothing_from_the_data(marked: Path) -> None:
    ran = run("export", "html")
    assert ran.code == 0
    document = html5lib.parse(ran.out, namespaceHTMLElements=False)
    for element in document.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith(
                    ("javascript:", "data:", "vbscript:")), (element.tag, value)
    assert document.find(".//img") is None and document.find(".//iframe") is None
