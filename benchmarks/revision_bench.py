"""Cost of the cache token the analysis pages check on every rerun.

Every cached page calls ``Store.revision()`` on each rerun and reads its data only
when it changed. The token is one counter row (schema v3), so its cost should not
grow with the audit log; this measures it against an audit log of growing size, and
the frame it saves reading, on the sample project.

Prints Markdown for docs/benchmarks.md. Run: ``python benchmarks/revision_bench.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from sigqual.demo import build_demo  # noqa: E402
from sigqual.store import Store  # noqa: E402
from sigqual.store.schema import audit_log  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 30


def _median_ms(call, repeats: int = REPEATS) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _grow_log(store: Store, rows: int) -> None:
    stamp = datetime.now(UTC)
    with store.engine.begin() as conn:
        for first in range(0, rows, 10_000):
            conn.execute(audit_log.insert(), [
                {"at": stamp, "actor": "bench", "project_id": None, "action": "insert",
                 "entity": "coding", "entity_id": i, "before": None,
                 "after": {"document_id": 1, "code": "x", "start": 0, "end": 5}}
                for i in range(first, min(rows, first + 10_000))])


def _audit_rows(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_log)).scalar_one())


def main() -> None:
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        pid = build_demo(store)
        frame_ms = _median_ms(lambda: store.codings_frame(pid))
        print("| audit rows | revision() median ms |")
        print("|---|---|")
        for size in SIZES:
            _grow_log(store, size - _audit_rows(store))
            print(f"| {_audit_rows(store):,} | {_median_ms(store.revision):.3f} |")
        print(f"\nReading the sample project's codings frame ({len(store.codings_frame(pid))} "
              f"codings) takes {frame_ms:.1f} ms median.")
        store.close()


if __name__ == "__main__":
    main()
