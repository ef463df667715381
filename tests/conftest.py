"""Shared fixtures: real SQLite files in tmp_path and the sample project."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from ruamel.yaml import YAML

from sigqual.store import Store

ROOT = Path(__file__).resolve().parent.parent

# The suite ranks with the lexical engine unless a test asks for the embedding model
# itself, and never writes embedding vectors into the user's data directory.
os.environ.setdefault("SIGQUAL_EMBEDDINGS", "off")
os.environ.setdefault("SIGQUAL_VECTOR_CACHE",
                      str(Path(tempfile.mkdtemp(prefix="sigqual-test-vectors-")) / "vectors.sqlite"))

# Property tests are derandomized by default, so a suite that passed passes again on
# the same code; HYPOTHESIS_PROFILE=explore draws new examples to hunt for bugs.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def shared_dir(name: str, env: str) -> Path:
    """A folder of the shared material beside the checkout (or named by ``env``)."""
    if os.environ.get(env):
        return Path(os.environ[env])
    return ROOT.parent / "shared" / name


@pytest.fixture(scope="session")
def reference() -> dict:
    """The reference study's tables, verbatim."""
    path = shared_dir("reference", "SIGQUAL_REFERENCE_DIR") / "huddinge-2014-tables.yaml"
    if not path.exists():
        pytest.skip(f"reference tables not found at {path}")
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in a real SQLite file."""
    s = Store.open(tmp_path / "project.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The sample project built once per test session (per worker)."""
    from sigqual.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = Store.open(path)
    pid = build_demo(s)
    s.close()
    return path, pid


@pytest.fixture
def demo_db(demo_template: tuple[Path, int], tmp_path: Path) -> Path:
    """A private copy of the sample project's database file."""
    src, _pid = demo_template
    dst = tmp_path / "demo.db"
    shutil.copyfile(src, dst)
    return dst


@pytest.fixture
def demo(demo_db: Path, demo_template: tuple[Path, int]) -> tuple[Store, int]:
    """(store, project id) of a private copy of the sample project."""
    s = Store.open(demo_db)
    yield s, demo_template[1]
    s.close()
