"""Record download buttons whose file is made on demand (a callable given as ``data``).

Streamlit keeps such a callable until the browser asks for the file; the fixture keeps a
copy so a test can "press" the button and get the bytes a user would download.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from .helpers import Served


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Callable[[object], Served]:
    """``deferred(button)`` runs the button's callable and returns what it would serve."""
    made: dict[str, tuple[Callable[[], object], str | None, str | None]] = {}
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):  # noqa: ANN001, ANN202
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        made[file_id] = (data_callable, mimetype, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)

    def press(button: object) -> Served:
        file_id = button.proto.deferred_file_id  # type: ignore[attr-defined]
        assert file_id, f"download button {button.label!r} makes no file on demand"  # type: ignore[attr-defined]
        make, mime, name = made[file_id]
        data = make()
        return Served(data if isinstance(data, bytes) else str(data).encode("utf-8"), mime or "", name)

    return press
