"""Write an extraction as a draft dossier in the folder format (TOML text, format 2).

The draft is a new file, so it is written directly (a TOML basic string is a JSON string
with DEL escaped) rather than through tomlkit, whose rendering grows faster than linearly
with the number of claims; ``claimtrack check`` and the index read it like any dossier.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable

from claimtrack.extract.pipeline import DraftClaim, Extraction
from claimtrack.extract.unique import QuoteIndex
from claimtrack.model import Actor

__all__ = ["statement_of", "to_toml"]

REVIEWER = "claimtrack extract"
_NO_CUE = "(none: the article's own voice)"


_PLAIN = re.compile(r"[^\"\\\x00-\x1f\x7f]*")


def _str(value: str) -> str:
    if _PLAIN.fullmatch(value):
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_str(v) for v in values) + "]"


def statement_of(claim: DraftClaim, text: str, names: dict[str, str]) -> str:
    """A first neutral sentence for a person to rewrite: who, the cue, the quoted span."""
    quote = " ".join(text[claim.start : claim.end].split()).rstrip(".")
    if claim.cue and claim.attribution != "own" and claim.kind.value != "observation":
        return f"{names[claim.claimant]} ({claim.cue}): {quote}."
    return f"{quote[:1].upper()}{quote[1:]}."


def _actor(actor: Actor) -> str:
    lines = ["[[actors]]", f"id = {_str(actor.id)}", f"name = {_str(actor.name)}",
             f"kind = {_str(actor.kind.value)}"]
    if actor.aliases:
        lines.append(f"aliases = {_list(actor.aliases)}")
    if actor.affiliation:
        lines.append(f"affiliation = {_str(actor.affiliation)}")
    if actor.description:
        lines.append(f"description = {_str(actor.description)}")
    return "\n".join(lines) + "\n"


def _claim(claim: DraftClaim, text: str, prefix: str, document_id: str,
           names: dict[str, str], today: dt.date) -> str:
    lines = ["[[claims]]", f"id = {_str(claim.id)}",
             f"statement = {_str(statement_of(claim, text, names))}",
             f"claimant = {_str(claim.claimant)}"]
    if claim.about:
        lines.append(f"about = {_list(claim.about)}")
    lines.append(f"kind = {_str(claim.kind.value)}")
    if claim.words:
        lines.append(f"words = {_list(claim.words)}")
    cue = claim.cue if claim.attribution != "own" else ""
    lines.append(f"tags = {_list(['draft', f'cue:{cue}' if cue else 'cue:none'])}")
    lines.append(f"notes = {_str(f'cue: {cue or _NO_CUE}')}")
    if claim.basis is not None:
        reason, quote = claim.basis
        lines.append(f"basis = {{ reason = {_str(reason)}, quote = {_str(quote)} }}")
    lines += ["", "[[claims.appearances]]", f"document = {_str(document_id)}",
              f"section = {_str(claim.section)}",
              f"quote = {_str(text[claim.start:claim.end])}"]
    if prefix:
        lines.append(f"prefix = {_str(prefix)}")
    lines += [f"framing = {_str(claim.framing.value)}",
              f"attribution = {_str(claim.attribution)}"]
    if claim.via:
        lines.append(f"via = {_list(claim.via)}")
    if cue:
        lines.append(f"cue = {_str(cue)}")
    for kind, target in claim.relations:
        lines += ["", "[[claims.relations]]", f"type = {_str(kind)}", f"target = {_str(target)}"]
    lines += ["", "[[claims.reviews]]", f"date = {today.isoformat()}", 'status = "unverified"',
              f"by = {_str(REVIEWER)}",
              'note = "Drafted by extract; not yet reviewed by a person."']
    return "\n".join(lines) + "\n"


def to_toml(extraction: Extraction, *, document_id: str, title: str, text_path: str,
            known_names: dict[str, str], today: dt.date) -> tuple[str, frozenset[str]]:
    """The draft dossier as TOML text, and the ids of the claims left out as ambiguous.

    A claim whose quote recurs with the same 4 kB before it (a repeated passage) cannot be
    pinned to one place, so `check` would reject it; it is left out and counted.
    """
    text = extraction.article.text
    names = dict(known_names) | {a.id: a.name for a in extraction.actors}
    parts = ["# Draft written by `claimtrack extract`: every claim needs review.\n",
             "[dossier]\n"
             f"title = {_str(title)}\n"
             'description = "Draft claims extracted automatically; review before use."\n\n',
             "[[documents]]\n"
             f"id = {_str(document_id)}\n"
             f"title = {_str(title)}\n"]
    if extraction.article.outlet:
        parts.append(f"publisher = {_str(extraction.article.outlet)}\n")
    parts.append(f"text = {_str(text_path)}\n"
                 f"sha256 = {_str(hashlib.sha256(text.encode('utf-8')).hexdigest())}\n"
                 f"voice = {_str(extraction.editorial)}\n")
    for actor in extraction.actors:
        parts.append("\n" + _actor(actor))
    index = QuoteIndex(text)
    prefixes = [index.prefix(text[c.start : c.end], c.start) for c in extraction.claims]
    left_out = frozenset(c.id for c, p in zip(extraction.claims, prefixes, strict=True)
                         if p is None)
    for claim, prefix in zip(extraction.claims, prefixes, strict=True):
        if prefix is None:
            continue
        claim.relations = [(k, t) for k, t in claim.relations if t not in left_out]
        parts.append("\n" + _claim(claim, text, prefix, document_id, names, today))
    return "".join(parts), left_out
