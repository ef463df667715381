"""Rerun time of the Koda page on a project of 116 interviews (the sample corpus x 4).

Target (issue 4): a rerun of the coding page <= 200 ms at the 95th percentile. Two
measurements:

* ``page``: the whole app script (shell, sidebar and the Koda page) rerun through
  Streamlit's AppTest, as a reader moves through a document (next turn, previous
  turn, next uncoded turn, another document, a plain rerun). AppTest also parses
  every element it receives, so this slightly overstates what a browser waits for.
* ``core``: the page's own work without caches: reading one document's view from
  the store and ranking the current turn's suggestions, on a model just updated.

Actions that write (accept a suggestion, undo) are timed separately, since they
include the store's durable commit; a coder reads between actions, so the script
pauses PAUSE seconds after each accept-and-undo pair (an undo makes the suggestion
service rebuild its model in the background once the coder pauses). Prints Markdown for docs/benchmarks.md.
Run: ``python benchmarks/coding_page_bench.py [--copies 4] [--reruns 120]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sigqual.coding import SuggestionService, load_view, turn_suggestions  # noqa: E402
from sigqual.coding.actions import LearningChange  # noqa: E402
from sigqual.demo import build_demo  # noqa: E402
from sigqual.nlp.suggest import Example  # noqa: E402
from sigqual.store import Store  # noqa: E402

PAUSE = 2.0


def _run_app(app_path: str, start: str) -> None:
    """AppTest script: load app.py as a module and open the page ``start``."""
    import importlib.util as util

    spec = util.spec_from_file_location("sigqual_app_bench", app_path)
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(start)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[k]


def summary(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"| {name} | {len(ms)} | {statistics.median(ms):.0f} | {percentile(ms, 0.95):.0f} | "
            f"{max(ms):.0f} |")


def page_reruns(db: Path, documents: list[int], reruns: int, seed: int
                ) -> tuple[list[float], list[float], float]:
    """(navigation reruns, write actions, first run) timed through AppTest."""
    from streamlit.testing.v1 import AppTest

    os.environ["SIGQUAL_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["SIGQUAL_USER"] = "Bench"
    at = AppTest.from_function(_run_app, kwargs={"app_path": str(ROOT / "app.py"), "start": "koda"},
                               default_timeout=300)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        raise SystemExit("the page failed: " + "; ".join(str(e.value) for e in at.exception))
    rng = random.Random(seed)
    moves = ["next", "next", "prev", "uncoded", "rerun", "document"]
    navigation: list[float] = []
    for _ in range(reruns):
        move = rng.choice(moves)
        if move == "next" and not at.button(key="koda-next").disabled:
            at.button(key="koda-next").click()
        elif move == "prev" and not at.button(key="koda-prev").disabled:
            at.button(key="koda-prev").click()
        elif move == "uncoded" and not at.button(key="koda-next-uncoded").disabled:
            at.button(key="koda-next-uncoded").click()
        elif move == "document":
            at.selectbox(key="koda-doc").set_value(rng.choice(documents))
        started = time.perf_counter()
        at.run()
        navigation.append(time.perf_counter() - started)
        if at.exception:
            raise SystemExit("the page failed: " + "; ".join(str(e.value) for e in at.exception))
    actions: list[float] = []
    for _ in range(10):
        accept = [b for b in at.button if b.key and b.key.startswith("koda-accept") and not b.disabled]
        if not accept:
            at.button(key="koda-next").click().run()
            continue
        accept[0].click()
        started = time.perf_counter()
        at.run()
        actions.append(time.perf_counter() - started)
        at.button(key="koda-undo").click()
        started = time.perf_counter()
        at.run()
        actions.append(time.perf_counter() - started)
        time.sleep(PAUSE)
    return navigation, actions, first


def core_work(store: Store, pid: int, samples: int, seed: int) -> list[float]:
    """One document view from the store plus suggestions for one turn, no caches."""
    codebook = store.codebook(pid)
    service = SuggestionService(store, pid, embeddings=False, background=False)
    service.ensure_ready(codebook)
    docs = [d.id for d in store.list_documents(pid)]
    rng = random.Random(seed)
    times: list[float] = []
    for i in range(samples):
        # A learned example bumps the model version, so the turn's suggestions are fresh.
        service.apply([LearningChange(Example(f"Benchmark example {i} om mötena", None,
                                              codebook.codes[0].id), 1)])
        doc = rng.choice(docs)
        started = time.perf_counter()
        view = load_view(store, pid, doc, codebook, coder="Bench", settings={})
        turns = view.respondent_turns
        turn = turns[rng.randrange(len(turns))]
        turn_suggestions(service, turn, view.group, top=5)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="sample corpus copies (4 = 116)")
    parser.add_argument("--reruns", type=int, default=120, help="page reruns to time")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        store = Store.open(db)
        started = time.perf_counter()
        pid = build_demo(store, copies=args.copies)
        built = time.perf_counter() - started
        ids = [d.id for d in store.list_documents(pid)]
        codings = len(store.list_codings(pid))
        core = core_work(store, pid, 60, args.seed)
        store.close()
        navigation, actions, first = page_reruns(db, ids, args.reruns, args.seed)
    print(f"Machine: {machine()}\n")
    print(f"Project: {len(ids)} interviews, {codings} codings (built in {built:.1f} s). "
          f"First open of the page, building the suggestion model: {first:.1f} s.\n")
    print("| measurement | runs | p50 (ms) | p95 (ms) | max (ms) |")
    print("|---|---|---|---|---|")
    print(summary("page rerun while reading (AppTest, whole app)", navigation))
    print(summary("page rerun after accept or undo (AppTest)", actions))
    print(summary("core: document view + turn suggestions, uncached", core))


if __name__ == "__main__":
    main()
