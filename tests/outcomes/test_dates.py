"""Dates as Swedish registers write them; anything ambiguous or broken is refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigqual.outcomes.dates import parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2013-05-02", date(2013, 5, 2)),
    ("2013/05/02", date(2013, 5, 2)),
    ("2013.05.02", date(2013, 5, 2)),
    ("2013-5-2", date(2013, 5, 2)),
    ("2/5 2013", date(2013, 5, 2)),
    ("2/5-2013", date(2013, 5, 2)),
    ("02.05.2013", date(2013, 5, 2)),
    ("20130502", date(2013, 5, 2)),
    ("2013-05-02 00:00:00", date(2013, 5, 2)),
    ("  2013-05-02 ", date(2013, 5, 2)),
    (datetime(2013, 5, 2, 13, 30), date(2013, 5, 2)),
    (date(2014, 1, 1), date(2014, 1, 1)),
])
def test_accepted_dates(text: object, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "2013-13-01", "31/2 2014", "maj 2013", "2013", "05/02/13", None])
def test_refused_dates(text: object) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_every_written_form_reads_back(day: date) -> None:
    forms = [day.isoformat(), day.strftime("%Y/%m/%d"), f"{day.day}/{day.month} {day.year}",
             day.strftime("%Y%m%d"), f"{day.day}/{day.month}-{day.year}"]
    assert {parse_date(f) for f in forms} == {day}
