"""Score a draft dossier against a hand-made one: spans, claimants, chains, subjects, relations.

Both sides are dossiers in the folder format (format 2); the draft is read back from the
TOML that ``extract`` writes, so what is scored is what the user gets. Every appearance of
a claim in the article is one unit: a drafted and an expected unit pair up (one to one)
when their quotes overlap, preferring the same claimant, then the larger overlap.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable

import attrs

from claimtrack.anchor import find_quote
from claimtrack.errors import ClaimtrackError
from claimtrack.extract.actors import ActorRegistry
from claimtrack.model import Actor, ActorKind, Claim, Document
from claimtrack.structure import structure

__all__ = ["KEY_RELATIONS", "Dossier", "Score", "Unit", "evaluate", "read_dossier", "units_of"]

KEY_RELATIONS = frozenset({"denies", "retracts", "supports", "contradicts", "qualifies"})
"""The relations a fact-checker needs drafted (issue 15): a denial, a retraction, a ruling, a
'not stated' observation and the infobox's links to the body."""
_SPECIAL = (ActorKind.EDITORIAL, ActorKind.UNNAMED)
_SYMMETRIC = frozenset({"contradicts"})


@attrs.frozen
class Dossier:
    """The records of one dossier that the evaluation reads."""

    actors: tuple[Actor, ...]
    claims: tuple[Claim, ...]
    documents: tuple[Document, ...] = ()


@attrs.frozen
class Unit:
    """One appearance of a claim, located in the article, with what is compared about it."""

    claim_id: str
    start: int
    end: int
    claimant: str
    quote: str
    attribution: str = ""
    via: tuple[str, ...] = ()
    framing: str = ""
    about: tuple[str, ...] = ()


