"""The Word analysis report: method, Tables 3-5b as printed, quotes and the comparison.

Tables are written with the same helpers as the table export (:mod:`sigqual.export.docx`),
so a table in the report is cell for cell the table a user exports alone. Wide tables
(Table 3, 5a, 5b with five groups) get a landscape section, as in the export.
"""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table as WordTable

from ..export import xml_safe
from ..export.docx import LANDSCAPE_ABOVE, add_table, orient_section, prepare_document
from ..i18n import bind, choice, translate
from ..tables import table4_key
from ..tables.model import Table
from .chart import SERIES_COLOURS, render
from .content import FactorQuotes, NamedTable, ReportContent

QUOTE_INDENT = Cm(1.0)
_TYPE_COUNTS = {"individual": "report.individual", "focus_group": "report.focus_group",
                "phone": "report.phone"}


class _Writer:
    """Keeps the current page orientation so each wide table gets a landscape section."""

    def __init__(self, document: WordDocument, caption_style: ParagraphStyle | None) -> None:
        self.doc = document
        self.caption_style = caption_style
        self.landscape = False
        orient_section(document.sections[-1], False)

    def orient(self, landscape: bool) -> None:
        if landscape != self.landscape:
            orient_section(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape)
            self.landscape = landscape

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(xml_safe(text), level=level)

    def paragraph(self, text: str) -> None:
        if text.strip():
            self.doc.add_paragraph(xml_safe(text))

    def table(self, table: Table) -> None:
        add_table(self.doc, table, self.caption_style)

    @property
    def text_width(self) -> int:
        section = self.doc.sections[-1]
        return int(section.page_width - section.left_margin - section.right_margin)


def _wide(table: Table) -> bool:
    return table.frame.shape[1] > LANDSCAPE_ABOVE


