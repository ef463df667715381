"""Exemplifying quotes for chosen factors, as a Word file in the analysis report's style.

Evaluators paste quotes under each factor when they write the report, so the file uses the
report's layout: the factor as a heading, each quote as an indented paragraph in italics,
followed by "(pseudonym, group)". Quotes are picked as the report picks them
(:func:`sigqual.report.content.pick_quotes`: respondents' words of a readable length,
different interviews first), so this export and the report never disagree.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from docx import Document
from docx.document import Document as WordDocument
from docx.shared import Pt

from ..codebook import KINDS, Code, Codebook
from ..errors import ExportError, InputError
from ..export import slug, xml_safe
from ..export.docx import NOTE_SIZE, prepare_document
from ..i18n import choice, translate
from ..report.content import Quote, pick_quotes
from ..report.word import QUOTE_INDENT

QUOTE_COLUMNS = ["code_id", "group", "document_id", "document", "participant", "role", "start",
                 "end", "quote"]


@dataclass(frozen=True)
class QuoteBlock:
    """One factor with the quotes chosen for it (possibly none)."""

    code: Code
    theme: Code | None
    quotes: tuple[Quote, ...]


def factor_quotes(
    codings: pd.DataFrame,
    codebook: Codebook,
    code_ids: Iterable[str],
    *,
    groups: Iterable[str] | None = None,
    per_factor: int | None = 3,
    rollup: bool = True,
) -> list[QuoteBlock]:
    """Quotes for each chosen code, in the order given.

    ``codings`` is a (filtered) :meth:`Store.codings_frame`; ``groups`` keeps quotes of
    those interview groups only; ``per_factor=None`` keeps every passage. With ``rollup``
    a theme also draws on the passages coded with the codes below it.
    """
    wanted = list(dict.fromkeys(code_ids))
    if not wanted:
        raise InputError(msgid="error.compare.choose_at_least_one", field="codes")
    unknown = [c for c in wanted if codebook.get(c) is None]
    if unknown:
        raise InputError(msgid="error.agreement.unknown_code_id",
                         params={"unknown": ', '.join(unknown)}, field="codes")
    if per_factor is not None and (isinstance(per_factor, bool) or per_factor < 1):
        raise InputError(msgid="error.compare.quotes_per_factor_must",
                         params={"per_factor": repr(per_factor)},
                         field="per_factor")
    missing = [c for c in QUOTE_COLUMNS if c not in codings.columns]
    if missing:
        raise InputError(f"the codings frame lacks column(s) {', '.join(missing)}", field="codings")
    # Missing values as None: pandas' NaN would print as "nan" in a quote's source.
    rows = codings[QUOTE_COLUMNS].astype(object)
    rows = rows.where(rows.notna(), None)
    if groups is not None:
        rows = rows[rows["group"].astype("string").isin([str(g) for g in groups]).fillna(False)]
    names = {g.key: g.name for g in codebook.groups}
    blocks = []
    for code_id in wanted:
        family = [code_id, *([c.id for c in codebook.descendants(code_id)] if rollup else [])]
        records = rows[rows["code_id"].isin(family)].to_dict("records")
        limit = len(records) if per_factor is None else per_factor
        blocks.append(QuoteBlock(codebook.code(code_id), codebook.theme_of(code_id),
                                 pick_quotes(records, limit, names)))
    return blocks


def quotes_docx(blocks: Sequence[QuoteBlock], *, title: str | None = None, lang: str = "sv",
                notes: Sequence[str] = ()) -> bytes:
    """The quotes as .docx bytes: factor headings, indented italic quotes with their source."""
    if not blocks:
        raise ExportError(msgid="error.compare.there_are_no_factors", field="codes")
    document = Document()
    prepare_document(document, title or translate("compare.quotes.title", lang))
    for note in notes:
        if note.strip():
            document.add_paragraph().add_run(xml_safe(note)).font.size = NOTE_SIZE
    for block in blocks:
        document.add_heading(xml_safe(block.code.label), level=2)
        about = document.add_paragraph()
        about.paragraph_format.keep_with_next = True
        kind = choice("kind.", block.code.kind, lang) if block.code.kind in KINDS else block.code.kind
        theme = block.theme if block.theme is not None and block.theme.id != block.code.id else None
        context = (translate("compare.quotes.context", lang, kind=kind, theme=theme.label)
                   if theme is not None else kind)
        run = about.add_run(xml_safe(context))
        run.font.size = NOTE_SIZE
        if not block.quotes:
            empty = document.add_paragraph()
            empty.paragraph_format.left_indent = QUOTE_INDENT
            empty.add_run(translate("compare.quotes.none", lang)).italic = True
        for quote in block.quotes:
            _quote(document, quote)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _quote(document: WordDocument, quote: Quote) -> None:
    """One indented paragraph: the words in italics, then the source in plain text."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = QUOTE_INDENT
    paragraph.paragraph_format.right_indent = QUOTE_INDENT
    paragraph.paragraph_format.space_after = Pt(8)
    paragraph.add_run(xml_safe(quote.text)).italic = True
    if quote.source:
        paragraph.add_run(xml_safe(f" ({quote.source})"))


def quotes_file_name(project_name: str) -> str:
    """``<project>-exempelcitat.docx``."""
    return f"{slug(project_name) or 'sigqual'}-exempelcitat.docx"
