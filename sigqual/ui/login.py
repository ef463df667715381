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
from .i18n import register, t
from .markup import escape_markdown

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
    "login.signed_in_as": {"sv": "Inloggad som **{name}** ({user})",
                           "en": "Signed in as **{name}** ({user})"},
    "login.server_admin": {"sv": "serveradministratör", "en": "server administrator"},
    "login.logout": {"sv": "Logga ut", "en": "Sign out"},
})


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
