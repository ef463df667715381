"""The editable document list: frame, diff, validation and saving with conflicts."""

from __future__ import annotations

import pandas as pd
import pytest

from sigqual.app import ProjectSession, local_actor
from sigqual.errors import ConflictError, SigqualError, StoreError
from sigqual.ingest import parse_bytes
from sigqual.store import Store
from sigqual.ui.documents import (
    DocumentEdit,
    apply_saved,
    check_attribute_name,
    check_edit,
    diff_documents,
    documents_frame,
    free_attribute_keys,
    free_column,
    save_document_edits,
)

from .helpers import CODEBOOK, TRANSCRIPT


@pytest.fixture
def project(store: Store) -> tuple[Store, int, list[int]]:
    """A project with two documents, one carrying a free attribute."""
    pid = store.create_project("Dokumenttest", CODEBOOK)
    ids = []
    for name, attributes in (
        ("for-01", {"group": "foraldrar", "phase": "1", "relation": "pappa"}),
        ("akt-01", {"group": "aktorer", "phase": "1", "interview_type": "phone"}),
    ):
        parsed = parse_bytes(TRANSCRIPT.encode(), f"{name}.txt")
        ids.append(store.add_document(pid, name=name, text=parsed.text, turns=parsed.turns,
                                      attributes=attributes))
    return store, pid, ids


