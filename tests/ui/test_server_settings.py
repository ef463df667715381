"""The safety settings hold however the app is started, also from another folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from sigqual.cli.admin import APP
from sigqual.serving import CLIENT_OPTIONS, SERVER_OPTIONS, streamlit_flags

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {**SERVER_OPTIONS, **CLIENT_OPTIONS}

# Load the config the way `streamlit run /abs/app.py` does, from an unrelated working
# directory, then import app.py; print the effective options before and after.
PROBE = """
import importlib.util, json, sys
from streamlit import config
from streamlit.web import bootstrap
config._main_script_path = sys.argv[1]
bootstrap.load_config_options(flag_options={})
keys = json.loads(sys.argv[2])
before = {k: config.get_option(k) for k in keys}
spec = importlib.util.spec_from_file_location("sigqual_app", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
after = {k: config.get_option(k) for k in keys}
print(json.dumps({"before": before, "after": after}))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HOME=str(tmp_path), SIGQUAL_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    env.pop("SIGQUAL_DATABASE_URL", None)
    return env


def test_the_config_file_holds_the_safe_values() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "localhost"


def test_options_are_safe_when_started_from_another_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, "-c", PROBE, str(APP.resolve()), json.dumps(list(EXPECTED))],
                            cwd=elsewhere, env=_env(tmp_path), capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    options = json.loads(result.stdout.strip().splitlines()[-1])
    assert options["before"] == EXPECTED  # from the config file beside app.py
    assert options["after"] == EXPECTED  # and app.py keeps them


def test_serve_passes_every_safety_flag() -> None:
    flags = streamlit_flags(port=8600)
    pairs = dict(zip(flags[::2], flags[1::2], strict=True))
    assert pairs["--client.showErrorDetails"] == "none"
    assert pairs["--browser.gatherUsageStats"] == "false"
    assert pairs["--server.address"] == "localhost"
    assert pairs["--server.port"] == "8600"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _outside_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            address = str(s.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.mark.slow
def test_a_server_started_elsewhere_listens_on_loopback_only(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(APP.resolve()),
                               "--server.headless", "true", "--server.port", str(port)],
                              cwd=elsewhere, env=_env(tmp_path), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    assert r.read() == b"ok"
                    break
            except OSError:
                assert server.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        outside = _outside_address()
        if outside is not None:
            with socket.socket() as probe:
                probe.settimeout(2)
                assert probe.connect_ex((outside, port)) != 0, "reachable from outside loopback"
    finally:
        server.terminate()
        server.wait(timeout=30)
