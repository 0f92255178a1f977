"""Time claimtrack as whole processes against jq and sqlite3 on the same generated data.

    python benchmarks/run.py [--claims 10000,100000] [--files-per 100] [--runs 5]
                             [--work /tmp/ct-bench] [--only SUBSTRING] [--json FILE]

For each size, generates a synthetic folder (benchmarks/generate.py) under --work, or reuses
it when its stamp shows the same parameters, exports it once to JSON and SQLite for the
baselines, then times every scenario: warm (index up to date), edited (one dossier file
changed before each run), edits (review, link, add, edit and accept really change the
folder), exports, start-up (--version beside `python -c pass`), the web table (the first
and the 100th page asked of a running `claimtrack serve`, per request) and cold (cache
deleted). Each figure is the median wall time over --runs after one warm-up (cold: 3 runs,
no warm-up), with peak RSS from os.wait4 (the server's for the web table). Progress goes to
stderr; one Markdown table goes to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

# --- What is measured; adjust here when the command line or the model changes. -------------

SEED = 1
COLD_RUNS = 3
#: Columns of `list`, selected by the jq and sqlite3 baselines as well.
LIST_COLUMNS = ["id", "claimant", "attribution", "framing", "kind", "status", "statement"]
SOURCES_SQL = "SELECT claimant, status, count(*) FROM claims GROUP BY 1, 2"

#: Read commands, timed warm and (all but `list --search`) after editing one dossier file.
READS: list[list[str]] = [
    ["list", "--status", "unverified", "--format", "csv"],
    ["show", "claim-0"],
    ["sources"],
    ["xref", "claim-0", "--depth", "2"],
    ["timeline", "--limit", "20"],
    ["check"],
    ["list", "--search", "actor-777 says"],
    ["flags", "--format", "csv"],
]
NOT_AFTER_EDIT = {"--search"}

#: Commands that change the folder, one argv template each. Placeholders, filled per run:
#: {claim} a different claim number each run, {a} and {b} a pair never linked before,
#: {serial} a number never used before in this folder, {document} the document holding
#: {quote}, a sentence that occurs once in it.
EDITS: list[list[str]] = [
    ["review", "claim-{claim}", "--status", "disputed", "--date", "2024-01-01",
     "--note", "bench", "--by", "bench"],
    ["link", "claim-{a}", "supports", "claim-{b}"],
    ["add", "--statement", "Bench claim {serial}.", "--by", "actor-1",
     "--kind", "statement", "--framing", "reported", "--document", "{document}",
     "--quote", "{quote}", "--id", "bench-{serial}"],
    ["edit", "claim-{claim}", "--notes", "Bench note {serial}."],
]
#: Accepting a draft: the claim is made a draft (untimed) before each timed accept.
ACCEPT = ["accept", "claim-{claim}", "--by", "bench desk", "--date", "2024-01-02"]
DRAFT = ["edit", "claim-{claim}", "--add-tag", "draft"]

#: Pages of the web table asked of a running server (the 100th, or the last when fewer).
PAGES = [1, 100]
PAGE_SIZE = 50
"""Claims per page of the web table (``claimtrack.serve.table.PAGE_SIZE``)."""
#: How placeholders are shown in the table's labels.
PLACEHOLDER_LABELS = {"claim": "N", "a": "A", "b": "B", "serial": "N", "document": "doc-0",
                      "quote": "…"}
QUOTE_DOCUMENT = "doc-0"

EXPORTS = ["csv", "json", "html", "sqlite"]

# ---------------------------------------------------------------------------------------------


class CommandFailed(Exception):
    """A timed process exited with a code the case does not accept."""

    def __init__(self, argv: Sequence[str], code: int, stderr: str) -> None:
        """Keep the command, its exit code and its standard error."""
        super().__init__(f"{' '.join(argv)} exited {code}")
        self.argv, self.code, self.stderr = list(argv), code, stderr


@dataclass
class Case:
    """One row of the table: a command under a scenario, run the same way at every size."""

    label: str
    scenario: str
    argv: Callable[[], list[str]]
    before: Callable[[], None] | None = None
    runs: int | None = None
    warmup: bool = True
    ok_codes: tuple[int, ...] = (0,)


@dataclass
class Result:
    """Timings of one case at one size (seconds, peak RSS in KB, exit codes seen)."""

    times: list[float] = field(default_factory=list)
    peak_kb: int = 0
    codes: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def median(self) -> float | None:
        """Median wall time, or None when the case failed."""
        return statistics.median(self.times) if self.times and not self.error else None


@dataclass
class Dataset:
    """A generated folder and the paths and environment its processes use."""

    size: int
    files: int
    root: Path
    claimtrack: list[str]

    @property
    def claims(self) -> Path:
        """The generated claims folder."""
        return self.root / "claims"

    @property
    def cache(self) -> Path:
        """The private index cache of this folder."""
        return self.root / "cache"

    @property
    def out(self) -> Path:
        """Where exports are written."""
        return self.root / "out"

    @property
    def env(self) -> dict[str, str]:
        """Environment of every timed process."""
        env = {**os.environ, "CLAIMTRACK_CLAIMS": str(self.claims),
               "CLAIMTRACK_CACHE_DIR": str(self.cache)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path,
             ok_codes: tuple[int, ...]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KB) and exit code of one process; stdout goes to /dev/null."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok_codes:
            err.seek(0)
            raise CommandFailed(argv, code, err.read().decode("utf-8", "replace"))
    return elapsed, usage.ru_maxrss, code


def measure(case: Case, data: Dataset, runs: int) -> Result:
    """Run one case (a warm-up unless disabled, then its runs); a failure ends it early."""
    result = Result()
    count = case.runs if case.runs is not None else runs
    for n in range(count + (1 if case.warmup else 0)):
        if case.before is not None:
            case.before()
        try:
            seconds, rss, code = run_once(case.argv(), data.env, data.root, case.ok_codes)
        except CommandFailed as failed:
            result.error = f"exit {failed.code}"
            report_failure(case, failed)
            break
        if case.warmup and n == 0:
            continue
        result.times.append(seconds)
        result.peak_kb = max(result.peak_kb, rss)
        result.codes.append(code)
    return result


def report_failure(case: Case, failed: CommandFailed) -> None:
    """Say clearly on stderr why a command failed, pointing at EDITS for usage errors."""
    print(f"\n!! {case.label} [{case.scenario}] failed: {failed}", file=sys.stderr)
    stderr = failed.stderr.strip()
    if failed.code == 2 and ("No such option" in stderr or "Usage:" in stderr
                             or "Missing option" in stderr):
        print("!! usage error: the command line has changed; adjust READS/EDITS at the top of "
              "benchmarks/run.py", file=sys.stderr)
    for line in stderr.splitlines()[-12:]:
        print(f"!!   {line}", file=sys.stderr)


# --- Data --------------------------------------------------------------------------------------


def generator_digest() -> str:
    """Hash of generate.py: a changed generator means different data for the same sizes."""
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]


def prepare(size: int, files: int, work: Path, claimtrack: list[str]) -> Dataset:
    """The generated folder for ``size`` claims in ``files`` files, reused if its stamp fits."""
    data = Dataset(size, files, work / f"{size}-{files}", claimtrack)
    stamp_path = data.root / "stamp.json"
    stamp = {"claims": size, "files": files, "seed": SEED, "generator": generator_digest()}
    try:
        current = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = None
    if current != stamp:
        print(f"generating {size:,} claims in {files:,} files under {data.root} …",
              file=sys.stderr)
        shutil.rmtree(data.root, ignore_errors=True)
        data.root.mkdir(parents=True)
        started = time.perf_counter()
        generate(data.claims, size, files, seed=SEED)
        stamp_path.write_text(json.dumps(stamp) + "\n", encoding="utf-8")
        print(f"  generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    else:
        print(f"reusing {data.root} ({size:,} claims; it may hold earlier bench edits)",
              file=sys.stderr)
    data.out.mkdir(exist_ok=True)
    return data


def export_baseline(data: Dataset, fmt: str) -> Path:
    """Export the folder as it is now, untimed, for a baseline; return the file."""
    path = data.root / f"baseline.{fmt}"
    path.unlink(missing_ok=True)
    print(f"  exporting {fmt} for the baselines …", file=sys.stderr)
    subprocess.run([*data.claimtrack, "export", fmt, "-o", str(path)], env=data.env,
                   cwd=data.root, check=True, stdout=subprocess.DEVNULL)
    return path


def unique_quote(claims: Path, document: str) -> str:
    """A sentence of the document's text that occurs exactly once in it."""
    text = (claims / "documents" / f"{document}.txt").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        line = line.strip()
        if line and text.count(line) == 1:
            return line
    raise SystemExit(f"no sentence of {document} occurs exactly once")


