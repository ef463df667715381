"""The Word report: its tables read back equal the DataFrames, and its text is right."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT

from sigqual.charts import image_export_problem
from sigqual.export._common import cell_text
from sigqual.report import ReportOptions, build_report, collect, write_docx
from sigqual.report.chart import BAR
from sigqual.store import NewCoding, Store
from sigqual.tables import TableOptions

from .conftest import open_docx, word_tables


def frame_rows(frame) -> list[list[str]]:  # noqa: ANN001
    return [[cell_text(c) for c in frame.columns]] + [[cell_text(v) for v in row]
                                                     for row in frame.itertuples(index=False)]


@pytest.mark.parametrize("key", ["3", "4a", "4b", "4c", "4d", "4e", "5a", "5b"])
def test_result_tables_read_back_equal_the_frames(demo_report: tuple, key: str) -> None:
    content, document = demo_report
    (table,) = [t for t in content.tables if t.key == key]
    tables = word_tables(document)
    (caption,) = [c for c in tables if c.startswith(f"Tabell {key}. ")]
    assert caption == table.caption
    assert tables[caption] == frame_rows(table.frame)


def test_tables_match_the_reference_study(demo_report: tuple, reference: dict) -> None:
    content, _document = demo_report
    five_a = next(t for t in content.tables if t.key == "5a").frame
    assert [v for v in five_a["Föräldrarna"] if v] == reference["table5a"]["foraldrar"]


@pytest.mark.parametrize(
    ("caption", "rows"),
    [
        ("Intervjuer. Antal intervjuer per intervjugrupp och fas.",
         [["Intervjugrupp", "Fas 1", "Fas 2", "Totalt"], ["Ungdomarna", "3", "0", "3"],
          ["Föräldrarna", "7", "3", "10"], ["Aktörerna", "10", "4", "14"],
          ["Projektgrupp", "1", "0", "1"], ["Styrgrupp", "1", "0", "1"], ["Totalt", "22", "7", "29"]]),
        ("Kodare. Kodningar per kodare.",
         [["Kodare", "Kodningar", "Dokument"], ["Forskare A", "557", "29"],
          ["Forskare B", "85", "7"]]),
        ("Figur 1. Antal framgångsfaktorer och utvecklingsområden per intervjugrupp (tabell 5a och 5b).",
         [["Intervjugrupp", "Framgångsfaktorer", "Utvecklingsområden"],
          ["Ungdomarna", f"{BAR * 2} 2", f"{BAR * 3} 3"], ["Föräldrarna", f"{BAR * 10} 10", f"{BAR * 3} 3"],
          ["Aktörerna", f"{BAR * 12} 12", f"{BAR * 12} 12"], ["Projektgrupp", f"{BAR * 9} 9", f"{BAR * 8} 8"],
          ["Styrgrupp", f"{BAR * 9} 9", f"{BAR * 3} 3"]]),
    ],
)
def test_method_and_comparison_tables(demo_report: tuple, caption: str, rows: list[list[str]]) -> None:
    _content, document = demo_report
    assert word_tables(document)[caption] == rows


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysen bygger på 29 intervjuer med 5 intervjugrupper: Ungdomarna, Föräldrarna, Aktörerna, "
        "Projektgrupp, Styrgrupp.",
        "Materialet består av 20 enskilda intervjuer, 2 fokusgruppsintervjuer och 7 telefonintervjuer.",
        "Tabell 4a–4e bygger på fas 1.",
        "Kodningen gjordes av Forskare A och Forskare B; sammanlagt 642 kodningar.",
        "Tabell A1. Överensstämmelse mellan kodarna (Forskare A, Forskare B), totalt.",
    ],
)
def test_method_text(demo_report: tuple, sentence: str) -> None:
    _content, document = demo_report
    assert sentence in [p.text for p in document.paragraphs]


def test_quotes_are_indented_with_pseudonym_and_group(demo_report: tuple) -> None:
    content, document = demo_report
    factors = content.quotes["4b"]
    first = factors[0]
    assert first.code.label == "Möjlighet till praktik" and len(first.quotes) == 2
    paragraphs = {p.text: p for p in document.paragraphs}
    for quote in first.quotes:
        para = paragraphs[f"{quote.text} ({quote.source})"]
        assert para.paragraph_format.left_indent is not None and para.paragraph_format.left_indent > 0
        assert para.runs[0].italic and not para.runs[1].italic
        assert quote.source.endswith(", Föräldrarna")
    # Every quote is the coded passage of that factor in that group, whitespace folded.
    frame = content.codings
    for item in factors:
        rows = frame[(frame["code_id"] == item.code.id) & (frame["group"] == "foraldrar")]
        passages = {" ".join(q.split()) for q in rows["quote"]}
        assert all(q.text in passages for q in item.quotes)
    heading = "Exempelcitat: Föräldrarna"
    assert heading in [p.text for p in document.paragraphs if p.style.name == "Heading 3"]


def test_wide_tables_get_landscape_pages(demo_report: tuple) -> None:
    _content, document = demo_report
    orientations = [s.orientation for s in document.sections]
    assert orientations[0] == WD_ORIENT.PORTRAIT
    assert WD_ORIENT.LANDSCAPE in orientations


@pytest.fixture
def two_coders(demo: tuple[Store, int]) -> tuple[Store, int]:
    """The sample project with a second coder who repeats part of the first coder's work."""
    store, pid = demo
    frame = store.codings_frame(pid)
    part = frame[frame["document"].isin(sorted(set(frame["document"]))[:4])]
    items = [NewCoding(int(r.document_id), r.code_id, int(r.start), int(r.end), "Forskare B")
             for i, r in enumerate(part.itertuples()) if i % 3]
    store.add_codings(pid, items)
    return store, pid


