"""The login gate of team mode: nobody sees a page, a project name or a transcript
before the store has checked their password.

Each run re-reads the account, so a user who is disabled (or removed) while signed
in loses access at their next click, and a changed admin flag takes effect at once.
"""

from __future__ import annotations

import streamlit as st

from ..store import Store
from ..throttle import LOGIN_THROTTLE
from . import access, state
from .i18n import t
from .markup import escape_markdown


def gate(store: Store) -> bool:
    """True when the page may run; otherwise the login form is drawn instead."""
    if not access.team_mode():
        return True
    account = state.user()
    if account is not None:
        fresh = next((u for u in store.list_users() if u.username == account.username), None)
        if fresh is not None and not fresh.disabled:
            if fresh != account:
                state.set_user(fresh)
            return True
        state.set_user(None)
        st.warning(t("login.ended"), icon=":material/logout:")
    _login_form(store)
    return False


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
                                          icon=":material/login:")
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(t("login.missing"))
        return
    wait = LOGIN_THROTTLE.wait_seconds(username)
    if wait > 0:
        st.error(t("login.throttled", seconds=int(wait) + 1), icon=":material/timer:")
        return
    account = store.authenticate(username, password)
    if account is None:
        LOGIN_THROTTLE.failed(username)
        st.error(t("login.failed"), icon=":material/lock:")
        return
    LOGIN_THROTTLE.succeeded(username)
    state.set_user(account)
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
    if sidebar.button(t("login.logout"), icon=":material/logout:", key="login-logout"):
        state.set_user(None)
        st.rerun()
