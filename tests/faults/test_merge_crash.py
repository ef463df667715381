"""A process killed in the middle of a merge leaves the old codebook or the new one, never a mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sigqual.codebook_edit import merge_plan
from sigqual.store import Store

from ..pg import fresh_pg_database
from ..store.helpers import CODEBOOK

WORKER = Path(__file__).with_name("merge_worker.py")
TEXT = "IP: " + "ord " * 200 + "\n"
SOURCE, TARGET = "uo-info", "ff-struktur"
CODINGS = 12


def _prepare(url: str) -> tuple[int, list[tuple[str, int, int, str]]]:
    store = Store.open(url)
    pid = store.create_project("Krasch", CODEBOOK)
    doc = store.add_document(pid, name="d", text=TEXT, turns=[], attributes={"group": "foraldrar"})
    for i in range(CODINGS):
        store.add_coding(pid, doc, SOURCE, 4 + 4 * i, 7 + 4 * i, coder="anna")
    store.add_coding(pid, doc, TARGET, 4, 7, coder="anna")  # folds into the merged coding
    store.add_coding(pid, doc, "t-moten", 4, 7, coder="bo")
    before = _codings(store, pid)
    store.close()
    return pid, before


def _codings(store: Store, pid: int) -> list[tuple[str, int, int, str]]:
    return sorted((c.code_key, c.start, c.end, c.coder) for c in store.list_codings(pid))


def _crash(url: str, pid: int, after: int, mode: str) -> None:
    proc = subprocess.Popen([sys.executable, str(WORKER), url, str(pid), SOURCE, TARGET, str(after),
                             mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line == "inside", proc.stderr.read() if proc.stderr else line
    if mode == "wait":
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == (-signal.SIGKILL if mode == "wait" else 9)


def _check(url: str, pid: int, before: list[tuple[str, int, int, str]]) -> None:
    store = Store.open(url)
    try:
        codebook = store.codebook(pid)
        after = _codings(store, pid)
        assert after, "the project lost its codings"
        # The crash rolled everything back: the old codebook with every coding as it was.
        assert codebook == CODEBOOK
        assert after == before
        # ... and the merge can simply be done again, to the planned codebook.
        assert store.merge_codes(pid, SOURCE, TARGET) == CODINGS
        assert store.codebook(pid) == merge_plan(CODEBOOK, SOURCE, TARGET).codebook
        moved = _codings(store, pid)
        assert moved and all(code != SOURCE for code, *_ in moved)
        assert len(moved) == len(before) - 1  # the duplicate of the first span folded
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.xdist_group("faults")
@pytest.mark.parametrize(("after", "mode"), [(0, "exit"), (5, "exit"), (CODINGS - 1, "wait")])
def test_a_merge_killed_midway_leaves_the_old_codebook(tmp_path: Path, after: int, mode: str) -> None:
    url = f"sqlite:///{tmp_path / 'merge.db'}"
    pid, before = _prepare(url)
    _crash(url, pid, after, mode)
    _check(url, pid, before)


@pytest.mark.slow
@pytest.mark.xdist_group("faults")
def test_a_merge_killed_midway_on_postgresql() -> None:
    with fresh_pg_database() as url:
        pid, before = _prepare(url)
        _crash(url, pid, 5, "wait")
        _check(url, pid, before)
