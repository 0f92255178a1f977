"""Score a draft dossier against a hand-made one: spans, claimants, chains, laundering, kinds.

Both sides are dossiers in the folder format (format 2); the draft is read back from the
TOML that ``extract`` writes, so what is scored is what the user gets. Every appearance of
a claim in the article is one unit: a drafted and an expected unit pair up (one to one)
when their quotes overlap, preferring the same claimant, then the larger overlap.

Drafted actors are matched to the hand-made ones by name or alias here, with rules of the
evaluation's own: the extractor's resolver is what is being measured, so it cannot also be
the measuring stick. A figure is a count out of a count (``FIGURES``); the text report and
the JSON are two renderings of the same ``Score``.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from claimtrack.anchor import find_quote
from claimtrack.errors import ClaimtrackError
from claimtrack.model import Actor, ActorKind, Claim, Document
from claimtrack.structure import structure

__all__ = ["FIGURES", "KEY_RELATIONS", "NEEDS_CLAIMANT", "Dossier", "Figure", "KindMiss",
           "Score", "Unit", "evaluate", "read_dossier", "total", "units_of"]

KEY_RELATIONS = frozenset({"denies", "retracts", "supports", "contradicts", "qualifies"})
"""The relations a fact-checker needs drafted (issues 15 and 25): a denial, a retraction, a
ruling, a 'not stated' observation, differing figures and the infobox's links to the body."""
NEEDS_CLAIMANT = "needs-claimant"
"""The tag of a draft whose source could not be resolved; such a draft may have no claimant."""
LAUNDER_COVER = 0.5
"""A drafted unit in the document's voice launders an attributed unit it covers this much of:
it then states most of someone's assertion as the document's own."""
_VOICE = "<editorial>"
_UNNAMED = "<unnamed>"
_SPECIAL = {ActorKind.EDITORIAL: _VOICE, ActorKind.UNNAMED: _UNNAMED}
_SYMMETRIC = frozenset({"contradicts"})
_LINKS = frozenset({"of", "for", "by", "to", "in", "on", "at", "with", "and", "or", "from",
                    "against", "about", "source"})
"""Words that make a name the complement of a phrase rather than the person it titles."""


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
    cue: str = ""


@attrs.frozen
class KindMiss:
    """A drafted actor that names a hand-made actor but has another kind."""

    drafted: str
    name: str
    kind: str
    expected: str
    expected_kind: str


@attrs.frozen
class Figure:
    """One measure: ``part`` out of ``whole``, both names of a ``Score`` count."""

    name: str
    part: str
    whole: str
    meaning: str


FIGURES = (
    Figure("precision", "matched", "drafted",
           "drafted units that pair with an expected unit and name its claimant"),
    Figure("recall", "matched", "expected",
           "expected units that a drafted unit pairs with and names the claimant of"),
    Figure("claimant", "claimant_right", "paired", "pairs whose claimant is the same actor"),
    Figure("chain", "chain_right", "paired", "pairs with the same attribution and via"),
    Figure("framing", "framing_right", "paired", "pairs with the same framing"),
    Figure("about recall", "about_right", "about_expected", "expected subjects drafted"),
    Figure("about precision", "about_right", "about_drafted", "drafted subjects expected"),
    Figure("key relations recall", "relations_found", "relations_expected",
           "expected key relations drafted between the paired claims, same type and direction"),
    Figure("key relations precision", "relations_right", "relations_drafted",
           "drafted key relations that are expected"),
    Figure("span precision", "paired", "drafted",
           "drafted units whose quote overlaps an expected unit, whoever the claimant"),
    Figure("span recall", "paired", "expected",
           "expected units whose quote a drafted unit overlaps, whoever the claimant"),
    Figure("laundered", "laundered_count", "attributed",
           "attributed units (claimant not the document's voice) drafted in the voice"),
    Figure("actor kinds", "kinds_right", "actors_matched",
           "drafted actors that name an expected actor and have its kind"),
)
_BY_NAME = {figure.name: figure for figure in FIGURES}
_LINES = (
    ("precision", "recall", "claimant", "chain"),
    ("framing", "about recall", "about precision", "key relations recall",
     "key relations precision"),
    ("span precision", "span recall", "laundered", "actor kinds"),
)
_COUNTS = ("expected", "drafted", "paired", "attributed", "needs_claimant",
           "relations_reversed", "actors_unmatched")


