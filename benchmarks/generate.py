"""Write a realistic synthetic ``claims/`` folder for benchmarks.

    python benchmarks/generate.py 100000 --files 1000 --out /tmp/bench/claims

N claims over F dossier files, actors with aliases, one document per dossier whose text
contains every quote, relations (within and across files), review histories and partial
dates. The same arguments and --seed always give byte-identical output.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from pathlib import Path

KINDS = ["announcement", "allegation", "accusation", "denial", "demand", "threat", "statement",
         "characterization", "report", "event", "background", "observation"]
FRAMINGS = ["asserted", "reported", "attributed", "alleged", "denied", "disputed", "speculative"]
STATUSES = ["unverified", "unverified", "unverified", "disputed", "inconclusive", "corroborated",
            "confirmed", "refuted", "retracted", "not-checkable"]
ACTOR_KINDS = ["person", "person", "person", "government", "agency", "organization", "militia",
               "media", "court"]
RELATIONS = ["denies", "contradicts", "disputes", "supports", "qualifies", "responds_to",
             "same_as", "elaborates", "corrects"]
VERBS = ["announced", "alleged", "claimed", "stated", "denied", "reported", "warned", "said"]
TOPICS = ["the port contract", "the border incident", "the arms shipment", "the election count",
          "the bank transfer", "the pipeline deal", "the missing ledger", "the militia camp"]
SYLLABLES = ["ka", "ri", "mo", "sa", "ve", "lu", "ta", "no", "zi", "pe", "do", "ran", "vik"]


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _date(rng: random.Random) -> str:
    year = rng.randint(2015, 2021)
    precision = rng.random()
    if precision < 0.15:
        return f"{year}"
    if precision < 0.4:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def write_actors(out: Path, rng: random.Random, count: int) -> list[str]:
    """Write actors.toml; return the actor ids."""
    ids = ["editorial", "unnamed"]
    lines = ["# Synthetic actors.\n",
             '[[actors]]\nid = "editorial"\nname = "Editorial voice"\nkind = "editorial"\n',
             '[[actors]]\nid = "unnamed"\nname = "Unnamed source"\nkind = "unnamed"\n']
    for n in range(count):
        name = f"{_name(rng)} {n}"
        actor_id = f"actor-{n}"
        ids.append(actor_id)
        alias = f"{name.split()[0][0]}. {name.split()[1]} {n}"
        lines.append(
            f"[[actors]]\nid = {_q(actor_id)}\nname = {_q(name)}\n"
            f"kind = {_q(rng.choice(ACTOR_KINDS))}\naliases = [{_q(alias)}, {_q(f'AC{n}')}]\n"
            f"reliability = {_q(rng.choice('ABCDEF'))}\n")
    (out / "actors.toml").write_text("\n".join(lines), encoding="utf-8")
    return ids


def write_dossier(out: Path, rng: random.Random, number: int, first: int, count: int,
                  actors: list[str], total: int) -> None:
    """Write one dossier file with ``count`` claims numbered from ``first``."""
    doc_id = f"doc-{number}"
    sentences, claims = [], []
    for n in range(first, first + count):
        claimant = rng.choice(actors)
        about = rng.choice(actors[2:])
        quote = (f"{claimant} {rng.choice(VERBS)} that {rng.choice(TOPICS)} "
                 f"involved {about} (item {n}).")
        sentences.append(quote)
        made = _date(rng)
        if claimant == "editorial":
            attribution, via, basis = "own", "", ""
        elif rng.random() < 0.1:  # the document tells it in its own voice; origin inferred
            attribution, via = "inferred", ""
            reason = f"Told in the document's voice; the item is {claimant}'s account."
            basis = f"basis = {{ reason = {_q(reason)}, quote = {_q(f'(item {n})')} }}\n"
        else:
            attribution, basis = "explicit", ""
            via = 'via = ["unnamed"]\n' if claimant != "unnamed" and rng.random() < 0.05 else ""
        parts = [
            f"[[claims]]\nid = \"claim-{n}\"\n"
            f"statement = {_q(f'{claimant} says {about} was involved in item {n}.')}\n"
            f"claimant = {_q(claimant)}\nabout = [{_q(about)}]\n"
            f"kind = {_q(rng.choice(KINDS))}\n"
            f"made = {_q(made)}\ntags = [{_q(rng.choice(TOPICS).split()[-1])}]\n{basis}",
            f"[[claims.appearances]]\ndocument = {_q(doc_id)}\nsection = \"Body\"\n"
            f"quote = {_q(quote)}\nframing = {_q(rng.choice(FRAMINGS))}\n"
            f"attribution = \"{attribution}\"\n{via}",
        ]
        if n > 0 and rng.random() < 0.3:
            target = rng.randrange(0, total)
            if target != n:
                parts.append(f"[[claims.relations]]\ntype = {_q(rng.choice(RELATIONS))}\n"
                             f"target = \"claim-{target}\"\n")
        year = int(made[:4])
        for r in range(rng.choice([0, 1, 1, 2, 3])):
            parts.append(f"[[claims.reviews]]\ndate = {year + 1 + r}-0{r + 1}-15\n"
                         f"status = {_q(rng.choice(STATUSES))}\nby = \"bench desk\"\n"
                         f"note = \"Synthetic review {r}.\"\n")
        claims.append("\n".join(parts))
    text = f"= Synthetic document {number} =\n\n" + "\n".join(sentences) + "\n"
    (out / "documents" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    head = (f"# Synthetic dossier {number}.\n\n[dossier]\ntitle = \"Dossier {number}\"\n\n"
            f"[[documents]]\nid = {_q(doc_id)}\ntitle = \"Synthetic document {number}\"\n"
            f"text = \"documents/{doc_id}.txt\"\nsha256 = {_q(sha)}\n"
            "voice = \"editorial\"\n")
    (out / f"dossier-{number:04d}.toml").write_text(
        head + "\n" + "\n".join(claims), encoding="utf-8")


def generate(out: Path, claims: int, files: int, seed: int) -> None:
    """Write the whole folder, replacing ``out``."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "documents").mkdir(parents=True)
    (out / "claimtrack.toml").write_text("format = 2\n", encoding="utf-8")
    actors = write_actors(out, rng, max(20, claims // 100))
    per_file, extra = divmod(claims, files)
    first = 0
    for number in range(files):
        count = per_file + (1 if number < extra else 0)
        write_dossier(out, rng, number, first, count, actors, claims)
        first += count


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims", type=int, help="number of claims")
    parser.add_argument("--files", type=int, default=100, help="number of dossier files")
    parser.add_argument("--out", type=Path, default=Path("bench-claims"), help="output folder")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.claims, max(1, min(args.files, args.claims)), args.seed)
    print(f"wrote {args.claims} claims in {args.files} files to {args.out}")


if __name__ == "__main__":
    main()
