"""Cold start: launch -> first HTTP 200 -> first fully rendered page in headless Chromium.

Three servers are started in turn, interleaved over several rounds so that a busy
machine slows each of them alike:

- sigqual started the way ``make run`` starts it (``python -m sigqual.ui.launch``:
  ``streamlit run app.py`` plus importing the first page while the browser loads) on a
  database holding the sample project; with ``--plain`` also started by a bare
  ``streamlit run app.py``, for comparison,
- a bare Streamlit page (a title, a sidebar and one caption): the floor of the stack,
- Taguette, when its command is found (``--taguette``, ``$TAGUETTE`` or
  ``/tmp/taguette-venv/bin/taguette``); it is skipped otherwise.

A Streamlit page counts as rendered when its title is on screen, the sidebar is drawn,
no skeleton placeholder is left and the script has stopped running. Taguette counts as
rendered when its first page has loaded and shows its heading.

    python benchmarks/coldstart_bench.py --rounds 4 [--plain]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._machine import machine  # noqa: E402

CHROMIUM = os.environ.get("SIGQUAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
BARE_PAGE = '''import streamlit as st

st.title("Bare page")
st.sidebar.caption("A sidebar with one caption.")
'''
# True once a Streamlit page has drawn its title and sidebar and has finished running.
STREAMLIT_RENDERED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const title = document.querySelector('[data-testid="stMain"] h1');
  const sidebar = document.querySelector(
    '[data-testid="stSidebarUserContent"] [data-testid="stElementContainer"]');
  const skeletons = document.querySelectorAll('[data-testid*="keleton"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !!title && title.textContent.trim().length > 0 && !!sidebar && skeletons.length === 0;
}"""
TAGUETTE_RENDERED = """() => document.readyState !== 'loading' && !!document.querySelector('h1, h2')"""


@dataclass
class Timing:
    http: float
    rendered: float


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, proc: subprocess.Popen, start: float, timeout: float = 60) -> float:
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"no HTTP 200 from {url}")


def logged_url(log: Path, marker: str, proc: subprocess.Popen, start: float,
               timeout: float = 60) -> str:
    """The first URL containing ``marker`` that the server printed (Taguette's login link)."""
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        for word in log.read_text(encoding="utf-8", errors="replace").split():
            if marker in word and word.startswith("http"):
                return word.replace("localhost", "127.0.0.1")
        time.sleep(0.02)
    raise RuntimeError(f"no URL with {marker!r} in {log}")


def measure(command: list[str], env: dict[str, str], url: str | None, health: str | None,
            rendered_js: str, browser, log: Path, url_marker: str = "") -> Timing:
    """Start one server, time its first 200 and its first rendered page, stop it.

    Without ``url`` the page address is read from the server's output (``url_marker``).
    """
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=str(ROOT), stdout=out, stderr=subprocess.STDOUT)
        try:
            if url is None:
                url = logged_url(log, url_marker, proc, start)
            http = wait_http(health or url, proc, start)
            page = browser.new_page()
            try:
                page.goto(url, wait_until="commit")
                page.wait_for_function(rendered_js, timeout=60_000, polling=20)
                rendered = time.perf_counter() - start
            finally:
                page.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return Timing(http, rendered)


def server_flags(port: int) -> list[str]:
    return ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false"]


def streamlit_command(script: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(script), *server_flags(port)]


def launcher_command(port: int) -> list[str]:
    """What `make run` runs (after `sigqual demo`), on the benchmark's port."""
    return [sys.executable, "-m", "sigqual.ui.launch", *server_flags(port)]


def sample_database(folder: Path) -> Path:
    """A data directory holding the sample project, built once before timing."""
    from sigqual.demo import ensure_demo
    from sigqual.store import Store, sqlite_url

    db = folder / "sigqual.db"
    store = Store.open(sqlite_url(db))
    ensure_demo(store)
    store.close()
    return db


