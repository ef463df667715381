"""What 30 simultaneous sign-in attempts cost the app process, with and without the throttle.

Scenarios: 30 wrong passwords for one user name, and 30 attempts for 30 different names
(a spray). "unguarded" checks the wait, verifies and counts in separate steps, as the
login page did before the throttle counted attempts up front; "throttle" goes through
``LoginThrottle.attempt``. Each scenario runs in its own process, so its peak memory
(``ru_maxrss``) is its own.

Prints Markdown for docs/benchmarks.md. Run: ``python benchmarks/login_flood.py``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

ATTEMPTS = 30
PASSWORD = "rätt lösenord här"


def scenario(kind: str, spray: bool) -> dict[str, float]:
    from argon2 import PasswordHasher

    import sigqual.store.accounts as accounts
    from sigqual.store import Store
    from sigqual.throttle import LoginThrottle

    calls = [0]
    guard = threading.Lock()

    class Counting(PasswordHasher):
        def verify(self, hash, password):  # noqa: A002, ANN001, ANN202
            with guard:
                calls[0] += 1
            return super().verify(hash, password)

    folder = Path(tempfile.mkdtemp(prefix="sigqual-flood-"))
    store = Store.open(folder / "team.db")
    store.create_user("anna", PASSWORD)
    accounts._hasher = Counting()
    throttle = LoginThrottle()
    names = [f"namn{i}" for i in range(ATTEMPTS)] if spray else ["anna"] * ATTEMPTS
    outcomes: list[str] = []
    start = threading.Barrier(ATTEMPTS)

    def unguarded(name: str, password: str) -> str:
        if throttle.wait_seconds(name) > 0:
            return "wait"
        if store.authenticate(name, password) is None:
            throttle.failed(name)
            return "failed"
        throttle.succeeded(name)
        return "ok"

    def guarded(name: str, password: str) -> str:
        got = throttle.attempt(name, password, store.authenticate)
        return "wait" if got.wait_seconds else "busy" if got.busy else (
            "ok" if got.account else "failed")

    run = guarded if kind == "throttle" else unguarded

    def one(i: int) -> None:
        start.wait()
        outcome = run(names[i], f"gissning {i:02d}")
        with guard:
            outcomes.append(outcome)

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store.close()
    return {"verifications": calls[0], "wait": outcomes.count("wait"),
            "busy": outcomes.count("busy"), "seconds": wall, "extra_mib": (peak - base) / 1024}


def main() -> None:
    if len(sys.argv) == 3:
        print(json.dumps(scenario(sys.argv[1], sys.argv[2] == "spray")))
        return
    print(f"Machine: {machine()}\n")
    print("| attempts | login path | Argon2 checks | told to wait | told busy | seconds | "
          "extra peak MiB |")
    print("|---|---|---|---|---|---|---|")
    for spray in (False, True):
        for kind in ("unguarded", "throttle"):
            out = subprocess.run([sys.executable, __file__, kind, "spray" if spray else "one"],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            what = f"{ATTEMPTS} names" if spray else f"{ATTEMPTS} × one name"
            print(f"| {what} | {kind} | {r['verifications']} | {r['wait']} | {r['busy']} | "
                  f"{r['seconds']:.2f} | {r['extra_mib']:.0f} |")


if __name__ == "__main__":
    main()