@attrs.frozen(kw_only=True)
class Score:
    """The evaluation's counts and the units behind them."""

    expected: int = 0
    drafted: int = 0
    paired: int = 0
    claimant_right: int = 0
    chain_right: int = 0
    framing_right: int = 0
    about_right: int = 0
    about_expected: int = 0
    about_drafted: int = 0
    relations_expected: int = 0
    relations_found: int = 0
    relations_drafted: int = 0
    relations_right: int = 0
    relations_reversed: int = 0
    attributed: int = 0
    laundered_count: int = 0
    needs_claimant: int = 0
    actors_matched: int = 0
    kinds_right: int = 0
    actors_unmatched: int = 0
    misses: tuple[Unit, ...] = ()
    false_alarms: tuple[Unit, ...] = ()
    wrong_claimant: tuple[tuple[Unit, Unit], ...] = ()
    wrong_chain: tuple[tuple[Unit, Unit], ...] = ()
    laundered: tuple[tuple[Unit, Unit], ...] = ()
    wrong_kinds: tuple[KindMiss, ...] = ()
    unmatched_actors: tuple[tuple[str, str, str], ...] = ()
    missed_relations: tuple[tuple[str, str, str], ...] = ()
    reversed_relations: tuple[tuple[str, str, str], ...] = ()

    @property
    def matched(self) -> int:
        """Pairs whose claimant is the same actor: the found claims."""
        return self.claimant_right

    @property
    def precision(self) -> float:
        """Share of drafted units that match an expected one (same claimant)."""
        return _ratio(self.matched, self.drafted)

    @property
    def recall(self) -> float:
        """Share of expected units that a drafted one matches (same claimant)."""
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

    @property
    def laundered_share(self) -> float:
        """Share of the attributed units that the draft gives to the document's voice."""
        return self.laundered_count / self.attributed if self.attributed else 0.0

    @property
    def kind_accuracy(self) -> float:
        """Share of drafted actors naming an expected actor whose kind is its kind."""
        return _ratio(self.kinds_right, self.actors_matched)

    def figure(self, name: str) -> tuple[int, int]:
        """(part, whole) of the figure ``name`` of ``FIGURES``."""
        figure = _BY_NAME[name]
        return int(getattr(self, figure.part)), int(getattr(self, figure.whole))

    def report(self) -> str:
        """The figures in a fixed layout, then every miss, one per line, in a fixed order."""
        lines = ["  ".join(_figure_text(name, *self.figure(name)) for name in line)
                 for line in _LINES]
        lines.append("counts: " + "  ".join(f"{name.replace('_', ' ')} {getattr(self, name)}"
                                            for name in _COUNTS))
        lines += [f"miss: {u.claim_id} [{u.claimant}] {u.quote[:80]!r}" for u in self.misses]
        lines += [f"false alarm: {u.claim_id} [{u.claimant or NEEDS_CLAIMANT}] "
                  f"{u.quote[:80]!r}" for u in self.false_alarms]
        lines += [f"wrong claimant: {d.claim_id} [{d.claimant or NEEDS_CLAIMANT}] for "
                  f"{e.claim_id} [{e.claimant}]" for e, d in self.wrong_claimant]
        lines += [f"wrong chain: {d.claim_id} [{d.attribution} via {list(d.via)}] for "
                  f"{e.claim_id} [{e.attribution} via {list(e.via)}]"
                  for e, d in self.wrong_chain]
        lines += [f"laundered: {d.claim_id} [{d.claimant}] for {e.claim_id} [{e.claimant}] "
                  f"{e.quote[:60]!r}" for e, d in self.laundered]
        lines += [f"wrong kind: {k.drafted} [{k.kind}] for {k.expected} [{k.expected_kind}]"
                  for k in self.wrong_kinds]
        lines += [f"unmatched actor: {actor_id} [{kind}] {name!r}"
                  for actor_id, kind, name in self.unmatched_actors]
        lines += [f"missed relation: {a} {kind} {b}" for a, kind, b in self.missed_relations]
        lines += [f"reversed relation: {a} {kind} {b} (expected {b} {kind} {a})"
                  for a, kind, b in self.reversed_relations]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The same report as data: every figure with its counts, then every miss."""
        figures = {}
        for figure in FIGURES:
            part, whole = self.figure(figure.name)
            figures[figure.name] = {"count": part, "of": whole,
                                    "ratio": round(part / whole, 4) if whole else None,
                                    "meaning": figure.meaning}
        pair = ("expected", "drafted")
        return {
            "figures": figures,
            "counts": {name: getattr(self, name) for name in _COUNTS},
            "misses": [_unit(u) for u in self.misses],
            "false_alarms": [_unit(u) for u in self.false_alarms],
            "wrong_claimant": [dict(zip(pair, map(_unit, p), strict=True))
                               for p in self.wrong_claimant],
            "wrong_chain": [dict(zip(pair, map(_unit, p), strict=True))
                            for p in self.wrong_chain],
            "laundered": [dict(zip(pair, map(_unit, p), strict=True)) for p in self.laundered],
            "wrong_kinds": [attrs.asdict(k) for k in self.wrong_kinds],
            "unmatched_actors": [{"id": i, "kind": k, "name": n}
                                 for i, k, n in self.unmatched_actors],
            "missed_relations": [{"claim": a, "type": k, "target": b}
                                 for a, k, b in self.missed_relations],
            "reversed_relations": [{"claim": a, "type": k, "target": b}
                                   for a, k, b in self.reversed_relations],
        }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _figure_text(name: str, part: int, whole: int) -> str:
    value = f"{part / whole:.2f}" if whole else "n/a"
    return f"{name} {value} ({part}/{whole})"


def _unit(unit: Unit) -> dict[str, Any]:
    return {"claim": unit.claim_id, "claimant": unit.claimant or None, "start": unit.start,
            "end": unit.end, "quote": unit.quote, "attribution": unit.attribution,
            "via": list(unit.via), "framing": unit.framing, "cue": unit.cue}


def total(scores: Iterable[Score]) -> Score:
    """The scores of several articles added up: counts summed, misses put together."""
    summed: dict[str, Any] = {}
    for score in scores:
        for field in attrs.fields(Score):
            value = getattr(score, field.name)
            summed[field.name] = summed.get(field.name, type(value)()) + value
    return Score(**summed)


def read_dossier(text: str, *, where: str) -> Dossier:
    """The actors, claims and documents of a dossier's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimtrackError(f"{where}: TOML syntax error: {exc}") from None
    out: dict[str, list[object]] = {"actors": [], "claims": [], "documents": []}
    for table, cls in (("actors", Actor), ("claims", Claim), ("documents", Document)):
        for index, record in enumerate(data.get(table, [])):
            if table == "claims" and isinstance(record, dict) and "claimant" not in record \
                    and NEEDS_CLAIMANT in record.get("tags", ()):
                record = {**record, "claimant": ""}  # unresolved, said so: not an error
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
                                  appearance.framing.value, claim.about, appearance.cue))
    return units