def taguette_command(explicit: str | None) -> str | None:
    for candidate in (explicit, os.environ.get("TAGUETTE"), "/tmp/taguette-venv/bin/taguette",
                      shutil.which("taguette")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--taguette", help="path of the taguette command")
    parser.add_argument("--plain", action="store_true",
                        help="also time sigqual started by a bare `streamlit run app.py`")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="coldstart-"))
    db = sample_database(work)
    bare = work / "bare_page.py"
    bare.write_text(BARE_PAGE, encoding="utf-8")
    base_env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(work), "OMP_NUM_THREADS": "1"}
    taguette = taguette_command(args.taguette)

    def sigqual_with(command: Callable[[int], list[str]]) -> Callable:
        def run(browser) -> Timing:
            port = free_port()
            env = {**base_env, "SIGQUAL_DATABASE_URL": f"sqlite:///{db}"}
            return measure(command(port), env, f"http://127.0.0.1:{port}/",
                           f"http://127.0.0.1:{port}/_stcore/health", STREAMLIT_RENDERED, browser,
                           work / "sigqual.log")
        return run

    def bare_run(browser) -> Timing:
        port = free_port()
        return measure(streamlit_command(bare, port), base_env, f"http://127.0.0.1:{port}/",
                       f"http://127.0.0.1:{port}/_stcore/health", STREAMLIT_RENDERED, browser,
                       work / "bare.log")

    def taguette_run(browser) -> Timing:
        port = free_port()
        home = work / "taguette-home"
        home.mkdir(exist_ok=True)
        env = {**os.environ, "HOME": str(home)}
        command = [str(taguette), "--no-browser", "--port", str(port), "--bind", "127.0.0.1",
                   "--database", str(home / "taguette.sqlite3")]
        # Single-user Taguette asks for the secret link it prints at start-up.
        return measure(command, env, None, None, TAGUETTE_RENDERED, browser, work / "taguette.log",
                       url_marker="?token=")

    runners: dict[str, Callable] = {"sigqual": sigqual_with(launcher_command), "bare streamlit": bare_run}
    if args.plain:
        runners["sigqual, streamlit run app.py"] = sigqual_with(
            lambda port: streamlit_command(ROOT / "app.py", port))
    if taguette:
        runners["taguette"] = taguette_run
    else:
        print("taguette not found: skipped (pip install taguette into /tmp/taguette-venv)")
    results: dict[str, list[Timing]] = {name: [] for name in runners}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for run in runners.values():  # one warm-up each: disk caches, .pyc files
                run(browser)
            for _ in range(args.rounds):
                for name, run in runners.items():
                    results[name].append(run(browser))
        finally:
            browser.close()

    print(f"machine: {machine()}, rounds: {args.rounds}")
    print("| server | first HTTP 200 (s, median) | first rendered page (s, median) | min–max (s) "
          "| × bare Streamlit |")
    print("|---|---|---|---|---|")
    floor = statistics.median(t.rendered for t in results["bare streamlit"])
    for name, timings in results.items():
        rendered = [t.rendered for t in timings]
        print(f"| {name} | {statistics.median(t.http for t in timings):.2f} "
              f"| {statistics.median(rendered):.2f} | {min(rendered):.2f}–{max(rendered):.2f} "
              f"| {statistics.median(rendered) / floor:.2f} |")
    # Interleaved pairs: sigqual against the bare page started right before it.
    pairs = [s.rendered / b.rendered for s, b in zip(results["sigqual"], results["bare streamlit"],
                                                      strict=True)]
    print(f"sigqual / bare per round: {', '.join(f'{r:.2f}' for r in pairs)} "
          f"(median {statistics.median(pairs):.2f})")
    if args.plain:
        plain = [p.rendered / b.rendered for p, b in zip(results["sigqual, streamlit run app.py"],
                                                          results["bare streamlit"], strict=True)]
        print(f"streamlit run app.py / bare per round: {', '.join(f'{r:.2f}' for r in plain)} "
              f"(median {statistics.median(plain):.2f})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
