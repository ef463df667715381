"""Golden test: the sample's register extract and attendance lists reproduce the reference
report's Table 2, its text figures, the target-group description and Figure 4."""

from __future__ import annotations

import pytest

from sigqual.outcomes import tables as T


def test_table2_equals_reference_cell_by_cell(sample_frames, reference) -> None:
    frame = T.table2(sample_frames.cases, sample_frames.events)
    assert list(frame.columns[1:]) == reference["table2"]["columns"]
    rows = {row[0]: [int(v) for v in row[1:]] for row in frame.itertuples(index=False)}
    assert rows == reference["table2"]["rows"]
    assert list(rows) == list(reference["table2"]["rows"])  # the report's order


def test_summary_equals_reference_text(sample_frames, reference) -> None:
    result = T.summary(sample_frames.cases, sample_frames.events)
    expected = reference["table2_text"]
    got = result.as_dict()
    for key in T.SUMMARY_KEYS:
        assert got[key] == expected[key], key
    assert got["no_new_incident_after_start"] == expected["no_new_incident_after_start"]
    assert got["convictions_after_start"] == expected["convictions_after_start"]
    # The report's "for the remaining" youths: the means over those with new incidents differ.
    assert result.with_new["police_after"].mean == pytest.approx(9 / 6)
    assert result.with_new["concern_after"].mean == pytest.approx(8 / 6)


def test_target_group_equals_reference(sample_frames, reference) -> None:
    group = T.target_group(sample_frames.cases, sample_frames.events)
    expected = reference["target_group"]
    a = group.attributes
    assert group.cases == expected["youths"]
    assert a["kön"].values["flicka"] == expected["girls"]
    age = expected["age_at_start"]
    got_age = (round(a["ålder"].mean, 1), a["ålder"].min, a["ålder"].max)
    assert got_age == (age["mean"], age["min"], age["max"])
    assert len(a["område"].values) == expected["areas"]
    assert a["separerade_föräldrar"].yes == expected["separated_parents"]
    assert a["tidigare_insatser"].yes == expected["earlier_social_services_interventions"]
    assert a["missbruk"].yes == expected["ongoing_substance_use"]
    assert a["insats_del_av_dom"].yes == expected["intervention_as_part_of_sentence"]
    assert group.before_start["dom"] == expected["convicted_before_start"]
    assert group.before_start["atalsunderlatelse"] == expected["prosecution_waived_before_start"]


def test_figure4_equals_reference(sample_frames, reference) -> None:
    expected = reference["figure4"]
    table = T.meetings(sample_frames.attendance)
    summary = T.meeting_summary(table)
    assert summary.cases == expected["youths_analysed"]
    assert summary.meetings_sorted() == expected["meetings_per_youth"]
    p = expected["participants_per_meeting"]
    assert (round(summary.participants.mean), summary.participants.min, summary.participants.max) == (
        p["mean"], p["min"], p["max"])
    per_case = summary.per_case.set_index("case")
    # the youth with six meetings had the most participants (13)
    six = per_case[per_case["meetings"] == 6]
    assert len(six) == 1 and int(six["max"].iloc[0]) == p["max"] == int(per_case["max"].max())
    # the youth with two meetings had the fewest, five at the first meeting
    two = per_case[per_case["meetings"] == 2].index[0]
    assert per_case["mean"].idxmin() == two
    first = table[(table["case"] == two) & (table["meeting"] == 1)]
    assert int(first["participants"].iloc[0]) == 5
    # Ungdom 5 had 10 participants at one meeting and 5 at another
    five = set(table.loc[table["case"] == "Ungdom 5", "participants"])
    assert {10, 5} <= five
    # five different police officers, four school staff, four social workers (different youths)
    cont = T.continuity(sample_frames.attendance)
    cont.columns = ["case", "role", "persons", "meetings"]
    police = cont[(cont["role"] == "polis") & (cont["persons"] == 5)]["case"].tolist()
    school = cont[(cont["role"] == "skola") & (cont["persons"] == 4)]["case"].tolist()
    social = cont[(cont["role"] == "socialsekreterare") & (cont["persons"] == 4)]["case"].tolist()
    assert police and school and social
    assert len({police[0], school[0], social[0]}) == 3
