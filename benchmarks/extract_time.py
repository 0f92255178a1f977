"""Time ``claimtrack extract``: a 500-word article end to end, then growing inputs up to 1 MB.

    python benchmarks/extract_time.py            # 500 words, 0.25, 0.5 and 1 MB
    python benchmarks/extract_time.py --mb 0.25  # up to 0.25 MB
    python benchmarks/extract_time.py --claims claims  # drafts linked to a folder's claims

Issue 25's targets: a 500-word article in at most 3 s end to end (a new process: start-up,
spaCy's import and the pipeline's load included, shown apart), a 1 MB article in at most
120 s, and time linear in length (seconds per MB about the same at every size). Inputs:

1. articles of many paragraphs and sections, written from templates: a cast of 400
   people, 80 bodies and 60 places (a long dossier's cast, each met many times) in
   quotations, relays, denials, hedges and observations;
2. one paragraph of the same words with no punctuation and no line break at all.

Each is run the way the command runs it (read, decode, draft, write the dossier and the
document's copy into a fresh claims folder), timed (wall and CPU time), and checked against
two of ``check``'s rules (every quote occurs once with its prefix; one name, one actor).
Not a unit test: timings depend on the machine. Run ``python -m compileall -q src`` first
(bytecode is not written by default here).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimtrack.anchor import find_quote
from claimtrack.extract.actors import normalize
from claimtrack.extract.evaluate import read_dossier
from claimtrack.extract.run import run_extract

_SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "tor", "vel", "bri", "dan", "ess", "fol", "gar",
              "hal", "in", "jor", "kel", "lun", "mar", "nor", "ost", "pel", "quin", "ros", "sul"]
_ORG_WORDS = ["Agency", "Ministry of Ports", "Group", "Cooperative", "Watch", "Party", "Court",
              "Authority", "Union", "Herald"]
_ROLES = ["spokeswoman", "spokesman", "lawyer", "director", "inspector", "official"]
_PEOPLE, _BODIES, _PLACES = 400, 80, 60
_THINGS = ["the shipment", "the contract", "the tender", "the permit", "the warehouse",
           "the ledger", "the fund", "the harbour", "the cargo", "the licence"]
_VERBS = ["seized", "altered", "sold", "inspected", "closed", "approved", "cancelled",
          "audited", "moved", "reopened"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _sentence(rng: random.Random, people: list[str], orgs: list[str], places: list[str]) -> str:
    person, other, place = rng.choice(people), rng.choice(people), rng.choice(places)
    org, thing, verb = rng.choice(orgs), rng.choice(_THINGS), rng.choice(_VERBS)
    number, day = rng.randint(2, 900), rng.randint(1, 28)
    templates = [
        f"{person} said that {thing} had been {verb} in {place} on {day} March.",
        f'"{thing.capitalize()} was {verb} twice," said {rng.choice(_ROLES)} {person} of the '
        f"{org}.",
        f"According to the {org}, {number} people were questioned about {thing}.",
        f"The {org} denied the accusation and said {thing} was {verb} lawfully.",
        f"It was reported that {other} had {verb} {thing} before {day} April.",
        f"{person}, a {rng.choice(_ROLES)} based in {place}, accused {other} of hiding "
        f"{thing}.",
        f"A {rng.choice(_ROLES)} at the {org}, who asked not to be named, said {number} "
        f"crates were missing.",
        f"The {org} has not said when {thing} was {verb}.",
        f"{person} declined to comment.",
        f"The newspaper {place} Times reported, citing two officials, that {thing} had "
        f"been {verb}.",
        f"{other} allegedly {verb} {thing} in {day} places.",
        f"She added that {number} documents were {verb}.",
    ]
    return rng.choice(templates)


def article(size: int, seed: int = 7) -> str:
    """An article of about ``size`` bytes: paragraphs and sections from templates."""
    rng = random.Random(seed)
    # A long dossier's cast: hundreds of people and dozens of bodies, each met many times.
    people = [f"{_word(rng)} {_word(rng)}" for _ in range(_PEOPLE)]
    orgs = [f"{_word(rng)} {rng.choice(_ORG_WORDS)}" for _ in range(_BODIES)]
    places = [_word(rng) for _ in range(_PLACES)]
    parts = ["= Generated affair =\n\nInfobox\n- Date: March 2024\n- Accused: "
             f"{people[0]}\n- Arrests: 12\n"]
    length = len(parts[0])
    paragraph = 0
    while length < size:
        if paragraph % 12 == 0:
            parts.append(f"\n=={_word(rng)} {paragraph}==\n")
        text = " ".join(_sentence(rng, people, orgs, places) for _ in range(rng.randint(3, 6)))
        parts.append(text + "\n\n")
        length += len(parts[-1].encode("utf-8")) + len(parts[-2].encode("utf-8")) * 0
        paragraph += 1
    return "".join(parts)[:size]


def paragraph(size: int, seed: int = 11) -> str:
    """One paragraph of about ``size`` bytes with no punctuation and no line break."""
    text = article(size + size // 5, seed)
    flat = "".join(ch if ch.isalnum() or ch == " " else " " for ch in text)
    return " ".join(flat.split())[:size]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run(name: str, text: str, folder: Path | None = None) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if folder is None:
            (root / "claims").mkdir()
            (root / "claims" / "claimtrack.toml").write_text("format = 2\n", encoding="utf-8")
        else:  # its claims are what the drafts are linked to
            shutil.copytree(folder, root / "claims")
        source = root / "article.txt"
        source.write_text(text, encoding="utf-8")
        output = root / "claims" / "draft.toml"
        started, cpu = time.perf_counter(), _cpu()
        result = run_extract(article=str(source), name=name, output=output, expected=None,
                             claims=root / "claims", stdin=io.BytesIO())
        elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
        draft = read_dossier(output.read_text(encoding="utf-8"), where=str(output))
        unique = sum(len(find_quote(text, a.quote, prefix=a.prefix)) == 1
                     for c in draft.claims[:500] for a in c.appearances)
        names = [normalize(n) for a in draft.actors for n in {a.name, *a.aliases}]
        if len(names) != len(set(names)):  # check's rule: one name, one actor
            print(f"{name}: two actors share a name", file=sys.stderr)
        count = next(line for line in result.summary.splitlines()
                     if "draft claims" in line).split(";")[0]
        print(f"{name}: {len(text.encode('utf-8')) / 1e6:.2f} MB in {elapsed:.1f} s "
              f"({cpu:.1f} s of CPU; load average {os.getloadavg()[0]:.1f})  {count}; "
              f"{unique} of the first {min(500, len(draft.claims))} quotes unique")
        return elapsed, cpu


def _end_to_end(text: str) -> float:
    """Wall seconds of ``claimtrack extract`` in a new process, model load included."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "article.txt"
        source.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "claimtrack", "extract", str(source)],
                              capture_output=True, check=False, cwd=tmp)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(done.stderr.decode(errors="replace"))
        return elapsed


