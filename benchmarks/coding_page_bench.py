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

``--compare REF`` times the actions (accept, reject, next, undo, pick a code, code)
of this tree against the same script on the git revision REF, on copies of one
database, alternating between the two in rounds so a shared machine's load falls on
both alike; it prints each action's p50/p95 per tree and the ratio.
Run: ``python benchmarks/coding_page_bench.py --compare <ref> [--rounds 3] [--cycles 6]``.

``--first-open`` (with ``--compare``) times the same actions right after the project is
first opened: each run starts with an empty vector cache file, so the background fill
of the turns' vectors and the project's calibration refit run while the coder works.
Only actions that begin and end while such background work is still alive count.
Run: ``python benchmarks/coding_page_bench.py --compare <ref> --first-open``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

# A comparison run points its child processes at another tree's code.
ROOT = Path(os.environ.get("SIGQUAL_BENCH_ROOT") or Path(__file__).resolve().parent.parent)
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


ACTIONS = ("accept", "reject", "next", "undo", "pick", "code")


def _first_enabled(at, prefix: str):  # noqa: ANN001, ANN202
    return next((b for b in at.button if b.key and b.key.startswith(prefix) and not b.disabled), None)


def _timed(at, times: dict[str, list[float]], name: str, *, busy_only: bool = False
           ) -> None:  # noqa: ANN001
    busy = _background_alive()
    started = time.perf_counter()
    at.run()
    took = time.perf_counter() - started
    if not busy_only or (busy and _background_alive()):
        times[name].append(took)
    if at.exception:
        raise SystemExit("the page failed: " + "; ".join(str(e.value) for e in at.exception))


def _settle_background(limit: float = 240.0) -> None:
    """Wait for the one-time work a first open starts in the background (the project's
    own calibration refit, embedding vectors): the comparison is of a coder's steady
    state, and that work would slow both pages' reruns for its duration."""
    import threading

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and any(
            t.name.startswith("sigqual-") and t.is_alive() for t in threading.enumerate()):
        time.sleep(0.5)


def _background_alive() -> bool:
    """Whether one-time background work of a first open (vector fill, refit) still runs."""
    import threading

    return any(t.name.startswith("sigqual-") and t.is_alive() for t in threading.enumerate())


