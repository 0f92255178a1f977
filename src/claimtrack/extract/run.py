"""The ``extract`` command's work: read the article, draft, save, summarise, evaluate."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import attrs
from tabulate import tabulate

from claimtrack.errors import ClaimsNotFoundError, ClaimtrackError, UsageError
from claimtrack.extract import Draft, decode_article, draft_article
from claimtrack.files import UnreadableFileError, read_text

if TYPE_CHECKING:
    from claimtrack.edit.bringin import Existing
    from claimtrack.extract.evaluate import Score
    from claimtrack.index import Index
    from claimtrack.match.link import Link

__all__ = ["ExtractResult", "run_extract", "score_draft"]


@attrs.frozen
class ExtractResult:
    """What the command prints: the TOML, the summary table and the evaluation report."""

    toml: str
    summary: str
    evaluation: str = ""
    score: Score | None = None
    """The evaluation as data (``--evaluate``), for ``--format json``."""


def _read(article: str, stdin: BinaryIO) -> tuple[bytes, str]:
    from claimtrack.files import bounded, read_stream, too_long

    try:
        if article == "-":
            return bounded(stdin), "<stdin>"
        path = Path(article)
        reason = too_long(path)
        if reason is not None:
            raise UsageError(f"{article}: {reason}")
        if path.is_dir():
            raise UsageError(f"{article}: is a directory, expected an article file")
        return read_stream(path), article
    except UnreadableFileError as error:
        raise UsageError(f"{article}: {error.message}") from None


@contextmanager
def _folder(claims: Path | None) -> Iterator[tuple[Path | None, Index | None]]:
    """The claims folder and its index, open while the draft is made; None without one."""
    from claimtrack.find import find_claims_dir
    from claimtrack.index import Index

    try:
        root = find_claims_dir(claims)
    except ClaimsNotFoundError:
        if claims is not None:
            raise
        yield None, None
        return
    with Index.open(root) as index:
        yield root, index


def _destination(output: Path, root: Path | None) -> Path:
    """Where ``-o`` may write: a new file at the top of the claims folder (``root``, else
    the folder ``-o`` names), never through ``..``, an absolute path or a symlink out."""
    import os

    from claimtrack.files import too_long

    reason = too_long(output)
    if reason is not None:
        raise UsageError(f"{output}: {reason}", field="output")
    folder = output.parent
    if not folder.is_dir():
        raise UsageError(f"{output}: folder {folder} does not exist", field="output")
    if output.is_symlink():
        raise UsageError(f"{output}: is a symlink; extract writes a new file in the claims "
                         "folder, choose another -o FILE", field="output")
    home = os.path.realpath(root if root is not None else folder)
    if os.path.realpath(folder) != home:
        raise UsageError(f"{output}: not in the claims folder {root}; extract writes the "
                         "draft at its top, beside the other dossiers", field="output")
    documents = folder / "documents"
    if documents.exists() and os.path.realpath(documents) != os.path.join(home, "documents"):
        raise UsageError(f"{documents}: leads out of the claims folder (a symlink); nothing "
                         "was written", field="output")
    return folder


def _save(draft: Draft, output: Path, root: Path | None, index: Index | None) -> None:
    """Write the draft dossier and the document text into the claims folder, as one
    checked edit (``claimtrack.edit.bringin``)."""
    from claimtrack.edit.bringin import save_draft
    from claimtrack.index import Index

    folder = _destination(output, root)
    if output.exists():
        raise UsageError(f"{output}: already exists; extract does not overwrite a dossier, "
                         "choose another -o FILE")
    if index is not None:
        save_draft(index, toml=draft.toml, document_id=draft.document_id, text=draft.text,
                   output=output)
        return
    with Index.open(folder) as fresh:  # -o names a folder that is not a claims folder yet
        save_draft(fresh, toml=draft.toml, document_id=draft.document_id, text=draft.text,
                   output=output)


def _links(links: Sequence[Link]) -> str:
    """The summary's account of the drafts that restate claims already in the folder."""
    if not links:
        return ""
    drafts = len({link.draft for link in links})
    rows = [(link.draft, link.target, link.document, f"{link.similarity:.2f}")
            for link in links]
    table = tabulate(rows, headers=["draft claim", "same_as", "in document", "similarity"],
                     tablefmt="simple", disable_numparse=True)
    return (f"\n{drafts} draft {'claim restates' if drafts == 1 else 'claims restate'} "
            f"claims already in the folder, linked same_as ({len(links)} "
            f"link{'' if len(links) == 1 else 's'}):\n{table}")


def score_draft(draft: Draft, expected_text: str, *, where: str) -> Score:
    """The evaluation of ``draft`` against an expected dossier's TOML text."""
    from claimtrack.extract.evaluate import evaluate, read_dossier, units_of

    expected = read_dossier(expected_text, where=where)
    if not units_of(expected.claims, draft.text):
        raise ClaimtrackError(f"{where}: none of its quotes occurs in the article")
    drafted = read_dossier(draft.toml, where="the draft")
    # Actors the folder already knows are named by the draft but not written into it; only
    # those the draft names are its actors (the folder's others are not scored for kind).
    named = {n for c in drafted.claims for n in (c.claimant, *c.about,
                                                 *(v for a in c.appearances for v in a.via))}
    known = tuple(a for a in draft.known if a.id in named)
    drafted = attrs.evolve(drafted, actors=(*known, *drafted.actors))
    return evaluate(draft.text, expected=expected, drafted=drafted)


