"""The store on real SQLite files: projects, documents, codings, memos, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from sigqual.errors import CodebookError, ConflictError, StoreError
from sigqual.store import NewCoding, Store

from .helpers import CODEBOOK, TEXT, add_doc, turns_of


@pytest.fixture
def project(store: Store) -> int:
    return store.create_project("Test", CODEBOOK)


def test_sqlite_is_opened_safely(store: Store) -> None:
    if not store.is_sqlite:
        pytest.skip("SQLite pragmas")
    with store.reading() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_codebook_round_trips_through_the_store(store: Store, project: int) -> None:
    assert store.codebook(project) == CODEBOOK


def test_duplicate_project_name_is_refused(store: Store, project: int) -> None:
    with pytest.raises(StoreError, match="already exists"):
        store.create_project("Test", CODEBOOK)


def test_document_with_attributes_and_turns(store: Store, project: int) -> None:
    doc_id = add_doc(store, project, group="foraldrar", fas="2", intervjutyp="telefon",
                     deltagare="Förälder 3", relation="mamma")
    doc = store.get_document(doc_id)
    assert (doc.group_key, doc.phase, doc.interview_type, doc.participant) == (
        "foraldrar", "2", "phone", "Förälder 3")
    assert doc.attributes == {"relation": "mamma"}
    segs = store.segments(doc_id)
    assert [doc.text[s.start:s.end] for s in segs] == [
        "Hur var mötena?", "Mötena var tydliga och bra.", "Något mer?", "Nej."]
    assert [s.role for s in segs] == ["interviewer", "respondent", "interviewer", "respondent"]


@pytest.mark.parametrize(
    ("text_", "turns", "attrs", "message"),
    [
        ("Hej\r\n", [], {}, "not normalised"),
        ("   \n", [], {}, "no text"),
        (TEXT, [type("T", (), {"start": 5, "end": 500, "speaker": None, "role": "unknown",
                               "timestamp": None})()], {}, "outside the text"),
        (TEXT, turns_of(TEXT)[::-1], {}, "overlaps"),
        (TEXT, [], {"type": "webbenkät"}, "interview type"),
    ],
)
def test_bad_documents_are_refused_and_leave_nothing(store, project, text_, turns, attrs, message):
    with pytest.raises(StoreError, match=message):
        store.add_document(project, name="bad", text=text_, turns=turns, attributes=attrs)
    assert store.list_documents(project) == []


def test_duplicate_document_name(store: Store, project: int) -> None:
    add_doc(store, project)
    with pytest.raises(StoreError, match="already has a document named 'for-01'"):
        add_doc(store, project)


def test_coding_is_idempotent_and_finds_its_segment(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    seg = store.segments(doc_id)[1]
    first = store.add_coding(project, doc_id, "ff-struktur", seg.start, seg.end, coder="Anna")
    again = store.add_coding(project, doc_id, "ff-struktur", seg.start, seg.end, coder="Anna")
    other = store.add_coding(project, doc_id, "ff-struktur", seg.start, seg.end, coder="Bo")
    assert first == again != other
    (coding, _) = store.list_codings(project)
    assert coding.segment_id == seg.id
    frame = store.codings_frame(project)
    assert list(frame["quote"]) == ["Mötena var tydliga och bra."] * 2
    assert set(frame["coder"]) == {"Anna", "Bo"}


@pytest.mark.parametrize(
    ("code", "start", "end", "message"),
    [("ff-struktur", 10, 5, "outside the text"), ("ff-struktur", 0, 10_000, "outside the text"),
     ("nope", 0, 5, "unknown code 'nope'")],
)
def test_bad_codings(store, project, code, start, end, message) -> None:
    doc_id = add_doc(store, project)
    with pytest.raises(StoreError, match=message):
        store.add_coding(project, doc_id, code, start, end, coder="Anna")
    assert store.list_codings(project) == []


def test_bulk_codings_are_all_or_nothing(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    with pytest.raises(StoreError):
        store.add_codings(project, [NewCoding(doc_id, "ff-struktur", 0, 5, "Anna"),
                                    NewCoding(doc_id, "missing", 0, 5, "Anna")])
    assert store.list_codings(project) == []


@pytest.mark.parametrize(
    ("coder", "source", "expected"),
    [(None, None, [("Anna", "manual", 0), ("Anna", "auto", 3), ("Bo", "auto", 6)]),
     ("Anna", None, [("Anna", "manual", 0), ("Anna", "auto", 3)]),
     (None, "auto", [("Anna", "auto", 3), ("Bo", "auto", 6)]),
     ("Anna", "auto", [("Anna", "auto", 3)]),
     ("Bo", "manual", [])],
)
def test_codings_listed_by_coder_and_source(store: Store, project: int, coder: str | None,
                                            source: str | None, expected: list) -> None:
    doc_id = add_doc(store, project)
    store.add_codings(project, [NewCoding(doc_id, "ff-struktur", 0, 5, "Anna"),
                                NewCoding(doc_id, "uo-info", 3, 8, "Anna", source="auto"),
                                NewCoding(doc_id, "ff-struktur", 6, 9, "Bo", source="auto")])
    listed = store.list_codings(project, coder=coder, source=source)
    assert [(c.coder, c.source, c.start) for c in listed] == expected


def test_delete_coding_returns_it_for_undo(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    cid = store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Anna")
    removed = store.delete_coding(cid, actor="Anna")
    assert (removed.code_key, removed.start, removed.end, removed.coder) == ("uo-info", 3, 10, "Anna")
    assert store.list_codings(project) == []
    log = store.audit_frame(project)
    assert log.iloc[0]["action"] == "delete" and log.iloc[0]["before"]["code"] == "uo-info"


def test_update_document_detects_concurrent_change(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    doc = store.get_document(doc_id)
    store.update_document(doc_id, {"group": "aktorer"}, expected_version=doc.version)
    with pytest.raises(ConflictError, match="changed by someone else"):
        store.update_document(doc_id, {"group": "foraldrar"}, expected_version=doc.version)
    assert store.get_document(doc_id).group_key == "aktorer"


def test_replace_codebook_keeps_codings_and_refuses_dropping_used_codes(store, project) -> None:
    doc_id = add_doc(store, project)
    store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Anna")
    renamed = CODEBOOK.with_codes([
        c if c.id != "uo-info" else type(c)(**{**c.__dict__, "label": "Mer och tydligare info"})
        for c in CODEBOOK.codes])
    store.replace_codebook(project, renamed)
    assert store.codebook(project).code("uo-info").label == "Mer och tydligare info"
    assert len(store.list_codings(project)) == 1
    without = CODEBOOK.with_codes([c for c in CODEBOOK.codes if c.id != "uo-info"])
    with pytest.raises(StoreError, match="still used"):
        store.replace_codebook(project, without)
    assert store.codebook(project).get("uo-info") is not None


def test_merge_codes_repoints_codings(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Anna")
    store.add_coding(project, doc_id, "ff-struktur", 3, 10, coder="Anna")
    store.add_coding(project, doc_id, "uo-info", 20, 30, coder="Anna")
    assert store.merge_codes(project, "uo-info", "ff-struktur") == 2
    assert sorted((c.code_key, c.start) for c in store.list_codings(project)) == [
        ("ff-struktur", 3), ("ff-struktur", 20)]
    assert store.codebook(project).get("uo-info") is None


def test_memos_and_feedback(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    seg = store.segments(doc_id)[1]
    mid = store.add_memo(project, "Intressant <b>fetstil</b>", author="Anna", segment_id=seg.id)
    first = store.get_memo(mid).version
    store.update_memo(mid, "Ändrad", expected_version=first)
    with pytest.raises(ConflictError):
        store.update_memo(mid, "Igen", expected_version=first)
    (memo,) = store.list_memos(project, segment_id=seg.id)
    # Versions are revision stamps: they only grow and never repeat across rows.
    assert memo.text == "Ändrad" and memo.version > first
    store.record_feedback(project, seg.id, "uo-info", coder="Anna", decision="rejected")
    store.record_feedback(project, seg.id, "uo-info", coder="Anna", decision="accepted")
    fb = store.feedback_frame(project)
    assert list(fb["decision"]) == ["accepted"]


def test_a_stale_delete_never_removes_a_newer_row_with_the_same_id(store: Store, project: int) -> None:
    """SQLite reuses the id of a deleted newest row; the version (a revision stamp) tells them apart."""
    doc_id = add_doc(store, project)
    old = store.get_memo(store.add_memo(project, "Första", author="Anna"))
    store.delete_memo(old.id, expected_version=old.version)
    newer = store.get_memo(store.add_memo(project, "Bos nya", author="Bo"))
    assert newer.version != old.version
    # SQLite hands the id out again (a conflict); PostgreSQL does not (the old row is gone).
    with pytest.raises(ConflictError if newer.id == old.id else StoreError):
        store.delete_memo(old.id, expected_version=old.version)
    assert [m.text for m in store.list_memos(project)] == ["Bos nya"]
    coding = store.get_coding(store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Anna"))
    store.delete_coding(coding.id, expected_version=coding.version)
    other = store.get_coding(store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Bo"))
    assert other.version != coding.version
    with pytest.raises(ConflictError if other.id == coding.id else StoreError):
        store.delete_coding(coding.id, expected_version=coding.version)
    assert [c.coder for c in store.list_codings(project)] == ["Bo"]


def test_delete_document_and_project_cascade(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Anna")
    assert store.delete_document(doc_id) == 1
    assert store.list_codings(project) == [] and store.list_documents(project) == []
    add_doc(store, project)
    store.delete_project(project)
    assert store.list_projects() == []


def test_every_write_is_audited_with_actor(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Anna", actor="anna@lab")
    log = store.audit_frame(project)
    assert list(log["entity"])[:2] == ["coding", "coder"]
    assert log.iloc[0]["actor"] == "anna@lab"
    assert {"project", "codebook", "document"} <= set(log["entity"])


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    s = Store.open(path)
    pid = s.create_project("Test", CODEBOOK)
    add_doc(s, pid)
    s.close()
    s2 = Store.open(path)
    assert [d.name for d in s2.list_documents(pid)] == ["for-01"]
    assert s2.get_document(s2.list_documents(pid)[0].id).text == TEXT


def test_move_codings_splits_a_code(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    a = store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Anna")
    store.add_coding(project, doc_id, "uo-info", 20, 30, coder="Anna")
    assert store.move_codings(project, [a], "ff-struktur") == 1
    assert sorted((c.code_key, c.start) for c in store.list_codings(project)) == [
        ("ff-struktur", 3), ("uo-info", 20)]
    with pytest.raises(StoreError, match="no coding"):
        store.move_codings(project, [9999], "ff-struktur")


def test_delete_code_asks_before_removing_codings(store: Store, project: int) -> None:
    doc_id = add_doc(store, project)
    store.add_coding(project, doc_id, "uo-info", 3, 10, coder="Anna")
    # The confirmation rule is the editor's delete plan, which the store applies.
    with pytest.raises(CodebookError, match="has 1 codings"):
        store.delete_code(project, "uo-info")
    assert len(store.list_codings(project)) == 1
    assert store.delete_code(project, "uo-info", with_codings=True) == 1
    assert store.codebook(project).get("uo-info") is None and store.list_codings(project) == []
    assert store.delete_code(project, "t-moten") == 0
    assert store.codebook(project).code("ff-struktur").parent is None


def test_removed_codes_leave_group_orders(store: Store, project: int) -> None:
    from sigqual.codebook import Group, dump_codebook, parse_codebook

    ordered = CODEBOOK.__class__(name=CODEBOOK.name, codes=CODEBOOK.codes, groups=tuple(
        Group(g.key, g.name, order=("uo-info", "ff-struktur", "t-moten")) for g in CODEBOOK.groups))
    store.replace_codebook(project, ordered)
    store.merge_codes(project, "uo-info", "ff-struktur")
    store.delete_code(project, "ff-struktur")
    cb = store.codebook(project)
    assert cb.groups, "nothing to check"
    assert all(g.order == ("t-moten",) for g in cb.groups)
    assert parse_codebook(dump_codebook(cb)) == cb


def test_busy_sqlite_writer_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write lock held elsewhere past SQLite's busy timeout delays, not fails, a write."""
    import sqlite3
    import threading

    from sigqual.store import base

    monkeypatch.setattr(base, "BUSY_TIMEOUT_MS", 20)
    s = Store.open(tmp_path / "busy.db")
    pid = s.create_project("Busy", CODEBOOK)
    other = sqlite3.connect(tmp_path / "busy.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.4, lambda: other.execute("COMMIT")).start()
    doc_id = add_doc(s, pid)
    assert s.get_document(doc_id).name == "for-01"
    other.close()


@pytest.mark.parametrize("write", [
    lambda s, p, d: s.add_coding(p, d, "uo-info", 3, 10, coder="Anna"),
    lambda s, p, d: s.update_project_settings(p, {"blind": True}),
    lambda s, p, d: s.add_memo(p, "Ett memo", author="Anna"),
    lambda s, p, d: s.delete_document(d),
    lambda s, p, d: s.create_project("Annat", CODEBOOK),
])
def test_revision_moves_with_every_write_and_only_then(store: Store, project: int, write) -> None:  # noqa: ANN001
    doc = add_doc(store, project)
    before = store.revision()
    store.codings_frame(project)
    store.list_documents(project)
    assert store.revision() == before
    write(store, project, doc)
    assert store.revision() != before
