"""What goes into the analysis report, computed once from the store as plain frames.

The Word document and the Excel workbook are two renderings of the same
:class:`ReportContent`, so a number in one always equals the number in the other.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from ..codebook import Code, Codebook
from ..errors import SigqualError
from ..i18n import bind, translate
from ..models import Document, attribute_heading
from ..store import Store
from ..tables import TableOptions, build_tables, filter_codings, table4_key
from ..tables.builders import kind_cell, kind_heading, present
from ..tables.model import Table

FACTOR_KINDS = ("success_factor", "development_area")
# Excel refuses longer cells; a coded passage this long is cut with an ellipsis.
MAX_QUOTE = 32000
_QUOTE_MIN, _QUOTE_MAX = 40, 600



class NamedTable(Table):
    """A report table that is not one of the numbered result tables ("Intervjuer")."""

    @property
    def title(self) -> str:
        return self.key


class EnglishTable(Table):
    """A numbered table in an English report: "Table 4a", not the exporters' "Tabell 4a"."""

    @property
    def title(self) -> str:
        return f"Table {self.key}"


def in_language(table: Table, lang: str) -> Table:
    """The table labelled in ``lang``; Swedish tables are returned as they are."""
    if lang != "en" or isinstance(table, NamedTable):
        return table
    caption = table.caption
    if caption.startswith("Tabell "):
        caption = "Table " + caption[len("Tabell "):]
    return EnglishTable(table.key, caption, table.frame, table.notes)


@dataclass(frozen=True)
class ReportOptions:
    """Choices for the report; table options default to the project's saved ones."""

    quotes: bool = False
    quotes_per_factor: int = 2
    chart: str = "auto"  # auto (image, else a table), image, table, none
    agreement: bool = True
    table_options: TableOptions | None = None
    # Only this coder's codings (a blind coder's own report); None means everyone's.
    coder: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    source: str


@dataclass(frozen=True)
class FactorQuotes:
    code: Code
    quotes: tuple[Quote, ...]


@dataclass
class ReportContent:
    """Everything both report files show."""

    project_name: str
    lang: str
    codebook: Codebook
    options: TableOptions
    documents: list[Document]
    codings: pd.DataFrame
    tables: list[Table]
    interviews: NamedTable
    coders: NamedTable
    counts: pd.DataFrame  # group name, success factors, development areas (from 5a/5b)
    agreement: Table | None = None
    agreement_note: str = ""
    quotes: dict[str, list[FactorQuotes]] = field(default_factory=dict)  # table key -> factors
    outcomes: Any = None  # report.outcomes.OutcomeSection when the project has follow-up data


def _phase_key(value: str) -> tuple[int, str]:
    return (0, f"{int(value):09d}") if value.isdigit() else (1, value)


def interviews_table(docs: list[Document], codebook: Codebook, lang: str) -> NamedTable:
    """Interviews per group (rows, codebook order) and phase (columns), with totals."""
    tr = bind(lang)
    phases = sorted({d.phase for d in docs if d.phase}, key=_phase_key)
    has_unphased = any(not d.phase for d in docs)
    columns = [tr("report.phase", p=p) for p in phases] + ([tr("report.no_phase")] if has_unphased else [])
    names = {g.key: g.name for g in codebook.groups}
    order = [g.key for g in codebook.groups] + sorted({d.group_key or "" for d in docs} - set(names))
    rows = []
    for key in order:
        members = [d for d in docs if (d.group_key or "") == key]
        if not members:
            continue
        row: dict[str, object] = {tr("report.group"): names.get(key, key or "–")}
        for p, col in zip([*phases, None], columns, strict=False):
            row[col] = sum(1 for d in members if (d.phase or None) == p)
        row[tr("report.total")] = len(members)
        rows.append(row)
    total: dict[str, object] = {tr("report.group"): tr("report.total")}
    for p, col in zip([*phases, None], columns, strict=False):
        total[col] = sum(1 for d in docs if (d.phase or None) == p)
    total[tr("report.total")] = len(docs)
    rows.append(total)
    frame = pd.DataFrame(rows, columns=[tr("report.group"), *columns, tr("report.total")])
    return NamedTable(tr("report.interviews_sheet"), tr("report.interviews"), frame)


def coders_table(codings: pd.DataFrame, lang: str) -> NamedTable:
    tr = bind(lang)
    rows = []
    if not codings.empty:
        for coder, part in codings.groupby("coder", sort=True):
            rows.append({tr("report.coder"): str(coder), tr("report.n_codings"): int(len(part)),
                         tr("report.n_documents"): int(part["document_id"].nunique())})
    frame = pd.DataFrame(rows, columns=[tr("report.coder"), tr("report.n_codings"), tr("report.n_documents")])
    return NamedTable(tr("report.coders_sheet"), tr("report.coders_table"), frame)