def model_setting(root: Path | None) -> str | None:
    """The pipeline the claims folder names in ``claimtrack.toml`` (``[extract] model``)."""
    import tomllib

    from claimtrack.folder import SETTINGS

    if root is None or not (root / SETTINGS).is_file():
        return None
    try:
        settings = tomllib.loads(read_text(root / SETTINGS))
    except (UnreadableFileError, tomllib.TOMLDecodeError):
        return None  # the settings file's own problems are check's to report
    model: object = settings.get("extract", {}).get("model")
    if model is not None and not isinstance(model, str):
        raise UsageError(f"{root / SETTINGS}: extract.model: expected the name or folder of "
                         "a spaCy pipeline, as a string")
    if isinstance(model, str) and ("/" in model or model.startswith(".")):
        model = str(root / model)  # a folder is named relative to the claims folder
    return model


def run_extract(*, article: str, name: str, output: Path | None, expected: Path | None,
                claims: Path | None, stdin: BinaryIO, model: str | None = None,
                update: bool = False, publisher: str | None = None) -> ExtractResult:
    """Read, draft, optionally save and score; raise ClaimtrackError with a message.

    The pipeline is ``model``, else the claims folder's setting, else ``en_core_web_sm``.
    A text already in the folder (the same sha256) is refused when it would be written,
    naming the document; with ``update`` its drafts are brought up to date instead.
    """
    from claimtrack.edit.bringin import existing_document, refusal

    data, where = _read(article, stdin)
    text = decode_article(data, where=where)
    with _folder(claims) as (root, index):
        found = None if index is None else existing_document(index, text)
        if found is not None and (update or output is not None):
            if not update:
                raise refusal(where, found)
            assert index is not None
            return _update(index, found, text, name=found.id, publisher=publisher,
                           model=model or model_setting(root))
        if update and output is None:
            raise UsageError(f"{where}: this text is not in the claims folder, so there are "
                             "no drafts to update; bring it in with -o FILE", field="update")
        known = [] if index is None else list(index.actors().values())
        taken = set() if index is None else set(index.documents())
        draft = draft_article(text, name=name, known=known, folder=index, taken_ids=taken,
                              model=model or model_setting(root))
        if output is not None:
            _save(draft, output, root, index)
        rows = draft.summary_rows()
        count = len(draft.claims)
        if rows:
            table = tabulate(rows, headers=["claimant", "kind", "claims"], tablefmt="simple")
            summary = (f"{table}\n{count} draft claims, {len(draft.extraction.actors)} "
                       "proposed actors")
        else:
            summary = "no attributions or assertions found: the draft has no claims"
        if output is not None:
            summary += f"; written to {output} and documents/{draft.document_id}.txt"
            summary += "\n" + _publisher(index, output, publisher)
        elif found is not None:
            summary += (f"\nnote: this text is already in the folder as document "
                        f"'{found.id}' ({found.file})")
    summary += _links(draft.links)
    score = None
    if expected is not None:
        try:
            expected_text = read_text(expected)
            # A dossier inside a claims folder names actors defined in its actors.toml.
            shared = expected.parent / "actors.toml"
            if shared.is_file() and shared.resolve() != expected.resolve():
                expected_text = read_text(shared) + "\n" + expected_text
        except UnreadableFileError as exc:
            raise UsageError(f"{expected}: {exc.message}") from None
        score = score_draft(draft, expected_text, where=str(expected))
    return ExtractResult(draft.toml, summary, score.report() if score else "", score)


def _publisher(index: Index | None, output: Path, publisher: str | None) -> str:
    from claimtrack.edit.bringin import publish_as
    from claimtrack.index import Index

    if index is not None:
        return publish_as(index, output, publisher)
    with Index.open(output.parent) as fresh:
        return publish_as(fresh, output, publisher)


def _update(index: Index, found: Existing, text: str, *, name: str,
            publisher: str | None, model: str | None) -> ExtractResult:
    """Draft the text again under its document's id and bring that document's drafts up to
    date. Drafted without the folder's claims: linked against them, the drafts would be
    matched with the document's own earlier ones."""
    from claimtrack.edit.bringin import publish_as, update_drafts

    known = list(index.actors().values())
    taken = (set(index.documents()) - {found.id}) | {
        i for (i,) in index.rows("SELECT id FROM claims WHERE live")}
    draft = draft_article(text, name=name, known=known, taken_ids=taken, model=model)
    done = update_drafts(index, found, draft.toml)
    summary = done.summary + "\n" + publish_as(index, index.root / found.file, publisher)
    return ExtractResult(draft.toml, summary)
