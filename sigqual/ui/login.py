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
from .i18n import register, t
from .markup import escape_markdown
from .resources import get_store

P = ParamSpec("P")

register({
    "login.title": {"sv": "Logga in", "en": "Sign in"},
    "login.intro": {
        "sv": "Den här sigqual-servern delas av ett team. Logga in med ditt konto; "
              "du ser bara projekt där du har en roll.",
        "en": "This sigqual server is shared by a team. Sign in with your account; "
              "you only see projects in which you have a role.",
    },
    "login.username": {"sv": "Användarnamn", "en": "User name"},
    "login.password": {"sv": "Lösenord", "en": "Password"},
    "login.submit": {"sv": "Logga in", "en": "Sign in"},
    "login.throttled": {
        "sv": "För många misslyckade inloggningar för det här kontot. Vänta {seconds} sekunder "
              "och försök igen.",
        "en": "Too many failed sign-ins for this account. Wait {seconds} seconds and try again.",
    },
    "login.failed": {
        "sv": "Inloggningen misslyckades: fel användarnamn eller lösenord, eller så är "
              "kontot avstängt.",
        "en": "Sign-in failed: wrong user name or password, or the account is disabled.",
    },
    "login.missing": {"sv": "Fyll i användarnamn och lösenord.",
                      "en": "Enter a user name and a password."},
    "login.no_accounts": {
        "sv": "Servern har inga konton ännu. Skapa ett administratörskonto på servern med "
              "`sigqual user add NAMN --admin`.",
        "en": "The server has no accounts yet. Create an administrator account on the server "
              "with `sigqual user add NAME --admin`.",
    },
    "login.ended": {
        "sv": "Din inloggning har avslutats: kontot är avstängt eller borttaget.",
        "en": "Your session has ended: the account is disabled or removed.",
    },
    "login.reauth": {
        "sv": "Din inloggning har avslutats eftersom lösenordet har bytts eller kontot har "
              "ändrats av en administratör. Logga in igen.",
        "en": "Your session has ended because the password was changed or an administrator "
              "changed the account. Sign in again.",
    },
    "login.busy": {
        "sv": "Servern kontrollerar många inloggningar just nu. Försök igen om en stund.",
        "en": "The server is checking many sign-ins right now. Try again in a moment.",
    },
    "login.signed_in_as": {"sv": "Inloggad som **{name}** ({user})",
                           "en": "Signed in as **{name}** ({user})"},
    "login.server_admin": {"sv": "serveradministratör", "en": "server administrator"},
    "login.logout": {"sv": "Logga ut", "en": "Sign out"},
})


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
                                          icon=":material/login:")
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
    if sidebar.button(t("login.logout"), icon=":material/logout:", key="login-logout"):
        state.set_user(None)
        st.rerun()
