"""The evaluation of drafts, pinned on small hand-made dossiers (never on held-out articles).

One short invented article, one hand-made dossier of it, and drafts built by hand that get
each measure right or wrong in one way: claimant, chain, laundering, actor kinds, key
relations, precision; the text layout and the JSON are checked on them too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.errors import ClaimtrackError
from claimtrack.extract.evaluate import (
    FIGURES,
    Dossier,
    Score,
    evaluate,
    read_dossier,
    total,
)
from claimtrack.model import (
    Actor,
    ActorKind,
    Appearance,
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Framing,
    Relation,
    RelationType,
)

TEXT = ("The Brenna ministry said the dam at Ostvik had cracked. "
        "The operator, Lumen Power, denied that the dam had cracked. "
        "Inspectors found 40 cracks, according to a report by the water agency. "
        "The agency's head, Mara Quell, later counted 12. "
        "The dam was built in 1971.")
CRACKED = "The Brenna ministry said the dam at Ostvik had cracked."
DENIED = "The operator, Lumen Power, denied that the dam had cracked."
FORTY = "Inspectors found 40 cracks, according to a report by the water agency."
TWELVE = "The agency's head, Mara Quell, later counted 12."
BUILT = "The dam was built in 1971."


def _actor(actor_id: str, name: str, kind: str, *aliases: str) -> Actor:
    return Actor(id=actor_id, name=name, kind=ActorKind(kind), aliases=aliases)


def _claim(claim_id: str, claimant: str, quote: str, *, own: bool = False,
           via: Sequence[str] = (), tags: Sequence[str] = (),
           relations: Sequence[tuple[str, str]] = ()) -> Claim:
    appearance = Appearance(
        document="doc", quote=quote, framing=Framing.ASSERTED if own else Framing.ATTRIBUTED,
        attribution=Attribution.OWN if own else Attribution.EXPLICIT, via=tuple(via))
    return Claim(id=claim_id, statement="s", claimant=claimant, kind=ClaimKind.STATEMENT,
                 tags=tuple(tags), appearances=(appearance,),
                 relations=tuple(Relation(type=RelationType(kind), target=target)
                                 for kind, target in relations))


def _document(voice: str) -> Document:
    return Document(id="doc", title="t", text="doc.txt", sha256="0" * 64, voice=voice)


GOLD = Dossier(
    actors=(
        _actor("voice", "The Ostvik Post (editorial voice)", "editorial", "The Ostvik Post"),
        _actor("ministry", "Brenna ministry", "government", "the ministry"),
        _actor("lumen", "Lumen Power", "organization", "The operator"),
        _actor("agency", "Water agency", "agency", "the water agency"),
        _actor("mara-q", "Mara Quell", "person"),
    ),
    claims=(
        _claim("g-cracked", "ministry", CRACKED),
        _claim("g-denied", "lumen", DENIED, relations=[("denies", "g-cracked")]),
        _claim("g-40", "agency", FORTY),
        _claim("g-12", "mara-q", TWELVE, relations=[("contradicts", "g-40")]),
        _claim("g-built", "voice", BUILT, own=True),
    ),
    documents=(_document("voice"),),
)
EDITORIAL = _actor("ed", "Draft (editorial voice)", "editorial")


def _draft(*claims: Claim, actors: Sequence[Actor] = ()) -> Dossier:
    return Dossier(actors=(EDITORIAL, *actors), claims=claims, documents=(_document("ed"),))


def _score(*claims: Claim, actors: Sequence[Actor] = ()) -> Score:
    return evaluate(TEXT, expected=GOLD, drafted=_draft(*claims, actors=actors))


MINISTRY = _actor("d-ministry", "Brenna ministry", "government")
LUMEN = _actor("d-lumen", "Lumen Power", "organization")
AGENCY = _actor("d-agency", "the water agency", "agency")
QUELL = _actor("d-quell", "Mara Quell", "person")
ALL = (MINISTRY, LUMEN, AGENCY, QUELL)


def _perfect(**relations: Sequence[tuple[str, str]]) -> list[Claim]:
    return [_claim("d-cracked", "d-ministry", CRACKED, relations=relations.get("cracked", ())),
            _claim("d-denied", "d-lumen", DENIED, relations=relations.get("denied", ())),
            _claim("d-40", "d-agency", FORTY, relations=relations.get("forty", ())),
            _claim("d-12", "d-quell", TWELVE, relations=relations.get("twelve", ())),
            _claim("d-built", "ed", BUILT, own=True)]


# -- claimant, precision, span precision ------------------------------------------------------


def test_a_perfect_draft_scores_one_everywhere() -> None:
    score = _score(*_perfect(denied=[("denies", "d-cracked")],
                             twelve=[("contradicts", "d-40")]), actors=ALL)
    for figure in FIGURES:
        part, whole = score.figure(figure.name)
        if figure.name == "laundered":
            assert (part, whole) == (0, 4)
        elif whole:
            assert part == whole, figure.name
    assert (score.expected, score.drafted, score.paired, score.relations_found) == (5, 5, 5, 2)
    assert score.actors_matched == 4 and score.kinds_right == 4


def test_a_wrong_claimant_pairs_but_is_not_a_match() -> None:
    claims = _perfect()
    claims[1] = _claim("d-denied", "d-ministry", DENIED)
    score = _score(*claims, actors=ALL)
    assert (score.paired, score.claimant_right, score.matched) == (5, 4, 4)
    assert score.figure("precision") == (4, 5) and score.figure("span precision") == (5, 5)
    assert "wrong claimant: d-denied [d-ministry] for g-denied [lumen]" in score.report()


def test_unmatched_drafts_lower_precision_and_span_precision() -> None:
    extra = _claim("d-fragment", "ed", "later counted 12", own=True)  # inside g-12's span
    stray = _claim("d-stray", "d-quell", "at Ostvik")  # inside g-cracked's span too
    score = _score(*_perfect(), extra, stray, actors=ALL)
    assert score.drafted == 7 and score.paired == 5
    assert score.figure("precision") == (5, 7) and score.figure("span precision") == (5, 7)
    assert [u.claim_id for u in score.false_alarms] == ["d-fragment", "d-stray"]


def test_a_missed_unit_lowers_recall_and_span_recall_only() -> None:
    score = _score(*_perfect()[:4], actors=ALL)
    assert score.figure("recall") == (4, 5) and score.figure("span recall") == (4, 5)
    assert score.figure("precision") == (4, 4)
    assert [u.claim_id for u in score.misses] == ["g-built"]


# -- chain ------------------------------------------------------------------------------------


def test_the_chain_compares_attribution_and_the_mapped_via() -> None:
    gold = Dossier(GOLD.actors, (_claim("g", "agency", FORTY, via=["ministry"]),),
                   GOLD.documents)
    right = _draft(_claim("d", "d-agency", FORTY, via=["d-ministry"]), actors=ALL)
    no_via = _draft(_claim("d", "d-agency", FORTY), actors=ALL)
    own = _draft(_claim("d", "d-agency", FORTY, via=["d-ministry"], own=True), actors=ALL)
    assert evaluate(TEXT, expected=gold, drafted=right).figure("chain") == (1, 1)
    assert evaluate(TEXT, expected=gold, drafted=no_via).figure("chain") == (0, 1)
    assert evaluate(TEXT, expected=gold, drafted=own).figure("chain") == (0, 1)


# -- laundered --------------------------------------------------------------------------------


def test_an_attributed_unit_drafted_in_the_voice_is_laundered() -> None:
    claims = _perfect()
    claims[0] = _claim("d-cracked", "ed", CRACKED, own=True)
    score = _score(*claims, actors=ALL)
    assert score.figure("laundered") == (1, 4)
    assert score.laundered_share == 0.25
    assert [(e.claim_id, d.claim_id) for e, d in score.laundered] == [("g-cracked", "d-cracked")]
    assert "laundered: d-cracked [ed] for g-cracked [ministry]" in score.report()


def test_an_own_unit_in_the_voice_is_not_counted() -> None:
    score = _score(*_perfect(), actors=ALL)
    assert score.attributed == 4  # g-built is the voice's own
    assert score.laundered_count == 0


def test_a_needs_claimant_draft_without_claimant_is_not_laundered() -> None:
    claims = _perfect()
    claims[0] = _claim("d-cracked", "", CRACKED, tags=["draft", "needs-claimant"])
    score = _score(*claims, actors=ALL)
    assert score.laundered_count == 0 and score.needs_claimant == 1
    assert score.claimant_right == 4  # not a right claimant either
    assert "wrong claimant: d-cracked [needs-claimant] for g-cracked [ministry]" in score.report()


def test_a_voice_draft_covering_most_of_an_attributed_unit_launders_it() -> None:
    # The right draft pairs with g-cracked; a second draft, in the voice, states most of the
    # ministry's sentence as the document's own. A short name in the voice launders nothing.
    mostly = _claim("d-echo", "ed", "ministry said the dam at Ostvik had cracked", own=True)
    little = _claim("d-bit", "ed", "Lumen Power", own=True)
    score = _score(*_perfect(), mostly, little, actors=ALL)
    assert [(e.claim_id, d.claim_id) for e, d in score.laundered] == [("g-cracked", "d-echo")]


def test_the_issuer_of_a_press_release_is_the_voice() -> None:
    # The voice is the company itself; a drafted organisation of that name is the voice too.
    company = _actor("lumen-voice", "Lumen Power", "editorial", "the company")
    gold = Dossier((company, GOLD.actors[1]), (_claim("g", "ministry", CRACKED),
                                               _claim("g-own", "lumen-voice", BUILT, own=True)),
                   (_document("lumen-voice"),))
    drafted = Dossier((LUMEN, MINISTRY), (_claim("d", "d-lumen", CRACKED),
                                          _claim("d-own", "d-lumen", BUILT)),
                      (_document("d-lumen"),))
    score = evaluate(TEXT, expected=gold, drafted=drafted)
    assert score.figure("laundered") == (1, 1)
    assert score.claimant_right == 1  # the own claim is the voice's either way
    assert score.actors_matched == 1  # the voice is a role: its kind is not scored


# -- actor kinds ------------------------------------------------------------------------------


def test_actor_kinds_count_drafted_actors_that_name_a_gold_actor() -> None:
    place = _actor("ostvik", "Ostvik", "person")  # a place typed as a person: nobody
    company = _actor("d-lumen", "Lumen Power", "person")  # a company typed as a person
    titled = _actor("d-quell", "Agency head Mara Quell", "person")  # full name at the end
    surname = _actor("d-q", "Quell", "person")
    generic = _actor("d-the-official", "an official", "unnamed")
    phrase = _actor("d-death", "Unnamed source (the death of Mara Quell)", "unnamed")
    score = _score(*_perfect(), actors=(MINISTRY, company, AGENCY, titled, surname, place,
                                        generic, phrase))
    assert score.figure("actor kinds") == (4, 5)
    assert [(k.drafted, k.kind, k.expected, k.expected_kind) for k in score.wrong_kinds] == [
        ("d-lumen", "person", "lumen", "organization")]
    assert score.unmatched_actors == (("ostvik", "person", "Ostvik"),)
    assert "wrong kind: d-lumen [person] for lumen [organization]" in score.report()
    assert "unmatched actor: ostvik [person] 'Ostvik'" in score.report()


def test_a_name_two_gold_actors_share_names_neither() -> None:
    gold = Dossier((*GOLD.actors, _actor("health", "Health ministry", "government",
                                         "the ministry")), GOLD.claims, GOLD.documents)
    generic = _actor("ministry", "the ministry", "government")
    drafted = _draft(_claim("d-cracked", "ministry", CRACKED), actors=[generic])
    score = evaluate(TEXT, expected=gold, drafted=drafted)
    assert score.actors_matched == 0 and score.actors_unmatched == 1
    assert score.claimant_right == 0


# -- key relations ----------------------------------------------------------------------------


def test_a_relation_counts_when_both_ends_are_drafted_and_linked_the_same_way() -> None:
    score = _score(*_perfect(denied=[("denies", "d-cracked")]), actors=ALL)
    assert score.figure("key relations recall") == (1, 2)
    assert score.figure("key relations precision") == (1, 1)
    assert score.missed_relations == (("g-12", "contradicts", "g-40"),)


def test_a_relation_pointing_the_wrong_way_is_reversed_not_found() -> None:
    score = _score(*_perfect(cracked=[("denies", "d-denied")]), actors=ALL)
    assert score.figure("key relations recall") == (0, 2)
    assert score.figure("key relations precision") == (0, 1)
    assert score.reversed_relations == (("g-cracked", "denies", "g-denied"),)
    assert ("reversed relation: g-cracked denies g-denied (expected g-denied denies "
            "g-cracked)") in score.report()


def test_contradicts_has_no_direction() -> None:
    score = _score(*_perfect(forty=[("contradicts", "d-12")]), actors=ALL)
    assert score.figure("key relations recall") == (1, 2)
    assert score.figure("key relations precision") == (1, 1)
    assert score.relations_reversed == 0


def test_a_wrong_type_an_unkeyed_type_and_an_undrafted_end_do_not_count() -> None:
    wrong_type = _perfect(denied=[("supports", "d-cracked")])
    assert _score(*wrong_type, actors=ALL).figure("key relations recall") == (0, 2)
    unkeyed = _perfect(denied=[("disputes", "d-cracked")])
    assert _score(*unkeyed, actors=ALL).figure("key relations precision") == (0, 0)
    # The denial's target was not drafted: the relation cannot be found.
    lonely = [c for c in _perfect(denied=[("denies", "d-cracked")]) if c.id != "d-cracked"]
    assert _score(*lonely, actors=ALL).relations_found == 0


def test_a_link_to_a_claim_outside_the_draft_is_not_scored() -> None:
    older = _perfect(denied=[("denies", "claim-of-another-dossier")])
    assert _score(*older, actors=ALL).relations_drafted == 0


# -- reading, totals, layout ------------------------------------------------------------------


def test_a_draft_that_needs_a_claimant_may_have_none() -> None:
    record = ('[[claims]]\nid = "c"\nstatement = "s"\nkind = "statement"\n'
              'tags = ["draft", "needs-claimant"]\n'
              'appearances = [{ document = "doc", quote = "q", framing = "attributed", '
              'attribution = "explicit" }]\n')
    assert read_dossier(record, where="draft").claims[0].claimant == ""
    with pytest.raises(ClaimtrackError, match=r"draft: claims\[0\]\.claimant: required"):
        read_dossier(record.replace('"needs-claimant"', '"other"'), where="draft")


def test_total_adds_counts_and_keeps_every_miss() -> None:
    one = _score(*_perfect()[:4], actors=ALL)
    two = _score(*_perfect(cracked=[("denies", "d-denied")]), actors=ALL)
    both = total([one, two])
    assert both.expected == 10 and both.drafted == 9 and both.relations_reversed == 1
    assert len(both.misses) == 1 and both.figure("laundered") == (0, 8)
    assert total([]) == Score()


EXPECTED_REPORT = """\
precision 0.80 (4/5)  recall 0.80 (4/5)  claimant 0.80 (4/5)  chain 0.80 (4/5)
framing 0.80 (4/5)  about recall n/a (0/0)  about precision n/a (0/0)  \
key relations recall 0.00 (0/2)  key relations precision 0.00 (0/1)
span precision 1.00 (5/5)  span recall 1.00 (5/5)  laundered 0.25 (1/4)  actor kinds 1.00 (4/4)
counts: expected 5  drafted 5  paired 5  attributed 4  needs claimant 0  \
relations reversed 1  actors unmatched 0
wrong claimant: d-cracked [ed] for g-cracked [ministry]
wrong chain: d-cracked [own via []] for g-cracked [explicit via []]
laundered: d-cracked [ed] for g-cracked [ministry] \
'The Brenna ministry said the dam at Ostvik had cracked.'
missed relation: g-12 contradicts g-40
missed relation: g-denied denies g-cracked
reversed relation: g-cracked denies g-denied (expected g-denied denies g-cracked)"""


def _mixed() -> Score:
    claims = _perfect(cracked=[("denies", "d-denied")])
    claims[0] = _claim("d-cracked", "ed", CRACKED, own=True,
                       relations=[("denies", "d-denied")])
    return _score(*claims, actors=ALL)


def test_the_text_report_has_a_fixed_layout() -> None:
    assert _mixed().report() == EXPECTED_REPORT


def test_the_json_report_is_the_same_figures_as_data() -> None:
    score = _mixed()
    data = json.loads(json.dumps(score.as_dict()))
    assert list(data["figures"]) == [f.name for f in FIGURES]
    assert data["figures"]["laundered"] == {
        "count": 1, "of": 4, "ratio": 0.25,
        "meaning": "attributed units (claimant not the document's voice) drafted in the voice"}
    assert data["figures"]["about recall"]["ratio"] is None
    assert data["counts"]["relations_reversed"] == 1
    assert data["laundered"][0]["expected"]["claim"] == "g-cracked"
    assert data["reversed_relations"] == [
        {"claim": "g-cracked", "type": "denies", "target": "g-denied"}]


# -- the command ------------------------------------------------------------------------------


@pytest.mark.model
def test_extract_evaluate_prints_json_equal_to_the_library(valid_claims: Path) -> None:
    corpus = Path(__file__).parent / "corpus" / "norway-doping"
    runner = CliRunner()
    text = runner.invoke(app, ["extract", str(corpus / "article.txt"), "--evaluate",
                               str(corpus / "expected.toml")])
    as_json = runner.invoke(app, ["extract", str(corpus / "article.txt"), "--evaluate",
                                  str(corpus / "expected.toml"), "--format", "json"])
    assert text.exit_code == 0 and as_json.exit_code == 0, as_json.output
    figures = json.loads(as_json.stdout)["figures"]
    first = text.stdout.splitlines()[0]
    assert first.startswith(f"precision {figures['precision']['ratio']:.2f} "
                            f"({figures['precision']['count']}/{figures['precision']['of']})")


def test_format_json_without_evaluate_is_a_usage_error(valid_claims: Path) -> None:
    corpus = Path(__file__).parent / "corpus" / "norway-doping"
    result = CliRunner().invoke(app, ["extract", str(corpus / "article.txt"), "-f", "json"])
    assert result.exit_code == 2
    assert "json is a format of the --evaluate report only" in result.stderr
    assert result.stdout == ""
