"""Many processes coding at once: no lost and no duplicated codings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sigqual.store import Store

from ..pg import fresh_pg_database
from ..store.helpers import CODEBOOK

WORKER = Path(__file__).with_name("worker.py")
PROCESSES = 8
PER_PROCESS = 500
TEXT = "IP: " + "abcdefghij åäö " * 400 + "\n"


def _prepare(url: str) -> tuple[int, int]:
    store = Store.open(url)
    pid = store.create_project("Fault", CODEBOOK)
    doc_id = store.add_document(pid, name="d", text=TEXT, turns=[], attributes={"group": "aktorer"})
    store.close()
    return pid, doc_id


def _run_workers(url: str, pid: int, doc_id: int, jobs: list[tuple[str, int]]) -> list[str]:
    procs = [
        subprocess.Popen([sys.executable, str(WORKER), url, str(pid), str(doc_id), coder, str(first),
                          str(PER_PROCESS)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for coder, first in jobs
    ]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
        outputs.append(out)
    return outputs


def _check(url: str, pid: int, jobs: list[tuple[str, int]]) -> None:
    store = Store.open(url)
    codings = store.list_codings(pid)
    keys = [(c.coder, c.start) for c in codings]
    assert len(keys) == len(set(keys)), "duplicated codings"
    expected = {(coder, start) for coder, first in jobs for start in range(first, first + PER_PROCESS)}
    assert set(keys) == expected, "lost codings"
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'concurrency.db'}"
        return
    with fresh_pg_database() as pg:
        yield pg


@pytest.mark.slow
@pytest.mark.xdist_group("faults")
def test_eight_processes_distinct_codings(url: str) -> None:
    pid, doc_id = _prepare(url)
    jobs = [(f"coder-{i}", i * PER_PROCESS) for i in range(PROCESSES)]
    outputs = _run_workers(url, pid, doc_id, jobs)
    assert sum(out.count("ack") for out in outputs) == PROCESSES * PER_PROCESS
    _check(url, pid, jobs)


@pytest.mark.slow
@pytest.mark.xdist_group("faults")
def test_eight_processes_racing_on_the_same_codings(url: str) -> None:
    """Every process writes the same spans for the same coder: each must exist once."""
    pid, doc_id = _prepare(url)
    jobs = [("delad", 0)] * PROCESSES
    _run_workers(url, pid, doc_id, jobs)
    _check(url, pid, [("delad", 0)])
