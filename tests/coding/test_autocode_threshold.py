"""The threshold rule of precision-first auto-coding on constructed rankings: a lower
confidence bound, not a lucky crossing, decides where auto-coding may start."""

from __future__ import annotations

import pytest

from sigqual.coding.autocode import (
    CONFIDENCE_LEVEL,
    MAX_FOLDS,
    choose_threshold,
    fold_count,
    precision_lower_bound,
)


def _ranking(outcomes: str, top: float = 0.99, step: float = 0.001) -> list[tuple[float, bool]]:
    """Predictions with falling confidences: ``1`` right, ``0`` wrong, best first."""
    assert outcomes
    return [(round(top - k * step, 6), ch == "1") for k, ch in enumerate(outcomes)]


# (name, outcomes best first, target, expected number above the threshold or None)
CASES = [
    # 12 right then a long run at 50 %: the share crosses 0.95 only at k <= 12 by luck.
    ("lucky crossing at small k", "1" * 12 + "10" * 40, 0.95, None),
    # The share is 10/10 at k = 10 (the old rule took it), but 10 right prove only ~79 %.
    ("ten of ten is not enough for 0.9", "1" * 10 + "0" * 30, 0.90, None),
    # A clean block of 60 right answers above a block of mostly wrong ones is chosen whole.
    ("clean high block", "1" * 60 + "0001" * 20, 0.95, 60),
    # 58 right, 2 wrong: the observed 96.7 % is not proof of 95 % with 90 % confidence.
    ("high share, too few for 0.95", "1" * 29 + "0" + "1" * 29 + "0" + "0" * 20, 0.95, None),
    # The same block reaches a lower target.
    ("same block, lower target", "1" * 29 + "0" + "1" * 29 + "0" + "0" * 20, 0.90, 60),
    ("all wrong", "0" * 80, 0.5, None),
]


@pytest.mark.parametrize(("name", "outcomes", "target", "above"), CASES, ids=[c[0] for c in CASES])
def test_the_threshold_rule(name: str, outcomes: str, target: float, above: int | None) -> None:
    predictions = _ranking(outcomes)
    choice = choose_threshold(predictions, target)
    if above is None:
        assert choice is None
        return
    assert choice is not None
    assert choice.above == above
    assert choice.threshold == predictions[above - 1][0]
    right = sum(r for _c, r in predictions[:above])
    assert choice.precision == pytest.approx(right / above)
    assert target <= choice.lower <= choice.precision


def test_the_old_single_crossing_would_have_taken_the_lucky_run() -> None:
    """The case above is a real trap: the observed share does cross the target."""
    predictions = _ranking("1" * 12 + "10" * 40)
    shares = [sum(r for _c, r in predictions[:k]) / k for k in range(10, 13)]
    assert shares and all(s >= 0.95 for s in shares)
    assert choose_threshold(predictions, 0.95) is None
    # With no proof demanded (level 0.5 is about the median) the run would pass.
    assert choose_threshold(predictions, 0.90, level=0.5) is not None


def test_ties_stay_together() -> None:
    """A threshold cannot split predictions of equal confidence."""
    predictions = [(0.9, True)] * 60 + [(0.8, True)] * 5 + [(0.8, False)] * 30
    choice = choose_threshold(predictions, 0.95)
    assert choice is not None and choice.above == 60 and choice.threshold == 0.9


@pytest.mark.parametrize(("right", "total", "low", "high"), [
    (10, 10, 0.79, 0.80),     # 0.1 ** (1/10)
    (45, 45, 0.95, 0.951),    # 0.1 ** (1/45)
    (50, 100, 0.43, 0.44),
    (0, 10, 0.0, 0.0),
    (0, 0, 0.0, 0.0),
])
def test_the_clopper_pearson_lower_bound(right: int, total: int, low: float, high: float) -> None:
    bound = precision_lower_bound(right, total, CONFIDENCE_LEVEL)
    assert low <= bound <= high
    if 0 < right:
        assert bound < right / total


def test_the_bound_grows_with_evidence_and_falls_with_the_level() -> None:
    bounds = [precision_lower_bound(n, n) for n in (10, 20, 40, 80)]
    assert bounds == sorted(bounds) and len(set(bounds)) == 4
    assert precision_lower_bound(40, 40, 0.95) < precision_lower_bound(40, 40, 0.80)


@pytest.mark.parametrize(("documents", "folds"), [(2, 2), (7, 2), (12, 3), (16, 4), (54, MAX_FOLDS)])
def test_fold_count(documents: int, folds: int) -> None:
    assert fold_count(documents) == folds
