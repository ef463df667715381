"""Figures 3a-j and Figure 4 as Plotly figures built from the sample's follow-up data."""

from __future__ import annotations

import pandas as pd
import pytest

from sigqual.outcomes import figures as F


@pytest.mark.parametrize(("position", "letter"), [(0, "a"), (9, "j"), (25, "z"), (26, "aa"), (27, "ab")])
def test_figure_letters(position: int, letter: str) -> None:
    assert F.figure_letter(position) == letter


def test_monthly_counts_group_by_month_and_type() -> None:
    events = pd.DataFrame({"case": ["A", "A", "A", "B"],
                           "date": pd.to_datetime(["2014-01-02", "2014-01-30", "2014-02-01", "2014-01-05"]),
                           "type": ["polisanmalan", "polisanmalan", "orosanmalan", "polisanmalan"]})
    counted = F.monthly_counts(events, "A")
    assert counted.values.tolist() == [[pd.Timestamp("2014-01-01"), "polisanmalan", 2],
                                       [pd.Timestamp("2014-02-01"), "orosanmalan", 1]]
    assert F.monthly_counts(events, "C").empty


def test_timeline_marks_start_and_end(sample_frames) -> None:
    fig = F.timeline_figure(sample_frames.cases, sample_frames.events, "Ungdom 5")
    assert fig.layout.title.text == "Figur 3e. Händelser per månad, Ungdom 5"
    assert fig.layout.barmode == "stack"
    names = {trace.name for trace in fig.data}
    assert {"Polisanmälan", "Orosanmälan", "Dom", "Placering"} <= names
    total = sum(sum(trace.y) for trace in fig.data)
    assert total == int((sample_frames.events["case"] == "Ungdom 5").sum())
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 2  # start and end (placement)
    starts = F.timeline_figure(sample_frames.cases, sample_frames.events, "Ungdom 1")
    assert len([s for s in starts.layout.shapes if s.type == "line"]) == 1  # still ongoing


def test_grid_has_one_panel_per_case_and_one_legend_entry_per_type(sample_frames) -> None:
    fig = F.timeline_grid(sample_frames.cases, sample_frames.events, lang="en")
    titles = [a.text for a in fig.layout.annotations]
    assert titles[:2] == ["3a. Ungdom 1", "3b. Ungdom 2"] and "3j. Ungdom 10" in titles
    legend = [t.name for t in fig.data if t.showlegend]
    assert sorted(legend) == sorted(set(legend))
    assert "Police report" in legend


def test_meetings_figure(sample_frames) -> None:
    fig = F.meetings_figure(sample_frames.attendance)
    assert len(fig.data) == 6  # meeting 1 ... meeting 6
    assert list(fig.data[0].x) == [f"Ungdom {i}" for i in range(1, 9)]
    assert max(max(t.y) for t in fig.data) == 13
    assert fig.layout.shapes[0].y0 == pytest.approx(8.0)


def test_grid_marks_each_youths_start_and_end_in_its_own_panel(sample_frames) -> None:
    cases = sample_frames.cases
    fig = F.timeline_grid(cases, sample_frames.events)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    expected = int(cases["start"].notna().sum() + cases["end"].notna().sum())
    assert expected > 0 and len(lines) == expected
    for i, case in enumerate(cases["case"]):
        axes = fig.get_subplot(i // 2 + 1, i % 2 + 1)
        ref = axes.xaxis.plotly_name.replace("axis", "")
        starts = [s.x0 for s in lines if s.xref == ref and s.line.color == "#198754"]
        assert starts == [pd.Timestamp(cases["start"].iloc[i]).timestamp() * 1000], case
