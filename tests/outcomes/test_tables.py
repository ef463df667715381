"""Table 2, its summary, the target group and the meeting figures on small hand-made data."""

from __future__ import annotations

import pandas as pd
import pytest

from sigqual.outcomes import tables as T


def _cases(*rows: tuple[str, str | None], attributes: list[dict] | None = None) -> pd.DataFrame:
    attrs = attributes or [{} for _ in rows]
    return pd.DataFrame({"case": [r[0] for r in rows],
                         "start": pd.to_datetime([r[1] for r in rows]),
                         "end": pd.NaT, "end_reason": "", "attributes": attrs})


def _events(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame({"case": [r[0] for r in rows], "date": pd.to_datetime([r[1] for r in rows]),
                         "type": [r[2] for r in rows], "note": ""})


def test_table2_counts_the_start_day_as_after() -> None:
    cases = _cases(("A", "2014-03-03"), ("B", "2014-01-01"))
    events = _events(("A", "2014-03-02", "polisanmalan"), ("A", "2014-03-03", "polisanmalan"),
                     ("A", "2014-05-01", "orosanmalan"), ("B", "2013-06-01", "orosanmalan"),
                     ("B", "2014-02-01", "dom"), ("B", "2014-02-01", "Skolfrånvaro"))
    frame = T.table2(cases, events)
    assert list(frame.columns) == ["Ungdom", *T.TABLE2_COLUMNS["sv"]]
    assert frame.values.tolist() == [["A", 1, 0, 1, 1], ["B", 0, 1, 0, 0]]


def test_table2_window_and_missing_start() -> None:
    cases = _cases(("A", "2014-03-03"), ("B", None))
    events = _events(("A", "2012-12-31", "polisanmalan"), ("A", "2013-01-01", "polisanmalan"),
                     ("B", "2013-06-01", "polisanmalan"))
    frame = T.table2(cases, events, since=pd.Timestamp("2013-01-01").date(), lang="en")
    assert frame.columns[0] == "Youth"
    assert frame.iloc[0, 1:].tolist() == [1, 0, 0, 0]
    assert frame.iloc[1, 1:].isna().all()


def test_summary_over_all_and_over_those_with_new_incidents() -> None:
    cases = _cases(("A", "2014-01-01"), ("B", "2014-01-01"), ("C", "2014-01-01"), ("D", None))
    events = _events(("A", "2013-01-01", "polisanmalan"), ("A", "2014-02-01", "polisanmalan"),
                     ("A", "2014-02-02", "polisanmalan"), ("B", "2014-03-01", "orosanmalan"),
                     ("C", "2013-05-01", "orosanmalan"), ("B", "2014-04-01", "dom"),
                     ("A", "2013-04-01", "dom"))
    result = T.summary(cases, events)
    assert result.cases == 3  # D has no start: no before/after
    assert result.columns["police_after"].mean == pytest.approx(2 / 3)
    assert result.with_new["police_after"].mean == pytest.approx(1.0)  # A and B had new incidents
    assert result.with_new["police_after"].n == 2
    assert result.no_new_incident == 1
    assert result.convictions_after_start == 1
    assert result.as_dict()["no_new_incident_after_start"] == "1 of 3"
    frame = T.summary_frame(result, "en")
    assert frame.iloc[4, 1] == "1 of 3"
    assert frame.columns[-1] == "Mean (among those with new incidents)"


@pytest.mark.parametrize(("values", "kind", "check"), [
    (["14", "15", 16], "number", lambda a: (a.mean, a.min, a.max) == (15.0, 14.0, 16.0)),
    (["ja", "Nej", "JA"], "yes_no", lambda a: a.yes == 2),
    (["pojke", "flicka", "pojke"], "category", lambda a: a.values == {"pojke": 2, "flicka": 1}),
    (["ja", "kanske", None], "category", lambda a: a.count == 2),
])
def test_describe_attribute(values: list, kind: str, check) -> None:  # noqa: ANN001
    described = T.describe_attribute("x", pd.Series(values, dtype=object))
    assert described.kind == kind and check(described)


def test_target_group_counts_register_facts_before_the_start() -> None:
    cases = _cases(("A", "2014-01-01"), ("B", "2014-01-01"),
                   attributes=[{"kön": "flicka", "ålder": 15}, {"kön": "pojke", "ålder": 17}])
    events = _events(("A", "2013-01-01", "dom"), ("A", "2013-02-01", "dom"),
                     ("B", "2014-05-01", "dom"), ("B", "2013-05-01", "atalsunderlatelse"))
    group = T.target_group(cases, events)
    assert group.cases == 2
    assert group.before_start == {"dom": 1, "atalsunderlatelse": 1, "placering": 0}
    assert group.attributes["ålder"].mean == 16.0
    frame = T.target_group_frame(group)
    assert ("kön: flicka", "1") in list(map(tuple, frame.values.tolist()))


def _attendance(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"case": [r[0] for r in rows], "meeting_date": pd.to_datetime([r[1] for r in rows]),
                         "participant": [r[2] for r in rows], "role": [r[3] for r in rows],
                         "organisation": ""})


def test_meetings_exclude_the_youth_and_parents() -> None:
    att = _attendance([("A", "2014-01-10", "Ungdom A", "ungdomen"), ("A", "2014-01-10", "Mamma A", "Mamma"),
                       ("A", "2014-01-10", "P1", "polis"), ("A", "2014-01-10", "S1", "skola"),
                       ("A", "2014-02-10", "P2", "polis"), ("B", "2014-01-12", "P3", "polis"),
                       ("B", "2014-01-12", "Förälder B", "förälder")])
    table = T.meetings(att)
    assert table[["case", "meeting", "participants", "family"]].values.tolist() == [
        ["A", 1, 2, 2], ["A", 2, 1, 0], ["B", 1, 1, 1]]
    summary = T.meeting_summary(table)
    assert summary.meetings_sorted() == [2, 1]
    assert (summary.participants.min, summary.participants.max) == (1, 2)
    cont = T.continuity(att)
    assert cont.values.tolist() == [["A", "polis", 2, 2], ["A", "skola", 1, 1], ["B", "polis", 1, 1]]


def test_empty_attendance() -> None:
    empty = _attendance([])
    assert T.meetings(empty).empty and T.continuity(empty).empty
