"""Paths and files around bringing an article in: an article, a document text or the
documents folder that is a dangling symlink, a directory, a FIFO or a device; names too
long for the file system; two drafts from the same outlet. Each ends in one message or a
sound folder: never a hang, never a write outside ``claims/``, never a folder that fails
``check``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import run, snapshot

ARTICLE = "= Port news =\nThe Dockers Union said the harbour was sold.\n"
NAME_MAX = 255


def _extract(*args: str, cwd: Path, timeout: float = 20) -> tuple[int, str, str]:
    """``claimtrack extract ARGS`` as its own process: a hang is a failure, not a stuck run."""
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(cwd / ".cache")}
    env.pop("CLAIMTRACK_CLAIMS", None)
    try:
        done = subprocess.run([sys.executable, "-m", "claimtrack", "extract", *args], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout, env=env,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"extract {args} hung") from expired
    assert done.returncode != 70 and "internal error" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        yield path


# -- the article named on the command line -------------------------------------------------

ARTICLE_KINDS = ["dangling-symlink", "directory", "fifo", "fifo-via-symlink", "dev-zero",
                 "dev-null", "socket", "symlink-loop", "name-too-long", "path-too-long",
                 "empty-name", "not-utf8"]


def _article(tmp_path: Path, kind: str) -> str:
    target = tmp_path / "article.txt"
    if kind == "dangling-symlink":
        target.symlink_to("nowhere.txt")
    elif kind == "directory":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "fifo-via-symlink":
        os.mkfifo(tmp_path / "pipe")
        target.symlink_to("pipe")
    elif kind == "dev-zero":
        return "/dev/zero"
    elif kind == "dev-null":
        return "/dev/null"
    elif kind == "socket":
        return "sock"
    elif kind == "symlink-loop":
        target.symlink_to("article.txt")
    elif kind == "name-too-long":
        return "a" * (NAME_MAX + 10) + ".txt"
    elif kind == "path-too-long":
        return "/".join(["b" * 200] * 30) + "/article.txt"
    elif kind == "empty-name":
        return ""
    else:
        target.write_bytes(b"= T =\nThe union said \xff it.\n")
    return "article.txt"


@pytest.mark.parametrize("kind", ARTICLE_KINDS)
def test_an_article_that_is_not_a_readable_file_is_a_message(
        valid_claims: Path, tmp_path: Path, unix_socket: Path, kind: str) -> None:
    name = _article(tmp_path, kind)
    before = snapshot(tmp_path)
    code, _out, err = _extract(name, "-o", "claims/new.toml", cwd=tmp_path)
    assert code == 2, (kind, code, err)
    assert err.startswith("claimtrack: ") and err.count("\n") == 1, err
    assert snapshot(tmp_path) == {**before, **{k: v for k, v in snapshot(tmp_path).items()
                                               if k.startswith(".cache")}}


def test_an_article_from_a_pipe_someone_writes_to_is_read(valid_claims: Path,
                                                          tmp_path: Path) -> None:
    """``extract <(command)``: a pipe with a writer is an article like any other."""
    os.mkfifo(tmp_path / "pipe")
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(tmp_path / ".cache")}
    reader = subprocess.Popen([sys.executable, "-m", "claimtrack", "extract", "pipe"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    with (tmp_path / "pipe").open("w") as pipe:
        pipe.write(ARTICLE)
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert "The Dockers Union said the harbour was sold." in out


# -- the documents/ folder and the document file extract writes -----------------------------

BRING_IN = ["dangling-symlink-outside", "dangling-symlink-inside", "directory", "fifo",
            "symlink-to-directory", "symlink-loop", "symlink-to-device", "socket",
            "documents-dangling-symlink", "documents-is-a-file", "documents-is-a-fifo",
            "documents-symlink-outside", "documents-symlink-loop"]


def _bring_in_case(claims: Path, kind: str) -> None:
    documents = claims / "documents"
    target = documents / "port-news.txt"
    outside = claims.parent / "outside"
    outside.mkdir()
    if kind == "dangling-symlink-outside":
        target.symlink_to(outside / "stolen.txt")
    elif kind == "dangling-symlink-inside":
        target.symlink_to("not-yet.txt")
    elif kind == "directory":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink-to-directory":
        target.symlink_to(outside, target_is_directory=True)
    elif kind == "symlink-loop":
        target.symlink_to("port-news.txt")
    elif kind == "symlink-to-device":
        target.symlink_to("/dev/null")
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
        sock.close()
    else:
        for child in documents.iterdir():
            (claims / child.name).write_bytes(child.read_bytes())
            child.unlink()
        documents.rmdir()
        if kind == "documents-dangling-symlink":
            documents.symlink_to("gone", target_is_directory=True)
        elif kind == "documents-is-a-file":
            documents.write_text("not a folder\n")
        elif kind == "documents-is-a-fifo":
            os.mkfifo(documents)
        elif kind == "documents-symlink-outside":
            documents.symlink_to(outside, target_is_directory=True)
        else:
            documents.symlink_to("documents", target_is_directory=True)


@pytest.mark.parametrize("kind", BRING_IN)
def test_bring_in_over_an_odd_document_file(valid_claims: Path, tmp_path: Path,
                                            kind: str) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE)
    _bring_in_case(valid_claims, kind)
    checked_before = run("check").code
    before = snapshot(tmp_path)
    code, _out, err = _extract("article.txt", "-o", "claims/new.toml", cwd=tmp_path)
    after = snapshot(tmp_path)
    assert not [k for k in after if k.startswith("outside/")], "wrote outside claims/"
    if code == 0:
        # Written inside the folder, and the folder is sound.
        assert run("check").code == checked_before, run("check").out
        assert (valid_claims / "new.toml").is_file()
    else:
        assert code == 2, (code, err)
        assert err.startswith("claimtrack: ") and err.count("\n") == 1, err
        assert "port-news" in err or "documents" in err, err
        assert {k: v for k, v in after.items() if not k.startswith(".cache")} == {
            k: v for k, v in before.items() if not k.startswith(".cache")}


# -- a document text the folder names --------------------------------------------------------

TEXT_KINDS = ["dangling-symlink", "directory", "fifo", "dev-zero", "dev-null", "symlink-loop",
              "socket", "symlink-outside", "symlink-to-folder"]


def _text_case(claims: Path, kind: str) -> None:
    memo = claims / "documents" / "memo.txt"
    data = memo.read_bytes()
    memo.unlink()
    if kind == "dangling-symlink":
        memo.symlink_to("gone.txt")
    elif kind == "directory":
        memo.mkdir()
    elif kind == "fifo":
        os.mkfifo(memo)
    elif kind == "dev-zero":
        memo.symlink_to("/dev/zero")
    elif kind == "dev-null":
        memo.symlink_to("/dev/null")
    elif kind == "symlink-loop":
        memo.symlink_to("memo.txt")
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(memo))
        sock.close()
    elif kind == "symlink-outside":
        (claims.parent / "memo.txt").write_bytes(data)
        memo.symlink_to(claims.parent / "memo.txt")
    else:
        memo.symlink_to(claims.parent, target_is_directory=True)


READS = [["check"], ["list"], ["show", "ministry-harbour-sold"], ["flags"], ["match"],
         ["export", "json"], ["export", "html"], ["timeline"]]


@pytest.mark.parametrize("cache", ["warm-cache", "no-cache"])
@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_a_document_text_that_is_not_a_file_is_a_problem_never_a_hang(
        valid_claims: Path, tmp_path: Path, kind: str, cache: str) -> None:
    if cache == "warm-cache":
        assert run("check").code == 0  # the cache knows the memo as a good file
    _text_case(valid_claims, kind)
    flags = ["--no-cache"] if cache == "no-cache" else []
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": os.environ["CLAIMTRACK_CACHE_DIR"]}
    for args in READS:
        try:
            done = subprocess.run([sys.executable, "-m", "claimtrack", *flags, *args],
                                  cwd=tmp_path, capture_output=True, text=True, timeout=60,
                                  env=env, check=False)
        except subprocess.TimeoutExpired as expired:
            raise AssertionError(f"{args} hung on a document text that is a {kind}") \
                from expired
        assert "internal error" not in done.stderr, (args, done.stderr)
        if args == ["check"]:
            assert done.returncode == 1, (kind, cache, done.stdout)
            assert "documents/memo.txt" in done.stdout, done.stdout
        else:
            assert done.returncode == 0, (args, done.stderr)


# -- names too long --------------------------------------------------------------------------

LONG = "a" * (NAME_MAX + 45)
DEEP = "/".join(["c" * 250] * 20)


@pytest.mark.parametrize("args", [
    ["--claims", LONG, "list"], ["--claims", DEEP, "check"],
    ["export", "csv", "-o", LONG + ".csv"], ["export", "csv", "-o", DEEP + "/x.csv"],
    ["export", "sqlite", "-o", LONG + ".sqlite"], ["export", "html", "-o", f"{LONG}/x.html"],
    ["add", "--statement", "The union spoke.", "--by", "dockers-union", "--kind",
     "statement", "--framing", "denied", "--document", "memo", "--quote",
     "The Dockers Union denied it", "--dossier", LONG],
    ["extract", "-", "-o", f"claims/{LONG}.toml"],
    ["extract", "-", "-o", f"claims/{'é' * 200}.toml"],
    ["extract", "-", "--evaluate", LONG + ".toml"],
], ids=["claims", "claims-deep", "export-csv", "export-deep", "export-sqlite",
        "export-html-long-folder", "add-dossier", "extract-output", "extract-output-multibyte",
        "extract-evaluate"])
def test_a_name_too_long_for_the_file_system_is_a_usage_message(
        valid_claims: Path, tmp_path: Path, args: list[str]) -> None:
    before = snapshot(tmp_path)
    ran = run(*args, input=ARTICLE)
    assert ran.code == 2, ran
    assert ran.err.startswith("claimtrack: ") and ran.err.count("\n") == 1, ran.err
    assert "too long" in ran.err, ran.err
    assert snapshot(tmp_path) == before


def test_a_long_environment_claims_folder_is_a_message(tmp_path: Path) -> None:
    env = {**os.environ, "CLAIMTRACK_CLAIMS": LONG,
           "CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "claimtrack", "list"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 2, done.stderr
    assert "too long" in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("dossier", [LONG, "é" * 200, "Ω" * 300, "harbour " * 60])
def test_a_long_dossier_name_for_extract_gives_a_sound_folder(valid_claims: Path,
                                                              dossier: str) -> None:
    ran = run("extract", "-", "--dossier", dossier, "-o", "claims/new.toml", input=ARTICLE)
    assert ran.code in (0, 2), ran
    if ran.code == 0:
        assert run("check").code == 0, run("check").out
        assert all(len(p.name.encode()) <= NAME_MAX for p in valid_claims.rglob("*"))


def test_a_long_title_gives_a_sound_folder(valid_claims: Path) -> None:
    article = "= " + "Ωmega harbour " * 2000 + "=\nThe Dockers Union said it.\n"
    ran = run("extract", "-", "-o", "claims/new.toml", input=article)
    assert ran.code == 0, ran
    assert run("check").code == 0, run("check").out


# -- two drafts from the same outlet ----------------------------------------------------------

def _dated(outlet: str, day: int, title: str, sentence: str) -> str:
    return f"{title}\n\nPORTVILLE, Feb {day} ({outlet}) \u2014 {sentence}\n"


SAME_OUTLET = {
    "same-outlet": [("Northgate Wire", "Harbour sale questioned"),
                    ("Northgate Wire", "Ministry answers union")],
    "same-outlet-other-case": [("Northgate Wire", "Harbour sale questioned"),
                               ("northgate wire", "Union answers")],
    "same-outlet-same-title": [("Northgate Wire", "Harbour sale questioned"),
                               ("Northgate Wire", "Harbour sale questioned")],
    "three-from-one-outlet": [("Northgate Wire", "One"), ("Northgate Wire", "Two"),
                              ("Northgate Wire", "Three")],
}
SENTENCES = ["The Dockers Union said the harbour was sold to a shell company.",
             "The Ministry of Ports said the sale was lawful.",
             "A spokesman said nothing more would be said."]


@pytest.mark.parametrize("case", list(SAME_OUTLET))
def test_drafts_from_one_outlet_leave_a_sound_folder(valid_claims: Path, case: str) -> None:
    for n, (outlet, title) in enumerate(SAME_OUTLET[case]):
        article = _dated(outlet, 11 + n, title, SENTENCES[n % len(SENTENCES)])
        ran = run("extract", "-", "-o", f"claims/draft{n}.toml", input=article)
        assert ran.code == 0, ran
        checked = run("check")
        assert checked.code == 0, (case, n, checked.out)


@pytest.mark.parametrize("titles", [("Harbour sale questioned", "Harbour sale questioned"),
                                    ("Port news", "PORT NEWS")])
def test_two_drafts_with_one_title_and_no_outlet_leave_a_sound_folder(
        valid_claims: Path, titles: tuple[str, str]) -> None:
    for n, title in enumerate(titles):
        ran = run("extract", "-", "-o", f"claims/draft{n}.toml",
                  input=f"= {title} =\n{SENTENCES[n]}\n")
        assert ran.code == 0, ran
        assert run("check").code == 0, run("check").out


# -- a pipe as the output ------------------------------------------------------------------

def test_output_to_a_pipe_nobody_reads_is_a_message_not_a_hang(valid_claims: Path,
                                                                tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(tmp_path / ".cache")}
    try:
        done = subprocess.run([sys.executable, "-m", "claimtrack", "export", "csv", "-o",
                               "pipe"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=20, env=env, check=False)
    except subprocess.TimeoutExpired as expired:
        raise AssertionError("export to a pipe nobody reads hung") from expired
    assert done.returncode == 1, done.stderr
    assert "pipe" in done.stderr and "nobody is reading" in done.stderr
    assert (tmp_path / "pipe").is_fifo()


def test_output_to_a_pipe_someone_reads_is_written(valid_claims: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    reader = subprocess.Popen(["cat", "pipe"], cwd=tmp_path, stdout=subprocess.PIPE,
                              text=True)
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(tmp_path / ".cache")}
    import time

    time.sleep(0.3)  # cat opens the pipe for reading
    done = subprocess.run([sys.executable, "-m", "claimtrack", "export", "csv", "-o", "pipe"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env,
                          check=False)
    out, _ = reader.communicate(timeout=30)
    assert done.returncode == 0, done.stderr
    assert out.startswith("id,statement,")
