"""How sigqual grows with the number of interviews: 29, 290 and 1,015.

The sample corpus is replicated (``build_demo(copies=N)``) into one SQLite database per
size, kept in ``--work`` so later runs reuse them. For each size:

- import: building the replicated project (parse, segment, store turns and codings),
- tables: Tables 3-5b from the codings frame, as ``sigqual tables`` builds them,
- report: ``sigqual report`` in a child process (seconds, peak RSS and CPU time), Word only,
- qdpx: ``sigqual export --format qdpx`` in a child process (seconds and peak RSS),
- pages: each analysis page in Streamlit's AppTest: the first run, reruns with nothing
  changed (median and p95) and a rerun after a filter change.

    python benchmarks/scale_bench.py --sizes 1,10,35 --reruns 8
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._machine import machine  # noqa: E402

INTERVIEWS_PER_COPY = 29


def build(db: Path, copies: int) -> float | None:
    """The replicated sample in ``db``; seconds taken, or None when it already existed."""
    from sigqual.demo import build_demo
    from sigqual.store import Store, sqlite_url

    if db.exists():
        return None
    start = time.perf_counter()
    store = Store.open(sqlite_url(db))
    build_demo(store, copies=copies)
    store.close()
    return time.perf_counter() - start


def tables_seconds(db: Path) -> float:
    from sigqual.store import Store, sqlite_url
    from sigqual.tables import TableOptions, build_tables

    store = Store.open(sqlite_url(db))
    pid = store.list_projects()[0].id
    start = time.perf_counter()
    options = TableOptions.from_settings(store.get_project(pid).settings)
    build_tables(store.codings_frame(pid), store.codebook(pid), "all", options)
    seconds = time.perf_counter() - start
    store.close()
    return seconds


def child(argv: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of ``python -m sigqual ARGV`` in its own process."""
    seconds, peak, _cpu = child_with_cpu(argv)
    return seconds, peak


def child_with_cpu(argv: list[str]) -> tuple[float, float, float]:
    """(seconds, peak RSS in MB, CPU seconds user+sys) of ``python -m sigqual ARGV``; on a
    loaded machine the CPU time is the better guide to what an idle one would take."""
    script = ("import resource, runpy, sys, time\n"
              "sys.argv = ['sigqual', *sys.argv[1:]]\n"
              "start = time.perf_counter()\n"
              "try:\n"
              "    runpy.run_module('sigqual', run_name='__main__')\n"
              "except SystemExit as exc:\n"
              "    assert not exc.code, exc.code\n"
              "print('SECONDS', time.perf_counter() - start, file=sys.stderr)\n"
              "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
              "print('PEAK', usage.ru_maxrss, file=sys.stderr)\n"
              "print('CPU', usage.ru_utime + usage.ru_stime, file=sys.stderr)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", script, *argv], env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    values = dict(line.split()[:2] for line in done.stderr.splitlines()
                  if line.startswith(("SECONDS", "PEAK", "CPU")))
    return float(values["SECONDS"]), int(values["PEAK"]) / 1024, float(values["CPU"])


def _run_page(path: str) -> None:
    """AppTest script: the app opened on one page."""
    import app

    app.main(path)


PAGES: dict[str, Callable | None] = {}


def _filter_jamfor(at) -> None:
    pid = at.session_state["sigqual.project_id"]
    at.multiselect(key=f"jamfor-{pid}-phases").set_value(["1"])


def _filter_tables(at) -> None:
    pid = at.session_state["sigqual.project_id"]
    at.multiselect(key=f"tables-{pid}-p4").set_value(["2"])


def _filter_kodbok(at) -> None:
    """Kodbok's filter is the group whose codes it lists."""
    widget = at.selectbox(key="codebook-group")
    widget.select_index(1 if widget.index == 0 else 0)


def _filter_overens(at) -> None:
    keys = [k for k in _keys(at, "multiselect") if "phase" in k or "group" in k]
    if keys:
        widget = at.multiselect(key=keys[0])
        widget.set_value(list(widget.options)[:1])


def _filter_projekt(at) -> None:
    """Projekt's filter is the search over the document list (shown above 50 documents)."""
    at.text_input(key="docs-filter").set_value("akt")


def _keys(at, kind: str) -> list[str]:
    return [w.key for w in getattr(at, kind) if w.key]


FILTERS: dict[str, Callable] = {"jamfor": _filter_jamfor, "tabeller": _filter_tables,
                                "kodbok": _filter_kodbok, "overens": _filter_overens,
                                "projekt": _filter_projekt}


def page_timings(db: Path, path: str, reruns: int) -> dict[str, float | str]:
    """First run, unchanged reruns (median, p95) and a rerun after a filter change, in ms."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["SIGQUAL_DATABASE_URL"] = f"sqlite:///{db}"
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_function(_run_page, kwargs={"path": path}, default_timeout=600)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception[0].value}")
    times = []
    for _ in range(reruns):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    out: dict[str, float | str] = {"first": first * 1000, "median": statistics.median(times) * 1000,
                                   "p95": p95 * 1000}
    try:
        FILTERS[path](at)
        start = time.perf_counter()
        at.run()
        out["filter"] = (time.perf_counter() - start) * 1000
        if at.exception:
            out["filter"] = f"error: {at.exception[0].value}"
    except (StopIteration, KeyError, ValueError) as exc:
        out["filter"] = f"n/a ({type(exc).__name__})"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,35", help="copies of the 29-interview sample")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sigqual-scale"))
    parser.add_argument("--reruns", type=int, default=8)
    parser.add_argument("--only", default="import,tables,report,qdpx,pages",
                        help="comma list of: import, tables, report, qdpx, pages")
    parser.add_argument("--pages", default="jamfor,tabeller,kodbok,overens")
    args = parser.parse_args()
    only = set(args.only.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SIGQUAL_USER", "Forskare A")
    print(f"machine: {machine()}")
    for copies in (int(c) for c in args.sizes.split(",")):
        interviews = copies * INTERVIEWS_PER_COPY
        db = args.work / f"sample-x{copies}.db"
        built = build(db, copies)
        row = [f"{interviews} interviews"]
        if "import" in only:
            row.append(f"import {built:.1f} s" if built is not None else "import (reused)")
        if "tables" in only:
            row.append(f"tables {tables_seconds(db):.2f} s")
        if "report" in only:
            seconds, peak, cpu = child_with_cpu(["report", "--db", str(db),
                                                 "--out", str(args.work / "r.docx")])
            row.append(f"report {seconds:.1f} s / {peak:.0f} MB (CPU {cpu:.1f} s)")
        if "qdpx" in only:
            seconds, peak = child(["export", "--db", str(db), "--format", "qdpx",
                                   "--out", str(args.work / "p.qdpx")])
            row.append(f"qdpx {seconds:.1f} s / {peak:.0f} MB")
        print(" | ".join(row), flush=True)
        if "pages" in only:
            for path in args.pages.split(","):
                timing = page_timings(db, path, args.reruns)
                print(f"  {path}: " + ", ".join(
                    f"{k} {v:.0f} ms" if isinstance(v, float) else f"{k} {v}"
                    for k, v in timing.items()), flush=True)


if __name__ == "__main__":
    main()
