"""Downloads whose bytes are made only when the button is pressed.

Charts carry all of plotly.js (megabytes) or need a browser to render, and the agreement
report takes a moment to write: building every format on every rerun would slow each
click on the page, so these buttons hold a function instead of the bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class LazyFile:
    """A download: format key, file name, media type and the function that makes it."""

    fmt: str
    file_name: str
    mime: str
    make: Callable[[], bytes]


def lazy_download_button(item: LazyFile, label: str, key: str) -> None:
    """A download button that calls ``item.make`` when pressed (without a rerun)."""
    st.download_button(label, item.make, file_name=item.file_name, mime=item.mime, key=key,
                       icon=":material/download:", on_click="ignore", wrap=True)
