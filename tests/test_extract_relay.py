"""Chains through unnamed reports and outlets: who the origin is, who relays it, and how."""

from __future__ import annotations

from claimtrack.extract.pipeline import extract
from claimtrack.extract.relay import is_vague_report, reported_content, reported_subject


def _read(text: str) -> list[tuple[str, str, str, tuple[str, ...], str, str, str]]:
    """(quote, claimant, kind, via, framing, attribution, cue) of every drafted claim."""
    extraction = extract(text, stem="t")
    names = {a.id: a.name for a in extraction.actors}
    return [(text[c.start:c.end], names[c.claimant], c.kind.value,
             tuple(names[v] for v in c.via), c.framing.value, c.attribution, c.cue)
            for c in extraction.claims]


def test_a_demand_an_unnamed_report_gives_its_subject_is_theirs_via_the_report() -> None:
    text = ("In May it was reported their leader, Anton Vell had met with the governor and "
            "demanded a new road, otherwise they would block the pass.")
    meeting, demand, threat = _read(text)
    # The meeting is an event nobody is said to have asserted: the report's.
    assert meeting[1:4] == ("Unnamed source (t)", "report", ())
    assert meeting[4:] == ("reported", "explicit", "it was reported")
    assert demand[:2] == ("demanded a new road", "Anton Vell")
    assert demand[2:] == ("demand", ("Unnamed source (t)",), "reported", "explicit",
                          "it was reported")
    assert threat[1:4] == ("Anton Vell", "threat", ("Unnamed source (t)",))
    assert threat[4:] == ("reported", "explicit", "it was reported")


def test_a_report_that_someone_said_something_is_theirs_via_the_report() -> None:
    [claim] = _read("It was reported that the mayor, Ida Brandt, had accused the port "
                    "authority of hiding the spill.")
    assert claim[1:4] == ("Ida Brandt", "accusation", ("Unnamed source (t)",))
    assert claim[4:] == ("reported", "explicit", "It was reported")


def test_a_report_of_an_event_or_of_what_nobody_named_said_stays_the_reports() -> None:
    reads = _read("It was reported that the police had arrested two men and seized a van.")
    assert {r[1] for r in reads} == {"Unnamed source (t)"}
    assert all(r[3] == () for r in reads)
    # The speech act must follow the report's subject: here "said" is a clerk's, in a run-on
    # sentence, and the words before it name nobody.
    extraction = extract("It was reported that Ana Vos had moved the crates before May a clerk "
                         "said the crates were gone.", stem="t")
    assert not [a.name for a in extraction.actors if "moved" in a.name]
    assert {c.claimant for c in extraction.claims} == {"t-unnamed"}
    # "They" is nobody the report names: the demand stays the report's own.
    [claim] = _read("It was reported that they demanded a ransom.")
    assert (claim[1], claim[3]) == ("Unnamed source (t)", ())


def test_an_outlet_citing_its_source_reports_it_as_that_sources() -> None:
    [claim] = _read("The Harbour Gazette reported, citing two dock workers, that the crane "
                    "had failed twice.")
    assert claim[1:4] == ("two dock workers", "report", ("Harbour Gazette",))
    assert claim[4:] == ("reported", "explicit", "reported, citing")
    [claim] = _read("Quoting a ministry official, the Harbour Gazette said the crane had "
                    "failed.")
    assert claim[3:] == (("Harbour Gazette",), "reported", "explicit", "said, quoting")


def test_the_pieces() -> None:
    text = "it was reported that their leader, Anton Vell had met the governor"
    assert is_vague_report("it was reported") and not is_vague_report("reported")
    content = reported_content(text, 0, len(text), "it was reported")
    assert text[content:].startswith("their leader")
    assert reported_subject(text, content, len(text)) == "their leader, Anton Vell"
    assert reported_subject("nothing but nouns here", 0, 22) is None
