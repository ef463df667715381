"""The Överensstämmelse page: agreement of two coders on the sample project, the report
downloads, resolving disagreements into a consensus coder, blind coding and AI versus human."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from sigqual.agreement import (
    CONSENSUS_CODER,
    UnitOptions,
    ai_versus_human,
    build_units,
    consensus_codings,
    is_blind,
    load_inputs,
    load_suggester,
    project_agreement,
)
from sigqual.demo import DEMO_CODER, DEMO_NAME
from sigqual.store import NewCoding, Store
from sigqual.ui.agreement_view import accept_side, codes_table, resolutions

from .deferred import deferred  # noqa: F401 - fixture
from .helpers import Served, no_exceptions, texts

SECOND = "Forskare B"
CODERS = [DEMO_CODER, SECOND]
LABELS = {"code": "Kod", "kind": "Typ", "percent": "Procentuell överensstämmelse",
          "kappa": "Cohens κ", "alpha": "Krippendorffs α (nominal)",
          "coded": "Turer kodade av {coder}", "note": "Kommentar"}


def add_second_coder(path: Path) -> int:
    """A second coder who leaves out every fourth passage and puts another theme on every
    ninth: a realistic mix of agreement and disagreement."""
    store = Store.open(path)
    try:
        project = store.find_project(DEMO_NAME)
        codings = store.list_codings(project.id)
        items = []
        for i, c in enumerate(codings):
            if i % 4:
                items.append(NewCoding(c.document_id, c.code_key, c.start, c.end, SECOND))
            if i % 9 == 0:
                items.append(NewCoding(c.document_id, "tema-uppstarten", c.start, c.end, SECOND))
        store.add_codings(project.id, items)
        return project.id
    finally:
        store.close()


@pytest.fixture
def two_coders(demo_db: Path, use_db: Callable) -> int:
    pid = add_second_coder(demo_db)
    use_db(demo_db)
    return pid


@pytest.fixture
def app(two_coders: int, open_app: Callable[..., AppTest]) -> AppTest:
    at = open_app("overens")
    no_exceptions(at)
    return at


def _store() -> Store:
    return Store.open(os.environ["SIGQUAL_DATABASE_URL"])


def _agreement(options: UnitOptions = UnitOptions(), coders: list[str] = CODERS):  # noqa: ANN202, B008
    store = _store()
    try:
        return project_agreement(store, store.find_project(DEMO_NAME).id, coders, options=options)
    finally:
        store.close()


def _metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def _expected_metrics(result) -> list[tuple[str, str]]:  # noqa: ANN001
    """The figures as a Swedish reader writes them: a decimal comma."""
    overall = result.overall

    def sv(value: float, digits: int) -> str:
        return f"{value:.{digits}f}".replace(".", ",")

    return [("Procentuell överensstämmelse", f"{sv(overall.percent.value, 1)} %"),
            ("Cohens κ", sv(overall.kappa.value, 3)),
            ("Krippendorffs α (nominal)", sv(overall.alpha.value, 3))]


def test_two_coders_are_compared_at_once(app: AppTest, two_coders: int) -> None:
    result = _agreement()
    assert app.multiselect(key=f"overens-{two_coders}-coders").value == CODERS
    assert _metrics(app) == _expected_metrics(result)
    assert 0.5 < result.overall.kappa.value < 1.0  # the second coder differs, but not wildly
    shown = app.dataframe[0].value
    expected = codes_table(result, LABELS)
    expected["Typ"] = expected["Typ"].map({"theme": "Tema", "success_factor": "Framgångsfaktor",
                                           "development_area": "Utvecklingsområde",
                                           "code": "Kod"})
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected, check_dtype=False)
    assert f"{result.n_segments} turer i {result.n_documents} dokument som alla valda kodare " \
           "har kodat." in texts(app.caption)


@pytest.mark.parametrize(
    ("interviewer", "uncoded"),
    [(True, "include"), (False, "exclude"), (True, "exclude")],
)
def test_unit_options(app: AppTest, two_coders: int, interviewer: bool, uncoded: str) -> None:
    app.toggle(key=f"overens-{two_coders}-interviewer").set_value(interviewer)
    app.radio(key=f"overens-{two_coders}-uncoded").set_value(uncoded).run()
    no_exceptions(app)
    options = UnitOptions(include_interviewer=interviewer, uncoded=uncoded)
    assert _metrics(app) == _expected_metrics(_agreement(options))


def test_fewer_than_two_coders(app: AppTest, two_coders: int) -> None:
    app.multiselect(key=f"overens-{two_coders}-coders").set_value([SECOND]).run()
    assert f"Välj minst två kodare. Projektet har kodningar av: {DEMO_CODER}, {SECOND}." in \
        texts(app.info)
    assert not list(app.metric)


def test_press_every_report_button(deferred: Callable[[object], Served],  # noqa: F811
                                   app: AppTest, two_coders: int) -> None:
    result = _agreement()
    xlsx = deferred(app.download_button(key=f"overens-{two_coders}-report-xlsx"))
    docx = deferred(app.download_button(key=f"overens-{two_coders}-report-docx"))
    assert (xlsx.file_name, docx.file_name) == ("huddinge-demo-fiktiv-overensstammelse.xlsx",
                                                "huddinge-demo-fiktiv-overensstammelse.docx")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert len(book.worksheets) == 3
    document = WordDocument(io.BytesIO(docx.data))
    assert document.paragraphs[0].text == f"Överensstämmelse: {DEMO_NAME}"
    overall, per_code, listed = document.tables
    assert overall.rows[2].cells[1].text == str(round(result.overall.kappa.value, 3))
    assert len(per_code.rows) == 1 + len(result.codes)
    assert len(listed.rows) == 1 + len(result.disagreements)


def _open_line(at: AppTest) -> str:
    return next(m for m in texts(at.markdown) if "oenigheter," in m)


def test_resolve_every_disagreement_into_a_consensus_coder(app: AppTest, two_coders: int) -> None:
    result = _agreement()
    rows = result.disagreements
    assert _open_line(app) == f"{len(rows)} oenigheter, {len(rows)} utan beslut."
    radios = [r for r in app.radio if r.key and r.key.startswith(f"overens-{two_coders}-d-")]
    assert len(radios) == 15 and radios[0].options == CODERS
    # Decide the first row by hand for the second coder, the rest in bulk for the first.
    radios[0].set_value(SECOND).run()
    assert _open_line(app) == f"{len(rows)} oenigheter, {len(rows) - 1} utan beslut."
    bulk = next(b for b in app.button if b.key and b.key.startswith(f"overens-{two_coders}-bulk-go-"))
    bulk.click().run()
    no_exceptions(app)
    assert _open_line(app) == f"{len(rows)} oenigheter, 0 utan beslut."
    app.button(key=f"overens-{two_coders}-consensus").click().run()
    no_exceptions(app)
    first = rows.iloc[0]
    decisions = accept_side(rows, {(int(first["segment_id"]), first["code_id"]): SECOND},
                            DEMO_CODER)
    store = _store()
    try:
        inputs = load_inputs(store, two_coders)
        units = build_units(inputs.codings, inputs.segments, inputs.codebook, CODERS)
        expected = consensus_codings(units, resolutions(rows, decisions))
        stored = store.list_codings(two_coders, coder=CONSENSUS_CODER)
    finally:
        store.close()
    assert {(c.document_id, c.code_key, c.start, c.end) for c in stored} == {
        (n.document_id, n.code_key, n.start, n.end) for n in expected}
    assert f"Konsensuskodaren {CONSENSUS_CODER} har {len(expected)} kodningar." in \
        texts(app.success)
    # The consensus is now a coder like the others: it agrees fully with the first coder
    # except on the one row decided for the second.
    app.multiselect(key=f"overens-{two_coders}-coders").set_value([DEMO_CODER, CONSENSUS_CODER])
    app.run()
    assert _open_line(app).startswith("1 oenigheter")


@pytest.mark.parametrize(("allow_open", "created"), [(False, False), (True, True)])
def test_consensus_with_open_rows(app: AppTest, two_coders: int, allow_open: bool,
                                  created: bool) -> None:
    app.text_input(key=f"overens-{two_coders}-consensus-name").set_value("Enighet")
    app.checkbox(key=f"overens-{two_coders}-allow-open").set_value(allow_open)
    app.button(key=f"overens-{two_coders}-consensus").click().run()
    store = _store()
    try:
        stored = store.list_codings(two_coders, coder="Enighet")
    finally:
        store.close()
    assert bool(stored) == created
    if not created:
        assert any("är inte lösta ännu" in e for e in texts(app.error))


def test_blind_coding_switch(app: AppTest, two_coders: int) -> None:
    assert "Projektet är i **jämförelseläge**: alla ser allas kodningar." in \
        [m.value for m in app.markdown]
    app.button(key=f"overens-{two_coders}-blind").click().run()
    no_exceptions(app)
    store = _store()
    try:
        assert is_blind(store.get_project(two_coders).settings)
    finally:
        store.close()
    assert "Blind kodning har startat." in texts(app.success)
    assert any("visas när projektet har slagits över" in m for m in texts(app.info))
    assert not list(app.metric)
    # While blind, the engine can only be scored against one's own codings (the user
    # "Testare" has none).
    assert "Det finns inga kodningar att jämföra med." in texts(app.info)
    app.button(key=f"overens-{two_coders}-blind").click().run()
    store = _store()
    try:
        assert not is_blind(store.get_project(two_coders).settings)
    finally:
        store.close()
    assert _metrics(app) == _expected_metrics(_agreement())


def test_ai_versus_human(deferred: Callable[[object], Served],  # noqa: F811
                         app: AppTest, two_coders: int) -> None:
    store = _store()
    try:
        inputs = load_inputs(store, two_coders)
        docs = {d.name: d.id for d in store.list_documents(two_coders)}
    finally:
        store.close()
    chosen = [docs["ung-01"], docs["for-01"]]
    app.selectbox(key=f"overens-{two_coders}-ai-human").set_value(SECOND).run()
    app.multiselect(key=f"overens-{two_coders}-ai-docs-{SECOND}").set_value(chosen)
    app.toggle(key=f"overens-{two_coders}-ai-emb").set_value(False)
    app.toggle(key=f"overens-{two_coders}-ai-use-threshold").set_value(True).run()
    app.slider(key=f"overens-{two_coders}-ai-threshold").set_value(0.3)
    app.button(key=f"overens-{two_coders}-ai-run").click().run(timeout=180)
    no_exceptions(app)
    expected = ai_versus_human(inputs.codings, inputs.segments, inputs.codebook, SECOND,
                               suggester=load_suggester(inputs.codebook, embeddings=False),
                               threshold=0.3, documents=chosen)
    assert f"{SECOND} mot förslagsmotorn (konfidens ≥ 0,30)." in texts(app.markdown)
    # the coder-against-coder figures come first, the engine's after them
    assert _metrics(app)[3:] == _expected_metrics(expected)
    assert expected.n_documents == 2
    docx = deferred(app.download_button(key=f"overens-{two_coders}-ai-report-docx"))
    assert docx.file_name == "huddinge-demo-fiktiv-ai-mot-manniska.docx"
    table = WordDocument(io.BytesIO(docx.data)).tables[0]
    assert table.rows[2].cells[1].text == str(round(expected.overall.kappa.value, 3))


def test_english(app: AppTest) -> None:
    app.button(key="lang-switch").click().run()
    no_exceptions(app)
    assert app.title[0].value == "Intercoder agreement"
    assert [label for label, _v in _metrics(app)] == [
        "Percent agreement", "Cohen's κ", "Krippendorff's α (nominal)"]


def test_the_sample_opens_with_figures_and_disagreements(demo_db: Path, use_db: Callable,
                                                        open_app: Callable[..., AppTest]) -> None:
    """The sample's own second coder double-coded part of it, so the page shows agreement
    and a list of disagreements without any set-up."""
    use_db(demo_db)
    at = open_app("overens")
    no_exceptions(at)
    pid = _store().find_project(DEMO_NAME).id
    assert at.multiselect(key=f"overens-{pid}-coders").value == CODERS
    assert not [m for m in texts(at.info) if m.startswith("Välj minst två kodare")]
    result = _agreement()
    assert _metrics(at) == _expected_metrics(result)
    assert 0.5 < result.overall.kappa.value < 0.95 and result.overall.percent.value < 100
    shown = [r for r in at.radio if (r.key or "").startswith(f"overens-{pid}-d-")]
    assert shown and len(shown) <= len(result.disagreements)
    assert {r.options[0] for r in shown} == {DEMO_CODER}
