"""The Överensstämmelse page's helpers: decisions, consensus, progress, report files, cache key."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from sigqual.agreement import (
    AI_CODER,
    CONSENSUS_CODER,
    Resolution,
    build_consensus,
    load_inputs,
    project_agreement,
)
from sigqual.errors import InputError
from sigqual.ui.agreement_view import (
    ProgressSuggester,
    accept_side,
    codes_table,
    comparable_coders,
    decision_key,
    names,
    open_count,
    report_files,
    resolutions,
    turns_to_score,
)

from ..agreement.conftest import X, Y, coded  # noqa: F401 - the two-coder project fixture


def _turn(project, doc: str, answer: int) -> int:
    return next(s.id for s in project.store.segments(project.docs[doc]) if s.idx == 2 * answer + 1)


def _disagreements(project):  # noqa: ANN202
    return project_agreement(project.store, project.pid, ["Anna", "Bo"]).disagreements


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        # Anna coded d1/3 and Bo did not: following Anna keeps it with her passage.
        ({("d1", 3, X): "Anna"}, [("d1", 3, X, True, "Anna")]),
        ({("d1", 3, X): "Bo"}, [("d1", 3, X, False, None)]),
        ({("d1", 4, X): "Anna"}, [("d1", 4, X, False, None)]),
        ({("d2", 1, Y): "Bo"}, [("d2", 1, Y, True, "Bo")]),
        ({("d1", 3, X): "Anna", ("d2", 1, Y): "Anna"},
         [("d1", 3, X, True, "Anna"), ("d2", 1, Y, False, None)]),
        ({("d1", 3, X): ""}, []),
        ({}, []),
    ],
)
def test_resolutions_follow_the_chosen_side(coded, decided, expected) -> None:  # noqa: F811
    decisions = {decision_key(_turn(coded, d, k), code): who for (d, k, code), who in decided.items()}
    got = resolutions(_disagreements(coded), decisions)
    assert sorted(got, key=lambda r: (r.segment_id, r.code_id)) == sorted(
        [Resolution(_turn(coded, d, k), code, apply, span) for d, k, code, apply, span in expected],
        key=lambda r: (r.segment_id, r.code_id))


def test_a_side_must_be_a_compared_coder(coded) -> None:  # noqa: F811
    decisions = {decision_key(_turn(coded, "d1", 3), X): "Cleo"}
    with pytest.raises(InputError, match="'Cleo' is not one of the compared coders"):
        resolutions(_disagreements(coded), decisions)


def test_accept_side_settles_only_open_rows(coded) -> None:  # noqa: F811
    rows = _disagreements(coded)
    assert len(rows) == 3 and open_count(rows, {}) == 3
    first = decision_key(_turn(coded, "d1", 3), X)
    decisions = accept_side(rows, {first: "Bo"}, "Anna")
    assert decisions[first] == "Bo"
    assert sorted(decisions.values()) == ["Anna", "Anna", "Bo"]
    assert open_count(rows, decisions) == 0 and open_count(rows, {first: "Bo"}) == 2


def test_decisions_become_a_consensus_coder(coded) -> None:  # noqa: F811
    rows = _disagreements(coded)
    decisions = accept_side(rows, {decision_key(_turn(coded, "d2", 1), Y): "Bo"}, "Anna")
    ids = build_consensus(coded.store, coded.pid, ["Anna", "Bo"], resolutions(rows, decisions))
    stored = {(c.document_id, c.code_key, c.start, c.end)
              for c in coded.store.list_codings(coded.pid, coder=CONSENSUS_CODER)}
    expected = {(a.document_id, a.code_key, a.start, a.end) for a in [
        *[coded.answer("d1", k, X, "") for k in (0, 1, 2, 3)],
        coded.answer("d2", 0, Y, ""), coded.answer("d2", 1, Y, "", part="first")]}
    assert len(ids) == len(expected) and stored == expected


@pytest.mark.parametrize(("listed", "expected"), [
    ("Anna, Bo", ["Anna", "Bo"]), ("", []), (None, []), ("Anna", ["Anna"]), (" , Bo ,", ["Bo"]),
])
def test_names(listed, expected) -> None:
    assert names(listed) == expected


def test_comparable_coders_leave_out_the_engine() -> None:
    assert comparable_coders(["Anna", AI_CODER, CONSENSUS_CODER]) == ["Anna", CONSENSUS_CODER]


class _Engine:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, int]] = []

    def suggest(self, text: str, group: str | None, top: int = 5) -> list[str]:
        self.calls.append((text, group, top))
        return [text.upper()]


@pytest.mark.parametrize(("total", "calls", "reports"), [
    (3, 3, [(1, 3), (2, 3), (3, 3)]),
    (2, 3, [(1, 2), (2, 2), (2, 2)]),
    (0, 1, [(1, 1)]),
])
def test_progress_suggester_reports_each_turn(total: int, calls: int, reports: list) -> None:
    seen: list[tuple[int, int]] = []
    engine = _Engine()
    wrapped = ProgressSuggester(engine, total, lambda done, of: seen.append((done, of)))
    out = [wrapped.suggest(f"tur {i}", "foraldrar", top=4) for i in range(calls)]
    assert out == [[f"TUR {i}"] for i in range(calls)]
    assert engine.calls[0] == ("tur 0", "foraldrar", 4)
    assert seen == reports


@pytest.mark.parametrize(("human", "documents", "expected"), [
    ("Anna", None, 10), ("Anna", ["d1"], 5), ("Cleo", None, 5), ("Cleo", ["d2"], 0), ("Nobody", None, 0),
])
def test_turns_to_score(coded, human, documents, expected) -> None:  # noqa: F811
    inputs = load_inputs(coded.store, coded.pid)
    ids = None if documents is None else [coded.docs[d] for d in documents]
    assert turns_to_score(inputs.segments, inputs.codings, human, ids) == expected


@pytest.mark.parametrize(("lang", "title", "heading"), [
    ("sv", "Överensstämmelse: Test", "Procentuell överensstämmelse"),
    ("en", "Intercoder agreement: Test", "Percent agreement"),
])
def test_report_files(coded, lang: str, title: str, heading: str) -> None:  # noqa: F811
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"])
    xlsx, docx = report_files(result, project_name="Test", lang=lang, label="AI mot människa")
    assert (xlsx.file_name, docx.file_name) == ("test-ai-mot-manniska.xlsx",
                                                "test-ai-mot-manniska.docx")
    book = load_workbook(io.BytesIO(xlsx.make()))
    assert len(book.worksheets) == 3
    document = WordDocument(io.BytesIO(docx.make()))
    assert document.paragraphs[0].text == title
    overall = document.tables[0]
    # codes X and Y over ten respondent turns each: three of the twenty units differ
    assert overall.rows[1].cells[0].text == heading and overall.rows[1].cells[1].text == "85.0"


def test_codes_table(coded) -> None:  # noqa: F811
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"])
    labels = {"code": "Kod", "kind": "Typ", "percent": "%", "kappa": "κ", "alpha": "α",
              "coded": "Turer av {coder}", "note": "Not"}
    table = codes_table(result, labels)
    assert list(table.columns) == ["Kod", "Typ", "%", "κ", "α", "Turer av Anna", "Turer av Bo", "Not"]
    row = table[table["Kod"] == "Tydlig struktur"].iloc[0]
    # ten respondent turns; Anna and Bo differ on two of them
    assert row["%"] == pytest.approx(80.0) and (row["Turer av Anna"], row["Turer av Bo"]) == (4, 4)
