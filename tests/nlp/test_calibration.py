"""Confidence calibration: fitting, fallbacks and leave-fold-out rows."""

from __future__ import annotations

import pytest

from sigqual.codebook import Codebook
from sigqual.nlp.calibration import PRIORS, Calibrator, fit_calibrator, loo_rows
from sigqual.nlp.ranking import FACTOR_CLASS
from sigqual.nlp.suggest import Suggester


@pytest.mark.parametrize(
    ("rows", "labels"),
    [
        ([[1.0, 0.0, 1.0, 0.0]] * 5 + [[0.0, -1.0, 0.0, 0.0]] * 50, [1] * 5 + [0] * 50),
        ([[0.0, 0.0, 0.0, 0.0]] * 20, [0] * 20),
    ],
)
def test_too_little_data_gives_no_calibrator(rows: list[list[float]], labels: list[int]) -> None:
    assert fit_calibrator(rows, labels) is None


def test_fitted_calibrator_is_monotone() -> None:
    rows, labels = [], []
    for i in range(60):
        z = (i % 10) / 3.0
        rows.append([z, z - 3.0, z / 2, 0.0])
        labels.append(int(i % 10 >= 7))
    cal = fit_calibrator(rows, labels)
    assert cal is not None and cal.fitted
    probs = [cal([z, z - 3.0, z / 2, 0.0]) for z in (0.0, 1.0, 2.0, 3.0)]
    assert probs == sorted(probs)
    assert all(0.0 < p < 1.0 for p in probs)


@pytest.mark.parametrize("z", [-1000.0, 0.0, 1000.0])
def test_calibrator_never_overflows(z: float) -> None:
    assert 0.0 <= Calibrator((1.0,), 0.0)([z]) <= 1.0


def test_leave_fold_out_rows_have_one_truth_per_example(codebook: Codebook) -> None:
    rows, labels = loo_rows(codebook, {})[FACTOR_CLASS]
    factor_examples = sum(len(c.examples) for c in codebook.codes if c.kind != "theme")
    assert sum(labels) == factor_examples
    assert len(rows) == len(labels) and all(len(r) == 4 for r in rows)


def test_uncalibrated_suggester_uses_the_priors(codebook: Codebook) -> None:
    sug = Suggester(codebook, embeddings="off", calibrated=False)
    assert sug.calibrators == PRIORS
