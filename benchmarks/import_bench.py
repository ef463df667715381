"""Import the sample corpus N times (default 20) into a fresh SQLite store.

Reports documents/s, words/s and peak memory. Run: ``python benchmarks/import_bench.py``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.codebook import load_bundled_codebook  # noqa: E402
from sigqual.demo import corpus_dir  # noqa: E402
from sigqual.ingest.batch import read_manifest  # noqa: E402
from sigqual.ingest.reader import parse_bytes  # noqa: E402
from sigqual.store import Store  # noqa: E402
from sigqual.text import word_count  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    folder = corpus_dir()
    manifest = read_manifest(folder / "manifest.csv")
    files = {rel: (folder / rel).read_bytes() for rel in manifest}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        pid = store.create_project("bench", load_bundled_codebook())
        docs = words = turns = 0
        t0 = time.perf_counter()
        for copy in range(args.copies):
            for rel, data in files.items():
                parsed = parse_bytes(data, Path(rel).name)
                store.add_document(pid, name=f"{parsed.name}#{copy}", text=parsed.text,
                                   turns=parsed.turns, attributes=manifest[rel],
                                   source_filename=rel, source_format=parsed.source_format)
                docs += 1
                words += word_count(parsed.text)
                turns += len(parsed.turns)
        elapsed = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        store.close()
    print(f"machine: {machine()}")
    print("| copies | documents | words | turns | seconds | documents/s | words/s | peak RSS (MB) |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {args.copies} | {docs} | {words} | {turns} | {elapsed:.2f} | {docs / elapsed:.1f} | "
          f"{words / elapsed:,.0f} | {peak_mb:.0f} |")


if __name__ == "__main__":
    main()
