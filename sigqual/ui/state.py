"""Per-browser-session choices: current project, coder name and UI language.

Widgets never own these values: each widget has its own key and copies into
the canonical key on change, so a page may switch the project (after creating
one) without touching a widget that was already drawn in the same run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import streamlit as st

PROJECT = "sigqual.project_id"
CODER = "sigqual.coder"
LANG = "sigqual.lang"
USER = "sigqual.user"
LANGUAGES = ("sv", "en")
_COUNTERS = "sigqual.counters"
_FLASH = "sigqual.flash"


def init() -> None:
    """Defaults for a new browser session (Swedish, coder from the OS user)."""
    st.session_state.setdefault(LANG, "sv")
    st.session_state.setdefault(PROJECT, None)
    st.session_state.setdefault(USER, None)
    st.session_state.setdefault(
        CODER, os.environ.get("SIGQUAL_USER") or os.environ.get("USER") or "")
    st.session_state.setdefault(_COUNTERS, {})
    st.session_state.setdefault(_FLASH, [])


def lang() -> str:
    value = st.session_state.get(LANG, "sv")
    return value if value in LANGUAGES else "sv"


def project_id() -> int | None:
    value = st.session_state.get(PROJECT)
    return int(value) if value is not None else None


def set_project(pid: int | None) -> None:
    st.session_state[PROJECT] = pid


def coder() -> str:
    """The signed-in user in team mode, else the name typed in the sidebar."""
    signed_in = user()
    if signed_in is not None:
        return signed_in.username
    return str(st.session_state.get(CODER) or "").strip()


def actor() -> str:
    """Who the audit log names for a change made in this browser session."""
    return coder() or "sigqual-app"


def user() -> Any:
    """The account signed in to this browser session (team mode), or None."""
    return st.session_state.get(USER)


def set_user(account: Any) -> None:
    """Sign in (an account record) or out (None); a new user starts without a project."""
    if account is None or getattr(user(), "username", None) != getattr(account, "username", None):
        st.session_state[PROJECT] = None
    st.session_state[USER] = account


def bind(widget_key: str, canonical: str) -> Callable[[], None]:
    """Prime ``widget_key`` from ``canonical`` and return the on_change that copies back.

    Call before drawing the widget: setting a widget's state is only allowed then.
    """
    if st.session_state.get(widget_key) != st.session_state.get(canonical):
        st.session_state[widget_key] = st.session_state.get(canonical)

    def copy_back() -> None:
        st.session_state[canonical] = st.session_state.get(widget_key)

    return copy_back


def keep(widget_key: str) -> bool:
    """Keep a widget's value while it is not drawn (a closed lazy tab); True if restored.

    Streamlit forgets a widget's state after a run that did not draw it, so a setting in
    a tab that is only drawn while open would fall back to its default when the tab
    reopens. Call this before drawing the widget, in every run that draws it: it copies
    the value to a shadow key, or restores it from there when Streamlit has dropped it.
    A widget restored this way must not also be given a default (``value=``/``default=``).
    """
    shadow = f"sigqual.kept.{widget_key}"
    if widget_key in st.session_state:
        st.session_state[shadow] = st.session_state[widget_key]
        return False
    if shadow in st.session_state:
        st.session_state[widget_key] = st.session_state[shadow]
        return True
    return False


def versioned_key(name: str) -> str:
    """A widget key that :func:`reset` changes, which empties e.g. a file uploader."""
    return f"{name}#{st.session_state.setdefault(_COUNTERS, {}).get(name, 0)}"


def reset(name: str) -> None:
    counters = st.session_state.setdefault(_COUNTERS, {})
    counters[name] = counters.get(name, 0) + 1


def flash(kind: str, message: str) -> None:
    """A message to show after the rerun that follows an action (e.g. 'saved')."""
    st.session_state.setdefault(_FLASH, []).append((kind, message))


def take_flashes() -> list[tuple[str, str]]:
    messages: list[tuple[str, str]] = list(st.session_state.get(_FLASH, []))
    st.session_state[_FLASH] = []
    return messages


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def drop(key: str) -> None:
    st.session_state.pop(key, None)