def _key(name: str) -> str:
    """A name as compared: no accents, case, possessive, punctuation or leading article."""
    text = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = "".join(ch if ch.isalnum() or ch == "'" else " " for ch in text)
    words = [w.removesuffix("'s").strip("'") for w in text.split()]
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(w for w in words if w)


class _Names:
    """The expected actors by name: a name that two of them share names neither."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors = {a.id: a for a in actors}
        self._keys: dict[str, set[str]] = {}
        self._people: dict[str, set[str]] = {}
        self._surnames: dict[str, set[str]] = {}
        for actor in self.actors.values():
            for name in (actor.name, *actor.aliases, actor.id.replace("-", " ")):
                if key := _key(name):
                    self._keys.setdefault(key, set()).add(actor.id)
            words = _key(actor.name).split()
            if actor.kind is ActorKind.PERSON and len(words) >= 2:
                self._people.setdefault(" ".join(words), set()).add(actor.id)
                self._surnames.setdefault(words[-1], set()).add(actor.id)

    def resolve(self, name: str) -> str | None:
        """The one expected actor ``name`` names: a name or alias, a person's full name after
        a title ("Presiding judge Anneli Brask", not "the killing of Anneli Brask"), or a
        surname alone."""
        key = _key(name)
        words = key.split()
        if key in self._keys:
            return _one(self._keys[key])
        for start in range(1, len(words) - 1):
            if _LINKS.isdisjoint(words[:start]) and (tail := " ".join(words[start:])) \
                    in self._people:
                return _one(self._people[tail])
        return _one(self._surnames.get(key, set())) if len(words) == 1 else None

    def actor_of(self, actor: Actor) -> str | None:
        """The expected actor a drafted actor names, by its name, aliases or id."""
        for name in (actor.name, *actor.aliases, actor.id.replace("-", " ")):
            if (found := self.resolve(name)) is not None:
                return found
        return None


def _one(ids: set[str]) -> str | None:
    return next(iter(ids)) if len(ids) == 1 else None


def _document_of(dossier: Dossier, text: str) -> str | None:
    """The id of the dossier's document whose appearances lie in ``text`` (None: all)."""
    documents = {a.document for c in dossier.claims for a in c.appearances}
    if len(documents) <= 1:
        return None
    counts = {d: len(units_of(dossier.claims, text, document=d)) for d in sorted(documents)}
    return max(counts, key=lambda d: counts[d])


