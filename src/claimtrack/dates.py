"""Partial dates: a year, a month or a day (``2023``, ``2023-08``, ``2023-09-24``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import attrs

__all__ = ["PartialDate"]

_PATTERN = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


@attrs.frozen(order=False)
class PartialDate:
    """A date known to the year, the month or the day; sorts before its own refinements."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError naming what is wrong."""
        match = _PATTERN.fullmatch(text.strip())
        if match is None:
            raise ValueError(
                f"'{text}' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD "
                "(e.g. 2023, 2023-08, 2023-09-24)"
            )
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        return cls.of(year, month, day)

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        """Build a partial date, refusing impossible ones (month 13, February 30)."""
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} is out of range 1..9999")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month:02d} does not exist: expected 01..12")
        if day is not None:
            if month is None:
                raise ValueError("a day needs a month")
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"{year:04d}-{month:02d}-{day:02d} does not exist: "
                    f"{calendar.month_name[month]} {year} has {last} days"
                )
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """A full-precision partial date from a ``datetime.date``."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Key that orders a year before its months and a month before its days."""
        return (self.year, self.month or 0, self.day or 0)

    @property
    def start(self) -> dt.date:
        """The first day the partial date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        """The last day the partial date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key >= other.sort_key

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text
