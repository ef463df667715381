"""Is bulk accept of the "säkra" suggestions right? Precision on held-out documents.

``suggest_autocode.py`` reports the precision the threshold is chosen for, measured on
the same cross-validation folds that chose it (slightly optimistic). This script keeps
half of the sample project's documents out entirely: their human codings are removed
from a copy of the project, the threshold is estimated from the other half's codings
only, auto-coding is applied to the held-out half, and each automatic coding is
checked against the human codings that were removed (a theme counts as right when a
human coded it or one of its factors on that turn, as in the estimate). Both halves
take turns being held out.

Run: ``OMP_NUM_THREADS=1 python benchmarks/autocode_heldout.py [--embeddings off] [--targets 0.9,0.95]
[--folds N]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.coding import SuggestionService, corpus_turns  # noqa: E402
from sigqual.coding.autocode import HUMAN_SOURCES, _right, auto_code, estimate_threshold  # noqa: E402
from sigqual.demo import build_demo  # noqa: E402
from sigqual.store import Store  # noqa: E402

Row = tuple[float, str, float | None, float | None, float | None, int, int, int, int, int, int, float]


def held_out_run(folder: Path, half: int, targets: list[float], embeddings: str,
                 folds: int | None = None) -> list[Row]:
    """(target, status, threshold, estimated precision, its lower bound, automatic codings,
    right ones, those on turns a human coded, right ones among them, the human's (turn,
    code) pairs recovered exactly, all of them, seconds the estimate took)."""
    store = Store.open(folder / f"half-{half}.db")
    pid = build_demo(store)
    codebook = store.codebook(pid)
    documents = sorted(d.id for d in store.list_documents(pid))
    held = set(documents[half::2])
    gold: dict[int, set[str]] = {}
    for coding in store.list_codings(pid):
        if coding.document_id in held and coding.source in HUMAN_SOURCES:
            if coding.segment_id is not None:
                gold.setdefault(coding.segment_id, set()).add(coding.code_key)
            store.delete_coding(coding.id, actor="benchmark")
    service = SuggestionService(store, pid, embeddings=embeddings, background=False)
    service.ensure_ready()
    turns = [t for t in corpus_turns(store, pid, coder=None, settings=None) if t.document_id in held]
    out = []
    for target in targets:
        clock = time.perf_counter()
        extra = {"folds": folds} if folds else {}
        estimate = estimate_threshold(service, target_precision=target, **extra)
        print(f"half {half + 1}, target {target}: {getattr(estimate, 'folds', '?')} folds, "
              f"{estimate.coded_turns} coded turns", file=sys.stderr)
        seconds = time.perf_counter() - clock
        result = auto_code(service, turns, {}, estimate=estimate)
        right = sum(1 for c in result.candidates
                    if _right(codebook, c.code_id, frozenset(gold.get(c.turn.segment_id, ()))))
        coded = [c for c in result.candidates if c.turn.segment_id in gold]
        coded_right = sum(1 for c in coded
                          if _right(codebook, c.code_id, frozenset(gold[c.turn.segment_id])))
        recovered = sum(1 for c in coded if c.code_id in gold[c.turn.segment_id])
        pairs = sum(len(codes) for codes in gold.values())
        out.append((target, estimate.status, estimate.threshold, estimate.precision,
                    getattr(estimate, "precision_lower", None), len(result.candidates), right,
                    len(coded), coded_right, recovered, pairs, seconds))
    store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", default="auto", choices=("auto", "on", "off"))
    parser.add_argument("--targets", default="0.9,0.95")
    parser.add_argument("--folds", type=int, default=None,
                        help="cross-validation folds (default: chosen from the number of documents)")
    args = parser.parse_args(argv)
    targets = [float(x) for x in args.targets.split(",")]
    started = time.perf_counter()
    rows: dict[float, list[tuple]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for half in (0, 1):
            for target, *row in held_out_run(Path(folder), half, targets, args.embeddings, args.folds):
                rows.setdefault(target, []).append(tuple(row))
    print(f"Machine: {machine()}; embeddings: {args.embeddings}; folds: {args.folds or 'auto'}; "
          f"{time.perf_counter() - started:.0f} s\n")
    print("| target | half held out | threshold | estimated precision (lower bound) | estimate s "
          "| automatic codings: right / all | on turns a human coded: right / all "
          "| coverage of the human's pairs |")
    print("|---|---|---|---|---|---|---|---|")

    def share(right: int, n: int) -> str:
        return f"{right} / {n} ({right / n:.1%})" if n else "0 / 0"

    for target, runs in rows.items():
        for half, (status, threshold, estimated, lower, n, right, coded, coded_right, recovered,
                   pairs, seconds) in enumerate(runs):
            est = f"{estimated:.1%}" if estimated is not None else status
            if lower is not None:
                est += f" (≥ {lower:.1%})"
            thr = f"{threshold:.3f}" if threshold is not None else "–"
            print(f"| {target:.2f} | {half + 1} | {thr} | {est} | {seconds:.1f} | {share(right, n)} | "
                  f"{share(coded_right, coded)} | {share(recovered, pairs)} |")
        total = [sum(r[k] for r in runs) for k in (4, 5, 6, 7, 8, 9)]
        print(f"| {target:.2f} | both | | | | {share(total[1], total[0])} | "
              f"{share(total[3], total[2])} | {share(total[4], total[5])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