def factor_counts(tables: list[Table], codebook: Codebook, lang: str) -> pd.DataFrame:
    """Labels per group in Tables 5a and 5b: the group comparison."""
    by_key = {tb.key: tb for tb in tables}
    rows = []
    for g in codebook.groups:
        row: dict[str, object] = {translate("report.group", lang): g.name}
        for key, kind in (("5a", "success_factor"), ("5b", "development_area")):
            frame = by_key[key].frame if key in by_key else pd.DataFrame()
            values = frame[g.name] if g.name in frame.columns else []
            row[kind_heading(kind, lang)] = sum(1 for v in values if str(v).strip())
        rows.append(row)
    return pd.DataFrame(rows, columns=[translate("report.group", lang), kind_heading("success_factor", lang),
                                       kind_heading("development_area", lang)])


def _source(row: Mapping[str, Any], group_names: Mapping[str, str]) -> str:
    who = present(row.get("participant")) or present(row.get("document"))
    group_key = present(row.get("group"))
    group = group_names.get(group_key, group_key)
    return ", ".join(b for b in (who, group) if b)


_QUOTE_COLUMNS = ["code_id", "group", "document_id", "document", "participant", "role", "start", "end",
                  "quote"]


def pick_quotes(rows: list[dict[str, Any]], n: int, group_names: Mapping[str, str]) -> tuple[Quote, ...]:
    """Up to ``n`` of the codings in ``rows`` (one code, one group) as quotes: respondents'
    tr of a readable length, from different interviews first, in document order."""
    spoken = [r for r in rows if r.get("role") != "interviewer"]
    fits = [r for r in spoken if _QUOTE_MIN <= len(str(r["quote"])) <= _QUOTE_MAX]
    ranked = fits + [r for r in spoken if not _QUOTE_MIN <= len(str(r["quote"])) <= _QUOTE_MAX]
    chosen: list[dict[str, Any]] = []
    spans: set[tuple[Any, Any, Any]] = set()
    for spread in (True, False):  # first one quote per interview, then fill up
        docs = {r["document_id"] for r in chosen}
        for row in ranked:
            span = (row["document_id"], row["start"], row["end"])
            if len(chosen) >= n:
                break
            if span in spans or (spread and row["document_id"] in docs):
                continue
            chosen.append(row)
            spans.add(span)
            docs.add(row["document_id"])
    return tuple(Quote(_clip(" ".join(str(r["quote"]).split())), _source(r, group_names)) for r in chosen)


def _clip(text: str, limit: int = _QUOTE_MAX * 2) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def factor_quotes(frame: pd.DataFrame, codebook: Codebook, tables: list[Table], options: TableOptions,
                  per_factor: int) -> dict[str, list[FactorQuotes]]:
    """For each Table 4 (by key): its factors in table order with their quotes."""
    part = frame if options.table4_phases is None else filter_codings(frame, phases=options.table4_phases)
    by_code: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for rec in part[_QUOTE_COLUMNS].to_dict("records"):
        by_code.setdefault((rec["code_id"], rec["group"]), []).append(rec)
    names = {g.key: g.name for g in codebook.groups}
    by_key = {tb.key: tb for tb in tables}
    out: dict[str, list[FactorQuotes]] = {}
    for g in codebook.groups:
        key = table4_key(codebook, g.key)
        if key not in by_key:
            continue
        shown = by_key[key].frame
        items = []
        for kind in FACTOR_KINDS:
            column = kind_heading(kind, options.lang)
            labels = [str(v) for v in shown[column] if str(v).strip()] if column in shown.columns else []
            codes = {c.label: c for c in codebook.codes_for_group(g.key, [kind])}
            for label in labels:
                code = codes.get(label)
                if code is not None:
                    rows = by_code.get((code.id, g.key), [])
                    items.append(FactorQuotes(code, pick_quotes(rows, per_factor, names)))
        out[key] = items
    return out


# What agreement units read of the codings (not the quotes and attributes).
_UNIT_COLUMNS = ["coding_id", "document_id", "document", "code_id", "coder", "start", "end"]


def _agreement(store: Store, project_id: int, codebook: Codebook, frame: pd.DataFrame, coders: list[str],
               lang: str) -> tuple[Table | None, str]:
    """Table A1 of the agreement module when it is installed and two or more coders coded.

    The units come from the codings already read and the turns' spans (not their text),
    and only the overall figures are computed: Table A1 shows nothing else.
    """
    try:
        agreement = importlib.import_module("sigqual.agreement")
    except ImportError:
        return None, ""
    skip = {getattr(agreement, "CONSENSUS_CODER", None), getattr(agreement, "AI_CODER", None)}
    humans = [c for c in coders if c not in skip]
    if len(humans) < 2:
        return None, translate("report.agreement_single", lang)
    try:
        units = agreement.build_units(frame[_UNIT_COLUMNS], store.turn_spans_frame(project_id), codebook,
                                      humans)
        result = agreement.agreement_from_units(units, codebook, details=False)
        return in_language(agreement.agreement_tables(result, lang=lang)[0], lang), ""
    except SigqualError as exc:
        return None, translate("report.agreement_missing", lang, reason=exc.message)


