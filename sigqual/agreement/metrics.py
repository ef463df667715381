"""Agreement coefficients over reliability data (coders x units, NaN where missing).

Percent agreement and Cohen's kappa are a few lines of arithmetic written out here so the
tests can check them against hand-computed cases and scikit-learn; Krippendorff's alpha
comes from the ``krippendorff`` package. An undefined coefficient is never a crash or a
silent number: it is ``None`` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import krippendorff
import numpy as np

from ..errors import InputError


@dataclass(frozen=True)
class Measure:
    """A coefficient, or ``None`` with the reason it is undefined."""

    value: float | None
    reason: str | None = None


def as_matrix(data: object) -> np.ndarray:
    """Reliability data as a float array of shape (coders, units); NaN marks missing."""
    try:
        matrix = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise InputError("reliability data must be numbers (coders x units)") from None
    if matrix.ndim != 2:
        raise InputError(f"reliability data must be 2-dimensional (coders x units), not {matrix.ndim}-D")
    if matrix.shape[0] < 2:
        raise InputError(msgid="error.agreement.agreement_needs_at_least")
    return matrix


def pairable(matrix: np.ndarray) -> np.ndarray:
    """Mask of units that at least two coders coded (the only units agreement can use)."""
    return (~np.isnan(matrix)).sum(axis=0) >= 2


def percent_agreement(data: object) -> Measure:
    """Share (0-100) of units on which every coder present gave the same value."""
    matrix = as_matrix(data)
    usable = matrix[:, pairable(matrix)]
    if usable.shape[1] == 0:
        return Measure(None, "no unit was coded by two coders")
    # Every coder present agrees exactly when the unit's smallest value equals its largest
    # (one pass over the array; a project pools hundreds of thousands of units).
    agree = int(np.count_nonzero(np.nanmin(usable, axis=0) == np.nanmax(usable, axis=0)))
    return Measure(100.0 * agree / usable.shape[1])


def cohen_kappa(data: object) -> Measure:
    """Cohen's kappa for exactly two coders: (p_o - p_e) / (1 - p_e)."""
    matrix = as_matrix(data)
    if matrix.shape[0] != 2:
        return Measure(None, f"Cohen's kappa is defined for two coders, not {matrix.shape[0]}; "
                             "see Krippendorff's alpha")
    both = matrix[:, pairable(matrix)]
    n = both.shape[1]
    if n == 0:
        return Measure(None, "no unit was coded by both coders")
    a, b = both
    observed = float(np.mean(a == b))
    expected = 0.0
    for value in np.union1d(a, b):
        expected += float(np.mean(a == value)) * float(np.mean(b == value))
    if np.isclose(expected, 1.0):
        return Measure(None, _no_variation(both))
    return Measure((observed - expected) / (1.0 - expected))


def krippendorff_alpha(data: object) -> Measure:
    """Krippendorff's alpha (nominal) for any number of coders, missing values allowed."""
    matrix = as_matrix(data)
    usable = matrix[:, pairable(matrix)]
    if usable.shape[1] == 0:
        return Measure(None, "no unit was coded by two coders")
    values = usable[~np.isnan(usable)]
    if np.unique(values).size < 2:
        return Measure(None, _no_variation(usable))
    alpha = krippendorff.alpha(reliability_data=usable, level_of_measurement="nominal")
    return Measure(float(alpha))


def _no_variation(matrix: np.ndarray) -> str:
    values = np.unique(matrix[~np.isnan(matrix)])
    if values.size == 1 and values[0] == 0:
        return "undefined: no coder applied the code to any of the segments"
    if values.size == 1 and values[0] == 1:
        return "undefined: every coder applied the code to every segment"
    return "undefined: the coders' values do not vary, so chance agreement is total"