def _load() -> tuple[float, float]:
    """Seconds to import spaCy and load the pipeline (wall, CPU), in this process."""
    from claimtrack.extract.nlp import load_pipeline

    started, cpu = time.perf_counter(), _cpu()
    load_pipeline()
    return time.perf_counter() - started, _cpu() - cpu


def main() -> None:
    """Time a 500-word article end to end, the pipeline's load, then growing inputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="largest input in MB")
    parser.add_argument("--claims", type=Path, help="a claims folder to draft in (a copy), "
                        "so that the drafts are also linked to its claims")
    args = parser.parse_args()
    short = " ".join(article(40_000).split()[:500])
    wall = _end_to_end(short)
    load_wall, load_cpu = _load()
    print(f"500-word article, end to end in a new process: {wall:.1f} s (target 3 s); of "
          f"which importing spaCy and loading the pipeline, measured apart: {load_wall:.1f} s "
          f"({load_cpu:.1f} s of CPU)")
    _run("500-words", short, args.claims)
    sizes = [mb for mb in (0.25, 0.5, 1.0) if mb <= args.mb] or [args.mb]
    per_mb = []
    for mb in sizes:
        elapsed, cpu = _run(f"many-paragraphs-{mb:g}", article(int(mb * 1_000_000) - 1000),
                            args.claims)
        per_mb.append((mb, elapsed / mb, cpu / mb))
    _, big_cpu = _run("one-paragraph", paragraph(int(sizes[-1] * 1_000_000) - 1000),
                             args.claims)
    print("linear: " + ", ".join(f"{mb:g} MB {w:.0f} s/MB ({c:.0f} s of CPU/MB)"
                                 for mb, w, c in per_mb))
    # Other processes share the machine: the wall time waits for them, the CPU time is
    # what extraction itself costs.
    if sizes[-1] >= 1.0 and max(per_mb[-1][2], big_cpu) > 120:
        print("more than 120 s of CPU for 1 MB", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
