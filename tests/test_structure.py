"""The converter is strict about types and keys and says what is allowed."""

from __future__ import annotations

import datetime as dt

from claimtrack.dates import PartialDate
from claimtrack.model import Claim, Review, Status
from claimtrack.structure import structure

CLAIM = {
    "id": "c", "statement": "s", "claimant": "a", "kind": "report",
    "appearances": [{"document": "d", "quote": "q", "framing": "reported",
                     "attribution": "explicit"}],
}


def test_a_valid_claim_structures() -> None:
    claim, errors = structure({**CLAIM, "made": dt.date(2023, 9, 24)}, Claim)
    assert errors == []
    assert claim is not None
    assert claim.made == PartialDate(2023, 9, 24)
    assert claim.status is Status.UNVERIFIED


def test_numbers_are_not_turned_into_strings() -> None:
    _, errors = structure({**CLAIM, "statement": 1}, Claim)
    assert errors == [("statement", "expected a string, got an integer (1)")]


def test_booleans_are_not_integers() -> None:
    _, errors = structure({**CLAIM, "credibility": True}, Claim)
    assert errors == [("credibility", "expected an integer, got a boolean (True)")]


def test_every_field_error_is_reported_with_its_path() -> None:
    data = {**CLAIM, "kind": "alegation", "colour": 1,
            "appearances": [{"document": "d", "framing": "reported", "attribution": "own"}]}
    _, errors = structure(data, Claim)
    fields = sorted(field for field, _ in errors)
    assert fields == ["appearances[0].quote", "colour", "kind"]
    messages = dict(errors)
    assert messages["kind"].endswith("did you mean 'allegation'?")
    assert messages["appearances[0].quote"] == "required key 'quote' is missing"


def test_a_string_where_records_belong_is_refused() -> None:
    _, errors = structure({**CLAIM, "appearances": "q"}, Claim)
    assert errors == [("appearances", "expected an array of tables, got a string")]


def test_review_status_case_hint() -> None:
    _, errors = structure({"date": "2024-01-01", "status": "Confirmed"}, Review)
    assert errors[0][1].endswith("did you mean 'confirmed'?")


def test_a_date_time_is_not_a_date() -> None:
    _, errors = structure({**CLAIM, "made": dt.datetime(2023, 9, 24, 10, 0)}, Claim)
    assert errors == [("made", "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got a date-time")]
