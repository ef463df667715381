"""Login throttling: free attempts, then a doubling wait, reset by success."""

from __future__ import annotations

import pytest

from sigqual.throttle import BASE_DELAY_S, FREE_ATTEMPTS, MAX_DELAY_S, LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("failures", "expected_wait"),
    [(0, 0.0), (FREE_ATTEMPTS - 1, 0.0), (FREE_ATTEMPTS, BASE_DELAY_S),
     (FREE_ATTEMPTS + 1, 2 * BASE_DELAY_S), (FREE_ATTEMPTS + 20, MAX_DELAY_S)],
)
def test_wait_grows_with_failures(failures: int, expected_wait: float) -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(failures):
        throttle.failed("Anna")
    assert throttle.wait_seconds("anna ") == expected_wait


def test_waiting_and_success_clear_the_block() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(FREE_ATTEMPTS):
        throttle.failed("anna")
    assert throttle.wait_seconds("anna") > 0 and throttle.wait_seconds("bo") == 0
    clock.now += BASE_DELAY_S
    assert throttle.wait_seconds("anna") == 0
    throttle.succeeded("anna")
    throttle.failed("anna")
    assert throttle.wait_seconds("anna") == 0
