"""Browser tests: the real app served by Streamlit, driven in Debian's headless Chromium.

Chromium is never downloaded: the tests use /usr/bin/chromium (Debian's `chromium`).
Where it is missing they skip, unless SIGQUAL_REQUIRE_BROWSER=1 (CI) makes that a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SIGQUAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
        if os.environ.get("SIGQUAL_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    url: str
    db: Path
    netlog: Path
    process: subprocess.Popen

    def outbound(self) -> list[str]:
        return self.netlog.read_text(encoding="utf-8").splitlines() if self.netlog.exists() else []

    def stop(self) -> None:
        """Stop the server, forcing it when it does not end within 15 s."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_app(db: Path, tmp_path: Path, extra_env: dict[str, str] | None = None) -> AppServer:
    port = free_port()
    netlog = tmp_path / "outbound.log"
    env = {**os.environ, "SIGQUAL_DATABASE_URL": f"sqlite:///{db}", "SIGQUAL_NETLOG": str(netlog),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), str(ROOT)]),
           "HOME": str(tmp_path), **(extra_env or {})}
    log = open(tmp_path / "server.log", "w", encoding="utf-8")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return AppServer(url, db, netlog, proc)
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("the app did not start:\n" + (tmp_path / "server.log").read_text()[-3000:])


@pytest.fixture
def app_server(demo_db: Path, tmp_path: Path) -> Iterator[AppServer]:
    """The app on a private copy of the sample project."""
    _need_chromium()
    server = start_app(demo_db, tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path: Path) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    pg = context.new_page()
    yield pg
    try:
        pg.screenshot(path=str(tmp_path / "last.png"), full_page=True)
    finally:
        context.close()


def wait_for_app(page) -> None:  # noqa: ANN001
    """Wait until Streamlit has run the script to the end and drawn the page."""
    page.wait_for_selector("[data-testid='stSidebarNav']", timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'", timeout=60_000)
    page.wait_for_timeout(500)
