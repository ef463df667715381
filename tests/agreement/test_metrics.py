"""The coefficients on hand-computed cases and against scikit-learn."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from sigqual.agreement import cohen_kappa, krippendorff_alpha, percent_agreement
from sigqual.errors import InputError

N = np.nan

# Nominal alpha for 0/1 data: alpha = 1 - (n - 1) * (o01 + o10) / (2 * n0 * n1), where o are the
# coincidences (each unit adds its ordered value pairs with weight 1 / (m_u - 1)) and n0, n1 the
# pairable values of each kind.
CASES = [
    pytest.param(
        [[1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]],
        # 8 of 10 units agree; p_e = .4 * .4 + .6 * .6 = .52; kappa = (.8 - .52) / .48
        # alpha: n = 20, n1 = 8, n0 = 12, o01 + o10 = 4 -> 1 - 19 * 4 / 192 = 116 / 192
        80.0, 0.28 / 0.48, 116 / 192, id="two-coders-ten-units",
    ),
    pytest.param([[1, 0, 1, 0], [1, 0, 1, 0]], 100.0, 1.0, 1.0, id="perfect"),
    pytest.param(
        [[1, 1, 0, 0], [0, 0, 1, 1]],
        # p_o = 0, p_e = .5 * .5 + .5 * .5 = .5 -> kappa = -.5 / .5 = -1
        # alpha: n = 8, n0 = n1 = 4, o01 + o10 = 8 -> 1 - 7 * 8 / 32 = -0.75
        0.0, -1.0, -0.75, id="always-opposite",
    ),
    pytest.param(
        [[0, 0, 0, 0], [0, 0, 0, 1]],
        # p_o = .75, p_e = 1 * .75 + 0 * .25 = .75 -> kappa = 0
        # alpha: n = 8, n0 = 7, n1 = 1, o01 + o10 = 2 -> 1 - 7 * 2 / 14 = 0
        75.0, 0.0, 0.0, id="one-coder-used-it-once",
    ),
    pytest.param(
        [[1, 0, 1, 0], [1, 0, 0, 0], [1, N, 1, 0]],
        # percent: units 1, 2 (two values), 4 agree -> 3 / 4
        # alpha: u1 (1,1,1) o11 += 3; u2 (0,0) o00 += 2; u3 (1,0,1) o11, o10, o01 += 1 each;
        # u4 (0,0,0) o00 += 3 -> n0 = 6, n1 = 5, n = 11 -> 1 - 10 * 2 / 60 = 2 / 3
        75.0, None, 2 / 3, id="three-coders-one-missing",
    ),
    pytest.param(
        [[1, 1, 1, 1, 0], [1, 1, 1, 0, 1], [1, 1, 1, 1, 0]],
        # percent: units 1-3 agree -> 3 / 5
        # alpha: u1-u3 o11 += 3 each; u4 (1,0,1) o11, o10, o01 += 1; u5 (0,1,0) o00, o01, o10 += 1
        # -> o00 = 1, o11 = 10, o01 = o10 = 2, n0 = 3, n1 = 12, n = 15 -> 1 - 14 * 4 / 72 = 16 / 72
        60.0, None, 16 / 72, id="three-coders",
    ),
]


@pytest.mark.parametrize(("data", "percent", "kappa", "alpha"), CASES)
def test_hand_computed(data, percent, kappa, alpha) -> None:
    assert math.isclose(percent_agreement(data).value, percent)
    k = cohen_kappa(data)
    if kappa is None:
        assert k.value is None and "two coders" in k.reason
    else:
        assert math.isclose(k.value, kappa, abs_tol=1e-12)
    assert math.isclose(krippendorff_alpha(data).value, alpha, abs_tol=1e-12)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([[0, 0, 0], [0, 0, 0]], "no coder applied the code"),
        ([[1, 1, 1], [1, 1, 1]], "every coder applied the code to every segment"),
        ([[1, N], [N, 1]], "no unit was coded by"),
    ],
)
def test_undefined_coefficients_carry_a_reason(data, reason) -> None:
    for measure in (cohen_kappa(data), krippendorff_alpha(data)):
        assert measure.value is None
        assert reason in measure.reason


@pytest.mark.parametrize("seed", range(6))
def test_kappa_matches_scikit_learn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2, size=40)
    flip = rng.random(40) < 0.25
    b = np.where(flip, 1 - a, a)
    assert math.isclose(cohen_kappa([a, b]).value, cohen_kappa_score(a, b), abs_tol=1e-12)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([[1, 0, 1]], "at least two coders"),
        ([1, 0, 1], "2-dimensional"),
        ([["ja", "nej"], ["ja", "ja"]], "must be numbers"),
    ],
)
def test_bad_reliability_data(data, message) -> None:
    with pytest.raises(InputError, match=message):
        percent_agreement(data)
