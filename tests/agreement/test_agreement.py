"""Agreement per code and overall on a stored project, the units, and the disagreements."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from sigqual.agreement import (
    UnitOptions,
    build_units,
    compute_agreement,
    parse_coders,
    project_agreement,
)
from sigqual.errors import InputError

from ..compare.helpers import CODEBOOK
from .conftest import X, Y


def by_code(result):
    return {c.code_id: c for c in result.codes}


@pytest.mark.parametrize(
    ("code", "percent", "kappa", "alpha"),
    [
        # ff-struktur: Anna 1111000000, Bo 1110100000 -> 8/10; p_e = .16 + .36 = .52
        # kappa = .28 / .48; alpha = 1 - 19 * 4 / (2 * 12 * 8) = 116 / 192
        (X, 80.0, 0.28 / 0.48, 116 / 192),
        # t-moten: Anna 0000010000, Bo 0000011000 (half an answer still marks the turn) -> 9/10
        # p_e = .1 * .2 + .9 * .8 = .74, kappa = .16 / .26; alpha = 1 - 19 * 2 / (2 * 17 * 3) = 64 / 102
        (Y, 90.0, 0.16 / 0.26, 64 / 102),
        # nobody used it on a respondent turn: all agree, kappa and alpha undefined
        ("uo-info", 100.0, None, None),
        # Anna coded only an interviewer turn, which is not a unit by default
        ("k-ovrigt", 100.0, None, None),
    ],
)
def test_per_code(coded, code, percent, kappa, alpha) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"])
    figures = by_code(result)[code].figures
    assert math.isclose(figures.percent.value, percent)
    for measure, expected in ((figures.kappa, kappa), (figures.alpha, alpha)):
        if expected is None:
            assert measure.value is None
            assert "no coder applied the code" in measure.reason
        else:
            assert math.isclose(measure.value, expected)
    assert by_code(result)[code].n_segments == 10


def test_overall_pools_the_used_codes(coded) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"])
    # 20 units (2 used codes x 10 turns), 17 agree. Anna marks 5, Bo 6:
    # p_e = .25 * .3 + .75 * .7 = .6, kappa = (.85 - .6) / .4 = .625
    # alpha: n = 40, n1 = 11, n0 = 29, o01 + o10 = 6 -> 1 - 39 * 6 / (2 * 29 * 11) = 404 / 638
    assert math.isclose(result.overall.percent.value, 85.0)
    assert math.isclose(result.overall.kappa.value, 0.625)
    assert math.isclose(result.overall.alpha.value, 404 / 638)
    assert (result.n_documents, result.n_segments) == (2, 10)
    assert result.excluded_documents.empty


def test_units_agree_with_scikit_learn(coded) -> None:
    codings, _, segments = coded.frames()
    units = build_units(codings, segments, CODEBOOK, ["Anna", "Bo"])
    assert units.values[X].tolist() == [[1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
                                        [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]]
    pooled = np.concatenate([units.values[c] for c in units.used_codes()], axis=1)
    result = compute_agreement(codings, segments, CODEBOOK, ["Anna", "Bo"])
    assert math.isclose(result.overall.kappa.value, cohen_kappa_score(pooled[0], pooled[1]))


@pytest.mark.parametrize(
    ("options", "n_segments", "k_ovrigt_kappa"),
    [
        (UnitOptions(), 10, None),
        # with interviewer turns: 20 units; k-ovrigt Anna 1 of 20, Bo 0 -> p_e = .95, kappa 0
        (UnitOptions(include_interviewer=True), 20, 0.0),
        # only turns someone coded: d1/0-4 and d2/0-1 -> 7 units
        (UnitOptions(uncoded="exclude"), 7, None),
    ],
)
def test_unit_options(coded, options, n_segments, k_ovrigt_kappa) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"], options=options)
    assert result.n_segments == n_segments
    assert by_code(result)["k-ovrigt"].figures.kappa.value == (
        None if k_ovrigt_kappa is None else pytest.approx(k_ovrigt_kappa, abs=1e-12))


def test_exclude_uncoded_makes_percent_stricter(coded) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"],
                               options=UnitOptions(uncoded="exclude"))
    # ff-struktur over the 7 coded turns: d1/3 and d1/4 differ -> 5/7
    assert math.isclose(by_code(result)[X].figures.percent.value, 500 / 7)


def test_three_coders_use_only_documents_everyone_coded(coded) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo", "Cleo"])
    assert result.excluded_documents[["document", "missing_coders"]].values.tolist() == [["d2", "Cleo"]]
    figures = by_code(result)[X].figures
    # d1 only: Anna 11110, Bo 11101, Cleo 11110 -> 3/5 agree; alpha 16/72 (see test_metrics)
    assert math.isclose(figures.percent.value, 60.0)
    assert figures.kappa.value is None and "two coders" in figures.kappa.reason
    assert math.isclose(figures.alpha.value, 16 / 72)
    assert any("left out d2: not coded by Cleo" in n for n in result.notes())


def test_perfect_agreement(coded) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Cleo"])
    figures = by_code(result)[X].figures
    assert (figures.percent.value, figures.kappa.value, figures.alpha.value) == (100.0, 1.0, 1.0)
    assert result.disagreements.empty


def test_disagreement_list(coded) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"])
    rows = result.disagreements
    assert rows[["document", "segment_idx", "code_id", "coded_by", "not_coded_by"]].values.tolist() == [
        ["d1", 7, X, "Anna", "Bo"],
        ["d1", 9, X, "Bo", "Anna"],
        ["d2", 3, Y, "Bo", "Anna"],
    ]
    assert rows["text"].iloc[0] == "Svar 4 från d1, med några ord om saken."
    turn = coded.turns["d2"][3]
    assert rows["passages"].iloc[2] == (("Bo", turn.start, (turn.start + turn.end) // 2),)


def test_json_shape(coded) -> None:
    data = project_agreement(coded.store, coded.pid, ["Anna", "Bo"]).to_json()
    assert set(data) == {"overall", "codes"}
    assert set(data["overall"]) == {"percent", "kappa", "alpha"}
    assert [c["code_id"] for c in data["codes"]] == [c.id for c in CODEBOOK.codes]
    assert set(data["codes"][0]) == {"code_id", "label", "percent", "kappa", "alpha", "n_segments"}
    unused = next(c for c in data["codes"] if c["code_id"] == "uo-info")
    assert unused["kappa"] is None and unused["alpha"] is None


@pytest.mark.parametrize(
    ("coders", "message"),
    [
        (["Anna"], "at least two coders; only 'Anna' was given"),
        (["Anna", "Anna"], "coder(s) named twice: Anna"),
        (["Anna", "Zed"], "no codings by coder(s) 'Zed'"),
        (["Anna", "Dag"], "no document in common"),
    ],
)
def test_clear_errors(coded, coders, message) -> None:
    coded.add("d3", 1, group="aktorer")
    coded.code([coded.answer("d3", 0, X, "Dag")])
    with pytest.raises(InputError) as caught:
        project_agreement(coded.store, coded.pid, coders)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Anna,Bo", ["Anna", "Bo"]), (" Anna , Bo ,Cleo", ["Anna", "Bo", "Cleo"]),
     (["Anna", "Bo"], ["Anna", "Bo"])],
)
def test_parse_coders(text, expected) -> None:
    assert parse_coders(text) == expected


def test_unknown_code_subset(coded) -> None:
    with pytest.raises(InputError, match="unknown code id"):
        project_agreement(coded.store, coded.pid, ["Anna", "Bo"], codes=["nope"])
    only = project_agreement(coded.store, coded.pid, ["Anna", "Bo"], codes=[X])
    assert [c.code_id for c in only.codes] == [X]
    assert math.isclose(only.overall.kappa.value, 0.28 / 0.48)
