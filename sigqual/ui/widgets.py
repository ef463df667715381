"""Small building blocks shared by the pages: errors, messages, downloads."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from ..errors import StoreError
from ..models import Project
from ..store import Store
from . import state
from .downloads import Download
from .i18n import t
from .markup import escape_markdown


def show_error(exc: BaseException) -> None:
    """An error as the user should read it: file, line, field and the problem."""
    st.error(escape_markdown(str(exc)), icon=":material/error:")


def show_errors(errors: Iterable[BaseException]) -> None:
    for exc in errors:
        show_error(exc)


def show_flashes() -> None:
    """Messages left by an action that ended with a rerun."""
    for kind, message in state.take_flashes():
        text = escape_markdown(message)
        if kind == "success":
            st.success(text, icon=":material/check_circle:")
        elif kind == "warning":
            st.warning(text, icon=":material/warning:")
        else:
            st.info(text)


def current_project(store: Store) -> Project | None:
    """The project chosen in the sidebar, or None with a hint where to make one."""
    pid = state.project_id()
    if pid is not None:
        try:
            return store.get_project(pid)
        except StoreError:
            state.set_project(None)
    st.info(t("common.no_project"), icon=":material/info:")
    return None


def download_button(download: Download, label: str, key: str) -> None:
    """A download button for prepared bytes; the icon marks it as a file."""
    st.download_button(label, download.data, file_name=download.file_name, mime=download.mime,
                       key=key, icon=":material/download:", on_click="ignore")

