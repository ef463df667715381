"""The Excel workbook: every report table plus the raw codings, one coded passage per row."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sigqual.export._common import cell_text
from sigqual.export.xlsx import FIRST_DATA_ROW, HEADER_ROW
from sigqual.report import ReportOptions, codings_frame, collect, workbook
from sigqual.store import Store


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    from sigqual.demo import build_demo

    store = Store.open(tmp_path_factory.mktemp("xlsx") / "demo.db")
    pid = build_demo(store)
    content = collect(store, pid, ReportOptions())
    wb = openpyxl.load_workbook(io.BytesIO(workbook(content)))
    texts = {d.name: d.text for d in store.list_documents(pid)}
    store.close()
    return content, wb, texts


def sheet_rows(ws) -> list[list[str]]:  # noqa: ANN001
    rows = []
    for row in ws.iter_rows(min_row=HEADER_ROW, values_only=True):
        rows.append(["" if v is None else str(v) for v in row])
    return rows


def test_sheet_names(book: tuple) -> None:
    _content, wb, _texts = book
    assert wb.sheetnames == ["Tabell 3", "Tabell 4a", "Tabell 4b", "Tabell 4c", "Tabell 4d", "Tabell 4e",
                             "Tabell 5a", "Tabell 5b", "Jämförelse", "Intervjuer", "Kodare", "Tabell A1",
                             "Tabell 2", "Tabell 2, sammanfattning", "Målgrupp", "Figur 4 i siffror",
                             "Kontinuitet", "Utfall och intervjuer", "Kodningar"]


@pytest.mark.parametrize("key", ["3", "4a", "4b", "4c", "4d", "4e", "5a", "5b"])
def test_table_sheets_equal_the_frames(book: tuple, key: str) -> None:
    content, wb, _texts = book
    table = next(t for t in content.tables if t.key == key)
    ws = wb[f"Tabell {key}"]
    assert ws["A1"].value == table.caption
    expected = [[cell_text(c) for c in table.frame.columns]]
    expected += [[cell_text(v) for v in row] for row in table.frame.itertuples(index=False)]
    assert sheet_rows(ws)[: len(expected)] == expected


def test_codings_sheet_has_one_row_per_coding(book: tuple) -> None:
    content, wb, texts = book
    ws = wb["Kodningar"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["Dokument", "Intervjugrupp", "Fas", "Intervjutyp", "Deltagare", "Datum", "Relation",
                      "Verksamhet", "Ärende", "Talare", "Roll", "Start", "Slut", "Citat", "Kod-id", "Kod",
                      "Tema", "Typ", "Kodare", "Källa"]
    rows = list(ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    assert len(rows) == len(content.codings) == 642
    col = {name: i for i, name in enumerate(header)}
    for row in rows[:50]:
        assert texts[row[col["Dokument"]]][row[col["Start"]]:row[col["Slut"]]] == row[col["Citat"]]
    assert {row[col["Kodare"]] for row in rows} == {"Forskare A", "Forskare B"}


@pytest.mark.parametrize(
    ("code_id", "theme", "kind"),
    [
        ("ff-mojlighet-till-praktik", "Ungdomarnas framtid", "Framgångsfaktorer"),
        ("tema-motena", "Mötena", "Tema"),
    ],
)
def test_codings_sheet_names_theme_and_kind(book: tuple, code_id: str, theme: str, kind: str) -> None:
    content, _wb, _texts = book
    frame = codings_frame(content)
    rows = frame[frame["Kod-id"] == code_id]
    assert not rows.empty
    assert set(rows["Tema"]) == {theme}
    assert set(rows["Typ"]) == {kind}


def test_formula_like_quotes_stay_text(store: Store) -> None:
    from sigqual.ingest import segment
    from tests.refi.helpers import small_codebook

    pid = store.create_project("Formler", small_codebook())
    text = "=HYPERLINK(\"http://x\") sa han\n"
    doc = store.add_document(pid, name="d", text=text, turns=segment(text), attributes={"group": "foraldrar"})
    store.add_coding(pid, doc, "annat", 0, len(text) - 1, coder="A")
    wb = openpyxl.load_workbook(io.BytesIO(workbook(collect(store, pid, ReportOptions(chart="none")))))
    ws = wb["Kodningar"]
    quote_col = [c.value for c in ws[HEADER_ROW]].index("Citat") + 1
    cell = ws.cell(row=FIRST_DATA_ROW, column=quote_col)
    assert cell.data_type == "s" and cell.value == text.strip()


@pytest.mark.parametrize(("names", "taken", "expected"), [
    (["relation", "ärende"], {"Dokument"}, {"relation": "Relation", "ärende": "Ärende"}),
    # A capitalised name that clashes with a fixed column keeps its own spelling.
    (["tema"], {"Tema"}, {"tema": "tema"}),
    # Two spellings of one name: the second cannot take either heading, so it is numbered.
    (["Kön", "kön"], set(), {"Kön": "Kön", "kön": "kön"}),
    (["Tema"], {"Tema"}, {"Tema": "Tema (2)"}),
    (["tema", "Tema"], {"Tema"}, {"tema": "tema", "Tema": "Tema (2)"}),
])
def test_attribute_headings_are_capitalised_and_unique(names: list[str], taken: set[str],
                                                      expected: dict[str, str]) -> None:
    from sigqual.report.content import _attribute_headings

    got = _attribute_headings(names, taken)
    assert got == expected
    assert len(set(got.values())) == len(names) and not set(got.values()) & taken
