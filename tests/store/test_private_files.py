"""The SQLite file and its -wal/-shm companions are made private, and a companion that
another process removes meanwhile is no error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sigqual.store import base


def test_loose_files_are_tightened(tmp_path: Path) -> None:
    db = tmp_path / "data" / "sigqual.db"
    db.parent.mkdir()
    for path in (db, Path(f"{db}-wal")):
        path.write_bytes(b"")
        os.chmod(path, 0o644)
    base.make_private(db)
    assert [p.stat().st_mode & 0o777 for p in (db, Path(f"{db}-wal"))] == [0o600, 0o600]
    assert not Path(f"{db}-shm").exists()  # a missing companion is left missing


@pytest.mark.parametrize("companion", ["-wal", "-shm"])
def test_a_companion_removed_meanwhile_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  companion: str) -> None:
    """The app's SQLite removes its -wal when its last connection closes, which can happen
    between our look at the file and our change of it (seen as a failed open in the CLI)."""
    db = tmp_path / "sigqual.db"
    db.write_bytes(b"")
    gone = Path(f"{db}{companion}")
    gone.write_bytes(b"")
    os.chmod(gone, 0o644)
    real_chmod = os.chmod

    def racing_chmod(path: os.PathLike[str] | str, mode: int) -> None:
        if Path(path) == gone:
            gone.unlink()  # the other process closes first
        real_chmod(path, mode)

    monkeypatch.setattr(base.os, "chmod", racing_chmod)
    base.make_private(db)
    assert not gone.exists() and db.stat().st_mode & 0o777 == 0o600