@attrs.frozen
class _Actors:
    """How drafted and expected actor ids compare: each becomes a canonical token."""

    expected: dict[str, str]
    drafted: dict[str, str]
    voice: str

    @classmethod
    def of(cls, expected: Dossier, drafted: Dossier, names: _Names, document: str | None,
           ) -> _Actors:
        kinds = {a.kind for a in expected.actors}
        canon = {a.id: _SPECIAL.get(a.kind, a.id) for a in expected.actors}
        mapped = {}
        for actor in drafted.actors:
            if actor.kind in _SPECIAL and actor.kind in kinds:
                # An unnamed or editorial actor matches any actor of that kind.
                mapped[actor.id] = _SPECIAL[actor.kind]
            elif (found := names.actor_of(actor)) is not None:
                mapped[actor.id] = canon[found]
        voices = [d.voice for d in expected.documents if d.voice and d.id == document] or [
            d.voice for d in expected.documents if d.voice]
        return cls(canon, mapped, canon.get(voices[0], _VOICE) if voices else _VOICE)

    def of_expected(self, actor_id: str) -> str:
        """The token of an expected actor."""
        return self.expected.get(actor_id, actor_id)

    def of_drafted(self, actor_id: str) -> str:
        """The token of a drafted actor; one that names no expected actor stays unmatched."""
        return self.drafted.get(actor_id, f"?{actor_id}")


def _pairs(e_units: Sequence[Unit], d_units: Sequence[Unit], actors: _Actors,
           ) -> list[tuple[int, int]]:
    """(expected index, drafted index) pairs: overlapping quotes, same claimant first."""
    candidates = []
    for e_index, e in enumerate(e_units):
        for d_index, d in enumerate(d_units):
            overlap = min(e.end, d.end) - max(e.start, d.start)
            if overlap > 0:
                same = actors.of_drafted(d.claimant) == actors.of_expected(e.claimant)
                candidates.append((not same, -overlap, e_index, d_index))
    pairs: list[tuple[int, int]] = []
    used_e: set[int] = set()
    used_d: set[int] = set()
    for _, _, e_index, d_index in sorted(candidates):
        if e_index not in used_e and d_index not in used_d:
            used_e.add(e_index)
            used_d.add(d_index)
            pairs.append((e_index, d_index))
    return pairs


def _laundered(e_units: Sequence[Unit], d_units: Sequence[Unit], pairs: list[tuple[int, int]],
               actors: _Actors) -> tuple[int, list[tuple[Unit, Unit]]]:
    """(attributed units, those drafted in the voice): paired with a drafted unit of the
    voice, or mostly covered by one. A draft with no claimant (needs-claimant) is not the
    voice's."""
    partner = dict(pairs)
    in_voice = [i for i, d in enumerate(d_units) if actors.of_drafted(d.claimant) == actors.voice]
    attributed, laundered = 0, []
    for e_index, e in enumerate(e_units):
        if actors.of_expected(e.claimant) == actors.voice:
            continue
        attributed += 1
        covering = [i for i in in_voice if i == partner.get(e_index) or (
            min(e.end, d_units[i].end) - max(e.start, d_units[i].start)
            >= LAUNDER_COVER * (e.end - e.start))]
        if covering:  # the paired draft first, when it is one of them
            laundered.append((e, d_units[min(covering, key=lambda i: i != partner.get(e_index))]))
    return attributed, laundered


def _kinds(drafted: Iterable[Actor], names: _Names) -> tuple[int, list[KindMiss],
                                                            list[tuple[str, str, str]]]:
    """(matched, wrong kinds, unmatched) for the drafted actors that name someone.

    The document's voice is a role, not a kind of actor, so neither side's editorial actor
    is scored; an unnamed actor is a description, so one that names nobody is not listed.
    """
    matched, wrong, unmatched = 0, [], []
    for actor in drafted:
        if actor.kind is ActorKind.EDITORIAL:
            continue
        found = names.actor_of(actor)
        if found is None:
            if actor.kind is not ActorKind.UNNAMED:
                unmatched.append((actor.id, actor.kind.value, actor.name))
            continue
        expected = names.actors[found]
        if expected.kind is ActorKind.EDITORIAL:
            continue
        matched += 1
        if actor.kind is not expected.kind:
            wrong.append(KindMiss(actor.id, actor.name, actor.kind.value, expected.id,
                                  expected.kind.value))
    return matched, wrong, unmatched