def write_docx(content: ReportContent, *, chart: str = "auto") -> tuple[bytes, str]:
    """The report as .docx bytes and how the chart came out ("image", "table" or "none").

    The pictures are drawn and rendered on a worker thread while the tables are written:
    the renderer is a separate browser process, so its seconds overlap the Word work
    instead of following it. Each picture still lands where it did.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sigqual-report-pictures")
    try:
        comparison = pool.submit(render, content.counts, content.lang, chart)
        pictures = None
        if content.outcomes is not None:
            from .outcomes import figure_pngs

            section = content.outcomes

            def follow_up() -> list[tuple[str, bytes]] | None:
                # One worker runs the jobs in order: the comparison is done, and when it
                # failed the report stops there, as it always has, with nothing else drawn.
                return None if comparison.exception() is not None else figure_pngs(section, chart)

            pictures = pool.submit(follow_up)
        return _write(content, chart, comparison, pictures)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _write(content: ReportContent, chart: str, comparison: Future[bytes | NamedTable | None],
           pictures: Future[list[tuple[str, bytes]] | None] | None) -> tuple[bytes, str]:
    tr = bind(content.lang)
    document = Document()
    caption_style = prepare_document(document, tr("report.title", project=content.project_name))
    w = _Writer(document, caption_style)
    _method(w, content)

    by_key = {tb.key: tb for tb in content.tables}
    if "3" in by_key:
        w.orient(_wide(by_key["3"]))
        w.heading(tr("report.themes"), 2)
        w.table(by_key["3"])
    group_of = {table4_key(content.codebook, g.key): g for g in content.codebook.groups}
    fours = [tb for tb in content.tables if tb.key in group_of]
    for i, table in enumerate(fours):
        w.orient(_wide(table))
        if i == 0:
            w.heading(tr("report.factors"), 2)
        w.table(table)
        if content.quotes.get(table.key):
            _quotes(w, content, group_of[table.key].name, content.quotes[table.key])
    summary = [by_key[k] for k in ("5a", "5b") if k in by_key]
    for i, table in enumerate(summary):
        w.orient(_wide(table))
        if i == 0:
            w.heading(tr("report.summary"), 2)
        w.table(table)

    outcome = comparison.result()
    if isinstance(outcome, bytes):
        w.heading(tr("report.comparison"), 2)
        document.add_picture(io.BytesIO(outcome), width=int(w.text_width * 0.95))
        caption = document.add_paragraph(style=caption_style)
        caption.paragraph_format.keep_with_next = False
        caption.add_run(tr("report.figure")).bold = True
        caption.add_run(" " + tr("report.figure_caption"))
        kind = "image"
    elif isinstance(outcome, NamedTable):
        w.orient(False)
        w.heading(tr("report.comparison"), 2)
        w.table(outcome)
        _colour_bars(document.tables[-1])
        kind = "table"
    else:
        kind = "none"
    if content.outcomes is not None and pictures is not None:
        _outcomes(w, content, chart, pictures.result())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), kind


def _colour_bars(grid: WordTable) -> None:
    """Give each series of text bars its chart colour, so the table reads like the chart."""
    for row in grid.rows[1:]:
        for cell, colour in zip(row.cells[1:], SERIES_COLOURS, strict=False):
            for run in cell.paragraphs[0].runs:
                run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())


def _method(w: _Writer, content: ReportContent) -> None:
    tr = bind(content.lang)
    docs = content.documents
    w.heading(tr("report.method"), 2)
    w.heading(tr("report.material"), 3)
    present = [g.name for g in content.codebook.groups if any(d.group_key == g.key for d in docs)]
    w.paragraph(tr("report.intro", n=len(docs), g=len(present), groups=", ".join(present) or "–"))
    parts = []
    for kind in ("individual", "focus_group", "phone"):
        n = sum(1 for d in docs if d.interview_type == kind)
        if n:
            parts.append(tr(_TYPE_COUNTS[kind], n=n))
    untyped = sum(1 for d in docs if not d.interview_type)
    if untyped and parts:
        parts.append(tr("report.untyped", n=untyped))
    if parts:
        w.paragraph(tr("report.types", parts=_join(parts, content.lang)))
    phases = {d.phase for d in docs if d.phase}
    if {"1", "2"} <= phases:
        w.paragraph(tr("report.phases"))
    w.table(content.interviews)

    w.heading(tr("report.analysis"), 3)
    group_keys = [table4_key(content.codebook, g.key) for g in content.codebook.groups]
    t4 = f"{group_keys[0]}–{group_keys[-1]}" if len(group_keys) > 1 else "".join(group_keys)
    w.paragraph(tr("report.analysis_text", t4=t4, min=content.options.min_segments))
    for key, phases_opt in (("report.t3_phases", content.options.table3_phases),
                            ("report.t4_phases", content.options.table4_phases),
                            ("report.t5_phases", content.options.summary_phases)):
        if phases_opt:
            w.paragraph(tr(key, t4=t4, phases=_join(list(phases_opt), content.lang)))

    w.heading(tr("report.coders"), 3)
    coders = list(content.coders.frame.iloc[:, 0])
    if coders:
        w.paragraph(tr("report.coders_text", names=_join(coders, content.lang),
                                                n=len(content.codings)))
        w.table(content.coders)
    if content.agreement is not None or content.agreement_note:
        w.heading(tr("report.agreement"), 3)
        if content.agreement is not None:
            w.table(content.agreement)
        w.paragraph(content.agreement_note)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {translate('common.and', lang)} " + items[-1]


def _quotes(w: _Writer, content: ReportContent, group_name: str, factors: list[FactorQuotes]) -> None:
    """Each factor in bold, then its quotes indented, each with pseudonym and group."""
    tr = bind(content.lang)
    w.heading(tr("report.quotes", group=group_name), 3)
    for item in factors:
        label = w.doc.add_paragraph()
        label.paragraph_format.keep_with_next = True
        label.paragraph_format.space_before = Pt(6)
        label.add_run(xml_safe(item.code.label)).bold = True
        label.add_run(f" ({choice('kind.', item.code.kind, content.lang).lower()})")
        if not item.quotes:
            note = w.doc.add_paragraph()
            note.paragraph_format.left_indent = QUOTE_INDENT
            note.add_run(tr("report.no_quote")).italic = True
            continue
        for quote in item.quotes:
            para = w.doc.add_paragraph()
            para.paragraph_format.left_indent = QUOTE_INDENT
            para.paragraph_format.right_indent = QUOTE_INDENT
            para.add_run(xml_safe(quote.text)).italic = True
            para.add_run(f" ({xml_safe(quote.source)})")


def _outcomes(w: _Writer, content: ReportContent, chart: str,
              pictures: list[tuple[str, bytes]] | None) -> None:
    """The follow-up section: tables, the joint display and Figures 3 and 4 (``pictures``,
    None when they could not or should not be drawn)."""
    section = content.outcomes
    w.orient(False)
    w.heading(section.text("heading"), 2)
    w.paragraph(section.text("intro"))
    for table in section.tables:
        w.orient(_wide(table))
        w.table(table)
    w.orient(True)
    w.heading(section.text("joint"), 3)
    w.table(section.joint)
    w.orient(False)
    if pictures is None:
        if chart != "none":
            w.paragraph(section.text("no_figures"))
        return
    for caption, png in pictures:
        w.doc.add_picture(io.BytesIO(png), width=int(w.text_width * 0.95))
        paragraph = w.doc.add_paragraph(style=w.caption_style)
        paragraph.add_run(xml_safe(caption))
