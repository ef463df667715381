"""Precision-first auto-coding on the sample project: threshold, precision, coverage.

Builds the sample project in a temporary SQLite file, builds its suggestion service
(the one engine: embeddings when installed) and estimates, from the project's own
codings cross-validated by document, the confidence threshold for each target
precision, with the precision and coverage expected at it and the number of
suggestions ``auto_code`` would then add to the uncoded part of the project.

Run: ``OMP_NUM_THREADS=1 python benchmarks/suggest_autocode.py [--embeddings off]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.coding import SuggestionService, corpus_turns, decisions  # noqa: E402
from sigqual.coding.autocode import auto_code, estimate_threshold  # noqa: E402
from sigqual.demo import build_demo  # noqa: E402
from sigqual.store import Store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", default="auto", choices=("auto", "on", "off"))
    parser.add_argument("--targets", default="0.8,0.9,0.95")
    args = parser.parse_args(argv)
    store = Store.open(Path(tempfile.mkdtemp()) / "demo.db")
    pid = build_demo(store)
    started = time.perf_counter()
    service = SuggestionService(store, pid, embeddings=args.embeddings, background=False)
    service.ensure_ready()
    build = time.perf_counter() - started
    turns = corpus_turns(store, pid, coder=None, settings=None)
    decided = decisions(store, pid, None)
    mode = service._suggester.mode if service._suggester is not None else "?"
    print(f"Machine: {machine()}\n\nEngine: {mode}; calibration: {service.calibration_source()}; "
          f"built in {build:.1f} s; {len(turns)} respondent turns\n")
    print("| target precision | status | folds | threshold | precision (CV) | lower bound "
          "| coverage (CV) | suggestions above | auto codings for uncoded codes | estimate s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for target in (float(t) for t in args.targets.split(",")):
        clock = time.perf_counter()
        est = estimate_threshold(service, target_precision=target)
        seconds = time.perf_counter() - clock
        result = auto_code(service, turns, decided, estimate=est)

        def fmt(x: float | None) -> str:
            return "–" if x is None else f"{x:.2f}"

        print(f"| {target:.2f} | {est.status} | {getattr(est, 'folds', 2)} | {fmt(est.threshold)} | "
              f"{fmt(est.precision)} | {fmt(getattr(est, 'precision_lower', None))} | "
              f"{fmt(est.coverage)} | {est.above} | {len(result.candidates)} | {seconds:.1f} |")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
