"""The layer re-checks inside every write transaction: a change that commits mid-operation wins."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sigqual.app import Actor, PermissionDenied, ProjectSession
from sigqual.ingest.batch import Source

from .conftest import Team


def test_a_demotion_during_an_import_stops_it(team_of: Callable[[str | None], Team],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    team = team_of("coder")
    store = team.store
    real = store.add_document
    calls = []

    def demote_after_first(*args: object, **kwargs: object) -> int:
        result = real(*args, **kwargs)
        calls.append(result)
        store.grant(team.pid, "anna", "reader", actor="bo")  # committed by someone else
        return result

    monkeypatch.setattr(store, "add_document", demote_after_first)
    session = ProjectSession(store, Actor("anna", team=True), team.pid)
    sources = [Source.from_bytes(f"ny-{i}.txt", f"I: Fråga {i}?\nIP: Svar {i}.\n".encode())
               for i in range(3)]
    with pytest.raises(PermissionDenied, match="needs the role coder"):
        session.import_sources(sources)
    names = sorted(d.name for d in store.list_documents(team.pid))
    assert names == ["for-01", "ny-0"]  # the first landed before the demotion, no other did
    assert len(calls) == 1
    audit = store.audit_frame(team.pid)
    assert list(audit[audit["action"] == "denied"]["actor"]) == ["anna"]


def test_a_refused_owner_check_inside_the_transaction_rolls_back(
        team_of: Callable[[str | None], Team]) -> None:
    team = team_of("admin")
    store = team.store
    session = ProjectSession(store, Actor("anna", team=True), team.pid)
    with pytest.raises(PermissionDenied), session.acting("memo", owned=("memo", team.bo_memo)):
        # anna is an admin when the block starts; she is demoted before the write commits.
        store.grant(team.pid, "anna", "coder", actor="bo")
        store.delete_memo(team.bo_memo, actor="anna")
    assert team.bo_memo in [m.id for m in store.list_memos(team.pid)]
