"""The login gate of team mode: nobody sees a page, a project name or a transcript
before the store has checked their password.

A session keeps the account's *session epoch* from its sign-in. Each run of the script
re-reads the account: a removed or disabled account, or one whose epoch has moved on
(its password was reset), is signed out with a message; a changed name or admin flag is
taken over, and project roles are read afresh wherever a page checks them.

Streamlit runs a button's callback *before* the script, so before this gate. Writes
made from callbacks must therefore check the session themselves, through
:func:`current_account` here or ``Store.session_user`` inside the operation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

from ..store import Store, User
from ..throttle import LOGIN_THROTTLE
from . import access, state
from .i18n import t
from .markup import escape_markdown
from .resources import get_store

P = ParamSpec("P")


# Why the last session ended, shown once on the login page (an i18n key).
_ENDED = "sigqual.login.ended"


def gate(store: Store) -> bool:
    """True when the page may run; otherwise the login form is drawn instead."""
    if not access.team_mode():
        return True
    if state.user() is not None and current_account(store) is not None:
        return True
    ended = state.get(_ENDED)
    if ended:
        state.drop(_ENDED)
        st.warning(t(ended), icon=":material/logout:")
    _login_form(store)
    return False


def current_account(store: Store) -> User | None:
    """The signed-in account as the store has it now, or None (and signed out).

    Safe to call from a callback: it only reads the store and session state. A session
    that must end is signed out here and the reason kept for the login page.
    """
    account = state.user()
    if account is None:
        return None
    fresh = store.get_user(account.username)
    if fresh is None or fresh.disabled:
        reason = "login.ended"
    elif fresh.epoch != getattr(account, "epoch", None):
        reason = "login.reauth"
    else:
        if fresh != account:
            state.set_user(fresh)
        return fresh
    state.set_user(None)
    state.put(_ENDED, reason)
    return None


def guard(callback: Callable[P, None]) -> Callable[P, None]:
    """A widget callback that runs only while the session is still valid (team mode).

    Wrap callbacks that write, ``on_click=login.guard(save)``: a session that ended since
    the page was drawn is signed out instead, and the gate then shows the reason.
    """

    @functools.wraps(callback)
    def checked(*args: P.args, **kwargs: P.kwargs) -> None:
        if access.team_mode() and current_account(get_store()) is None:
            return
        callback(*args, **kwargs)

    return checked


def _login_form(store: Store) -> None:
    st.title(t("login.title"))
    st.markdown(t("login.intro"))
    if not store.has_users():
        st.error(t("login.no_accounts"), icon=":material/person_off:")
        return
    with st.form("login-form"):
        username = st.text_input(t("login.username"), key="login-username",
                                 autocomplete="username")
        password = st.text_input(t("login.password"), type="password", key="login-password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("login.submit"), type="primary",
                                          icon=":material/login:", wrap=True)
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(t("login.missing"))
        return
    attempt = LOGIN_THROTTLE.attempt(username, password, store.authenticate)
    if attempt.wait_seconds > 0:
        st.error(t("login.throttled", seconds=int(attempt.wait_seconds) + 1), icon=":material/timer:")
        return
    if attempt.busy:
        st.error(t("login.busy"), icon=":material/hourglass_top:")
        return
    if attempt.account is None:
        st.error(t("login.failed"), icon=":material/lock:")
        return
    state.drop(_ENDED)
    state.set_user(attempt.account)
    st.rerun()


def account_sidebar() -> None:
    """Who is signed in, and the way out; replaces the coder-name box in team mode."""
    account = state.user()
    if account is None:
        return
    sidebar = st.sidebar
    sidebar.markdown(t("login.signed_in_as", name=escape_markdown(account.display_name),
                       user=escape_markdown(account.username)))
    if account.is_admin:
        sidebar.caption(t("login.server_admin"))
    if sidebar.button(t("login.logout"), icon=":material/logout:", key="login-logout", wrap=True):
        state.set_user(None)
        st.rerun()
