"""The coder name in the sidebar: offered from the project's coders, remembered in the
page address (``?coder=``) so a reload or a bookmark keeps it, and a new spelling of
a known name is questioned before it becomes a second coder."""

from __future__ import annotations

import streamlit as st

from ..coding.coders import similar_coders, tidy_name
from ..store import Store
from . import state
from .i18n import t
from .markup import escape_markdown

PARAM = "coder"
_WIDGET = "_coder_widget"
_PENDING = "sigqual.coder_pending"
_FROM_URL = "sigqual.coder_from_url"


@st.cache_resource(show_spinner=False, max_entries=32)
def _known(url: str, project_id: int, revision: tuple[int, int, str], _store: Store) -> tuple[str, ...]:
    return tuple(_store.list_coders(project_id))


def known_coders(store: Store, project_id: int | None) -> list[str]:
    """The project's coders (read again only after a write)."""
    if project_id is None:
        return []
    return list(_known(store.url, project_id, store.revision(), store))


def _use(name: str) -> None:
    """Make ``name`` this browser's coder and put it in the address."""
    name = tidy_name(name)
    st.session_state[state.CODER] = name
    st.session_state[_WIDGET] = name or None
    st.session_state.pop(_PENDING, None)
    if name:
        st.query_params[PARAM] = name
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def _chosen(known: list[str]) -> None:
    typed = tidy_name(str(st.session_state.get(_WIDGET) or ""))
    alike = similar_coders(typed, known) if typed else []
    if alike:
        # Not yet: the sidebar asks first, and the widget shows the coder still in use.
        st.session_state[_PENDING] = (typed, alike)
        st.session_state[_WIDGET] = state.coder() or None
        return
    _use(typed)


def _adopt_address() -> None:
    """Once per browser session, a ``?coder=`` in the address wins over the default."""
    if st.session_state.get(_FROM_URL):
        return
    st.session_state[_FROM_URL] = True
    named = tidy_name(str(st.query_params.get(PARAM) or ""))
    if named:
        st.session_state[state.CODER] = named


def coder_field(store: Store, project_id: int | None) -> None:
    """The sidebar's coder choice (single-user mode; team mode names the account)."""
    _adopt_address()
    current = state.coder()
    if current and st.query_params.get(PARAM) != current:
        st.query_params[PARAM] = current
    known = known_coders(store, project_id)
    options = list(dict.fromkeys([*known, *([current] if current else [])]))
    if st.session_state.get(_WIDGET) != (current or None):
        st.session_state[_WIDGET] = current or None
    sidebar = st.sidebar
    # The name is shown on the button and chosen in its popover: set once, rarely changed,
    # and the list's scripts then load when it is opened, not with every first page.
    label = (t("chrome.coder_button", name=escape_markdown(current)) if current
             else t("chrome.coder_unset"))
    with sidebar.popover(label, icon=":material/badge:", width="stretch", wrap=True):
        st.selectbox(t("chrome.coder"), options, key=_WIDGET, accept_new_options=True,
                     placeholder=t("coder.placeholder"), help=t("chrome.coder_help"),
                     on_change=_chosen, args=(known,))
    pending = st.session_state.get(_PENDING)
    if not pending:
        return
    typed, alike = pending
    sidebar.warning(t("coder.alike", new=escape_markdown(typed),
                      known=", ".join(f"**{escape_markdown(n)}**" for n in alike)),
                    icon=":material/person_search:")
    for i, name in enumerate(alike):
        sidebar.button(t("coder.use", name=escape_markdown(name)), key=f"coder-use-{i}",
                       on_click=_use, args=(name,), width="stretch", wrap=True)
    sidebar.button(t("coder.new", name=escape_markdown(typed)), key="coder-new", on_click=_use,
                   args=(typed,), width="stretch", wrap=True)
