"""The launcher behind `make run` in a real browser: Projekt renders on the sample project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ui.test_launch import ROOT, _get, _start, _wait

pytestmark = pytest.mark.e2e


def test_the_launched_app_shows_projekt_in_a_browser(tmp_path: Path, page) -> None:  # noqa: ANN001
    from sigqual.demo import ensure_demo
    from sigqual.store import Store, sqlite_url

    db = tmp_path / "sigqual.db"
    store = Store.open(sqlite_url(db))
    ensure_demo(store)
    store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SIGQUAL_DATABASE_URL": f"sqlite:///{db}",
           "HOME": str(tmp_path)}
    proc, port, log = _start(tmp_path, env)
    try:
        _wait(lambda: _get(f"http://127.0.0.1:{port}/_stcore/health")[0] == 200, proc, log,
              "the server did not start")
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_role("heading", name="Projekt").wait_for(timeout=60_000)
        page.get_by_text("Dokument", exact=True).first.wait_for(timeout=60_000)
        assert page.get_by_test_id("stException").count() == 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
