"""Find the ``claims/`` folder, read its TOML files and structure them into a Dataset."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from claimtrack.dataset import Dataset, Origin, SourceFile, display_path
from claimtrack.errors import ClaimsNotFoundError, Problem, did_you_mean, one_of
from claimtrack.files import UnreadableFileError, read_text
from claimtrack.model import Actor, Claim, Document, Dossier, Unclaimed
from claimtrack.structure import structure
from claimtrack.toml_lines import LineMap

__all__ = ["ENV_VAR", "find_claims_dir", "load"]

ENV_VAR = "CLAIMTRACK_CLAIMS"

_RECORDS: dict[str, type[Any]] = {
    "actors": Actor,
    "documents": Document,
    "claims": Claim,
    "unclaimed": Unclaimed,
}
_TABLES = ["dossier", *_RECORDS]
_SINGULAR = {"actors": "actor", "documents": "document", "claims": "claim"}
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def find_claims_dir(
    explicit: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """Locate the dataset: ``explicit``, else ``$CLAIMTRACK_CLAIMS``, else ``claims/`` upwards."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return _existing_dir(Path(explicit), "--claims")
    if env.get(ENV_VAR):
        return _existing_dir(Path(env[ENV_VAR]), f"${ENV_VAR}")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "claims").is_dir():
            return folder / "claims"
        if folder.name == "claims":
            return folder
    raise ClaimsNotFoundError(
        f"no claims/ folder in {start} or any folder above it; "
        f"pass --claims DIR or set {ENV_VAR}"
    )


def _existing_dir(path: Path, origin: str) -> Path:
    if not path.exists():
        raise ClaimsNotFoundError(f"{origin} {path}: no such folder")
    if not path.is_dir():
        raise ClaimsNotFoundError(f"{origin} {path}: not a folder")
    return path


def load(root: Path) -> Dataset:
    """Read every ``*.toml`` directly in ``root`` into a Dataset; problems are kept, not raised."""
    dataset = Dataset(root=root)
    for path in sorted(root.glob("*.toml")):
        _load_file(dataset, path)
    return dataset


def _load_file(dataset: Dataset, path: Path) -> None:
    display = display_path(path)
    try:
        text = read_text(path)
    except UnreadableFileError as exc:
        dataset.problems.append(Problem(display, exc.line, "", exc.message, "file"))
        return
    text = text.removeprefix("\ufeff")
    source = SourceFile(path, LineMap(text))
    dataset.files.append(source)
    if not text.strip():
        dataset.problems.append(Problem(
            display, 1, "", f"file is empty; expected tables: {', '.join(_TABLES)}", "empty"
        ))
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        dataset.problems.append(_syntax_problem(display, text, exc))
        return
    _load_tables(dataset, source, data)


def _syntax_problem(display: str, text: str, exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc)
    match = _TOML_POSITION.search(message)
    line = text.count("\n") + 1
    if match and match.group(1):
        line = int(match.group(1))
        message = message[: match.start()].strip() + f" at column {match.group(2)}"
    elif match:
        message = message[: match.start()].strip() + " at end of file"
    return Problem(display, line, "", f"TOML syntax error: {message[:1].lower()}{message[1:]}",
                   "syntax")


def _load_tables(dataset: Dataset, source: SourceFile, data: dict[str, Any]) -> None:
    for table, value in data.items():
        if table == "dossier":
            _load_dossier(dataset, source, value)
        elif table in _RECORDS:
            if not isinstance(value, list):
                dataset.problems.append(Origin(source, table).problem(
                    "", f"expected an array of tables ([[{table}]]), got a single value",
                    "type"))
                continue
            for index, record in enumerate(value):
                _load_record(dataset, Origin(source, f"{table}[{index}]"), table, record)
        else:
            hint = did_you_mean(table, _TABLES)
            dataset.problems.append(Origin(source, table).problem(
                "", f"unknown table '{table}'; {one_of(_TABLES)}{hint}", "unknown-key"))


def _load_dossier(dataset: Dataset, source: SourceFile, value: object) -> None:
    dossier, errors = structure(value, Dossier)
    origin = Origin(source, "dossier")
    for field, message in errors:
        code = "unknown-key" if message.startswith("unknown key") else "type"
        dataset.problems.append(origin.problem(field, message, code))
    if dossier is not None:
        dataset.dossiers[source.path.stem] = dossier


def _load_record(dataset: Dataset, origin: Origin, table: str, data: object) -> None:
    record, errors = structure(data, _RECORDS[table])
    for field, message in errors:
        code = "unknown-key" if message.startswith("unknown key") else "type"
        dataset.problems.append(origin.problem(field, message, code))
    if record is None:
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            dataset.broken.add((table, data["id"]))
        return
    if isinstance(record, Unclaimed):
        dataset.unclaimed.append((record, origin))
        return
    store: dict[str, Any] = getattr(dataset, table)
    if record.id in store:
        first = dataset.origin(table, record.id)
        dataset.problems.append(origin.problem(
            "id", f"duplicate {_SINGULAR[table]} id '{record.id}'; "
            f"first defined at {first.file.display}:{first.line}", "duplicate-id"))
        return
    store[record.id] = record
    dataset.origins[(table, record.id)] = origin

