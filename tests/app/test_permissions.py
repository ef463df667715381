"""The permission matrix: every role against every operation, on one's own rows and others'.

Each case runs the operation through the layer as ``anna`` in team mode and checks
that it was done exactly when her current role allows it, that a refusal changed
nothing and was audited, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest

from sigqual.app import ACTIONS, Actor, PermissionDenied, ProjectSession, role_allows
from sigqual.codebook_edit import rename_code
from sigqual.ingest.batch import Source
from sigqual.store import Store

from .conftest import PASSWORD, Team

Operation = Callable[[ProjectSession, Team], Any]


@dataclass(frozen=True)
class Case:
    name: str
    action: str
    owner: str | None  # "own" / "other": the row belongs to anna / to bo
    run: Operation


def _coding(team: Team, owner: str | None) -> int:
    return team.anna_coding if owner == "own" else team.bo_coding


def _memo(team: Team, owner: str | None) -> int:
    return team.anna_memo if owner == "own" else team.bo_memo


def _owned(name: str, action: str, run: Callable[[ProjectSession, Team, str], Any]) -> list[Case]:
    return [Case(f"{name}[{who}]", action, who, lambda s, t, w=who: run(s, t, w))
            for who in ("own", "other")]


CASES: list[Case] = [
    Case("read", "read", None, lambda s, t: s.require("read")),
    Case("export", "export", None, lambda s, t: s.require_export()),
    Case("add_coding", "code", None, lambda s, t: s.add_coding(t.doc, "uo-info", 3, 8)),
    Case("feedback", "code", None,
         lambda s, t: s.set_feedback(t.store.segments(t.doc)[1].id, "uo-info", "rejected")),
    *_owned("remove_coding", "code", lambda s, t, w: s.remove_coding(_coding(t, w))),
    *_owned("move_coding_span", "code", lambda s, t, w: s.update_coding_span(_coding(t, w), 4, 9)),
    Case("add_memo", "memo", None, lambda s, t: s.add_memo("Ny tanke")),
    *_owned("edit_memo", "memo", lambda s, t, w: s.update_memo(_memo(t, w), "Ändrad")),
    *_owned("delete_memo", "memo", lambda s, t, w: s.delete_memo(_memo(t, w))),
    Case("document_attributes", "import", None,
         lambda s, t: s.update_document(t.doc, {"group": "aktorer", "phase": "2"})),
    Case("fill_empty_attributes", "import", None,
         lambda s, t: s.fill_empty_attributes(t.doc, {"interview_date": "2014-05-12"})),
    Case("import_transcript", "import", None,
         lambda s, t: s.import_sources([Source.from_bytes("ny.txt", b"I: Hej?\nIP: Hej.\n")])),
    Case("delete_document", "settings", None, lambda s, t: s.delete_document(t.doc)),
    Case("rename_code", "codebook", None,
         lambda s, t: s.edit_codebook(lambda cb: rename_code(cb, "uo-info", "Mer info"))),
    Case("merge_codes", "codebook", None, lambda s, t: s.merge_codes("uo-info", "ff-struktur")),
    Case("split_code", "codebook", None,
         lambda s, t: s.split_code("ff-struktur", [t.bo_coding], label="Ny struktur")),
    Case("delete_code", "codebook", None, lambda s, t: s.delete_code("uo-info")),
    Case("table_defaults", "settings", None, lambda s, t: s.set_table_defaults({"min_segments": 2})),
    Case("blind", "settings", None, lambda s, t: s.set_blind(True)),
    Case("pseudonymize", "pseudonymize", None, lambda s, t: s.pseudonymize({})),
    Case("grant", "members", None, lambda s, t: s.grant("bo", "reader")),
    Case("revoke", "members", None, lambda s, t: s.revoke("bo")),
    Case("create_user", "server", None, lambda s, t: s.create_user("cilla", PASSWORD)),
]

ROLES = ["reader", "coder", "admin", None, "disabled"]


def expected(role: str | None, case: Case) -> bool:
    if role in (None, "disabled"):
        return False
    needed = ACTIONS[case.action]
    if needed == "server":
        return False  # anna is never a server administrator
    return role_allows(role, needed) and (case.owner != "other" or role == "admin")


def snapshot(store: Store, pid: int) -> tuple[Any, ...]:
    """Everything an operation could change (not the audit log, which records refusals)."""
    project = store.get_project(pid)
    return (
        [replace(c, created_at=None) for c in store.list_codings(pid)],
        [(m.id, m.text, m.title, m.version) for m in store.list_memos(pid)],
        [(d.id, d.name, d.group_key, d.phase, d.version) for d in store.list_documents(pid)],
        store.codebook(pid), project.settings, store.members(pid),
        [u.username for u in store.list_users()], store.feedback_frame(pid).to_dict("list"),
    )


def test_the_matrix_covers_every_action() -> None:
    covered = {case.action for case in CASES}
    assert covered, "no cases"
    assert covered == set(ACTIONS)


@pytest.mark.parametrize("role", ROLES, ids=[str(r) for r in ROLES])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(team_of: Callable[[str | None], Team], role: str | None,
                           case: Case) -> None:
    team = team_of(role)
    store = team.store
    session = ProjectSession(store, Actor("anna", team=True), team.pid)
    before = snapshot(store, team.pid)
    if expected(role, case):
        case.run(session, team)
        return
    with pytest.raises(PermissionDenied):
        case.run(session, team)
    assert snapshot(store, team.pid) == before
    refusals = store.audit_frame(team.pid)
    refusals = refusals[refusals["action"] == "denied"]
    assert len(refusals) >= 1
    assert set(refusals["actor"]) == {"anna"}


@pytest.mark.parametrize("actor", [Actor("root", team=True), Actor("sigqual", team=False)],
                         ids=["server-admin", "local-user"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_server_admin_and_local_user_may_do_everything(team_of: Callable[[str | None], Team],
                                                       actor: Actor, case: Case) -> None:
    team = team_of(None)
    case.run(ProjectSession(team.store, actor, team.pid), team)