def child(db: Path, root: Path, cycles: int, seed: int, first_open: bool = False
          ) -> dict[str, list[float]]:
    """Time each action of the Koda page of the tree at ``root`` (run in its own process).

    ``first_open`` starts from an empty vector cache and does not wait for the background
    work; only actions timed entirely while it still runs are kept (at most ``cycles``
    cycles, fewer when the work ends first).
    """
    from streamlit.testing.v1 import AppTest

    os.environ["SIGQUAL_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["SIGQUAL_USER"] = "Bench"
    if first_open:
        cache = db.with_name(db.stem + "-vectors.sqlite")
        cache.unlink(missing_ok=True)
        os.environ["SIGQUAL_VECTOR_CACHE"] = str(cache)
    at = AppTest.from_function(_run_app, kwargs={"app_path": str(root / "app.py"), "start": "koda"},
                               default_timeout=300)
    at.run()
    if not first_open:
        _settle_background()
    at.run()
    rng = random.Random(seed)
    store = Store.open(db)
    codebook = store.codebook(store.list_projects()[0].id)
    store.close()
    times: dict[str, list[float]] = {name: [] for name in ACTIONS}
    for _ in range(cycles):
        if first_open and not _background_alive():
            break
        for kind in ("accept", "reject"):
            button = _first_enabled(at, f"koda-{kind}-")
            if button is not None:
                button.click()
                _timed(at, times, kind, busy_only=first_open)
                at.button(key="koda-undo").click()
                _timed(at, times, "undo", busy_only=first_open)
        codes = [s for s in at.selectbox if s.key and s.key.startswith("koda-pick-")]
        multi = [m for m in at.multiselect if m.key and m.key.startswith("koda-codes-")]
        if codes:
            codes[0].select_index(rng.randrange(len(codes[0].options)))
        elif multi:
            label = multi[0].options[rng.randrange(len(multi[0].options))].split(" · ")[0]
            multi[0].select(next(c.id for c in codebook.codes if c.label == label))
        if codes or multi:
            _timed(at, times, "pick", busy_only=first_open)
            at.button(key="koda-code").click()
            _timed(at, times, "code", busy_only=first_open)
            at.button(key="koda-undo").click()
            _timed(at, times, "undo", busy_only=first_open)
        if not at.button(key="koda-next").disabled:
            at.button(key="koda-next").click()
        else:
            at.selectbox(key="koda-doc").select_index(rng.randrange(len(at.selectbox(key="koda-doc").options)))
        _timed(at, times, "next", busy_only=first_open)
        time.sleep(PAUSE / 4)
    return times


def compare(reference: str, copies: int, rounds: int, cycles: int, seed: int,
            first_open: bool = False) -> None:
    """This tree against ``reference``, alternating in rounds on copies of one database."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        old = base / "reference"
        old.mkdir()
        repo = os.environ.get("SIGQUAL_BENCH_REPO") or str(ROOT)  # when ROOT is an exported tree
        archive = subprocess.run(["git", "-C", repo, "archive", reference], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        trees = {"before": old, "after": ROOT}
        built: dict[str, Path] = {}
        for name, tree in trees.items():
            # Each tree builds its own database: the schema may differ between them.
            built[name] = base / f"{name}.db"
            out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--build",
                                  str(built[name]), "--copies", str(copies)],
                                 env={**os.environ, "PYTHONPATH": str(tree), "SIGQUAL_BENCH_ROOT": str(tree)},
                                 check=True, capture_output=True, text=True).stdout
            interviews = int(out.strip().splitlines()[-1])
        times: dict[str, dict[str, list[float]]] = {n: {a: [] for a in ACTIONS} for n in trees}
        loads: list[float] = []
        for r in range(rounds):
            order = list(trees) if r % 2 == 0 else list(reversed(trees))
            for name in order:
                copy = base / f"{name}-{r}.db"
                shutil.copy(built[name], copy)
                env = {**os.environ, "PYTHONPATH": str(trees[name]), "SIGQUAL_BENCH_ROOT":
                       str(trees[name]), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
                loads.append(os.getloadavg()[0])
                out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child",
                                      str(copy), "--root", str(trees[name]), "--cycles", str(cycles),
                                      "--seed", str(seed + r),
                                      *(["--first-open"] if first_open else [])],
                                     env=env, check=True, capture_output=True, text=True).stdout
                got = json.loads(out.strip().splitlines()[-1])
                for action, values in got.items():
                    times[name][action].extend(values)
    print(f"Machine: {machine()}; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; "
          f"load average at the start of each run {min(loads):.1f}–{max(loads):.1f}\n")
    phase = ("right after the first open (empty vector cache, background fill and refit "
             "running)" if first_open else "steady state")
    print(f"Project: {interviews} interviews; {rounds} rounds alternating before/after, "
          f"{cycles} cycles each; reference {reference}; {phase}.\n")
    print("| action | runs | before p50 / p95 (ms) | after p50 / p95 (ms) | p95 after/before |")
    print("|---|---|---|---|---|")
    for action in ACTIONS:
        b, a = times["before"][action], times["after"][action]
        if not b or not a:
            continue
        bp, ap = percentile(b, 0.95) * 1000, percentile(a, 0.95) * 1000
        print(f"| {action} | {len(b)} / {len(a)} | {statistics.median(b) * 1000:.0f} / {bp:.0f} | "
              f"{statistics.median(a) * 1000:.0f} / {ap:.0f} | {ap / bp:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", metavar="REF", help="time actions against this git revision")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cycles", type=int, default=6)
    parser.add_argument("--first-open", action="store_true",
                        help="time actions while the first open's background work runs")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, default=4, help="sample corpus copies (4 = 116)")
    parser.add_argument("--reruns", type=int, default=120, help="page reruns to time")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    if args.build is not None:
        store = Store.open(args.build)
        print(len(store.list_documents(build_demo(store, copies=args.copies))))
        store.close()
        return
    if args.child is not None:
        print(json.dumps(child(args.child, args.root, args.cycles, args.seed, args.first_open)))
        return
    if args.compare:
        compare(args.compare, args.copies, args.rounds, args.cycles, args.seed, args.first_open)
        return
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
