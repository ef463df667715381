"""Login throttling: free attempts, then a doubling wait, reset by success; attempts are
counted before their password check, and only a few checks run at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from sigqual.store import Store
from sigqual.throttle import BASE_DELAY_S, FREE_ATTEMPTS, MAX_DELAY_S, Attempt, LoginThrottle


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


# -- atomic check-and-count, bounded password checks ------------------------------

PASSWORD = "rätt lösenord här"


class CountingHasher(PasswordHasher):
    """Argon2 as the store uses it, counting verifications and how many ran at once."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.active = 0
        self.peak = 0
        self._guard = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        with self._guard:
            self.calls += 1
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            return super().verify(hash, password)
        finally:
            with self._guard:
                self.active -= 1


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr("sigqual.store.accounts._hasher", counting)
    return counting


@pytest.fixture
def accounts(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "team.db")
    store.create_user("anna", PASSWORD)
    store.create_user("bo", PASSWORD)
    yield store
    store.close()


def _all_at_once(throttle: LoginThrottle, store: Store,
                 tries: list[tuple[str, str]]) -> list[Attempt]:
    """Start every (user name, password) attempt in its own thread at the same moment."""
    start = threading.Barrier(len(tries))
    results: list[Attempt | None] = [None] * len(tries)

    def run(i: int, username: str, password: str) -> None:
        start.wait()
        results[i] = throttle.attempt(username, password, store.authenticate)

    threads = [threading.Thread(target=run, args=(i, *pair)) for i, pair in enumerate(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(r is not None for r in results) and results
    return results  # type: ignore[return-value]


def test_simultaneous_guesses_run_at_most_the_free_password_checks(
        hasher: CountingHasher, accounts: Store) -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock, max_concurrent=4, slot_wait_s=30.0)
    results = _all_at_once(throttle, accounts, [("Anna", f"gissning {i:02d}") for i in range(30)])
    checked = [r for r in results if not r.refused]
    waiting = [r for r in results if r.wait_seconds > 0]
    assert hasher.calls == FREE_ATTEMPTS == len(checked)
    assert all(r.account is None for r in checked)
    assert len(waiting) == 30 - FREE_ATTEMPTS and not any(r.busy for r in results)
    assert all(r.wait_seconds == BASE_DELAY_S for r in waiting)
    assert hasher.peak <= 4
    # Even the right password waits out the lockout, without a password check.
    assert throttle.attempt("anna", PASSWORD, accounts.authenticate).wait_seconds == BASE_DELAY_S
    assert hasher.calls == FREE_ATTEMPTS
    # Other accounts are untouched; after the window the right password works.
    assert throttle.attempt("bo", PASSWORD, accounts.authenticate).account is not None
    clock.now += BASE_DELAY_S
    signed_in = throttle.attempt("anna", PASSWORD, accounts.authenticate)
    assert signed_in.account is not None and signed_in.account.username == "anna"
    assert throttle.wait_seconds("anna") == 0


def test_guesses_spread_over_many_names_are_bounded_by_the_slots(
        hasher: CountingHasher, accounts: Store) -> None:
    throttle = LoginThrottle(clock=Clock(), max_concurrent=3, slot_wait_s=60.0)
    tries = [(f"namn{i}", PASSWORD) for i in range(28)] + [("anna", PASSWORD), ("bo", "fel lösen!")]
    results = _all_at_once(throttle, accounts, tries)
    assert hasher.calls == 30 and hasher.peak <= 3
    assert [r.account.username for r in results if r.account is not None] == ["anna"]


def test_an_attempt_without_a_free_slot_is_refused_quickly_and_not_counted() -> None:
    throttle = LoginThrottle(clock=Clock(), max_concurrent=1, slot_wait_s=0.05)
    entered, finish = threading.Event(), threading.Event()

    def slow(_username: str, _password: str) -> str | None:
        entered.set()
        finish.wait(30)
        return "omar"

    first: list[Attempt] = []
    holder = threading.Thread(target=lambda: first.append(throttle.attempt("omar", "x", slow)))
    holder.start()
    assert entered.wait(30)
    never = []
    for _ in range(FREE_ATTEMPTS + 2):
        busy = throttle.attempt("eva", "y", lambda u, p: never.append(u))
        assert busy.busy and busy.refused and busy.account is None
    assert never == [] and throttle.wait_seconds("eva") == 0
    finish.set()
    holder.join(30)
    assert first[0].account == "omar" and throttle.wait_seconds("omar") == 0
    # The slot is free again.
    assert throttle.attempt("eva", "y", lambda u, p: "eva").account == "eva"


def test_an_error_in_the_check_frees_the_slot_and_the_count() -> None:
    throttle = LoginThrottle(clock=Clock(), max_concurrent=1, slot_wait_s=0.05)

    def broken(_username: str, _password: str) -> None:
        raise RuntimeError("the database went away")

    for _ in range(FREE_ATTEMPTS + 1):
        with pytest.raises(RuntimeError):
            throttle.attempt("eva", "y", broken)
    assert throttle.wait_seconds("eva") == 0
    assert throttle.attempt("eva", "y", lambda u, p: None).account is None


def test_expired_names_are_swept_when_the_table_is_full() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock, max_tracked=10)
    for i in range(10):
        throttle.reserve(f"gammal{i}")
    clock.now += MAX_DELAY_S + 1
    throttle.reserve("ny")
    assert sorted(throttle._failures) == ["ny"]
    for i in range(30):
        throttle.reserve(f"färsk{i}")  # nothing has expired: every recent name is kept
    assert len(throttle._failures) == 31
