"""Small building blocks shared by the pages: errors, messages, downloads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import streamlit as st

from ..app import blind_from_settings
from ..errors import SigqualError, StoreError
from ..models import Project
from ..store import Store
from . import state
from .i18n import describe_error, t
from .markup import escape_markdown
from .resources import codings_frame

if TYPE_CHECKING:
    import pandas as pd

    from .downloads import Download


def show_error(exc: BaseException) -> None:
    """An error as the user should read it, in the UI's language: file, line, field, problem."""
    st.error(escape_markdown(describe_error(exc)), icon=":material/error:")


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
                       key=key, icon=":material/download:", on_click="ignore", wrap=True)



def blind(project: Project) -> bool:
    """The project's blind-coding setting, read by the layer's one rule (malformed = blind).

    A malformed value is also shown, so an administrator can set it right.
    """
    from ..agreement.blind import is_blind  # the agreement package loads on use

    try:
        is_blind(project.settings)
    except SigqualError as exc:
        show_error(exc)
    return blind_from_settings(project.settings)


def blind_notice(project: Project) -> bool:
    """Tell the user when the page shows only their own codings; True while blind."""
    if not blind(project):
        return False
    coder = state.coder()
    if coder:
        st.info(t("blind.own_only", coder=escape_markdown(coder)), icon=":material/visibility_off:")
    else:
        st.info(t("blind.no_coder"), icon=":material/visibility_off:")
    return True


def visible_frame(project: Project, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The project's codings this user may see: only their own while it is coded blind.

    Pass ``frame`` when the page already holds the project's codings frame.
    """
    from .access import session

    everything = codings_frame(project.id) if frame is None else frame
    return session(project.id).visible_codings(everything)
