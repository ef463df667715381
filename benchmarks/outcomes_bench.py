"""Follow-up data at scale: N cases x M events (default 1,000 x 50) plus attendance lists.

Writes fictional CSV extracts, imports them through the application layer (read, preview,
one transaction each), then builds Table 2, the summary, the target group, the meeting
figures and the exported tables, and draws Figure 3 for one case and as a 10-case grid and
Figure 4. Reports seconds per step and peak memory.
Run: ``python benchmarks/outcomes_bench.py [--cases 1000 --events 50]``.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.app import ProjectSession, local_actor  # noqa: E402
from sigqual.codebook import load_bundled_codebook  # noqa: E402
from sigqual.export import export_tables  # noqa: E402
from sigqual.outcomes import figures as F  # noqa: E402
from sigqual.outcomes import tables as T  # noqa: E402
from sigqual.outcomes.publish import outcome_tables  # noqa: E402
from sigqual.outcomes.service import accept_preview, preview_file, read_outcomes  # noqa: E402
from sigqual.store import Store  # noqa: E402

TYPES = ["Polisanmälan", "polisanm.", "Orosanmälan", "oro", "Dom", "Åtalsunderlåtelse", "Placering"]
ROLES = ["samordnare", "socialsekreterare", "polis", "skola", "fritid", "frivård", "kontaktperson"]


def write_extracts(folder: Path, n_cases: int, n_events: int, meetings: int, rng: random.Random
                   ) -> dict[str, Path]:
    first = date(2013, 9, 1)
    starts = {f"Ungdom {i}": first + timedelta(days=rng.randrange(270)) for i in range(1, n_cases + 1)}
    paths = {k: folder / f"{k}.csv" for k in ("cases", "events", "attendance")}
    with paths["cases"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Ärende", "Insatsstart", "Kön", "Ålder vid start", "Område", "Missbruk"])
        for case, start in starts.items():
            w.writerow([case, start.isoformat(), rng.choice(["pojke", "flicka"]), rng.randint(13, 18),
                        f"Område {rng.randint(1, 12)}", rng.choice(["ja", "nej"])])
    with paths["events"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Ärende", "Datum", "Händelse"])
        for case in starts:
            for _ in range(n_events):
                day = date(2013, 1, 1) + timedelta(days=rng.randrange(730))
                w.writerow([case, f"{day.day}/{day.month} {day.year}", rng.choice(TYPES)])
    with paths["attendance"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Ärende", "Mötesdatum", "Deltagare", "Roll"])
        for case, start in starts.items():
            for m in range(meetings):
                day = (start + timedelta(days=7 + 28 * m)).isoformat()
                w.writerow([case, day, case, "ungdomen"])
                for k in range(rng.randint(5, 12)):
                    role = ROLES[k % len(ROLES)]
                    w.writerow([case, day, f"{role} {case[7:]}.{k}{rng.choice('ab')}", role])
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--meetings", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(2014)
    timings: list[tuple[str, float]] = []

    def step(name: str, func):  # noqa: ANN001, ANN202
        t0 = time.perf_counter()
        result = func()
        timings.append((name, time.perf_counter() - t0))
        return result

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_extracts(folder, args.cases, args.events, args.meetings, rng)
        store = Store.open(folder / "bench.db")
        pid = store.create_project("bench", load_bundled_codebook())
        session = ProjectSession(store, local_actor("bench"), pid)
        rows = {}
        for kind in ("cases", "events", "attendance"):
            preview = step(f"preview {kind}", lambda k=kind: preview_file(session, paths[k], k))
            rows[kind] = len(preview.records)
            assert preview.ok, preview.errors[:3]
            step(f"store {kind}", lambda p=preview: accept_preview(session, p))
        data = step("read frames", lambda: read_outcomes(session))
        step("Table 2", lambda: T.table2(data.cases, data.events))
        step("summary", lambda: T.summary(data.cases, data.events))
        step("target group", lambda: T.target_group(data.cases, data.events))
        step("meetings + continuity", lambda: (T.meeting_summary(T.meetings(data.attendance)),
                                               T.continuity(data.attendance)))
        tables = step("exported tables (5)", lambda: outcome_tables(data.cases, data.events, data.attendance))
        step("Excel export", lambda: export_tables(tables, "xlsx"))
        step("Figure 3, one case", lambda: F.timeline_figure(data.cases, data.events, "Ungdom 1"))
        step("Figure 3, 10-case grid", lambda: F.timeline_grid(data.cases.head(10), data.events))
        step("Figure 4", lambda: F.meetings_figure(data.attendance))
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {machine()}")
    print(f"rows: {rows['cases']} cases, {rows['events']} events, {rows['attendance']} attendance rows")
    print("| step | seconds |")
    print("|---|---|")
    for name, seconds in timings:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **total** | **{sum(s for _n, s in timings):.2f}** |")
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
