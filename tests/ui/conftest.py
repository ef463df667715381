"""AppTest helpers: a private database per test, a page to start on, and a record of
the bytes behind every download button."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from sigqual.store import Store

from .helpers import Served

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT = 60


def _run_app(app_path: str, start: str | None) -> None:
    """AppTest script: load app.py as a module and start it on the page ``start``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sigqual_app_under_test", app_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(start)


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Each test gets its own empty database and no Store cached from another test.

    Cached exports (st.cache_data) are keyed by the tables' content, so sharing
    them between tests is safe and keeps the suite quick.
    """
    monkeypatch.setenv("SIGQUAL_DATABASE_URL", f"sqlite:///{tmp_path / 'ui.db'}")
    monkeypatch.setenv("SIGQUAL_USER", "Testare")
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def use_db(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], str]:
    """Point the app at an existing database file; returns its URL."""

    def point(path: Path) -> str:
        url = f"sqlite:///{path}"
        monkeypatch.setenv("SIGQUAL_DATABASE_URL", url)
        st.cache_resource.clear()
        return url

    return point


@pytest.fixture
def open_app() -> Callable[..., AppTest]:
    """``open_app()`` runs app.py itself; ``open_app("tabeller")`` starts on that page."""

    def make(start: str | None = None) -> AppTest:
        if start is None:
            at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        else:
            at = AppTest.from_function(_run_app, kwargs={"app_path": str(APP), "start": start},
                                       default_timeout=TIMEOUT)
        return at.run()

    return make


@pytest.fixture
def open_demo(open_app: Callable[..., AppTest], demo_db: Path,
              use_db: Callable[[Path], str]) -> Callable[[str], AppTest]:
    """``open_demo("jamfor")``: that page on a private copy of the sample project, run once."""

    def make(start: str) -> AppTest:
        use_db(demo_db)
        at = open_app(start)
        assert not at.exception, [e.value for e in at.exception]
        return at

    return make


@pytest.fixture
def ui_store() -> Iterator[Store]:
    """A second handle on the test database, as another user or process would have."""
    store = Store.open(os.environ["SIGQUAL_DATABASE_URL"])
    yield store
    store.close()



@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Callable[[object], Served]:
    """Record every file the app registers, and look one up by its button."""
    files: dict[str, Served] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):  # noqa: ANN001, ANN202
        file_id = original(self, path_or_data, mimetype, kind, filename)
        data = path_or_data if isinstance(path_or_data, bytes) else Path(path_or_data).read_bytes()
        files[file_id] = Served(data, mimetype, filename)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)

    def lookup(button: object) -> Served:
        url = button.proto.url  # type: ignore[attr-defined]
        assert url, f"download button {button.label!r} has no file"  # type: ignore[attr-defined]
        file_id = os.path.splitext(url.rsplit("/", 1)[-1])[0]
        return files[file_id]

    return lookup