def evaluate(text: str, *, expected: Dossier, drafted: Dossier) -> Score:
    """Score the draft of ``text`` against the expected dossier."""
    document = _document_of(expected, text)
    e_units = units_of(expected.claims, text, document=document)
    d_units = units_of(drafted.claims, text)
    names = _Names(expected.actors)
    actors = _Actors.of(expected, drafted, names, document)
    pairs = _pairs(e_units, d_units, actors)
    paired = [(e_units[e], d_units[d]) for e, d in pairs]
    wrong, wrong_chain = [], []
    right = chain = framing = about_right = about_e = about_d = 0
    for e, d in paired:
        if actors.of_drafted(d.claimant) == actors.of_expected(e.claimant):
            right += 1
        else:
            wrong.append((e, d))
        same_via = (tuple(actors.of_drafted(v) for v in d.via)
                    == tuple(actors.of_expected(v) for v in e.via))
        if d.attribution == e.attribution and same_via:
            chain += 1
        else:
            wrong_chain.append((e, d))
        framing += d.framing == e.framing
        e_about = {actors.of_expected(a) for a in e.about}
        d_about = {actors.of_drafted(a) for a in d.about}
        about_right += len(e_about & d_about)
        about_e += len(e_about)
        about_d += len(d_about)
    attributed, laundered = _laundered(e_units, d_units, pairs, actors)
    matched, wrong_kinds, unmatched = _kinds(drafted.actors, names)
    used_e = {e for e, _ in pairs}
    used_d = {d for _, d in pairs}
    return Score(
        expected=len(e_units), drafted=len(d_units), paired=len(pairs), claimant_right=right,
        chain_right=chain, framing_right=framing, about_right=about_right,
        about_expected=about_e, about_drafted=about_d,
        **_relations(expected, drafted, paired),
        attributed=attributed, laundered_count=len(laundered),
        needs_claimant=sum(1 for d in d_units if not d.claimant),
        actors_matched=matched, kinds_right=matched - len(wrong_kinds),
        actors_unmatched=len(unmatched),
        misses=tuple(e for i, e in enumerate(e_units) if i not in used_e),
        false_alarms=tuple(d for i, d in enumerate(d_units) if i not in used_d),
        wrong_claimant=tuple(wrong), wrong_chain=tuple(wrong_chain), laundered=tuple(laundered),
        wrong_kinds=tuple(wrong_kinds), unmatched_actors=tuple(unmatched))


def _links(dossier: Dossier) -> set[tuple[str, str, str]]:
    return {(c.id, r.type.value, r.target) for c in dossier.claims for r in c.relations
            if r.type.value in KEY_RELATIONS}


def _both_ways(links: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, str, str]]:
    """Each link, and a symmetric one ("A contradicts B" says "B contradicts A") reversed."""
    for a, kind, b in links:
        yield a, kind, b
        if kind in _SYMMETRIC:
            yield b, kind, a


def _relations(expected: Dossier, drafted: Dossier, pairs: list[tuple[Unit, Unit]],
               ) -> dict[str, Any]:
    """The key relations' counts and misses, as Score fields."""
    twins: dict[str, set[str]] = {}
    for e, d in pairs:
        twins.setdefault(d.claim_id, set()).add(e.claim_id)
    e_links = _links(expected)
    d_ids = {c.id for c in drafted.claims}
    d_links = {link for link in _links(drafted) if link[2] in d_ids}  # not to older claims
    drafted_as = set(_both_ways(
        (a, kind, b) for d_a, kind, d_b in d_links
        for a in twins.get(d_a, ()) for b in twins.get(d_b, ())))
    e_both = set(_both_ways(e_links))
    found = e_links & drafted_as
    right = sum(1 for d_a, kind, d_b in d_links
                if any((a, kind, b) in e_both
                       for a in twins.get(d_a, ()) for b in twins.get(d_b, ())))
    backwards = {(a, kind, b) for a, kind, b in drafted_as
                 if (b, kind, a) in e_links and (a, kind, b) not in e_both}
    return {"relations_expected": len(e_links), "relations_found": len(found),
            "relations_drafted": len(d_links), "relations_right": right,
            "relations_reversed": len(backwards),
            "missed_relations": tuple(sorted(e_links - found)),
            "reversed_relations": tuple(sorted(backwards))}
