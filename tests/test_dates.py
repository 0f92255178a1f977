"""Partial dates parse strictly, refuse impossible days, and sort a year before its months."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "precision"), [("2023", "year"), ("2023-08", "month"), ("2023-09-24", "day")]
)
def test_parse_round_trips(text: str, precision: str) -> None:
    date = PartialDate.parse(text)
    assert str(date) == text
    assert date.precision == precision


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-30", "2023-02-30 does not exist: February 2023 has 28 days"),
        ("2023-13", "month 13 does not exist: expected 01..12"),
        ("May 2023", "'May 2023' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2023-9-1", "'2023-9-1' is not a date"),
    ],
)
def test_impossible_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        PartialDate.parse(text)


def test_leap_day_exists_only_in_leap_years() -> None:
    assert str(PartialDate.parse("2024-02-29")) == "2024-02-29"
    with pytest.raises(ValueError):
        PartialDate.parse("2023-02-29")


def test_sorting_puts_a_year_before_its_months_and_days() -> None:
    dates = [PartialDate.parse(t) for t in ["2024-03", "2023-09-24", "2023", "2023-08"]]
    assert [str(d) for d in sorted(dates)] == ["2023", "2023-08", "2023-09-24", "2024-03"]


def test_range_of_a_partial_date() -> None:
    month = PartialDate.parse("2024-02")
    assert (month.start, month.end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    year = PartialDate.parse("2023")
    assert (year.start, year.end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_every_real_day_round_trips(day: dt.date) -> None:
    date = PartialDate.from_date(day)
    assert PartialDate.parse(str(date)) == date
    assert date.start == date.end == day