def test_agreement_section_when_measured(two_coders: tuple[Store, int]) -> None:
    pytest.importorskip("sigqual.agreement")
    store, pid = two_coders
    content = collect(store, pid, ReportOptions(chart="none"))
    document = open_docx(write_docx(content, chart="none")[0])
    captions = list(word_tables(document))
    assert any(c.startswith("Tabell A1. Överensstämmelse mellan kodarna (Forskare A, Forskare B)")
               for c in captions)
    rows = next(v for k, v in word_tables(document).items() if k.startswith("Tabell A1."))
    assert rows[0][:2] == ["Mått", "Värde"]
    assert "Överensstämmelse mellan kodare" in [p.text for p in document.paragraphs]


@pytest.mark.parametrize(
    ("chart", "pictures", "figure_table"),
    [("none", 0, False), ("table", 0, True)],
)
def test_chart_modes(demo: tuple[Store, int], chart: str, pictures: int, figure_table: bool) -> None:
    store, pid = demo
    document = open_docx(build_report(store, pid, ReportOptions(chart=chart, agreement=False)))
    assert len(document.inline_shapes) == pictures
    assert any(c.startswith("Figur 1.") for c in word_tables(document)) is figure_table


def test_chart_as_picture_when_a_renderer_exists(demo: tuple[Store, int]) -> None:
    problem = image_export_problem()
    if problem:
        pytest.skip(problem)
    store, pid = demo
    data, chart = write_docx(collect(store, pid, ReportOptions(agreement=False)), chart="auto")
    document = open_docx(data)
    # the comparison chart, and Figures 3 and 4 of the follow-up section
    assert chart == "image" and len(document.inline_shapes) == 3
    assert "Figur 1. Antal framgångsfaktorer och utvecklingsområden per intervjugrupp (tabell 5a och 5b)." \
        in [p.text for p in document.paragraphs]


def test_english_report(demo: tuple[Store, int]) -> None:
    store, pid = demo
    options = ReportOptions(chart="table", table_options=TableOptions(lang="en", table4_phases=("1",)))
    document = open_docx(build_report(store, pid, options))
    texts = [p.text for p in document.paragraphs]
    assert "Analysis report: Huddinge-demo (fiktiv)" in texts
    assert any(c.startswith("Table 5a. Success factors") for c in word_tables(document))


def test_empty_project_still_gives_a_report(store: Store) -> None:
    from sigqual.codebook import load_bundled_codebook

    pid = store.create_project("Tomt", load_bundled_codebook())
    document = open_docx(build_report(store, pid, ReportOptions(chart="table")))
    texts = [p.text for p in document.paragraphs]
    assert "Analysen bygger på 0 intervjuer med 0 intervjugrupper: –." in texts


@pytest.mark.slow
def test_renders_with_libreoffice(demo: tuple[Store, int], tmp_path: Path) -> None:
    """The report opens in LibreOffice: every table caption reaches the PDF."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    store, pid = demo
    path = tmp_path / "rapport.docx"
    path.write_bytes(build_report(store, pid, ReportOptions(quotes=True, chart="table")))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True,
                   timeout=240)
    text = subprocess.run(["pdftotext", str(tmp_path / "rapport.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    for key in ("3", "4a", "4b", "4c", "4d", "4e", "5a", "5b"):
        assert f"Tabell {key}." in text
    assert "Exempelcitat: Styrgrupp" in text