def collect(store: Store, project_id: int, options: ReportOptions | None = None) -> ReportContent:
    """Read the project once and build every table, count and quote of the report."""
    options = options or ReportOptions()
    project = store.get_project(project_id)
    codebook = store.codebook(project_id)
    table_options = options.table_options or TableOptions.from_settings(project.settings)
    lang = table_options.lang
    docs = store.list_documents(project_id)
    frame = store.codings_frame(project_id)
    if options.coder is not None:
        frame = frame[frame["coder"].astype(str) == options.coder].reset_index(drop=True)
        table_options = replace(table_options, coders=None)
    # The tables and their quotes count the saved table coders (all when none are saved);
    # the coder list and the agreement section describe every coder.
    counted = frame if table_options.coders is None else filter_codings(frame, coders=table_options.coders)
    tables = [in_language(tb, lang) for tb in build_tables(counted, codebook, "all", table_options)]
    coders = sorted(set(frame["coder"])) if not frame.empty else []
    content = ReportContent(
        project_name=project.name, lang=lang, codebook=codebook, options=table_options,
        documents=docs, codings=frame, tables=tables,
        interviews=interviews_table(docs, codebook, lang), coders=coders_table(frame, lang),
        counts=factor_counts(tables, codebook, lang),
    )
    if options.agreement and coders and options.coder is None:
        content.agreement, content.agreement_note = _agreement(store, project_id, codebook, frame, coders,
                                                               lang)
    if options.quotes:
        content.quotes = factor_quotes(counted, codebook, tables, table_options, options.quotes_per_factor)
    from .outcomes import collect_outcomes

    content.outcomes = collect_outcomes(store, project_id, counted, lang, docs)
    return content


def _attribute_headings(names: list[str], taken: set[str]) -> dict[str, str]:
    """Column headings of free attributes, capitalised as on the Projekt and Tabeller pages.

    A heading that would clash with another column (a fixed one, or "kön" beside "Kön")
    falls back to the attribute's own spelling, then to a numbered heading, so no
    column is lost.
    """
    used = set(taken)
    out: dict[str, str] = {}
    for name in names:
        numbered = (f"{attribute_heading(name)} ({n})" for n in range(2, len(used) + 3))
        heading = next(h for h in (attribute_heading(name), name, *numbered) if h not in used)
        out[name] = heading
        used.add(heading)
    return out


def codings_frame(content: ReportContent) -> pd.DataFrame:
    """The raw codings sheet: one row per coded passage with its document and code."""
    tr = bind(content.lang)
    cb = content.codebook
    names = {g.key: g.name for g in cb.groups}
    free = sorted({k for d in content.documents for k in d.attributes})
    head = [tr("report.document"), tr("report.group"), tr("report.phase_col"), tr("report.interview_type"),
            tr("report.participant"), tr("report.date")]
    tail = [tr("report.speaker"), tr("report.role"), tr("report.start"), tr("report.end"),
            tr("report.quote"), tr("report.code_id"), tr("report.code"), tr("kind.theme"),
            tr("report.kind"), tr("report.coder"), tr("report.source")]
    code_kind = tr("report.code_kind")
    headings = _attribute_headings(free, {*head, *tail})
    records = []
    for row in content.codings.itertuples(index=False):
        code = cb.get(row.code_id)
        theme = cb.theme_of(row.code_id) if code is not None else None
        quote = str(row.quote)
        rec: dict[str, object] = dict(zip(head, (
            row.document, names.get(row.group, row.group or ""), row.phase or "",
            row.interview_type or "", row.participant or "", row.interview_date or ""), strict=True))
        attributes = row.attributes or {}
        for key in free:
            rec[headings[key]] = attributes.get(key, "")
        rec.update(zip(tail, (
            row.speaker or "", row.role or "", int(row.start), int(row.end),
            quote if len(quote) <= MAX_QUOTE else quote[: MAX_QUOTE - 1] + "…",
            row.code_id, row.code_label, theme.label if theme is not None else "",
            kind_cell(row.kind, content.lang) if row.kind != "code" else code_kind,
            row.coder, row.source), strict=True))
        records.append(rec)
    columns = [*head, *(headings[key] for key in free), *tail]
    return pd.DataFrame.from_records(records, columns=columns)