def _frame(store: Store, pid: int, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    docs = store.list_documents(pid)
    return documents_frame(docs, free_attribute_keys(docs, extra))


def test_frame_shape(project: tuple[Store, int, list[int]]) -> None:
    store, pid, ids = project
    frame = _frame(store, pid, ("verksamhet",))
    assert list(frame.index) == ids
    assert list(frame.columns) == [
        "name", "group_key", "phase", "interview_date", "interview_type", "participant",
        "attr:relation", "attr:verksamhet", "version"]
    assert frame.loc[ids[0], "attr:relation"] == "pappa"
    assert frame.loc[ids[1], "attr:relation"] == ""
    assert frame.loc[ids[1], "interview_type"] == "phone"


@pytest.mark.parametrize(
    ("row", "column", "value", "expected_attributes", "expected_name"),
    [
        (0, "phase", "2", {"phase": "2", "group_key": "foraldrar", "relation": "pappa"}, "for-01"),
        (0, "attr:relation", None, {"group_key": "foraldrar", "phase": "1"}, "for-01"),
        (1, "attr:relation", "mamma", {"group_key": "aktorer", "relation": "mamma"}, "akt-01"),
        (1, "name", "  akt-01b ", {"interview_type": "phone"}, "akt-01b"),
        (1, "name", "", {"group_key": "aktorer"}, "akt-01"),
        (0, "interview_date", "2014-03-01", {"interview_date": "2014-03-01"}, "for-01"),
    ],
)
def test_diff_finds_the_changed_row(project: tuple[Store, int, list[int]], row: int, column: str,
                                    value: str | None, expected_attributes: dict[str, str],
                                    expected_name: str) -> None:
    store, pid, ids = project
    original = _frame(store, pid)
    edited = original.copy()
    edited.loc[ids[row], column] = value
    edits = diff_documents(original, edited)
    assert [e.document_id for e in edits] == [ids[row]]
    edit = edits[0]
    assert edit.name == expected_name
    assert edit.expected_version == 1
    for key, wanted in expected_attributes.items():
        assert edit.attributes[key] == wanted
    if column == "attr:relation" and value is None:
        assert "relation" not in edit.attributes


@pytest.mark.parametrize("blank", [None, float("nan"), "", "   "])
def test_blank_cells_equal_empty_text(project: tuple[Store, int, list[int]], blank: object) -> None:
    store, pid, ids = project
    original = _frame(store, pid)
    edited = original.copy()
    edited.loc[ids[1], "participant"] = blank
    assert diff_documents(original, edited) == []


def test_save_changes_the_document(project: tuple[Store, int, list[int]]) -> None:
    store, pid, ids = project
    original = _frame(store, pid)
    edited = original.copy()
    edited.loc[ids[0], "phase"] = "2"
    edited.loc[ids[0], free_column("relation")] = "mamma"
    result = save_document_edits(ProjectSession(store, local_actor("Testare"), None),
                                 diff_documents(original, edited))
    assert result.saved_names == ["for-01"] and not result.conflicts and not result.errors
    doc = store.get_document(ids[0])
    assert (doc.phase, doc.group_key, doc.attributes, doc.version) == (
        "2", "foraldrar", {"relation": "mamma"}, 2)
    audit = store.audit_frame(pid)
    assert audit.iloc[0]["actor"] == "Testare" and audit.iloc[0]["action"] == "update"


def test_save_reports_a_conflict_and_keeps_the_other_change(
        project: tuple[Store, int, list[int]]) -> None:
    store, pid, ids = project
    original = _frame(store, pid)
    # Someone else saves the first document after this user opened the list.
    store.update_document(ids[0], {"group": "foraldrar", "phase": "1", "participant": "P1"})
    edited = original.copy()
    edited.loc[ids[0], "phase"] = "2"
    edited.loc[ids[1], "phase"] = "2"
    result = save_document_edits(ProjectSession(store, local_actor(), None), diff_documents(original, edited))
    assert result.saved_names == ["akt-01"]
    assert len(result.conflicts) == 1 and isinstance(result.conflicts[0], ConflictError)
    assert "for-01" in str(result.conflicts[0])
    assert store.get_document(ids[0]).participant == "P1"
    assert store.get_document(ids[0]).phase == "1"
    # The saved row now matches the store; only the conflicting row still differs.
    shown = apply_saved(original, result.saved)
    assert int(shown.loc[ids[1], "version"]) == 2 and shown.loc[ids[1], "phase"] == "2"
    assert int(shown.loc[ids[0], "version"]) == 1
    assert [e.document_id for e in diff_documents(shown, edited)] == [ids[0]]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("interview_date", "1 mars", "YYYY-MM-DD"),
        ("interview_type", "promenad", "interview type"),
        ("name", "akt-01", "already named"),
    ],
)
def test_save_reports_bad_values_with_the_document(project: tuple[Store, int, list[int]],
                                                   column: str, value: str, message: str) -> None:
    store, pid, ids = project
    original = _frame(store, pid)
    edited = original.copy()
    edited.loc[ids[0], column] = value
    result = save_document_edits(ProjectSession(store, local_actor(), None), diff_documents(original, edited))
    assert result.saved == [] and len(result.errors) == 1
    error = result.errors[0]
    assert message in str(error) and error.file
    assert store.get_document(ids[0]).version == 1


@pytest.mark.parametrize(
    ("date", "ok"), [("2014-02-19", True), ("", True), ("19/2 2014", False), ("2014-2-9", False)])
def test_check_edit_dates(date: str, ok: bool) -> None:
    edit = DocumentEdit(1, "doc", {"interview_date": date}, 1)
    if ok:
        check_edit(edit)
    else:
        with pytest.raises(StoreError, match="YYYY-MM-DD"):
            check_edit(edit)


@pytest.mark.parametrize(
    ("name", "existing", "result", "error"),
    [
        ("verksamhet", ["relation"], "verksamhet", None),
        ("  kön ", [], "kön", None),
        ("", [], None, "needs a name"),
        ("Relation", ["relation"], None, "already exists"),
        ("grupp", [], None, "fixed document field"),
        ("phase", [], None, "fixed document field"),
        ("a/b", [], None, "not a usable"),
        ("x" * 41, [], None, "not a usable"),
    ],
)
def test_check_attribute_name(name: str, existing: list[str], result: str | None,
                              error: str | None) -> None:
    if error is None:
        assert check_attribute_name(name, existing) == result
    else:
        with pytest.raises(SigqualError, match=error):
            check_attribute_name(name, existing)
