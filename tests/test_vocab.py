"""The one vocabulary parser: typed words in any case, one message for an unknown one."""

from __future__ import annotations

import pytest

from claimtrack import vocab
from claimtrack.errors import UsageError
from claimtrack.model import ClaimKind, Reliability, Status
from claimtrack.structure import structure


def test_typed_words_are_read_in_any_case_and_without_spaces() -> None:
    assert vocab.parse(ClaimKind, "Allegation") is ClaimKind.ALLEGATION
    assert vocab.parse(Status, "  NOT-CHECKABLE ") is Status.NOT_CHECKABLE
    assert vocab.parse(Reliability, "b") is Reliability.B  # upper-case words too
    assert vocab.parse_all(Status, ["Disputed", "refuted"]) == [Status.DISPUTED,
                                                                Status.REFUTED]


def test_an_unknown_word_names_the_field_the_words_and_the_closest() -> None:
    with pytest.raises(UsageError) as caught:
        vocab.parse(Status, "unverifed", field="status")
    assert caught.value.field == "status"
    assert caught.value.message == (
        "unknown status 'unverifed'; expected one of: unverified, disputed, inconclusive, "
        "corroborated, confirmed, refuted, retracted, not-checkable; did you mean "
        "'unverified'?")


def test_the_files_keep_the_canonical_spelling_and_say_so_in_the_same_words() -> None:
    record = {"date": "2024-01-01", "status": "Disputed"}
    from claimtrack.model import Review

    _, errors = structure(record, Review)
    assert errors == [("status", vocab.message(Status, "Disputed"))]
    assert "did you mean 'disputed'?" in errors[0][1]


def test_label_names_the_vocabulary_as_a_person_would() -> None:
    assert vocab.label(ClaimKind) == "claim kind"
    assert vocab.words(Reliability) == ["A", "B", "C", "D", "E", "F"]
