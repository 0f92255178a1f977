"""Time ``claimtrack import claimreview`` of a generated feed into an empty claims folder.

    python benchmarks/import_claimreview.py [--items 10000] [--runs 3]

The feed is a schema.org DataFeed of ClaimReview items by a few hundred authors, in the
shape fact-checkers publish (names and alternate ratings as they come). Each run imports
it into a fresh empty folder, as a whole process, and the folder is checked afterwards.
The baseline, in the same run, is ``jq`` reading the same feed and counting its items.
The targets (issue 21): 10,000 items in 5 s or less, 200,000 in 100 s with flat memory
(the peak memory of each run is printed: compare it at 10,000 and 200,000).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RATINGS = ["False", "Mostly true", "True", "Unproven", "Misleading", "Pants on fire",
           "Half true", "Disputed"]
VERBS = ["said", "claimed", "posted", "wrote", "told reporters"]
THINGS = ["the dam", "the new bridge", "the ferry line", "the river port", "the tax office",
          "the school board", "the grain silo", "the rail depot", "the tram line"]
ACTS = ["was sold to a foreign buyer", "will close next spring", "cost twice the budget",
        "was built without a permit", "failed its safety inspection",
        "received a secret payment", "doubled its fees", "hired no local workers"]


def feed(items: int, seed: int = 7) -> dict[str, Any]:
    """A DataFeed of ``items`` ClaimReviews; statements differ, authors repeat."""
    rng = random.Random(seed)
    authors = [f"Author {n} {rng.choice(['Valk', 'Oru', 'Tamsin', 'Lehto'])}"
               for n in range(300)]
    elements = []
    for number in range(items):
        author = rng.choice(authors)
        day = f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}"
        statement = (f"{rng.choice(THINGS).capitalize()} of district {number} "
                     f"{rng.choice(ACTS)}.")
        elements.append({"@type": "DataFeedItem", "item": [{
            "@context": "https://schema.org", "@type": "ClaimReview",
            "url": f"https://factdesk.example/checks/{number}",
            "claimReviewed": statement, "datePublished": day,
            "author": {"@type": "Organization", "name": "Fact Desk Example"},
            "reviewRating": {"@type": "Rating", "alternateName": rng.choice(RATINGS)},
            "itemReviewed": {"@type": "Claim", "datePublished": day,
                             "author": {"@type": "Person", "name": author},
                             "appearance": [{"@type": "CreativeWork",
                                             "url": f"https://social.example/{number}"}]}}]})
    return {"@context": "https://schema.org", "@type": "DataFeed",
            "dataFeedElement": elements}


PEAKS: list[int] = []
"""Peak resident memory (KiB) of each claimtrack run, in the order run."""

CPU: list[float] = []
"""CPU seconds of each claimtrack run."""


def timed(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one process; a claimtrack run's CPU and peak memory are kept."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    if "claimtrack" in argv:
        CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        # The largest resident size of any child waited for so far: the import is the
        # largest child this script runs, so this is its peak.
        PEAKS.append(after.ru_maxrss)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    claimtrack = [sys.executable, "-m", "claimtrack"]
    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    str(Path(__import__("claimtrack").__file__).parent)], check=False)
    work = Path(tempfile.mkdtemp(prefix="ct-import-"))
    try:
        path = work / "feed.json"
        path.write_text(json.dumps(feed(args.items)), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["CLAIMTRACK_CACHE_DIR"] = str(work / "cache")
        ours, base = [], []
        for run in range(args.runs):
            folder = work / f"claims-{run}"
            folder.mkdir()
            ours.append(timed([*claimtrack, "--claims", str(folder), "import", "claimreview",
                               str(path), "--dossier", "factdesk"], env))
            base.append(timed(["jq", ".dataFeedElement | length", str(path)], env))
            check = subprocess.run([*claimtrack, "--claims", str(folder), "check"], env=env,
                                   capture_output=True, text=True, check=False)
            if check.returncode != 0:
                sys.exit(f"check failed after the import: {check.stdout}{check.stderr}")
        mine, theirs = statistics.median(ours), statistics.median(base)
        print(f"{args.items} ClaimReview items, {args.runs} runs, {os.cpu_count()} cores; "
              f"feed {path.stat().st_size / 1e6:.0f} MB")
        print(f"claimtrack: median CPU {statistics.median(CPU):.2f} s, peak memory "
              f"{max(PEAKS) / 1024:.0f} MiB (the largest child so far)")
        print("| command | min s | median s | max s | ratio to jq |")
        print("|---|---:|---:|---:|---:|")
        print(f"| claimtrack import claimreview | {min(ours):.2f} | {mine:.2f} | "
              f"{max(ours):.2f} | {mine / theirs:.1f} |")
        print(f"| jq: count the items | {min(base):.2f} | {theirs:.2f} | {max(base):.2f} "
              "| 1.0 |")
        target = 5.0 * args.items / 10_000 if args.items <= 10_000 else 100.0 * args.items \
            / 200_000
        verdict = "meets" if mine <= target else "misses"
        print(f"target {target:.0f} s for {args.items:,} items (issue 21: 5 s for 10,000, "
              f"100 s for 200,000): {verdict} it ({mine:.2f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
