"""``python -m sigqual.ui.launch [options]``: ``streamlit run app.py [options]`` that
uses the browser's start-up time (what ``make run`` and ``sigqual serve`` start).

After its first HTTP response the browser spends a second or so loading Streamlit's
JavaScript before it opens the websocket and the script runs; the server process is
idle meanwhile. This launcher runs Streamlit's own ``run`` command in this process
(same options, same ``.streamlit/config.toml``) and a daemon thread that, once the
server accepts connections, *imports* the modules the first page needs (SQLAlchemy,
the store, the shell and the Projekt page, whose document overview needs no pandas)
and reads the translation catalogue. It opens no database, loads no model and
touches no session.

``app.py`` calls :func:`wait_for_prewarm` before its own imports, so the script never
imports alongside the thread (no half-initialised module); the thread does exactly
the imports the script would otherwise do itself. Started by ``streamlit run app.py``
there is no thread and the call returns at once.
"""

from __future__ import annotations

import importlib
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

APP = Path(__file__).resolve().parent.parent.parent / "app.py"

# What the first page (Projekt on a project) imports, in the order app.py imports it.
FIRST_PAGE_MODULES: tuple[str, ...] = (
    "sqlalchemy",
    "sqlalchemy.dialects.sqlite",  # the default embedded database
    "sigqual.serving",
    "sigqual.ui.chrome",
    "sigqual.ui.login",
    "sigqual.ui.navigation",
    "sigqual.ui.state",
    "sigqual.ui.pages.project",
)
SERVER_WAIT_S = 60.0
SCRIPT_WAIT_S = 120.0
WARM_UP_SWITCH_S = 0.001
_POLL_S = 0.02
_DIRECT_RUN_FLAG = "_use_warning_has_been_displayed"

_thread: threading.Thread | None = None
_imported: list[str] = []


def prewarm(modules: Sequence[str] = FIRST_PAGE_MODULES) -> list[str]:
    """Import ``modules`` (a missing optional one is skipped) and return those imported."""
    done: list[str] = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:  # e.g. an optional driver; the script will say so itself
            continue
        done.append(name)
    return done


def skip_direct_run_check() -> bool:
    """Spare the first page Streamlit's "not started by streamlit run" check; True if spared.

    Before the first element of a process, Streamlit asks ``inspect.stack()`` whether it
    runs in a REPL, to print a warning there. Walking the stack maps every loaded module to
    its file: half a second with the app's modules loaded, on the first page's path. Under
    a running server (``Runtime.exists()``) that warning is never printed whatever the
    answer, so the check is marked done. Streamlit keeps the mark in a private flag; when a
    release renames it, this does nothing and Streamlit checks as before.
    """
    from streamlit import delta_generator
    from streamlit.runtime import Runtime

    if not Runtime.exists() or not hasattr(delta_generator, _DIRECT_RUN_FLAG):
        return False
    setattr(delta_generator, _DIRECT_RUN_FLAG, True)
    return True


def _probe_host(address: str) -> str:
    """Where to knock for ``server.address``: an all-interfaces bind answers on loopback."""
    return "localhost" if address in ("", "0.0.0.0", "::") else address


def server_accepts(port: int, address: str = "localhost", timeout: float = 0.2) -> bool:
    """True when something accepts TCP connections at ``address:port``."""
    try:
        with socket.create_connection((_probe_host(address), port), timeout=timeout):
            return True
    except OSError:
        return False


def _streamlit_endpoint() -> tuple[str, int] | None:
    """The configured address and port once Streamlit's runtime exists (config loaded)."""
    from streamlit import config
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    return str(config.get_option("server.address") or ""), int(config.get_option("server.port"))


def wait_for_server(endpoint: Callable[[], tuple[str, int] | None] = _streamlit_endpoint,
                    timeout: float = SERVER_WAIT_S) -> bool:
    """Block until the server accepts connections; False after ``timeout`` seconds.

    Waiting keeps the imports from slowing the server's own start and its first HTTP
    response; from then on the process only serves static files until the websocket opens.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        where = endpoint()
        if where is not None:
            address, port = where
            if address.startswith("unix://") or server_accepts(port, address):
                return True
        time.sleep(_POLL_S)
    return False


def _prewarm_when_served(endpoint: Callable[[], tuple[str, int] | None],
                         modules: Sequence[str]) -> None:
    from streamlit.logger import get_logger  # Streamlit's handler and --logger.level

    log = get_logger(__name__)
    if not wait_for_server(endpoint):
        log.debug("prewarm: the server did not answer in time; importing anyway")
    started = time.perf_counter()
    # The server thread still sends the browser its JavaScript meanwhile; a shorter switch
    # interval hands it the GIL sooner when it has a request to answer.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, WARM_UP_SWITCH_S))
    try:
        _imported[:] = prewarm(modules)
        # The menu's titles need the translations: parsed from the .po files on a first
        # start (a quarter of a second), read from their cache after that.
        from sigqual.i18n import catalogue

        catalogue()
    except Exception:  # noqa: BLE001 - a failed warm-up must never stop the server;
        # the script imports the same modules and reports the error in the page.
        log.debug("prewarm failed", exc_info=True)
        return
    finally:
        sys.setswitchinterval(interval)
    log.debug("prewarm: imported %d modules in %.2f s", len(_imported), time.perf_counter() - started)


def start_prewarm(endpoint: Callable[[], tuple[str, int] | None] = _streamlit_endpoint,
                  modules: Sequence[str] = FIRST_PAGE_MODULES) -> threading.Thread:
    """Start the daemon thread that imports ``modules`` once the server answers."""
    global _thread  # noqa: PLW0603 - one warm-up per server process
    _thread = threading.Thread(target=_prewarm_when_served, args=(endpoint, modules),
                               name="sigqual-prewarm", daemon=True)
    _thread.start()
    return _thread


def wait_for_prewarm(timeout: float = SCRIPT_WAIT_S) -> None:
    """Let a running warm-up finish before the script imports the same modules."""
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join(timeout)


def prewarmed() -> list[str]:
    """The modules the warm-up imported (empty before it ran or without the launcher)."""
    return list(_imported)


def main(argv: Sequence[str] | None = None) -> int:
    """``streamlit run app.py`` with ``argv`` as its options, plus the warm-up thread."""
    from streamlit.web import cli as streamlit_cli

    options = list(sys.argv[1:] if argv is None else argv)
    start_prewarm()
    try:
        streamlit_cli.main(args=["run", str(APP), *options], prog_name="streamlit")
    except SystemExit as done:  # click ends the command with SystemExit
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":
    # Run the module under its own name, so app.py finds this thread in sys.modules.
    from sigqual.ui.launch import main as _main

    sys.exit(_main())
