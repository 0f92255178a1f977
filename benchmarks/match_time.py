"""Time `claimtrack match --text` on a 10,000-claim folder, and embedding it once.

    python benchmarks/match_time.py [--claims 10000] [--runs 5]

A folder of generated fact-checks (the feed of benchmarks/import_claimreview.py) is
imported; the first `match --text` embeds every claim (timed, with the CPU time of the
processes it forks), then warm `match --text` runs are timed as whole processes, beside
the `sqlite3` command line running one FTS5 BM25 query on the same index (the first
stage alone, without Python). Targets (issue 21): embedding ≤ 120 s once, warm
`match --text` ≤ 0.5 s. Say what else ran on the machine when you quote the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_claimreview import feed

POSTS = ["RT @PortWatch: the #RiverPort of district 4512 was sold to a foreign buyer?? "
         "https://t.co/x1YzAbC", "they say the tram line of district 77 will close next spring",
         "Is it true the dam of district 9031 cost twice the budget? #TaxWaste",
         "The grain silo of district 15 failed its safety inspection — Ana Ruiz (@AnaRuiz) "
         "March 3, 2025", "new bridge built without a permit in district 2300, hired no "
         "local workers"]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (its own and its children's) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ct-match-"))
    try:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["CLAIMTRACK_CACHE_DIR"] = str(work / "cache")
        folder = work / "claims"
        folder.mkdir()
        path = work / "feed.json"
        path.write_text(json.dumps(feed(args.claims)), encoding="utf-8")
        claimtrack = [sys.executable, "-m", "claimtrack", "--claims", str(folder)]
        timed([*claimtrack, "import", "claimreview", str(path), "--dossier", "desk"], env)
        timed([*claimtrack, "check"], env)  # the index, built before the clock starts
        wall, cpu = timed([*claimtrack, "match", "--text", POSTS[0]], env)
        print(f"{args.claims} claims, {os.cpu_count()} cores")
        print(f"embedding the folder (first match --text): {wall:.1f} s wall, {cpu:.1f} s "
              f"CPU (target 120 s): {'meets' if wall <= 120 else 'misses'} it")
        ours, base, cpus = [], [], []
        database = next((work / "cache").glob("*.sqlite"))
        for run in range(args.runs):
            post = POSTS[run % len(POSTS)]
            wall, cpu = timed([*claimtrack, "match", "--text", post, "--limit", "5"], env)
            ours.append(wall)
            cpus.append(cpu)
            words = " OR ".join(f'"{w}"' for w in ("river", "port", "district", "sold"))
            base.append(timed(["sqlite3", str(database), "SELECT rowid FROM claim_search "
                               f"WHERE claim_search MATCH '{words}' ORDER BY rank LIMIT 50"],
                              env)[0])
        mine, theirs = statistics.median(ours), statistics.median(base)
        print("| command | min s | median s | max s | ratio to sqlite3 |")
        print("|---|---:|---:|---:|---:|")
        print(f"| claimtrack match --text (warm) | {min(ours):.2f} | {mine:.2f} | "
              f"{max(ours):.2f} | {mine / theirs:.1f} |")
        print(f"| sqlite3: one FTS5 BM25 query | {min(base):.2f} | {theirs:.2f} | "
              f"{max(base):.2f} | 1.0 |")
        print(f"target 0.5 s warm: {'meets' if mine <= 0.5 else 'misses'} it ({mine:.2f} s; "
              f"median CPU {statistics.median(cpus):.2f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
