"""What surrounds every page: language switch, project picker, data location, footer."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ..errors import SigqualError
from ..models import Project
from ..store import Store
from . import access, login, state
from .coder_field import coder_field
from .i18n import LANGUAGE_NAMES, t
from .markup import escape_markdown
from .resources import database_url, display_url, get_store, is_local
from .widgets import show_error


def language_switch() -> None:
    """One button to the other language, named in that language; drawn before the menu.

    A button rather than a list: with two languages a list only adds a click, and a
    button is drawn from Streamlit's core code, while a select box makes the browser
    fetch its own scripts before the first page counts as drawn.
    """
    other = next(code for code in LANGUAGE_NAMES if code != state.lang())
    st.sidebar.button(t("chrome.other_language"), key="lang-switch", icon=":material/translate:",
                      help=t("chrome.language_help"), on_click=state.put, args=(state.LANG, other),
                      type="tertiary", wrap=True)


def open_store() -> Store | None:
    """The shared store, or None after showing why the database cannot be opened."""
    try:
        return get_store()
    # A folder that cannot be made, a missing database driver or a refused login.
    except (SigqualError, OSError, ImportError, SQLAlchemyError) as exc:
        st.error(t("chrome.db_error", url=escape_markdown(display_url(database_url()))))
        show_error(exc)
        return None


def _initial_project(projects: list[Project]) -> int | None:
    """The sample project when present (what `make run` shows), else the first one."""
    from ..demo import DEMO_NAME

    for project in projects:
        if project.name == DEMO_NAME:
            return project.id
    return projects[0].id if projects else None


def project_sidebar(store: Store) -> Project | None:
    """Project picker, coder name and where the data lives; returns the current project."""
    projects = access.visible_projects(store, store.list_projects())
    ids = [p.id for p in projects]
    if state.project_id() not in ids:
        state.set_project(_initial_project(projects))
    names = {p.id: p.name for p in projects}
    sidebar = st.sidebar
    if len(projects) > 1:  # with one project, the line "Öppet projekt" below says it all
        on_change = state.bind("_project_widget", state.PROJECT)
        sidebar.selectbox(t("chrome.project"), ids, key="_project_widget",
                          format_func=lambda pid: names.get(pid, str(pid)), on_change=on_change)
    elif not projects:
        sidebar.caption(t("chrome.no_projects"))
    if access.team_mode():
        login.account_sidebar()
    else:
        coder_field(store, state.project_id())
    current = next((p for p in projects if p.id == state.project_id()), None)
    if current is not None:
        sidebar.markdown(t("chrome.current", name=escape_markdown(current.name)))
    url = database_url()
    sidebar.caption(t("chrome.data_location", where=escape_markdown(display_url(url))))
    return current


def footer() -> None:
    """The privacy note: local SQLite keeps everything on this computer."""
    st.divider()
    key = "chrome.footer_local" if is_local(database_url()) else "chrome.footer_server"
    st.caption(t(key))
