"""``claimtrack extract`` end to end: drafts that `check` accepts, bad input as messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from oracle import load
from support import check_folder
from typer.testing import CliRunner

from claimtrack.cli import app

CORPUS = Path(__file__).parent / "corpus"
runner = CliRunner()


@pytest.mark.model
def test_draft_beside_the_folder_passes_check(valid_claims: Path) -> None:
    article = CORPUS / "slovakia-tender" / "article.txt"
    result = runner.invoke(app, ["extract", str(article), "-o", "claims/draft.toml"])
    assert result.exit_code == 0, result.output
    dataset = load(valid_claims)
    report = check_folder(valid_claims)
    assert report.ok, [str(p) for p in report.problems]
    drafted = [c for c in dataset.claims.values() if "draft" in c.tags]
    assert f"{len(drafted)} draft claims" in result.stderr and len(drafted) >= 20
    assert all(c.status.value == "unverified" and c.notes.startswith("cue:") for c in drafted)
    denial = next(c for c in drafted if c.kind.value == "denial" and "rejected" in c.notes)
    assert denial.relations and denial.relations[0].type.value == "denies"
    again = runner.invoke(app, ["extract", str(article), "-o", "claims/draft.toml"])
    assert again.exit_code == 2 and "already in the folder as document" in again.stderr
    # Run again with the draft's actors now in the folder: they are known, not proposed.
    scored = runner.invoke(app, ["extract", str(article), "--evaluate",
                                 str(CORPUS / "slovakia-tender" / "expected.toml")])
    assert scored.exit_code == 0, scored.output
    assert scored.stdout.startswith("precision ") and "recall " in scored.stdout
    assert "Tomáš Kollár" in scored.stderr


@pytest.mark.model
def test_draft_uses_the_folders_actors_and_marks_repeats(valid_claims: Path,
                                                         tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_text("= Port news =\n\nThe Ministry of Ports announced that the harbour "
                       "had been sold.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--dossier", "port-news"])
    assert result.exit_code == 0, result.output
    assert 'claimant = "ministry-of-ports"' in result.stdout
    assert 'type = "same_as"\ntarget = "ministry-harbour-sold"' in result.stdout


@pytest.mark.model
def test_stdin_and_evaluate(valid_claims: Path) -> None:
    folder = CORPUS / "norway-doping"
    result = runner.invoke(app, ["extract", "-", "--evaluate", str(folder / "expected.toml")],
                           input=(folder / "article.txt").read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("precision ") and "  claimant " in result.stdout


def _run(tmp_path: Path, data: bytes) -> tuple[int, str, str]:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    result = runner.invoke(app, ["extract", str(path)])
    return result.exit_code, result.stdout, result.stderr


def test_empty_binary_and_non_utf8_input_are_clear_messages(valid_claims: Path,
                                                             tmp_path: Path) -> None:
    code, _, err = _run(tmp_path, b"  \n\n")
    assert code == 2 and "is empty; expected an article" in err
    code, _, err = _run(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert code == 2 and "looks like a binary file" in err
    code, _, err = _run(tmp_path, "caf\u00e9 said".encode("latin-1"))
    assert code == 2 and "is not UTF-8 text (byte 0xe9 at line 1)" in err
    assert "Traceback" not in err


def test_a_10_mb_article_is_refused_with_a_message(valid_claims: Path, tmp_path: Path) -> None:
    text = (CORPUS / "kenya-police-shooting" / "article.txt").read_bytes()
    code, out, err = _run(tmp_path, text * (10_000_000 // len(text) + 1))
    assert code == 2 and out == ""
    assert "is 10.0 MB; extract drafts one article of up to 1.5 MB at a time" in err


@pytest.mark.model
def test_a_large_article_below_the_limit_completes(valid_claims: Path, tmp_path: Path) -> None:
    body = "\n\n".join(f"Official number {n} said the port at Dock {n} was sold."
                       for n in range(5000))
    code, out, err = _run(tmp_path, f"= Big =\n\n{body}\n".encode())
    assert code == 0, err
    assert out.count("[[claims]]") == 5000


@pytest.mark.model
def test_text_without_attributions_gives_an_empty_draft(valid_claims: Path,
                                                        tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, b"= Nothing =\n\n==See also==\n- Elsewhere\n")
    assert code == 0
    assert "no attributions or assertions found" in err
    assert "[[claims]]" not in out and "[[documents]]" in out


def test_without_a_pipeline_extract_says_how_to_install_one(valid_claims: Path,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("The ministry said the port was sold.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--model", "en_core_web_absent"])
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "python -m spacy download en_core_web_sm" in line


def test_a_folder_setting_names_the_pipeline(valid_claims: Path, tmp_path: Path) -> None:
    settings = valid_claims / "claimtrack.toml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + '\n[extract]\nmodel = "en_core_web_absent"\n', encoding="utf-8")
    path = tmp_path / "article.txt"
    path.write_text("The ministry said the port was sold.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2 and "'en_core_web_absent'" in result.stderr


def test_missing_article_and_folder_as_article(valid_claims: Path) -> None:
    result = runner.invoke(app, ["extract", "nope.txt"])
    assert result.exit_code == 2 and "nope.txt: no such file" in result.stderr
    shutil.rmtree(valid_claims / "documents")
    result = runner.invoke(app, ["extract", "claims"])
    assert result.exit_code == 2 and "is a directory" in result.stderr


@pytest.mark.model
def test_evaluate_on_the_seed_prints_the_library_figures(tmp_path: Path) -> None:
    from claimtrack.extract import draft_article
    from claimtrack.extract.run import score_draft

    root = Path(__file__).parent.parent / "claims"
    article = root / "documents" / "wp-armenia-coup-2023-09.txt"
    expected = root / "armenia-coup-2023-09.toml"
    result = runner.invoke(app, ["--claims", str(tmp_path), "extract", str(article),
                                 "--evaluate", str(expected)])
    assert result.exit_code == 0, result.output
    text = article.read_text(encoding="utf-8")
    source = (root / "actors.toml").read_text() + "\n" + expected.read_text()
    score = score_draft(draft_article(text, name="article"), source, where=str(expected))
    assert result.stdout.splitlines()[:2] == score.report().splitlines()[:2]
    # The spans are found; the seed's claimant and chain figures are test_extract_corpus's.
    assert score.paired >= 0.7 * score.expected and score.paired >= 0.9 * score.drafted
