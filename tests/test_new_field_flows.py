"""A claim field and an appearance field added to the model only reach every option,
writer and view: ``add`` and ``edit`` offer them, the files get them, ``check`` reads
them, ``show`` (text and json), ``list`` and the exports show them.

The fields are added by tests/model_with_new_fields.py, which runs the command line with
a model whose ``Claim`` has ``confidence`` and whose ``Appearance`` has ``tone``; nothing
else of claimtrack is told about them. (The columns, DDL, codec and schemas of such a
field are tested in test_schema.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
RUN = HERE / "model_with_new_fields.py"

pytestmark = pytest.mark.slow


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(HERE / "fixtures" / "handwritten" / "claims", tmp_path / "claims")
    return tmp_path / "claims"


def claimtrack(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(folder.parent / "cache"),
           "CLAIMTRACK_CLAIMS": str(folder), "COLUMNS": "200"}
    return subprocess.run([sys.executable, str(RUN), *args], env=env, capture_output=True,
                          text=True, check=False, cwd=folder.parent)


def test_new_fields_reach_options_writers_and_views(folder: Path) -> None:
    helps = claimtrack(folder, "add", "--help").stdout + claimtrack(folder, "edit",
                                                                     "--help").stdout
    assert helps.count("--confidence") == 2 and "How sure the desk is." in helps
    assert helps.count("--tone") == 2 and "The tone the document takes." in helps

    added = claimtrack(folder, "add", "--statement", "The union called the memo a forgery.",
                       "--by", "MoP", "--kind", "characterization", "--framing", "attributed",
                       "--document", "memo", "--quote", "calling the memo", "--id", "forgery",
                       "--confidence", "quite sure", "--tone", "sober")
    assert (added.returncode, added.stderr) == (0, "")
    text = (folder / "harbour.toml").read_text()
    record = text[text.index('id = "forgery"'):]
    claim_part, appearance_part = record.split("[[claims.appearances]]", 1)
    assert 'confidence = "quite sure"' in claim_part
    assert 'tone = "sober"' in appearance_part
    assert claimtrack(folder, "check").returncode == 0

    shown = claimtrack(folder, "show", "forgery").stdout
    assert "  confidence: quite sure\n" in shown and "    tone: sober\n" in shown
    detail = json.loads(claimtrack(folder, "show", "forgery", "-f", "json").stdout)[0]
    assert detail["confidence"] == "quite sure"
    assert detail["appearances"][0]["tone"] == "sober"

    edited = claimtrack(folder, "edit", "forgery", "--confidence", "less sure", "--tone", "")
    assert (edited.returncode, edited.stderr) == (0, "")
    text = (folder / "harbour.toml").read_text()
    assert 'confidence = "less sure"' in text and "tone" not in text

    listed = claimtrack(folder, "list", "-c", "id,confidence", "-f", "csv").stdout
    assert "forgery,less sure\n" in listed
    exported = json.loads(claimtrack(folder, "export", "json").stdout)
    assert next(r for r in exported if r["id"] == "forgery")["confidence"] == "less sure"
    appearances = json.loads(claimtrack(folder, "export", "json", "--table",
                                        "appearances").stdout)
    assert "tone" in appearances[0]

    # The web page's edit forms offer both fields and write what is typed in them.
    served = subprocess.run([sys.executable, str(RUN), "--serve-forms", str(folder), "forgery",
                             "sure after all", "calm"], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "200"}, check=False)
    assert served.returncode == 0, served.stderr
    answer = json.loads(served.stdout)
    page = answer["page"]
    edit_form = page[page.index('action="/claim/forgery/edit"'):]
    edit_form = edit_form[:edit_form.index("</form>")]
    appearance_form = page[page.index('action="/claim/forgery/appearance"'):]
    appearance_form = appearance_form[:appearance_form.index("</form>")]
    assert 'name="confidence" rows="2">less sure</textarea>' in edit_form
    assert 'title="How sure the desk is."' in edit_form
    assert 'name="tone"' in appearance_form
    assert answer["statuses"] == [303, 303]
    text = (folder / "harbour.toml").read_text()
    assert 'confidence = "sure after all"' in text and 'tone = "calm"' in text
    assert claimtrack(folder, "check").returncode == 0
