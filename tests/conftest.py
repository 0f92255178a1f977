"""Shared fixtures: copies of the small valid dossier and of the bundled claims folder."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
VALID = HERE / "fixtures" / "valid" / "claims"
BUNDLED = HERE.parent / "claims"
HANDWRITTEN = HERE / "fixtures" / "handwritten" / "claims"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own index cache folder, never the user's."""
    monkeypatch.setenv("CLAIMTRACK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@functools.cache
def _pipeline_missing() -> str | None:
    """Why the spaCy pipeline that ``extract`` needs cannot be loaded, or None."""
    from claimtrack.errors import ClaimtrackError
    from claimtrack.extract.nlp import load_pipeline

    try:
        load_pipeline()
    except ClaimtrackError as error:
        return str(error)
    return None


@pytest.fixture(scope="session")
def _encoder(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The embedding model ``match`` uses, verified and loaded once for the session, or
    why it cannot be (a string)."""
    from claimtrack.match.encoder import ModelUnavailableError, load

    try:
        return load(tmp_path_factory.mktemp("model-cache"))
    except ModelUnavailableError as error:
        return f"the embedding model is not installed: {error}"


@pytest.fixture(autouse=True)
def _models(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test marked ``model`` runs with the pinned models (.ci/models.txt: the spaCy
    pipeline and the embedding model): without them it is skipped on a developer's machine
    (with the reason) and fails under CI, where it must run. The other tests match by
    words alone (fast, and the same whether or not the embedding model is installed)."""
    from claimtrack.match import semantic

    if request.node.get_closest_marker("model") is None:
        monkeypatch.setattr(semantic._Loaded, "encoder", None)
        monkeypatch.setattr(semantic._Loaded, "reason", "not used in this test")
        monkeypatch.setattr(semantic._Loaded, "said", True)
        return
    encoder = request.getfixturevalue("_encoder")
    missing = _pipeline_missing() or (encoder if isinstance(encoder, str) else None)
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the model tests, but {missing}")
        pytest.skip(f"needs the pinned models (.ci/models.txt): {missing}")
    monkeypatch.setattr(semantic._Loaded, "encoder", encoder)
    monkeypatch.setattr(semantic._Loaded, "reason", None)


@pytest.fixture(autouse=True)
def _known_reviewer(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same git user.name (the reviewer an edit records when none is
    given), never the one of the machine it runs on."""
    config = tmp_path_factory.mktemp("git") / "gitconfig"
    config.write_text("[user]\n\tname = Test Desk\n\temail = desk@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def _copied(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of ``folder`` at ``tmp_path/claims``, made the working folder's."""
    target = tmp_path / "claims"
    shutil.copytree(folder, target)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    return target


@pytest.fixture
def valid_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the small valid dossier at ``tmp_path/claims``; cwd is ``tmp_path``."""
    return _copied(VALID, tmp_path, monkeypatch)


@pytest.fixture
def bundled_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the bundled claims folder at ``tmp_path/claims``; cwd is ``tmp_path``."""
    return _copied(BUNDLED, tmp_path, monkeypatch)


@pytest.fixture
def hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the hand-written folder (comments, odd spacing, every TOML
    layout an edit must keep) at ``tmp_path/claims``; cwd is ``tmp_path``."""
    return _copied(HANDWRITTEN, tmp_path, monkeypatch)


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty claims folder at ``tmp_path/claims``; cwd is ``tmp_path``."""
    folder = tmp_path / "claims"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_CLAIMS", raising=False)
    return folder


NASTY_TEXT = """
== Nasty ==
=SUM(A1:A9) was written on the wall.
A pipe | a back\\slash and more.
<script>alert(1)</script> was posted.
Costs 5% & $3 # _ {x} ~ ^ \\ rose.
"""

NASTY_CLAIMS = '''
[[claims]]
id = "formula-on-wall"
statement = "=SUM(A1:A9) was written on the wall"
claimant = "dockers-union"
kind = "report"
made = 2021-06-01
credibility = 3

[[claims.appearances]]
document = "memo"
section = "Nasty"
quote = "=SUM(A1:A9) was written on the wall."
framing = "reported"
attribution = "explicit"

[[claims.reviews]]
date = 2021-06-02
status = "refuted"
by = "desk"
note = "No wall."

[[claims]]
id = "pipe-and-backslash"
statement = """A pipe | a back\\\\slash
and a newline"""
claimant = "memo-editorial"
kind = "statement"

[[claims.appearances]]
document = "memo"
section = "Nasty"
quote = "A pipe | a back\\\\slash and more."
framing = "asserted"
attribution = "own"

[[claims.relations]]
type = "supports"
target = "formula-on-wall"

[[claims]]
id = "script-posted"
statement = "<script>alert(1)</script> was posted & <b>read</b>"
claimant = "ministry-of-ports"
kind = "statement"

[[claims.appearances]]
document = "memo"
section = "Nasty"
quote = "<script>alert(1)</script> was posted."
framing = "attributed"
attribution = "explicit"

[[claims.reviews]]
date = 2021-06-03
status = "confirmed"
by = "desk"

[[claims]]
id = "latex-specials"
statement = "Costs 5% & $3 # _ {x} ~ ^ \\\\ rose [sharply] < > \\"quoted\\" \u2019curly\u2019"
claimant = "unnamed-source"
kind = "characterization"

[[claims.appearances]]
document = "memo"
section = "Nasty"
quote = "Costs 5% & $3 # _ {x} ~ ^ \\\\ rose."
framing = "reported"
attribution = "explicit"

[[claims.reviews]]
date = 2021-06-04
status = "not-checkable"
by = "desk"
'''


@pytest.fixture
def nasty_claims(valid_claims: Path) -> Path:
    """The valid dossier plus claims full of characters every format must escape."""
    import hashlib

    memo = valid_claims / "documents" / "memo.txt"
    data = memo.read_bytes() + NASTY_TEXT.encode()
    memo.write_bytes(data)
    harbour = valid_claims / "harbour.toml"
    text = harbour.read_text(encoding="utf-8")
    old = "71c61683ea71b1b3ad7f74b35907db2cddee47af5c4eff896366d18e90322716"
    text = text.replace(old, hashlib.sha256(data).hexdigest())
    text = text.replace("[[unclaimed]]", NASTY_CLAIMS + "\n[[unclaimed]]")
    harbour.write_text(text, encoding="utf-8")
    return valid_claims
