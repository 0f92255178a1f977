"""Time claimtrack as whole processes against jq and sqlite3 on the same data, in one run.

    python benchmarks/run.py --claims 100000 --files 1000 [--compare 10000:100] [--runs 5]

Generates the datasets (benchmarks/generate.py) unless they exist, exports each once to
JSON and SQLite for the baselines, then prints one table: median wall time of each command
(after a warm-up) at both sizes, how much it grew, its ratio to the named baseline (jq on
the JSON export, timed in the same run) and peak memory (max RSS). Scenarios: cold (empty
cache), warm, and the first `list` after editing one dossier file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

LIST_COLUMNS = ["id", "claimant", "kind", "framing", "status", "made", "statement"]


def run_once(cmd: Sequence[str], env: dict[str, str],
             before: Callable[[], None] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one process; output is discarded."""
    if before is not None:
        before()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} exited {code}: {err}")
    return elapsed, usage.ru_maxrss


def measure(cmd: Sequence[str], env: dict[str, str], runs: int,
            before: Callable[[], None] | None = None, warmup: bool = True) -> tuple[float, int]:
    """Median seconds over ``runs`` (after one warm-up run) and the largest peak RSS."""
    if warmup:
        run_once(cmd, env, before)
    results = [run_once(cmd, env, before) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


Row = tuple[str, str, float, int]


def bench(claims_n: int, files: int, runs: int, work: Path) -> list[Row]:
    """Every scenario on one generated folder: (label, cache, median s, peak KB)."""
    data = work / f"{claims_n}-{files}"
    claims = data / "claims"
    if not (claims / "actors.toml").exists():
        print(f"generating {claims_n} claims in {files} files …", file=sys.stderr)
        generate(claims, claims_n, files, seed=1)
    cache = data / "cache"
    env = {**os.environ, "CLAIMTRACK_CLAIMS": str(claims), "CLAIMTRACK_CACHE_DIR": str(cache)}
    ct = [str(Path(sys.executable).with_name("claimtrack"))]
    json_path, db_path = data / "claims.json", data / "claims.sqlite"
    if not json_path.exists():
        subprocess.run([*ct, "export", "json", "-o", str(json_path)], env=env, check=True)
    if not db_path.exists():
        subprocess.run([*ct, "export", "sqlite", "-o", str(db_path)], env=env, check=True)
    first_id = "claim-0"

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    dossiers = sorted(claims.glob("dossier-*.toml"))
    edited = dossiers[len(dossiers) // 2]

    def edit_one() -> None:
        text = edited.read_text(encoding="utf-8")
        # Toggle a comment line so every run sees a changed file of the same dossier.
        marker = "# bench edit\n"
        edited.write_text(text[len(marker):] if text.startswith(marker) else marker + text,
                          encoding="utf-8")

    jq_filter = ('.[] | select(.status == "unverified") | ['
                 + ", ".join(f".{c}" for c in LIST_COLUMNS) + "] | @csv")
    sql = (f"SELECT {', '.join(LIST_COLUMNS)} FROM claims_view WHERE status = 'unverified'")
    rows: list[Row] = []

    def add(label: str, scenario: str, cmd: Sequence[str], **kw: object) -> None:
        seconds, rss = measure(cmd, env, runs, **kw)  # type: ignore[arg-type]
        rows.append((label, scenario, seconds, rss))
        print(f"  {claims_n:>7} {label:<55} {scenario:<6} {seconds:8.3f} s", file=sys.stderr)

    listing = [*ct, "list", "--status", "unverified", "--format", "csv"]
    add("jq: unverified claims from the json export", "-", ["jq", "-r", jq_filter, str(json_path)])
    add("sqlite3: unverified claims from the sqlite export", "-",
        ["sqlite3", "-csv", str(db_path), sql])
    add("claimtrack list --status unverified --format csv", "cold", listing, before=clear_cache,
        warmup=False)
    add("claimtrack list --status unverified --format csv", "warm", listing)
    add("claimtrack list … after editing one dossier file", "edited", listing, before=edit_one)
    add("claimtrack flags --format csv", "warm", [*ct, "flags", "--format", "csv"])
    add("claimtrack check", "warm", [*ct, "check"])
    add(f"claimtrack show {first_id}", "warm", [*ct, "show", first_id])
    add("claimtrack --version", "-", [*ct, "--version"])
    # Not targets, shown for honesty: an edit invalidates the memoised whole-folder
    # answers, so the next flags or check loads and checks everything.
    add("claimtrack flags … after editing one dossier file", "edited",
        [*ct, "flags", "--format", "csv"], before=edit_one)
    add("claimtrack check … after editing one dossier file", "edited", [*ct, "check"],
        before=edit_one)
    bundled = {**env, "CLAIMTRACK_CLAIMS": str(HERE.parent / "claims"),
               "CLAIMTRACK_CACHE_DIR": str(data / "bundled-cache")}
    seconds, rss = measure([*ct, "list"], bundled, runs)
    rows.append(("claimtrack list (the bundled dossier, 51 claims)", "warm", seconds, rss))
    return rows


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--compare", metavar="N:F", default="10000:100",
                        help="also run N claims in F files and show how times grow "
                        "('none' to skip)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ct-bench")
    args = parser.parse_args()

    small: list[Row] | None = None
    small_n = 0
    if args.compare != "none":
        small_n, small_files = (int(x) for x in args.compare.split(":"))
        small = bench(small_n, small_files, args.runs, args.work)
    rows = bench(args.claims, args.files, args.runs, args.work)

    jq_time = rows[0][2]
    print(f"\n{args.claims:,} claims in {args.files:,} files on {os.cpu_count()} cores; "
          f"median of {args.runs} runs after a warm-up; ratio against jq in the same run"
          + (f"; growth from {small_n:,} claims" if small else "") + "\n")
    head = "| command | cache |"
    rule = "|---|---|"
    if small:
        head += f" {small_n:,} claims s |"
        rule += "---:|"
    head += f" {args.claims:,} claims s |" + (" growth |" if small else "")
    rule += "---:|" + ("---:|" if small else "")
    print(head + " ratio to jq | peak MB |")
    print(rule + "---:|---:|")
    for n, (label, scenario, seconds, rss) in enumerate(rows):
        line = f"| `{label}` | {scenario} |"
        if small:
            line += f" {small[n][2]:.3f} |"
        line += f" {seconds:.3f} |"
        if small:
            line += f" {seconds / small[n][2]:.1f}x |"
        print(line + f" {seconds / jq_time:.2f} | {rss / 1024:.0f} |")


if __name__ == "__main__":
    main()