class Serial:
    """A counter kept in the data folder, so edits never repeat across runs of the script."""

    def __init__(self, path: Path) -> None:
        """Read the counter from ``path`` (0 when absent)."""
        self.path = path
        try:
            self.value = int(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.value = 0

    def next(self) -> int:
        """The next unused number, saved at once."""
        self.value += 1
        self.path.write_text(f"{self.value}\n", encoding="utf-8")
        return self.value


# --- Cases -------------------------------------------------------------------------------------


def label_of(args: Sequence[str]) -> str:
    """A command line as shown in the table (arguments with spaces are quoted)."""
    return "claimtrack " + " ".join(f'"{a}"' if " " in a or not a else a for a in args)


def edit_toggler(claims: Path) -> Callable[[], None]:
    """A function that toggles a comment line at the top of one dossier (the middle one)."""
    dossiers = sorted(claims.glob("dossier-*.toml"))
    edited = dossiers[len(dossiers) // 2]
    marker = "# bench edit\n"

    def toggle() -> None:
        """Add the marker line if absent, else remove it: a changed file every run."""
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text[len(marker):] if text.startswith(marker) else marker + text,
                          encoding="utf-8")
    return toggle


def fixed(argv: list[str]) -> Callable[[], list[str]]:
    """An argv that is the same every run."""
    return lambda: argv


def baseline_cases(data: Dataset) -> list[Case]:
    """jq and sqlite3 over exports of the same folder, made once (lazily) at this size."""
    paths: dict[str, Path] = {}

    def export(fmt: str) -> Callable[[], None]:
        def ensure() -> None:
            """Make the export before the first run of the first case that needs it."""
            if fmt not in paths:
                paths[fmt] = export_baseline(data, fmt)
        return ensure

    json_path, db_path = data.root / "baseline.json", data.root / "baseline.sqlite"
    jq_filter = ('.[] | select(.status == "unverified") | ['
                 + ", ".join(f".{c}" for c in LIST_COLUMNS) + "] | @csv")
    list_sql = f"SELECT {', '.join(LIST_COLUMNS)} FROM claims_view WHERE status = 'unverified'"
    return [
        Case("jq: unverified claims from the json export", "baseline",
             fixed(["jq", "-r", jq_filter, str(json_path)]), before=export("json")),
        Case("sqlite3: unverified claims from the sqlite export (claims_view)", "baseline",
             fixed(["sqlite3", "-csv", str(db_path), list_sql]), before=export("sqlite")),
        Case("sqlite3: claims by claimant and status (GROUP BY)", "baseline",
             fixed(["sqlite3", "-csv", str(db_path), SOURCES_SQL]), before=export("sqlite")),
    ]


def read_cases(data: Dataset) -> list[Case]:
    """Every read warm, then the reads after editing one dossier file before each run."""
    ct = data.claimtrack
    ok = {"check": (0, 1)}  # check exits 1 when it finds problems; still a valid timing
    cases = [Case(label_of(args), "warm", fixed([*ct, *args]), ok_codes=ok.get(args[0], (0,)))
             for args in READS]
    toggle = edit_toggler(data.claims)
    cases += [Case(label_of(args), "edited", fixed([*ct, *args]), before=toggle,
                   ok_codes=ok.get(args[0], (0,)))
              for args in READS if not NOT_AFTER_EDIT & set(args)]
    return cases


def edit_cases(data: Dataset) -> list[Case]:
    """Commands that change the folder, with fresh arguments every run (see EDITS)."""
    serial = Serial(data.root / "edit-serial")
    quote = unique_quote(data.claims, QUOTE_DOCUMENT)
    half = max(1, data.size // 2)

    def fill(template: list[str]) -> Callable[[], list[str]]:
        def argv() -> list[str]:
            """The template with this run's claim numbers, serial and quote."""
            n = serial.next()
            a = n % data.size
            values = {"claim": str(a), "a": str(a), "b": str((a + half) % data.size),
                      "serial": str(n), "document": QUOTE_DOCUMENT, "quote": quote}
            return [*data.claimtrack, *(part.format(**values) for part in template)]
        return argv

    return [Case(label_of([p.format(**PLACEHOLDER_LABELS) for p in template]), "edit",
                 fill(template)) for template in EDITS]


def accept_cases(data: Dataset) -> list[Case]:
    """`accept` of a claim made a draft (untimed) just before each run."""
    serial = Serial(data.root / "edit-serial")
    current: dict[str, str] = {}

    def draft() -> None:
        """Tag the next claim as a draft, so that the timed accept has one to accept."""
        current["claim"] = str(serial.next() % data.size)
        subprocess.run([*data.claimtrack, *(p.format(**current) for p in DRAFT)],
                       env=data.env, cwd=data.root, check=True, stdout=subprocess.DEVNULL)

    return [Case(label_of([p.format(claim="N") for p in ACCEPT]), "edit",
                 lambda: [*data.claimtrack, *(p.format(**current) for p in ACCEPT)],
                 before=draft)]


def startup_cases(data: Dataset) -> list[Case]:
    """Python doing nothing, then claimtrack printing its version."""
    return [Case("python -c pass", "baseline", fixed([sys.executable, "-c", "pass"])),
            Case(label_of(["--version"]), "start-up", fixed([*data.claimtrack, "--version"]))]


class Server:
    """A `claimtrack serve --read-only` over the folder, signed in, for timing pages."""

    def __init__(self, data: Dataset) -> None:
        """Start it and take its session cookie."""
        import http.cookiejar
        import urllib.request

        env = {**data.env, "CLAIMTRACK_TOKEN": "bench-token-0123456789abcdef"}
        self.proc = subprocess.Popen([*data.claimtrack, "serve", "--port", "0", "--read-only"],
                                     env=env, cwd=data.root, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        url = self.proc.stdout.readline().strip()
        self.base = url.split("/?", 1)[0]
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.opener.open(url).read()  # the token becomes a session cookie

    def get(self, path: str) -> float:
        """Seconds to answer one GET of ``path``, the body read whole."""
        start = time.perf_counter()
        with self.opener.open(self.base + path) as response:
            response.read()
        return time.perf_counter() - start

    def peak_kb(self) -> int:
        """The server's peak resident memory so far."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        """End the server."""
        self.proc.terminate()
        self.proc.wait()


def serve_results(data: Dataset, runs: int, only: str | None) -> dict[Key, Result]:
    """The web table's pages (and their JSON twin), each asked ``runs`` times after a
    warm-up of a running server."""
    last = max(1, -(-data.size // PAGE_SIZE))
    asked = [(f"GET /?page={n} (the web table)", f"/?page={min(n, last)}") for n in PAGES]
    asked += [(f"GET /claims.json?page={n}", f"/claims.json?page={min(n, last)}")
              for n in PAGES]
    asked = [(label, path) for label, path in asked if only is None or only in label]
    if not asked:
        return {}
    server = Server(data)
    results: dict[Key, Result] = {}
    try:
        for label, path in asked:
            server.get(path)  # warm-up
            result = Result(times=[server.get(path) for _ in range(runs)])
            result.peak_kb = server.peak_kb()
            result.codes = [0] * runs
            results[(label, "serve")] = result
            print(f"  {size_label(data.size):>5} {'serve':<8} {label:<72} "
                  f"{result.median:8.3f} s", file=sys.stderr)
    finally:
        server.stop()
    return results


def deleter(path: Path) -> Callable[[], None]:
    """A function that deletes ``path`` if it exists."""
    return lambda: path.unlink(missing_ok=True)


def export_cases(data: Dataset) -> list[Case]:
    """`export FORMAT -o F` for each format; the sqlite file is deleted before each run."""
    cases = []
    for fmt in EXPORTS:
        path = data.out / f"export.{fmt}"
        before = deleter(path) if fmt == "sqlite" else None
        cases.append(Case(label_of(["export", fmt, "-o", "F"]), "export",
                          fixed([*data.claimtrack, "export", fmt, "-o", str(path)]),
                          before=before))
    return cases


def cold_cases(data: Dataset) -> list[Case]:
    """The list query with the cache folder deleted before each run."""
    args = READS[0]
    return [Case(label_of(args), "cold", fixed([*data.claimtrack, *args]),
                 before=lambda: shutil.rmtree(data.cache, ignore_errors=True),
                 runs=COLD_RUNS, warmup=False)]


def all_cases(data: Dataset) -> list[Case]:
    """Every case, in the order they run (the edits change the folder for what follows)."""
    return [*baseline_cases(data), *startup_cases(data), *read_cases(data),
            *edit_cases(data), *accept_cases(data), *export_cases(data), *cold_cases(data)]


# --- Running and reporting ---------------------------------------------------------------------

Key = tuple[str, str]


def bench_size(data: Dataset, runs: int, only: str | None) -> dict[Key, Result]:
    """Every selected case on one folder."""
    results: dict[Key, Result] = {}
    cases = all_cases(data)
    for case in cases[:-1]:  # every case but the cold one, which deletes the cache
        if only is not None and only not in case.label:
            continue
        results[(case.label, case.scenario)] = _measured(case, data, runs)
    results.update(serve_results(data, runs, only))
    for case in cases[-1:]:
        if only is not None and only not in case.label:
            continue
        results[(case.label, case.scenario)] = _measured(case, data, runs)
    return results


def _measured(case: Case, data: Dataset, runs: int) -> Result:
    result = measure(case, data, runs)
    shown = "FAILED " + result.error if result.error else f"{result.median:8.3f} s"
    print(f"  {size_label(data.size):>5} {case.scenario:<8} {case.label:<72} {shown}",
          file=sys.stderr)
    return result


def size_label(n: int) -> str:
    """10000 -> 10k, 1000000 -> 1M."""
    for unit, div in (("M", 1_000_000), ("k", 1000)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return str(n)


def cpu_model() -> str:
    """The CPU model from /proc/cpuinfo, else what platform says."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def header(sizes: Sequence[int], runs: int) -> str:
    """The line printed before the table: when, on what, with what."""
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; nproc {nproc}; "
            f"{cpu_model()}; Python {platform.python_version()}; sizes "
            f"{', '.join(f'{s:,}' for s in sizes)} claims; median of {runs} runs after a warm-up "
            f"(cold: {COLD_RUNS} runs, none)")


def cell(result: Result | None) -> str:
    """A median in seconds, or why there is none."""
    if result is None:
        return "-"
    median = result.median
    return f"FAILED ({result.error})" if median is None else f"{median:.3f}"


def ratio(a: Result | None, b: Result | None, fmt: str) -> str:
    """a's median over b's, formatted, or '-' when either is missing."""
    if a is None or b is None or a.median is None or b.median is None or b.median == 0:
        return "-"
    return fmt.format(a.median / b.median)


def table(sizes: Sequence[int], results: dict[int, dict[Key, Result]]) -> list[str]:
    """The Markdown table, one row per (command, scenario), plus notes on non-zero exits."""
    last = sizes[-1]
    prev = sizes[-2] if len(sizes) > 1 else None
    jq = next((r for (label, _), r in results[last].items() if label.startswith("jq")), None)
    growth = f"growth {size_label(last)}/{size_label(prev)}" if prev else "growth"
    lines = ["| command | scenario | " + " | ".join(f"{size_label(s)} s" for s in sizes)
             + f" | {growth} | ratio to jq | peak MB |",
             "|---|---|" + "---:|" * (len(sizes) + 3)]
    notes = []
    for key in results[sizes[0]]:
        row = [results[s].get(key) for s in sizes]
        big = results[last].get(key)
        peak = f"{big.peak_kb / 1024:.0f}" if big and big.times else "-"
        lines.append(f"| `{key[0]}` | {key[1]} | " + " | ".join(cell(r) for r in row)
                     + f" | {ratio(big, results[prev].get(key), '{:.1f}x') if prev else '-'}"
                     + f" | {ratio(big, jq, '{:.2f}')} | {peak} |")
        for size, result in zip(sizes, row, strict=True):
            if result and any(result.codes):
                notes.append(f"- `{key[0]}` ({key[1]}, {size_label(size)}) exited "
                             f"{sorted(set(result.codes))}")
    return lines + (["", *notes] if notes else [])


def write_json(path: Path, sizes: Sequence[int], runs: int,
               results: dict[int, dict[Key, Result]]) -> None:
    """The raw medians, all run times, peaks and exit codes, as JSON."""
    rows = [{"command": label, "scenario": scenario,
             "sizes": {str(s): {"median": r.median, "times": r.times, "peak_kb": r.peak_kb,
                                "codes": r.codes, "error": r.error}
                       for s in sizes if (r := results[s].get((label, scenario)))}}
            for label, scenario in results[sizes[0]]]
    path.write_text(json.dumps({"header": header(sizes, runs), "runs": runs, "rows": rows},
                               indent=1) + "\n", encoding="utf-8")


def find_claimtrack() -> list[str]:
    """The claimtrack script of this interpreter's environment, else the one on PATH."""
    beside = Path(sys.executable).with_name("claimtrack")
    found = str(beside) if beside.exists() else shutil.which("claimtrack")
    if found is None:
        raise SystemExit("claimtrack is not installed in this environment (pip install -e .)")
    return [found]


def compile_package() -> None:
    """Byte-compile the installed claimtrack, so no timed start-up is spent compiling."""
    code = "import claimtrack, os; print(os.path.dirname(claimtrack.__file__))"
    where = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", where], check=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--claims", default="10000,100000",
                        help="comma-separated sizes in claims (e.g. 10000,100000,1000000)")
    parser.add_argument("--files-per", type=int, default=100, help="claims per dossier file")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ct-bench"),
                        help="where generated folders, caches and exports live")
    parser.add_argument("--only", metavar="SUBSTRING",
                        help="run only commands whose label contains this")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw results")
    return parser.parse_args(argv)


def main() -> None:
    """Command-line entry point."""
    args = parse_args()
    sizes = sorted(int(s.replace("_", "")) for s in args.claims.split(","))
    started = time.perf_counter()
    compile_package()
    claimtrack = find_claimtrack()
    results: dict[int, dict[Key, Result]] = {}
    for size in sizes:
        data = prepare(size, max(1, size // args.files_per), args.work, claimtrack)
        results[size] = bench_size(data, args.runs, args.only)
    print(f"total {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(header(sizes, args.runs) + "\n")
    print("\n".join(table(sizes, results)))
    if args.json:
        write_json(args.json, sizes, args.runs, results)


if __name__ == "__main__":
    main()
