"""Score a draft against a hand-made dossier: precision, recall, claimant accuracy, misses."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable

import attrs

from claimtrack.errors import ClaimtrackError
from claimtrack.extract.actors import ActorRegistry
from claimtrack.model import Actor, ActorKind, Claim
from claimtrack.structure import structure

__all__ = ["Score", "Span", "evaluate", "read_expected", "spans_of"]


@attrs.frozen
class Span:
    """One claim reduced to what the evaluation compares: where its quote is and who claims it."""

    claim_id: str
    start: int
    end: int
    claimant: str
    quote: str


@attrs.frozen
class Score:
    """The evaluation's figures and the claims behind them."""

    expected: int
    drafted: int
    matched: int
    paired: int
    claimant_right: int
    misses: tuple[Span, ...]
    false_alarms: tuple[Span, ...]
    wrong_claimant: tuple[tuple[Span, Span], ...]

    @property
    def precision(self) -> float:
        """Share of drafted claims that match an expected one."""
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        """Share of expected claims that a drafted one matches."""
        return self.matched / self.expected if self.expected else 1.0

    @property
    def claimant_accuracy(self) -> float:
        """Share of quote-overlapping pairs whose claimant is the same actor."""
        return self.claimant_right / self.paired if self.paired else 1.0

    def report(self) -> str:
        """The figures and every miss and false alarm, one per line."""
        lines = [f"precision {self.precision:.2f} ({self.matched}/{self.drafted})  "
                 f"recall {self.recall:.2f} ({self.matched}/{self.expected})  "
                 f"claimant {self.claimant_accuracy:.2f} ({self.claimant_right}/{self.paired})"]
        lines += [f"miss: {s.claim_id} [{s.claimant}] {s.quote[:80]!r}" for s in self.misses]
        lines += [f"false alarm: {s.claim_id} [{s.claimant}] {s.quote[:80]!r}"
                  for s in self.false_alarms]
        lines += [f"wrong claimant: {d.claim_id} [{d.claimant}] for {e.claim_id} [{e.claimant}]"
                  for e, d in self.wrong_claimant]
        return "\n".join(lines)


def read_expected(text: str, *, where: str) -> tuple[list[Actor], list[Claim]]:
    """The actors and claims of an expected dossier's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimtrackError(f"{where}: TOML syntax error: {exc}") from None
    out: dict[str, list[object]] = {"actors": [], "claims": []}
    for table, cls in (("actors", Actor), ("claims", Claim)):
        for index, record in enumerate(data.get(table, [])):
            value, errors = structure(record, cls)
            if errors or value is None:
                field, message = errors[0] if errors else ("", "invalid")
                raise ClaimtrackError(f"{where}: {table}[{index}].{field}: {message}")
            out[table].append(value)
    return out["actors"], out["claims"]  # type: ignore[return-value]


def spans_of(claims: Iterable[Claim], text: str) -> list[Span]:
    """Locate each claim's first appearance quote in ``text`` (claims not found are dropped)."""
    spans = []
    for claim in claims:
        for appearance in claim.appearances:
            start = text.find(appearance.prefix + appearance.quote)
            if start != -1:
                start += len(appearance.prefix)
                spans.append(Span(claim.id, start, start + len(appearance.quote),
                                  claim.claimant, appearance.quote))
                break
    return spans


def _same_actor(expected: ActorRegistry, expected_kinds: dict[str, ActorKind],
                drafted: dict[str, Actor]) -> dict[str, str]:
    """Map each drafted actor id to the expected actor it names (by name, alias or kind)."""
    mapping: dict[str, str] = {}
    specials = {kind: [i for i, k in expected_kinds.items() if k is kind]
                for kind in (ActorKind.EDITORIAL, ActorKind.UNNAMED)}
    for actor in drafted.values():
        if specials.get(actor.kind):
            mapping[actor.id] = f"<{actor.kind.value}>"
            continue
        for name in (actor.name, *actor.aliases, actor.id):
            found = expected.resolve(name)
            if found is not None:
                mapping[actor.id] = found
                break
    return mapping


def evaluate(*, expected: list[Span], drafted: list[Span], expected_actors: list[Actor],
             drafted_actors: list[Actor]) -> Score:
    """Pair drafted and expected claims one to one by quote overlap and compare claimants."""
    registry = ActorRegistry(expected_actors)
    kinds = {a.id: a.kind for a in expected_actors}
    mapping = _same_actor(registry, kinds, {a.id: a for a in drafted_actors})

    def canon_expected(actor_id: str) -> str:
        kind = kinds.get(actor_id)
        return f"<{kind.value}>" if kind in (ActorKind.EDITORIAL, ActorKind.UNNAMED) else actor_id

    candidates = []
    for e_index, e in enumerate(expected):
        for d_index, d in enumerate(drafted):
            overlap = min(e.end, d.end) - max(e.start, d.start)
            if overlap > 0:
                same = mapping.get(d.claimant, "?") == canon_expected(e.claimant)
                candidates.append((not same, -overlap, e_index, d_index, same))
    candidates.sort()
    used_e: set[int] = set()
    used_d: set[int] = set()
    right, wrong = 0, []
    for _, _, e_index, d_index, same in candidates:
        if e_index in used_e or d_index in used_d:
            continue
        used_e.add(e_index)
        used_d.add(d_index)
        if same:
            right += 1
        else:
            wrong.append((expected[e_index], drafted[d_index]))
    matched = right
    misses = tuple(e for i, e in enumerate(expected) if i not in used_e)
    alarms = tuple(d for i, d in enumerate(drafted) if i not in used_d)
    return Score(len(expected), len(drafted), matched, len(used_e), right, misses,
                 alarms, tuple(wrong))
