"""*Administration*: the project's members and roles, the server's user accounts
(server administrators only) and the audit log of every change, filterable and
exportable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...errors import SigqualError
from ...models import Project
from ...store import ROLES, Store, User
from .. import access, state
from ..admin_view import (
    AUDIT_FORMATS,
    AuditFilter,
    audit_display,
    audit_download,
    change_rows,
    check_new_password,
    entry_label,
    filter_audit,
    members_frame,
    normalise_audit,
    users_frame,
)
from ..downloads import format_name
from ..i18n import t
from ..markup import escape_markdown
from ..resources import get_store
from ..widgets import download_button, show_error, show_flashes

_ROLE_KEYS = {"reader": "access.role.reader", "coder": "access.role.coder",
              "admin": "access.role.admin"}


def render() -> None:
    """The Administration page."""
    store = get_store()
    st.title(t("admin.title"))
    show_flashes()
    if not access.is_server_admin():
        # Anyone else needs the admin role in the open project to see anything here.
        access.require("admin")
    if not access.team_mode():
        st.caption(t("admin.single_user"))
    project = _project(store)
    members_tab, users_tab, audit_tab = st.tabs(
        [t("admin.tab.members"), t("admin.tab.users"), t("admin.tab.audit")])
    with members_tab:
        if project is None:
            st.info(t("admin.no_project"), icon=":material/info:")
        elif access.require("members", project.id, stop=False):
            _members(store, project)
    with users_tab:
        if access.require("server", stop=False):
            _users(store)
    with audit_tab:
        _audit(store, project)


def _project(store: Store) -> Project | None:
    pid = state.project_id()
    if pid is None:
        return None
    try:
        return store.get_project(pid)
    except SigqualError:
        return None


def _role_labels() -> dict[str, str]:
    return {role: t(_ROLE_KEYS[role]) for role in ROLES}


def _act(action: object, message: str) -> None:
    """Run a store change; success reruns with a message, failure shows why."""
    try:
        action()  # type: ignore[operator]
    except SigqualError as exc:
        show_error(exc)
        return
    state.flash("success", message)
    st.rerun()


# -- members -------------------------------------------------------------------

def _members(store: Store, project: Project) -> None:
    users = store.list_users()
    members = store.members(project.id)
    roles = _role_labels()
    st.markdown(t("admin.members.of", name=escape_markdown(project.name)))
    if members:
        frame = members_frame(members, users)
        frame["role"] = [roles.get(r, r) for r in frame["role"]]
        st.dataframe(frame, hide_index=True, column_config={
            "username": t("admin.col.username"), "display_name": t("admin.col.display_name"),
            "role": t("admin.col.role")})
    else:
        st.info(t("admin.members.none"))
    active = [u.username for u in users if not u.disabled]
    if not active:
        st.caption(t("admin.members.no_users"))
        return
    st.markdown(f"**{t('admin.members.grant')}**")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        who = st.selectbox(t("admin.members.user"), active, key="admin-grant-user")
        role = st.selectbox(t("admin.members.role"), list(ROLES), key="admin-grant-role",
                            format_func=roles.__getitem__, index=1)
        if st.button(t("admin.members.grant_run"), type="primary", key="admin-grant", wrap=True):
            _act(lambda: access.session(project.id, store).grant(who, role),
                 t("admin.members.granted", user=who, role=roles[role]))
        names = [m[0] for m in members]
        if names and who in names and st.button(t("admin.members.revoke"), key="admin-revoke",
                                                icon=":material/person_remove:", wrap=True):
            _act(lambda: access.session(project.id, store).revoke(who),
                 t("admin.members.revoked", user=who))


# -- users ---------------------------------------------------------------------

def _users(store: Store) -> None:
    users = store.list_users()
    if users:
        st.dataframe(users_frame(users), hide_index=True, column_config={
            "username": t("admin.col.username"), "display_name": t("admin.col.display_name"),
            "is_admin": st.column_config.CheckboxColumn(t("admin.col.is_admin")),
            "disabled": st.column_config.CheckboxColumn(t("admin.col.disabled"))})
    else:
        st.info(t("admin.users.none"))
    left, right = st.columns(2)
    with left:
        _create_user(store)
    with right:
        if users:
            _manage_user(store, users)


def _create_user(store: Store) -> None:
    st.markdown(f"**{t('admin.users.create')}**")
    with st.form("admin-create-user", clear_on_submit=True):
        username = st.text_input(t("admin.users.username"), key="admin-new-username")
        name = st.text_input(t("admin.users.display_name"), key="admin-new-name")
        password = st.text_input(t("admin.users.password"), type="password",
                                 key="admin-new-password", help=t("admin.users.password_help"))
        repeated = st.text_input(t("admin.users.repeat"), type="password", key="admin-new-repeat")
        is_admin = st.checkbox(t("admin.users.is_admin"), key="admin-new-is-admin", wrap=True)
        submitted = st.form_submit_button(t("admin.users.create_run"), type="primary",
                                          icon=":material/person_add:", wrap=True)
    if submitted:
        _act(lambda: access.session(None, store).create_user(
                 username, check_new_password(password, repeated), display_name=name.strip(),
                 is_admin=is_admin),
             t("admin.users.created", user=username.strip().lower()))


def _manage_user(store: Store, users: list[User]) -> None:
    st.markdown(f"**{t('admin.users.manage')}**")
    by_name = {u.username: u for u in users}
    who = st.selectbox(t("admin.members.user"), list(by_name), key="admin-manage-user")
    account = by_name[who]
    me = state.user()
    myself = me is not None and me.username == who
    st.caption(t("admin.users.sessions_note"))
    if account.disabled:
        if st.button(t("admin.users.enable"), key="admin-enable", icon=":material/person_check:", wrap=True):
            _act(lambda: access.session(None, store).set_user_disabled(who, False),
                 t("admin.users.enabled", user=who))
    elif myself:
        st.caption(t("admin.users.self"))
    elif st.button(t("admin.users.disable"), key="admin-disable", icon=":material/person_off:", wrap=True):
        _act(lambda: access.session(None, store).set_user_disabled(who, True),
             t("admin.users.disabled", user=who))
    if not myself:
        sure = st.checkbox(t("admin.users.remove_confirm", user=escape_markdown(who)),
                           key="admin-remove-confirm", wrap=True)
        if st.button(t("admin.users.remove"), key="admin-remove", disabled=not sure,
                     icon=":material/person_remove:", wrap=True):
            _act(lambda: access.session(None, store).remove_user(who),
                 t("admin.users.removed", user=who))
    with st.form("admin-reset-password", clear_on_submit=True):
        password = st.text_input(t("admin.users.reset"), type="password", key="admin-reset-pw",
                                 help=t("admin.users.password_help"))
        repeated = st.text_input(t("admin.users.repeat"), type="password",
                                 key="admin-reset-repeat")
        submitted = st.form_submit_button(t("admin.users.reset_run"), icon=":material/key:", wrap=True)
    if submitted:
        _act(lambda: _reset_password(store, who, check_new_password(password, repeated)),
             t("admin.users.reset_done", user=who))


def _reset_password(store: Store, who: str, password: str) -> None:
    """A new password ends the account's other sessions; this one stays when it is the account's."""
    access.session(None, store).set_password(who, password)
    me = state.user()
    if me is not None and me.username == who:
        state.set_user(store.get_user(who))


# -- audit log -----------------------------------------------------------------

def _audit(store: Store, project: Project | None) -> None:
    server = access.is_server_admin()
    scopes = (["project"] if project is not None else []) + (["server"] if server else [])
    if not scopes:
        st.info(t("admin.no_project"), icon=":material/info:")
        return
    if project is not None and not access.require("members", project.id, stop=False):
        return
    scope_labels = {"project": t("admin.audit.scope_project"),
                    "server": t("admin.audit.scope_server")}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    scope = c1.segmented_control(t("admin.audit.scope"), scopes, default=scopes[0], required=True,
                                 key="admin-audit-scope", format_func=scope_labels.__getitem__, wrap=True)
    limit = c2.number_input(t("admin.audit.limit"), min_value=10, max_value=100_000, value=1000,
                            step=100, key="admin-audit-limit")
    pid = project.id if scope == "project" and project is not None else None
    frame = normalise_audit(store.audit_frame(pid, limit=int(limit)))
    chosen = _audit_filters(frame)
    if chosen is None:
        return
    shown = filter_audit(frame, chosen)
    st.caption(t("admin.audit.count", shown=len(shown), total=len(frame)))
    if shown.empty:
        st.info(t("admin.audit.empty"))
        return
    st.dataframe(audit_display(shown), hide_index=True, column_config={
        "id": "#", "at": t("admin.audit.at"), "actor": t("admin.audit.actor"),
        "project_id": t("admin.audit.project"), "action": t("admin.audit.action"),
        "entity": t("admin.audit.entity"), "entity_id": t("admin.audit.entity_id"),
        "before": t("admin.audit.before"), "after": t("admin.audit.after")})
    name = project.name if pid is not None and project is not None else "sigqual"
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"**{t('admin.audit.download')}**")
        for fmt in AUDIT_FORMATS:
            download_button(audit_download(shown, fmt, project_name=name, lang=state.lang()),
                            format_name(fmt), key=f"admin-audit-{fmt}")
    _entry_detail(shown)


def _audit_filters(frame: pd.DataFrame) -> AuditFilter | None:
    c1, c2, c3, c4 = st.columns(4)
    every = t("common.all")
    actors = c1.multiselect(t("admin.audit.actor"), sorted(set(frame["actor"])),
                            key="admin-audit-actors", placeholder=every)
    entities = c2.multiselect(t("admin.audit.entity"), sorted(set(frame["entity"])),
                              key="admin-audit-entities", placeholder=every)
    actions = c3.multiselect(t("admin.audit.action"), sorted(set(frame["action"])),
                             key="admin-audit-actions", placeholder=every)
    dates = c4.date_input(t("admin.audit.dates"), value=(), key="admin-audit-dates",
                          format="YYYY-MM-DD")
    start = end = None
    if isinstance(dates, (tuple, list)):
        start = dates[0] if len(dates) > 0 else None
        end = dates[1] if len(dates) > 1 else start
    elif dates:
        start = end = dates
    try:
        return AuditFilter(tuple(actors), tuple(entities), tuple(actions), start, end)
    except SigqualError as exc:
        show_error(exc)
        return None


def _entry_detail(shown: pd.DataFrame) -> None:
    labels = {int(row["id"]): entry_label(row) for _, row in shown.iterrows()}
    entry = st.selectbox(t("admin.audit.entry"), list(labels), key="admin-audit-entry",
                         format_func=labels.__getitem__)
    row = shown[shown["id"] == entry].iloc[0]
    st.dataframe(change_rows(row["before"], row["after"]), hide_index=True, column_config={
        "field": t("admin.audit.field"), "before": t("admin.audit.before"),
        "after": t("admin.audit.after")})