@attrs.frozen
class Score:
    """The evaluation's figures and the units behind them."""

    expected: int
    drafted: int
    paired: int
    claimant_right: int
    chain_right: int
    framing_right: int
    about_right: int
    about_expected: int
    about_drafted: int
    relations_expected: int
    relations_found: int
    relations_drafted: int
    relations_right: int
    misses: tuple[Unit, ...] = ()
    false_alarms: tuple[Unit, ...] = ()
    wrong_claimant: tuple[tuple[Unit, Unit], ...] = ()
    wrong_chain: tuple[tuple[Unit, Unit], ...] = ()
    missed_relations: tuple[tuple[str, str, str], ...] = ()

    @property
    def matched(self) -> int:
        """Pairs whose claimant is the same actor: the found claims."""
        return self.claimant_right

    @property
    def precision(self) -> float:
        """Share of drafted units that match an expected one."""
        return _ratio(self.matched, self.drafted)

    @property
    def recall(self) -> float:
        """Share of expected units that a drafted one matches."""
        return _ratio(self.matched, self.expected)

    @property
    def claimant_accuracy(self) -> float:
        """Share of quote-overlapping pairs whose claimant is the same actor."""
        return _ratio(self.claimant_right, self.paired)

    @property
    def chain_accuracy(self) -> float:
        """Share of pairs whose attribution and via (mapped to actors) are the same."""
        return _ratio(self.chain_right, self.paired)

    @property
    def relation_recall(self) -> float:
        """Share of the expected key relations that the draft links the same way."""
        return _ratio(self.relations_found, self.relations_expected)

    def report(self) -> str:
        """The figures, then every miss, false alarm and wrong pair, one per line."""
        lines = [
            f"precision {self.precision:.2f} ({self.matched}/{self.drafted})  "
            f"recall {self.recall:.2f} ({self.matched}/{self.expected})  "
            f"claimant {self.claimant_accuracy:.2f} ({self.claimant_right}/{self.paired})  "
            f"chain {self.chain_accuracy:.2f} ({self.chain_right}/{self.paired})",
            f"framing {_ratio(self.framing_right, self.paired):.2f} "
            f"({self.framing_right}/{self.paired})  "
            f"about recall {_ratio(self.about_right, self.about_expected):.2f} "
            f"({self.about_right}/{self.about_expected}) precision "
            f"{_ratio(self.about_right, self.about_drafted):.2f} "
            f"({self.about_right}/{self.about_drafted})  "
            f"key relations recall {self.relation_recall:.2f} "
            f"({self.relations_found}/{self.relations_expected}) precision "
            f"{_ratio(self.relations_right, self.relations_drafted):.2f} "
            f"({self.relations_right}/{self.relations_drafted})",
        ]
        lines += [f"miss: {u.claim_id} [{u.claimant}] {u.quote[:80]!r}" for u in self.misses]
        lines += [f"false alarm: {u.claim_id} [{u.claimant}] {u.quote[:80]!r}"
                  for u in self.false_alarms]
        lines += [f"wrong claimant: {d.claim_id} [{d.claimant}] for {e.claim_id} [{e.claimant}]"
                  for e, d in self.wrong_claimant]
        lines += [f"wrong chain: {d.claim_id} [{d.attribution} via {list(d.via)}] for "
                  f"{e.claim_id} [{e.attribution} via {list(e.via)}]"
                  for e, d in self.wrong_chain]
        lines += [f"missed relation: {a} {kind} {b}" for a, kind, b in self.missed_relations]
        return "\n".join(lines)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def read_dossier(text: str, *, where: str) -> Dossier:
    """The actors, claims and documents of a dossier's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimtrackError(f"{where}: TOML syntax error: {exc}") from None
    out: dict[str, list[object]] = {"actors": [], "claims": [], "documents": []}
    for table, cls in (("actors", Actor), ("claims", Claim), ("documents", Document)):
        for index, record in enumerate(data.get(table, [])):
            value, errors = structure(record, cls)
            if errors or value is None:
                field, message = errors[0] if errors else ("", "invalid")
                raise ClaimtrackError(f"{where}: {table}[{index}].{field}: {message}")
            out[table].append(value)
    return Dossier(tuple(out["actors"]), tuple(out["claims"]),  # type: ignore[arg-type]
                   tuple(out["documents"]))  # type: ignore[arg-type]


def units_of(claims: Iterable[Claim], text: str, *, document: str | None = None) -> list[Unit]:
    """Locate every appearance (of ``document``, or of any) in ``text``; unfound are dropped."""
    units = []
    for claim in claims:
        for appearance in claim.appearances:
            if document is not None and appearance.document != document:
                continue
            found = find_quote(text, appearance.quote, prefix=appearance.prefix,
                               suffix=appearance.suffix)
            if found:
                start = found[0]
                units.append(Unit(claim.id, start, start + len(appearance.quote),
                                  claim.claimant, appearance.quote,
                                  appearance.attribution.value, appearance.via,
                                  appearance.framing.value, claim.about))
    return units


def _mapping(expected: Iterable[Actor], drafted: Iterable[Actor]) -> dict[str, str]:
    """Each drafted actor id -> the canonical expected actor it names (specials by kind)."""
    expected = list(expected)
    registry = ActorRegistry(expected)
    kinds = {a.kind for a in expected}
    mapping: dict[str, str] = {}
    for actor in drafted:
        if actor.kind in _SPECIAL and actor.kind in kinds:
            mapping[actor.id] = f"<{actor.kind.value}>"
            continue
        for name in actor.names:
            found = registry.resolve(name)
            if found is not None:
                mapping[actor.id] = found
                break
    return mapping


def _document_of(dossier: Dossier, text: str) -> str | None:
    """The id of the dossier's document whose appearances lie in ``text`` (None: all)."""
    documents = {a.document for c in dossier.claims for a in c.appearances}
    if len(documents) <= 1:
        return None
    counts = {d: len(units_of(dossier.claims, text, document=d)) for d in sorted(documents)}
    return max(counts, key=lambda d: counts[d])


