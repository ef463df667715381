"""SIGKILL in the middle of a stream of codings loses nothing acknowledged."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sigqual.store import Store

from .test_concurrency import WORKER, _prepare


@pytest.mark.slow
@pytest.mark.xdist_group("faults")
@pytest.mark.parametrize("kill_after", [1, 57, 240])
def test_sigkill_keeps_every_acknowledged_coding(tmp_path: Path, kill_after: int) -> None:
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    pid, doc_id = _prepare(url)
    proc = subprocess.Popen([sys.executable, str(WORKER), url, str(pid), str(doc_id), "anna", "0",
                             "5000"], stdout=subprocess.PIPE, text=True)
    acked: list[int] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        acked.append(int(line.split()[1]))
        if len(acked) >= kill_after:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    # acknowledgements already in the pipe were given before the kill: they count too
    acked += [int(line.split()[1]) for line in proc.stdout.read().splitlines() if line.startswith("ack")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = Store.open(url)
    stored = {c.start for c in store.list_codings(pid)}
    assert set(acked) <= stored
    # at most the one coding in flight may have committed without its acknowledgement
    assert len(stored - set(acked)) <= 1
