"""The suggestion engine as a coder, blind coding, and the agreement report files."""

from __future__ import annotations

import io
import math
import sys
from dataclasses import dataclass

import openpyxl
import pandas as pd
import pytest
from docx import Document as DocxDocument

from sigqual.agreement import (
    AI_CODER,
    UnitOptions,
    agreement_tables,
    ai_versus_human,
    export_agreement,
    is_blind,
    load_inputs,
    load_suggester,
    project_agreement,
    suggestion_codings,
    visible_codings,
)
from sigqual.errors import ExportError, InputError

from ..compare.helpers import CODEBOOK
from .conftest import X


@dataclass(frozen=True)
class Suggestion:
    code_id: str
    kind: str
    score: float
    confidence: float


class FakeSuggester:
    """Confident about ff-struktur for the first two answers of a document, unsure otherwise."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, int]] = []

    def suggest(self, text: str, group: str | None, top: int = 10) -> list[Suggestion]:
        self.calls.append((text, group, top))
        if text.startswith(("Svar 1 ", "Svar 2 ")):
            return [Suggestion(X, "success_factor", 0.9, 0.8), Suggestion("t-moten", "theme", 0.5, 0.4)]
        return [Suggestion("okänd-kod", "success_factor", 0.99, 0.99),
                Suggestion("uo-info", "development_area", 0.4, 0.2)]


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        # threshold: only confident suggestions, so later answers get no code at all
        (0.5, {(0, X), (1, X)}),
        # no threshold: best factor plus its theme on every answer (unknown codes ignored)
        (None, {(0, X), (0, "t-moten"), (1, X), (1, "t-moten"),
                *[(k, c) for k in (2, 3, 4) for c in ("uo-info", "t-moten")]}),
    ],
)
def test_suggestion_codings(coded, threshold, expected) -> None:
    _, _, segments = coded.frames()
    engine = FakeSuggester()
    frame = suggestion_codings(segments, CODEBOOK, engine, documents=[coded.docs["d1"]],
                               threshold=threshold, top=3)
    got = {((int(r.segment_idx) - 1) // 2, r.code_id) for r in frame.itertuples()}
    assert got == expected
    assert set(frame["coder"]) == {AI_CODER} and set(frame["source"]) == {"suggestion"}
    assert {(g, t) for _, g, t in engine.calls} == {("foraldrar", 3)}
    assert len(engine.calls) == 5  # respondent turns only


def test_ai_versus_human(coded) -> None:
    codings, _, segments = coded.frames()
    result = ai_versus_human(codings, segments, CODEBOOK, "Anna", suggester=FakeSuggester(),
                             threshold=0.5)
    assert result.coders == ("Anna", AI_CODER)
    figures = {c.code_id: c.figures for c in result.codes}[X]
    # Anna 1111000000, engine 1100011000 (answers 0-1 of d1 and d2) -> 6/10;
    # p_e = .4 * .4 + .6 * .6 = .52 -> kappa = .08 / .48
    assert math.isclose(figures.percent.value, 60.0)
    assert math.isclose(figures.kappa.value, 0.08 / 0.48)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"human": "Zed"}, "no codings by coder 'Zed'"),
        ({"documents": [10_000]}, "no codings by coder 'Anna' in the chosen documents"),
        ({"threshold": 1.5}, "between 0 and 1"),
        ({"threshold": 0.95}, "coded no turn"),
        ({"options": UnitOptions(include_interviewer=True)}, "respondent turns only"),
    ],
)
def test_ai_errors(coded, kwargs, message) -> None:
    codings, _, segments = coded.frames()
    args = {"human": "Anna", "suggester": FakeSuggester(), **kwargs}
    human = args.pop("human")
    with pytest.raises(InputError, match=message):
        ai_versus_human(codings, segments, CODEBOOK, human, **args)


def test_missing_suggestion_engine_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sigqual.nlp.suggest", None)
    with pytest.raises(InputError, match=r"suggestion engine \(sigqual.nlp.suggest\) is not available"):
        load_suggester(CODEBOOK)


CODINGS = pd.DataFrame({"coder": ["Anna", "Bo", "Anna"], "code_id": ["a", "b", "c"]})


@pytest.mark.parametrize(
    ("coder", "settings", "visible"),
    [
        ("Anna", {}, ["a", "b", "c"]),
        ("Anna", {"blind": False}, ["a", "b", "c"]),
        ("Anna", {"blind": True}, ["a", "c"]),
        ("Bo", {"blind": True, "tables": {}}, ["b"]),
        (None, {"blind": True}, []),
        ("", {"blind": True}, []),
        (None, None, ["a", "b", "c"]),
    ],
)
def test_visible_codings(coder, settings, visible) -> None:
    assert visible_codings(CODINGS, coder, settings)["code_id"].tolist() == visible


def test_blind_setting_must_be_boolean() -> None:
    with pytest.raises(InputError, match="must be true or false"):
        is_blind({"blind": "yes"})


def test_blind_setting_round_trips_through_the_store(coded) -> None:
    coded.store.update_project_settings(coded.pid, {"blind": True})
    settings = coded.store.get_project(coded.pid).settings
    frame = coded.store.codings_frame(coded.pid)
    assert set(visible_codings(frame, "Bo", settings)["coder"]) == {"Bo"}


def test_report_tables(coded) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"])
    a1, a2, a3 = agreement_tables(result)
    assert a1.caption == "Tabell A1. Överensstämmelse mellan kodarna (Anna, Bo), totalt."
    assert a1.frame["Värde"].tolist() == [85.0, 0.625, round(404 / 638, 3)]
    row = a2.frame.set_index("Kod-id").loc[X]
    assert (row["Turer kodade av Anna"], row["Turer kodade av Bo"], row["Cohens kappa"]) == (4, 4, 0.583)
    assert "no coder applied" in a2.frame.set_index("Kod-id").loc["uo-info", "Kommentar"]
    assert a3.frame["Kodad av"].tolist() == ["Anna", "Bo", "Bo"]
    english = agreement_tables(result, lang="en", max_disagreements=1)
    assert list(english[2].frame.columns)[:2] == ["Document", "Turn"]
    assert english[2].notes == ("1 / 3",)


def test_report_xlsx_and_docx(coded) -> None:
    result = project_agreement(coded.store, coded.pid, ["Anna", "Bo"])
    book = openpyxl.load_workbook(io.BytesIO(export_agreement(result, "xlsx")))
    assert book.sheetnames == ["Tabell A1", "Tabell A2", "Tabell A3"]
    sheet = book["Tabell A1"]
    assert [sheet.cell(row=4, column=c).value for c in (1, 2)] == ["Procentuell överensstämmelse", 85]
    doc = DocxDocument(io.BytesIO(export_agreement(result, "docx", title="Projekt")))
    assert len(doc.tables) == 3
    assert doc.tables[2].rows[1].cells[0].text == "d1"
    with pytest.raises(ExportError, match="choose xlsx or docx"):
        export_agreement(result, "pdf")


@pytest.mark.slow
def test_real_suggestion_engine_against_the_sample_coder(demo) -> None:
    pytest.importorskip("sigqual.nlp.suggest", reason="the suggestion engine is not installed")
    from sigqual.demo import DEMO_CODER

    store, pid = demo
    inputs = load_inputs(store, pid)
    chosen = [d.id for d in store.list_documents(pid) if d.name in ("ung-01", "for-01")]
    assert len(chosen) == 2
    engine = load_suggester(inputs.codebook, embeddings=False)  # the optional model is slow here
    result = ai_versus_human(inputs.codings, inputs.segments, inputs.codebook, DEMO_CODER,
                             suggester=engine, documents=chosen)
    assert result.coders == (DEMO_CODER, AI_CODER)
    assert result.n_documents == 2
    assert -1.0 <= result.overall.kappa.value <= 1.0
    assert 0.0 <= result.overall.percent.value <= 100.0