def evaluate(text: str, *, expected: Dossier, drafted: Dossier) -> Score:
    """Score the draft of ``text`` against the expected dossier."""
    e_units = units_of(expected.claims, text, document=_document_of(expected, text))
    d_units = units_of(drafted.claims, text)
    kinds = {a.id: a.kind for a in expected.actors}
    mapping = _mapping(expected.actors, drafted.actors)

    def canon(actor_id: str) -> str:
        kind = kinds.get(actor_id)
        return f"<{kind.value}>" if kind in _SPECIAL else actor_id

    def mapped(actor_id: str) -> str:
        return mapping.get(actor_id, f"?{actor_id}")

    candidates = []
    for e_index, e in enumerate(e_units):
        for d_index, d in enumerate(d_units):
            overlap = min(e.end, d.end) - max(e.start, d.start)
            if overlap > 0:
                same = mapped(d.claimant) == canon(e.claimant)
                candidates.append((not same, -overlap, e_index, d_index))
    candidates.sort()
    pairs: list[tuple[Unit, Unit]] = []
    used_e: set[int] = set()
    used_d: set[int] = set()
    for _, _, e_index, d_index in candidates:
        if e_index not in used_e and d_index not in used_d:
            used_e.add(e_index)
            used_d.add(d_index)
            pairs.append((e_units[e_index], d_units[d_index]))
    wrong, wrong_chain = [], []
    right = chain = framing = about_right = about_e = about_d = 0
    for e, d in pairs:
        if mapped(d.claimant) == canon(e.claimant):
            right += 1
        else:
            wrong.append((e, d))
        same_via = tuple(mapped(v) for v in d.via) == tuple(canon(v) for v in e.via)
        if d.attribution == e.attribution and same_via:
            chain += 1
        else:
            wrong_chain.append((e, d))
        framing += d.framing == e.framing
        e_about = {canon(a) for a in e.about}
        d_about = {mapped(a) for a in d.about}
        about_right += len(e_about & d_about)
        about_e += len(e_about)
        about_d += len(d_about)
    relations = _relations(expected, drafted, pairs)
    return Score(
        len(e_units), len(d_units), len(pairs), right, chain, framing, about_right, about_e,
        about_d, *relations[:4],
        misses=tuple(e for i, e in enumerate(e_units) if i not in used_e),
        false_alarms=tuple(d for i, d in enumerate(d_units) if i not in used_d),
        wrong_claimant=tuple(wrong), wrong_chain=tuple(wrong_chain),
        missed_relations=relations[4])


def _relations(expected: Dossier, drafted: Dossier, pairs: list[tuple[Unit, Unit]],
               ) -> tuple[int, int, int, int, tuple[tuple[str, str, str], ...]]:
    """(expected, found, drafted, right, missed) for the key relations."""
    twins: dict[str, set[str]] = {}
    for e, d in pairs:
        twins.setdefault(d.claim_id, set()).add(e.claim_id)
    e_links = {(c.id, r.type.value, r.target) for c in expected.claims for r in c.relations
               if r.type.value in KEY_RELATIONS}
    d_links = {(c.id, r.type.value, r.target) for c in drafted.claims for r in c.relations
               if r.type.value in KEY_RELATIONS}
    d_ids = {c.id for c in drafted.claims}
    d_links = {link for link in d_links if link[2] in d_ids}  # not links to older claims
    drafted_as = {(a, kind, b) for d_a, kind, d_b in d_links
                  for a in twins.get(d_a, ()) for b in twins.get(d_b, ())}
    # "A contradicts B" says what "B contradicts A" says: that one relation has no direction.
    drafted_as |= {(b, kind, a) for a, kind, b in drafted_as if kind in _SYMMETRIC}
    e_both = e_links | {(b, kind, a) for a, kind, b in e_links if kind in _SYMMETRIC}
    found = e_links & drafted_as
    right = sum(1 for d_a, kind, d_b in d_links
                if any((a, kind, b) in e_both
                       for a in twins.get(d_a, ()) for b in twins.get(d_b, ())))
    missed = tuple(sorted(e_links - found))
    return len(e_links), len(found), len(d_links), right, missed
