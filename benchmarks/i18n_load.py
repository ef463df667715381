"""Cost of loading the translation catalogue, once per process, before the first page paints.

Each run is a fresh Python process that times ``sigqual.i18n.catalogue()``: with an
empty cache folder (Babel parses both .po files, then writes the JSON copy; Babel's import included) and with
the JSON copy in place (the normal case after the first start).

Prints Markdown for docs/benchmarks.md. Run: ``python benchmarks/i18n_load.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

REPEATS = 15
PROBE = ("import json, time; from sigqual import i18n; s = time.perf_counter(); c = i18n.catalogue(); "
         "print(json.dumps([time.perf_counter() - s, len(c['sv'])]))")


def _run(cache: str) -> tuple[float, int]:
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, check=True, capture_output=True,
                         text=True).stdout
    seconds, n = json.loads(out)
    return seconds * 1000, n


def main() -> None:
    cold, warm = [], []
    n = 0
    for _ in range(REPEATS):
        with tempfile.TemporaryDirectory() as cache:
            ms, n = _run(cache)
            cold.append(ms)
            warm.append(_run(cache)[0])
    print(f"Machine: {machine()}\n")
    print(f"{n} message ids in each of sv.po and en.po; median of {REPEATS} fresh processes.\n")
    print("| catalogue load | median ms | max ms |")
    print("|---|---|---|")
    print(f"| first start: Babel parses the .po files | {statistics.median(cold):.1f} | {max(cold):.1f} |")
    print(f"| later starts: JSON copy in the cache | {statistics.median(warm):.1f} | {max(warm):.1f} |")


if __name__ == "__main__":
    main()
