"""Store.batch: many writes in one transaction, checked and audited like the single methods."""

from __future__ import annotations

import pytest

from sigqual.errors import StoreError
from sigqual.store import NewCoding, Store

from .helpers import CODEBOOK, TEXT, turns_of


def _fill(store: Store, *, fail_at: str | None = None) -> int:
    """Add a whole project in one batch; ``fail_at`` names the step that goes wrong."""
    with store.batch("importer") as batch:
        pid = batch.create_project("Import", CODEBOOK, settings={"tables": {"min_segments": 2}},
                                   origin={"source": "test"})
        doc = batch.add_document("for-01", TEXT, turns_of(TEXT), {"group": "foraldrar", "phase": "1"},
                                 source_filename="for-01.txt", source_format="txt")
        batch.add_coder("Forskare B")
        start = TEXT.index("Mötena var")
        code = "no-such-code" if fail_at == "coding" else "ff-struktur"
        cid = batch.add_coding(NewCoding(doc, code, start, start + 6, "Forskare A", "manual"))
        batch.add_memo("Viktigt citat", author="Forskare A", document_id=doc, segment_index=1,
                       coding_id=cid)
        batch.add_memo("Om koden", author="Forskare B", code_key="t-moten")
        batch.update_settings({"refi": {"guids": {"document:1": "x"}}})
        if fail_at == "end":
            raise StoreError("the file ended early")
    return pid


def test_a_batch_stores_everything_with_audit_entries(store: Store) -> None:
    pid = _fill(store)
    project = store.get_project(pid)
    assert project.settings["tables"] == {"min_segments": 2}
    assert project.settings["refi"] == {"guids": {"document:1": "x"}}
    assert [c.id for c in store.codebook(pid).codes] == [c.id for c in CODEBOOK.codes]
    assert store.list_coders(pid) == ["Forskare A", "Forskare B"]
    (coding,) = store.list_codings(pid)
    assert TEXT[coding.start:coding.end] == "Mötena"
    memos = store.list_memos(pid)
    assert sorted(m.text for m in memos) == ["Om koden", "Viktigt citat"]
    on_turn = next(m for m in memos if m.text == "Viktigt citat")
    assert on_turn.segment_id is not None and on_turn.coding_id == coding.id
    audit = store.audit_frame(pid)
    assert set(audit["actor"]) == {"importer"}
    assert {"import", "insert", "update"} <= set(audit["action"])
    assert {"project", "codebook", "document", "coder", "coding", "memo"} <= set(audit["entity"])


@pytest.mark.parametrize(("fail_at", "message"), [
    ("coding", "unknown code 'no-such-code'"),
    ("end", "the file ended early"),
])
def test_a_failing_batch_leaves_nothing(store: Store, fail_at: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        _fill(store, fail_at=fail_at)
    assert store.list_projects() == []
    assert store.audit_frame().empty


@pytest.mark.parametrize(("step", "message"), [
    (lambda b: b.add_coder("Ny"), "no project yet"),
    (lambda b: b.create_project("  ", CODEBOOK), "needs a name"),
])
def test_batch_refuses_writes_without_a_project(store: Store, step, message: str) -> None:  # noqa: ANN001
    with pytest.raises(StoreError, match=message), store.batch() as batch:
        step(batch)


def test_duplicate_project_name_in_a_batch(store: Store) -> None:
    store.create_project("Import", CODEBOOK)
    with pytest.raises(StoreError, match="already exists"), store.batch() as batch:
        batch.create_project("Import", CODEBOOK)
    assert len(store.list_projects()) == 1
