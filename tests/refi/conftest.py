"""Where the REFI-QDA schemas and sample exports are ($SIGQUAL_REFI_DIR or ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.refi.schema import CODEBOOK_XSD, PROJECT_XSD, refi_dir
from sigqual.store import Store

from .helpers import build_small


@pytest.fixture(scope="session")
def refi_path() -> Path:
    path = refi_dir()
    if not (path / PROJECT_XSD).exists() or not (path / CODEBOOK_XSD).exists():
        pytest.skip(f"REFI-QDA schemas not found in {path} (set SIGQUAL_REFI_DIR)")
    return path


@pytest.fixture(scope="session")
def samples(refi_path: Path) -> Path:
    path = refi_path / "samples"
    if not path.is_dir():
        pytest.skip(f"REFI-QDA sample exports not found in {path}")
    return path


@pytest.fixture
def small(store: Store) -> tuple[Store, int]:
    """A small project with two coders and a memo on every kind of anchor."""
    return store, build_small(store)
