"""Golden answers: what the read commands and the exports print for four folders, kept in
``tests/golden/<folder>/<case>.txt``.

Each case is run in process with and without the index cache; both must print exactly the
committed file (exit code, standard output, standard error). The files are written only by
``python scripts/regenerate_expected.py``; the test compares.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

HERE = Path(__file__).parent
REPO = HERE.parent
GOLDEN = HERE / "golden"
AS_OF = "2026-11-24"


def _bundled(target: Path) -> None:
    shutil.copytree(REPO / "claims", target)


def _generated(target: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    generate(target, 240, 4, seed=7)


def _ardia(target: Path) -> None:
    """The edit folder of tests/test_index.py: affiliations, hostility, two voices."""
    sys.path.insert(0, str(HERE))
    try:
        from test_index import build_folder
    finally:
        sys.path.remove(str(HERE))
    build_folder(target)


def _handwritten(target: Path) -> None:
    shutil.copytree(HERE / "fixtures" / "handwritten" / "claims", target)


FOLDERS: dict[str, Callable[[Path], None]] = {
    "bundled": _bundled,
    "generated": _generated,
    "ardia": _ardia,
    "handwritten": _handwritten,
}
"""Folder name -> a function writing it at the path given."""

_FLAGS = ["flags", "--as-of", AS_OF]

_COMMON: dict[str, list[str]] = {
    "list": ["list"],
    "list-csv": ["list", "-f", "csv"],
    "list-json": ["list", "-f", "json"],
    "list-jsonl-all-columns": ["list", "-f", "jsonl", "--columns",
                               "id,statement,claimant,claimant_name,about,kind,made,occurred,"
                               "words,tags,notes,status,reviewed,documents,framing,"
                               "attribution,via,cue,basis_reason,basis_quote,credibility,"
                               "dossier"],
    "list-sort-made-desc": ["list", "--columns", "id,made,status", "--sort", "-made",
                            "--limit", "12", "-f", "tsv"],
    "list-sort-two-keys": ["list", "--columns", "id,claimant,status,statement",
                           "--sort", "status,-claimant", "-f", "csv"],
    "list-sort-list-column": ["list", "--columns", "id,tags,about", "--sort", "tags,-about",
                              "-f", "csv"],
    "list-sort-limit-github": ["list", "--sort", "statement", "--limit", "5", "-f", "github"],
    "list-limit-0": ["list", "--limit", "0", "-f", "csv"],
    "list-flagged": ["list", "--flagged", "-f", "csv", "--columns", "id,status"],
    "list-unverified-allegations": ["list", "--status", "unverified", "--kind", "allegation",
                                    "--kind", "Accusation", "-f", "csv"],
    "list-since-until": ["list", "--since", "2017", "--until", "2023-09", "-f", "csv",
                         "--columns", "id,made"],
    "list-attribution-inferred": ["list", "--attribution", "inferred", "-f", "csv"],
    "list-framing": ["list", "--framing", "asserted", "--framing", "alleged", "-f", "csv"],
    "list-bad-status": ["list", "--status", "unverifed"],
    "list-bad-column": ["list", "--sort", "nonesuch"],
    "list-bad-date": ["list", "--since", "2023-13"],
    "list-bad-document": ["list", "--document", "nonesuch"],
    "list-bad-actor": ["list", "--by", "Nobody At All"],
    "sources": ["sources"],
    "sources-csv": ["sources", "-f", "csv"],
    "sources-by-kind": ["sources", "--by-kind", "-f", "csv"],
    "sources-by-voice": ["sources", "--by-voice", "-f", "csv"],
    "sources-unverified": ["sources", "--status", "unverified", "-f", "tsv"],
    "sources-sorted": ["sources", "--sort", "-name", "--limit", "4", "-f", "csv"],
    "flags": [*_FLAGS],
    "flags-csv": [*_FLAGS, "-f", "csv"],
    "flags-json": [*_FLAGS, "-f", "json"],
    "flags-stale": [*_FLAGS, "--stale-after", "400", "-f", "csv"],
    "flags-rules-in-order": [*_FLAGS, "--rule", "interested-party", "--rule", "unverified",
                             "--rule", "relayed-as-fact", "-f", "csv"],
    "flags-strict": [*_FLAGS, "--rule", "single-source", "--strict", "-f", "csv"],
    "flags-flagged-filter": [*_FLAGS, "--flagged", "--status", "unverified", "-f", "tsv"],
    "flags-sorted": [*_FLAGS, "--sort", "-rule,claim", "--limit", "15", "-f", "csv"],
    "flags-bad-rule": [*_FLAGS, "--rule", "single-sauce"],
    "timeline": ["timeline"],
    "timeline-occurred": ["timeline", "--by-occurred", "-f", "csv"],
    "timeline-limit": ["timeline", "--limit", "20", "-f", "csv"],
    "timeline-sorted": ["timeline", "--sort", "-id", "--limit", "6", "-f", "csv"],
    "check": ["check"],
    "check-json": ["check", "-f", "json"],
    "export-csv": ["export", "csv"],
    "export-tsv-appearances": ["export", "tsv", "--table", "appearances"],
    "export-csv-reviews": ["export", "csv", "--table", "reviews", "--status", "disputed"],
    "export-csv-actors": ["export", "csv", "--table", "actors"],
    "export-json": ["export", "json"],
    "export-json-nested": ["export", "json", "--nested", "--kind", "denial"],
    "export-jsonl-relations": ["export", "jsonl", "--table", "relations"],
    "export-markdown": ["export", "markdown"],
    "export-html": ["export", "html", "--status", "unverified"],
    "export-latex": ["export", "latex", "--framing", "asserted"],
    "export-claimreview": ["export", "claimreview", "--publisher", "Golden Desk"],
    "export-dot": ["export", "dot"],
    "export-mermaid": ["export", "mermaid", "--kind", "allegation", "--kind", "denial"],
}
"""Cases every folder runs."""

_OWN: dict[str, dict[str, list[str]]] = {
    "bundled": {
        "list-by-names": ["list", "--by", "the NSS", "--by", "Bazeyan", "-f", "csv"],
        "list-via": ["list", "--via", "unnamed-source", "-f", "csv"],
        "list-voice": ["list", "--voice", "wikipedia-editorial", "--status", "disputed"],
        "list-about": ["list", "--about", "albert-bazeyan", "-f", "csv"],
        "list-tag-document": ["list", "--tag", "infobox", "--document",
                              "wp-armenia-coup-2023-09", "-f", "csv"],
        "list-search": ["list", "--search", "ARREST", "--search", "nss", "-f", "csv"],
        "show": ["show", "bazeyan-denies-charges", "infobox-commander-bazeyan",
                 "plot-preliminary-conspiracy"],
        "show-json": ["show", "nss-preventive-arrest", "govt-announces-foiled-coup",
                      "-f", "json"],
        "show-unknown": ["show", "bazeyan-denies-charge"],
        "xref": ["xref", "govt-announces-foiled-coup", "--depth", "3"],
        "xref-csv": ["xref", "bazeyan-denies-charges", "--depth", "2", "-f", "csv"],
        "flags-by": [*_FLAGS, "--by", "nss", "-f", "csv"],
    },
    "generated": {
        "list-by": ["list", "--by", "actor-3", "--by", "AC4", "-f", "csv"],
        "list-search": ["list", "--search", "port contract", "--status", "refuted",
                        "-f", "csv"],
        "list-tag": ["list", "--tag", "camp", "--kind", "threat", "-f", "csv"],
        "list-document": ["list", "--document", "doc-2", "--limit", "9", "-f", "csv"],
        "list-via": ["list", "--via", "unnamed", "-f", "csv"],
        "list-about": ["list", "--about", "actor-7", "-f", "csv"],
        "show": ["show", "claim-0", "claim-17", "claim-199"],
        "show-json": ["show", "claim-42", "-f", "json"],
        "xref": ["xref", "claim-5", "--depth", "3"],
        "xref-csv": ["xref", "claim-100", "--depth", "2", "-f", "csv"],
    },
    "ardia": {
        "list-by": ["list", "--by", "ministry", "--by", "Front Youth Wing", "-f", "csv"],
        "list-via": ["list", "--via", "ledger", "-f", "csv"],
        "list-voice": ["list", "--voice", "wire", "-f", "csv"],
        "list-about": ["list", "--about", "wing", "-f", "csv"],
        "show": ["show", "gov-denies-threat", "wing-set-fire", "depot-burned"],
        "show-json": ["show", "reprisals-planned", "-f", "json"],
        "xref": ["xref", "ministry-blames-wing", "--depth", "4"],
        "xref-csv": ["xref", "gov-accuses-front", "--depth", "2", "-f", "csv"],
        "flags-by-wing": [*_FLAGS, "--by", "wing", "--by", "ministry", "-f", "csv"],
    },
    "handwritten": {
        "list-by": ["list", "--by", "dockers-union", "--by", "Ministry of Ports", "-f", "csv"],
        "show": ["show", "union-denies-sale"],
    },
}


def cases(folder: str) -> dict[str, list[str]]:
    """Every case of ``folder``: name -> arguments after ``claimtrack``."""
    return {**_COMMON, **_OWN[folder]}


def make(folder: str, parent: Path) -> Path:
    """Write ``folder`` at ``parent/claims`` and return it."""
    target = parent / "claims"
    FOLDERS[folder](target)
    return target


def run(root: Path, args: list[str], *, cache: bool) -> str:
    """Run ``claimtrack ARGS`` in process on the folder ``root`` (the working directory is
    its parent); the exit code, standard output and standard error as one text."""
    from claimtrack.cli import app

    where = os.getcwd()
    os.chdir(root.parent)
    try:
        flags = ["--claims", "claims"] + ([] if cache else ["--no-cache"])
        result = CliRunner().invoke(app, [*flags, *args], env={"COLUMNS": "100"})
    finally:
        os.chdir(where)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return (f"exit {result.exit_code}\n--- stdout\n{result.stdout}"
            f"--- stderr\n{result.stderr}")


def expected(folder: str, name: str) -> Path:
    """The committed answer of one case."""
    return GOLDEN / folder / f"{name}.txt"
