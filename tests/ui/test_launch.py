"""The launcher behind `make run` and `sigqual serve`: `streamlit run app.py`, plus a
thread that imports the first page's modules once the server answers (imports only)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from sigqual.ui import launch

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SIGQUAL_CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def listening() -> tuple[str, int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield "127.0.0.1", int(server.getsockname()[1])


@pytest.mark.parametrize(("case", "expected"), [
    ("listening", True),
    ("all-interfaces", True),  # a server bound to every interface answers on loopback
    ("closed", False),
    ("no-runtime-yet", False),
])
def test_wait_for_server(case: str, expected: bool, listening: tuple[str, int]) -> None:
    address, port = listening
    endpoints: dict[str, Callable[[], tuple[str, int] | None]] = {
        "listening": lambda: (address, port),
        "all-interfaces": lambda: ("0.0.0.0", port),
        "closed": lambda: ("127.0.0.1", _free_port()),
        "no-runtime-yet": lambda: None,
    }
    assert launch.wait_for_server(endpoints[case], timeout=0.5) is expected


def test_the_warm_up_waits_for_the_server_and_the_script_waits_for_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sigqual.i18n

    monkeypatch.setattr(launch, "_thread", None)
    monkeypatch.setattr(launch, "_imported", [])
    monkeypatch.setattr(sigqual.i18n, "_loaded", None)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        port = int(server.getsockname()[1])
        opened = threading.Event()
        thread = launch.start_prewarm(lambda: ("127.0.0.1", port) if opened.is_set() else None,
                                      modules=("json", "no_such_module_for_sigqual"))
        time.sleep(0.3)
        assert thread.is_alive() and launch.prewarmed() == []  # nothing before the server answers
        server.listen()
        opened.set()
        launch.wait_for_prewarm(timeout=30)
    assert not thread.is_alive()
    assert launch.prewarmed() == ["json"]  # a module that is not installed is skipped
    assert sigqual.i18n._loaded is not None  # the menu's translations are read as well


def test_without_the_launcher_the_script_does_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launch, "_thread", None)
    started = time.perf_counter()
    launch.wait_for_prewarm(timeout=30)
    assert time.perf_counter() - started < 1


PREWARM_ONLY = """
import json, sys
from sigqual.ui import launch
done = launch.prewarm()
print(json.dumps({"done": done, "loaded": [m for m in sys.modules if m.startswith("sigqual")]}))
"""


def test_the_warm_up_imports_and_never_opens_the_database(tmp_path: Path) -> None:
    """Run against a data directory that does not exist: opening the store would make it."""
    data = tmp_path / "no-such-data-dir"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SIGQUAL_DATA_DIR": str(data), "HOME": str(tmp_path)}
    env.pop("SIGQUAL_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", PREWARM_ONLY], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["done"] == list(launch.FIRST_PAGE_MODULES)
    assert "sigqual.ui.pages.project" in result["loaded"]
    assert not data.exists()
    assert list(tmp_path.iterdir()) == []  # no database file anywhere else either


def _start(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen, int, Path]:
    port = _free_port()
    log = tmp_path / "server.log"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sigqual.ui.launch", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--logger.level", "debug"],
            cwd=elsewhere, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, port, log


def _wait(predicate: Callable[[], bool], proc: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + 120
    while not predicate():
        assert proc.poll() is None, f"the server stopped:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"{what}:\n{log.read_text()[-3000:]}"
        time.sleep(0.2)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status, resp.read()
    except OSError:
        return 0, b""


@pytest.mark.slow
def test_the_launched_server_serves_and_warms_up_without_touching_data(tmp_path: Path) -> None:
    data = tmp_path / "no-such-data-dir"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SIGQUAL_DATA_DIR": str(data), "HOME": str(tmp_path)}
    env.pop("SIGQUAL_DATABASE_URL", None)
    proc, port, log = _start(tmp_path, env)
    try:
        _wait(lambda: _get(f"http://127.0.0.1:{port}/_stcore/health")[0] == 200, proc, log,
              "the server did not start")
        status, body = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and b"<html" in body.lower()
        _wait(lambda: "prewarm: imported" in log.read_text(), proc, log, "no warm-up")
        assert f"prewarm: imported {len(launch.FIRST_PAGE_MODULES)} modules" in log.read_text()
        assert not data.exists()  # no browser came: the store was never opened
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize(("server_running", "spared"), [(True, True), (False, False)])
def test_the_direct_run_check_is_skipped_only_under_a_server(
        server_running: bool, spared: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit import delta_generator
    from streamlit.runtime import Runtime

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: server_running))
    assert launch.skip_direct_run_check() is spared
    assert delta_generator._use_warning_has_been_displayed is spared
