"""What goes into the analysis report, computed once from the store as plain frames.

The Word document and the Excel workbook are two renderings of the same
:class:`ReportContent`, so a number in one always equals the number in the other.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..codebook import Code, Codebook
from ..errors import SigqualError
from ..models import Document
from ..store import Store
from ..tables import TableOptions, build_tables, filter_codings, table4_key
from ..tables.builders import present
from ..tables.builders import text as table_text
from ..tables.model import Table

FACTOR_KINDS = ("success_factor", "development_area")
# Excel refuses longer cells; a coded passage this long is cut with an ellipsis.
MAX_QUOTE = 32000
_QUOTE_MIN, _QUOTE_MAX = 40, 600

TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Analysrapport: {project}",
        "method": "Metod",
        "material": "Material",
        "intro": "Analysen bygger på {n} intervjuer med {g} intervjugrupper: {groups}.",
        "types": "Materialet består av {parts}.",
        "individual": "{n} enskilda intervjuer",
        "focus_group": "{n} fokusgruppsintervjuer",
        "phone": "{n} telefonintervjuer",
        "untyped": "{n} intervjuer utan angiven intervjutyp",
        "phases": "Fas 1 är den första intervjuomgången och fas 2 de uppföljande intervjuerna.",
        "interviews": "Antal intervjuer per intervjugrupp och fas.",
        "group": "Intervjugrupp",
        "phase": "Fas {p}",
        "no_phase": "Utan fas",
        "total": "Totalt",
        "analysis": "Analys",
        "analysis_text": "Intervjuerna har analyserats tematiskt. Tabell 3 visar teman per "
                         "intervjugrupp, tabell {t4} framgångsfaktorer och utvecklingsområden per "
                         "grupp och tabell 5a och 5b en sammanfattning över grupperna. En kod "
                         "redovisas när minst {min} kodat citat stöder den.",
        "t4_phases": "Tabell {t4} bygger på fas {phases}.",
        "t3_phases": "Tabell 3 bygger på fas {phases}.",
        "t5_phases": "Tabell 5a och 5b bygger på fas {phases}.",
        "coders": "Kodare",
        "coders_text": "Kodningen gjordes av {names}; sammanlagt {n} kodningar.",
        "coders_table": "Kodningar per kodare.",
        "coder": "Kodare",
        "n_codings": "Kodningar",
        "n_documents": "Dokument",
        "agreement": "Överensstämmelse mellan kodare",
        "agreement_single": "Överensstämmelsen mellan kodare har inte mätts: projektet har en kodare.",
        "agreement_missing": "Överensstämmelsen mellan kodare kunde inte beräknas: {reason}",
        "themes": "Teman",
        "factors": "Framgångsfaktorer och utvecklingsområden",
        "summary": "Sammanfattning",
        "comparison": "Jämförelse mellan intervjugrupperna",
        "figure": "Figur 1.",
        "figure_caption": "Antal framgångsfaktorer och utvecklingsområden per intervjugrupp "
                          "(tabell 5a och 5b).",
        "chart_table": "Antal framgångsfaktorer och utvecklingsområden per intervjugrupp "
                       "(tabell 5a och 5b).",
        "quotes": "Exempelcitat: {group}",
        "no_quote": "Inget citat med tillräcklig längd.",
        "codings_sheet": "Kodningar",
        "codings_caption": "Alla kodningar, ett kodat citat per rad.",
        "document": "Dokument", "participant": "Deltagare", "interview_type": "Intervjutyp",
        "date": "Datum", "speaker": "Talare", "role": "Roll", "start": "Start", "end": "Slut",
        "quote": "Citat", "code_id": "Kod-id", "code": "Kod", "theme": "Tema", "kind": "Typ",
        "source": "Källa", "interviews_sheet": "Intervjuer", "coders_sheet": "Kodare",
        "code_kind": "Kod", "phase_col": "Fas", "comparison_sheet": "Jämförelse",
    },
    "en": {
        "title": "Analysis report: {project}",
        "method": "Method",
        "material": "Material",
        "intro": "The analysis rests on {n} interviews with {g} interview groups: {groups}.",
        "types": "The material consists of {parts}.",
        "individual": "{n} individual interviews",
        "focus_group": "{n} focus group interviews",
        "phone": "{n} telephone interviews",
        "untyped": "{n} interviews without an interview type",
        "phases": "Phase 1 is the first round of interviews and phase 2 the follow-up interviews.",
        "interviews": "Number of interviews per interview group and phase.",
        "group": "Interview group",
        "phase": "Phase {p}",
        "no_phase": "No phase",
        "total": "Total",
        "analysis": "Analysis",
        "analysis_text": "The interviews were analysed thematically. Table 3 shows the themes per "
                         "interview group, Tables {t4} success factors and development areas per "
                         "group and Tables 5a and 5b a summary across the groups. A code is reported "
                         "when at least {min} coded passage(s) support it.",
        "t4_phases": "Tables {t4} rest on phase {phases}.",
        "t3_phases": "Table 3 rests on phase {phases}.",
        "t5_phases": "Tables 5a and 5b rest on phase {phases}.",
        "coders": "Coders",
        "coders_text": "The coding was done by {names}; {n} codings in all.",
        "coders_table": "Codings per coder.",
        "coder": "Coder",
        "n_codings": "Codings",
        "n_documents": "Documents",
        "agreement": "Intercoder agreement",
        "agreement_single": "Intercoder agreement was not measured: the project has one coder.",
        "agreement_missing": "Intercoder agreement could not be computed: {reason}",
        "themes": "Themes",
        "factors": "Success factors and development areas",
        "summary": "Summary",
        "comparison": "Comparison of the interview groups",
        "figure": "Figure 1.",
        "figure_caption": "Number of success factors and development areas per interview group "
                          "(Tables 5a and 5b).",
        "chart_table": "Number of success factors and development areas per interview group "
                       "(Tables 5a and 5b).",
        "quotes": "Example quotes: {group}",
        "no_quote": "No quote of sufficient length.",
        "codings_sheet": "Codings",
        "codings_caption": "All codings, one coded passage per row.",
        "document": "Document", "participant": "Participant", "interview_type": "Interview type",
        "date": "Date", "speaker": "Speaker", "role": "Role", "start": "Start", "end": "End",
        "quote": "Quote", "code_id": "Code id", "code": "Code", "theme": "Theme", "kind": "Kind",
        "source": "Source", "interviews_sheet": "Interviews", "coders_sheet": "Coders",
        "code_kind": "Code", "phase_col": "Phase", "comparison_sheet": "Comparison",
    },
}


def t(lang: str) -> dict[str, str]:
    return TEXT.get(lang, TEXT["sv"])


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

    def text(self, key: str, **values: Any) -> str:
        return t(self.lang)[key].format(**values)


def _phase_key(value: str) -> tuple[int, str]:
    return (0, f"{int(value):09d}") if value.isdigit() else (1, value)


def interviews_table(docs: list[Document], codebook: Codebook, lang: str) -> NamedTable:
    """Interviews per group (rows, codebook order) and phase (columns), with totals."""
    words = t(lang)
    phases = sorted({d.phase for d in docs if d.phase}, key=_phase_key)
    has_unphased = any(not d.phase for d in docs)
    columns = [words["phase"].format(p=p) for p in phases] + ([words["no_phase"]] if has_unphased else [])
    names = {g.key: g.name for g in codebook.groups}
    order = [g.key for g in codebook.groups] + sorted({d.group_key or "" for d in docs} - set(names))
    rows = []
    for key in order:
        members = [d for d in docs if (d.group_key or "") == key]
        if not members:
            continue
        row: dict[str, object] = {words["group"]: names.get(key, key or "–")}
        for p, col in zip([*phases, None], columns, strict=False):
            row[col] = sum(1 for d in members if (d.phase or None) == p)
        row[words["total"]] = len(members)
        rows.append(row)
    total: dict[str, object] = {words["group"]: words["total"]}
    for p, col in zip([*phases, None], columns, strict=False):
        total[col] = sum(1 for d in docs if (d.phase or None) == p)
    total[words["total"]] = len(docs)
    rows.append(total)
    frame = pd.DataFrame(rows, columns=[words["group"], *columns, words["total"]])
    return NamedTable(words["interviews_sheet"], words["interviews"], frame)


def coders_table(codings: pd.DataFrame, lang: str) -> NamedTable:
    words = t(lang)
    rows = []
    if not codings.empty:
        for coder, part in codings.groupby("coder", sort=True):
            rows.append({words["coder"]: str(coder), words["n_codings"]: int(len(part)),
                         words["n_documents"]: int(part["document_id"].nunique())})
    frame = pd.DataFrame(rows, columns=[words["coder"], words["n_codings"], words["n_documents"]])
    return NamedTable(words["coders_sheet"], words["coders_table"], frame)


def factor_counts(tables: list[Table], codebook: Codebook, lang: str) -> pd.DataFrame:
    """Labels per group in Tables 5a and 5b: the group comparison."""
    by_key = {tb.key: tb for tb in tables}
    rows = []
    for g in codebook.groups:
        row: dict[str, object] = {t(lang)["group"]: g.name}
        for key, kind in (("5a", "success_factor"), ("5b", "development_area")):
            frame = by_key[key].frame if key in by_key else pd.DataFrame()
            values = frame[g.name] if g.name in frame.columns else []
            row[table_text(kind, lang)] = sum(1 for v in values if str(v).strip())
        rows.append(row)
    return pd.DataFrame(rows, columns=[t(lang)["group"], table_text("success_factor", lang),
                                       table_text("development_area", lang)])


def _source(row: Mapping[str, Any], group_names: Mapping[str, str]) -> str:
    who = present(row.get("participant")) or present(row.get("document"))
    group_key = present(row.get("group"))
    group = group_names.get(group_key, group_key)
    return ", ".join(b for b in (who, group) if b)


_QUOTE_COLUMNS = ["code_id", "group", "document_id", "document", "participant", "role", "start", "end",
                  "quote"]


def pick_quotes(rows: list[dict[str, Any]], n: int, group_names: Mapping[str, str]) -> tuple[Quote, ...]:
    """Up to ``n`` of the codings in ``rows`` (one code, one group) as quotes: respondents'
    words of a readable length, from different interviews first, in document order."""
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
            column = table_text(kind, options.lang)
            labels = [str(v) for v in shown[column] if str(v).strip()] if column in shown.columns else []
            codes = {c.label: c for c in codebook.codes_for_group(g.key, [kind])}
            for label in labels:
                code = codes.get(label)
                if code is not None:
                    rows = by_code.get((code.id, g.key), [])
                    items.append(FactorQuotes(code, pick_quotes(rows, per_factor, names)))
        out[key] = items
    return out


def _agreement(store: Store, project_id: int, coders: list[str], lang: str) -> tuple[Table | None, str]:
    """Table A1 of the agreement module when it is installed and two or more coders coded."""
    try:
        agreement = importlib.import_module("sigqual.agreement")
    except ImportError:
        return None, ""
    skip = {getattr(agreement, "CONSENSUS_CODER", None), getattr(agreement, "AI_CODER", None)}
    humans = [c for c in coders if c not in skip]
    if len(humans) < 2:
        return None, t(lang)["agreement_single"]
    try:
        result = agreement.project_agreement(store, project_id, humans)
        return in_language(agreement.agreement_tables(result, lang=lang)[0], lang), ""
    except SigqualError as exc:
        return None, t(lang)["agreement_missing"].format(reason=exc.message)


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
    tables = [in_language(tb, lang) for tb in build_tables(frame, codebook, "all", table_options)]
    coders = sorted(set(frame["coder"])) if not frame.empty else []
    content = ReportContent(
        project_name=project.name, lang=lang, codebook=codebook, options=table_options,
        documents=docs, codings=frame, tables=tables,
        interviews=interviews_table(docs, codebook, lang), coders=coders_table(frame, lang),
        counts=factor_counts(tables, codebook, lang),
    )
    if options.agreement and coders and options.coder is None:
        content.agreement, content.agreement_note = _agreement(store, project_id, coders, lang)
    if options.quotes:
        content.quotes = factor_quotes(frame, codebook, tables, table_options, options.quotes_per_factor)
    from .outcomes import collect_outcomes

    content.outcomes = collect_outcomes(store, project_id, frame, lang)
    return content


def codings_frame(content: ReportContent) -> pd.DataFrame:
    """The raw codings sheet: one row per coded passage with its document and code."""
    w = t(content.lang)
    cb = content.codebook
    names = {g.key: g.name for g in cb.groups}
    free = sorted({k for d in content.documents for k in d.attributes})
    records = []
    for row in content.codings.itertuples(index=False):
        code = cb.get(row.code_id)
        theme = cb.theme_of(row.code_id) if code is not None else None
        quote = str(row.quote)
        rec: dict[str, object] = {
            w["document"]: row.document, w["group"]: names.get(row.group, row.group or ""),
            w["phase_col"]: row.phase or "",
            w["interview_type"]: row.interview_type or "", w["participant"]: row.participant or "",
            w["date"]: row.interview_date or "",
        }
        attributes = row.attributes or {}
        for key in free:
            rec[key] = attributes.get(key, "")
        rec.update({
            w["speaker"]: row.speaker or "", w["role"]: row.role or "",
            w["start"]: int(row.start), w["end"]: int(row.end),
            w["quote"]: quote if len(quote) <= MAX_QUOTE else quote[: MAX_QUOTE - 1] + "…",
            w["code_id"]: row.code_id, w["code"]: row.code_label,
            w["theme"]: theme.label if theme is not None else "",
            w["kind"]: table_text(row.kind, content.lang) if row.kind != "code" else w["code_kind"],
            w["coder"]: row.coder, w["source"]: row.source,
        })
        records.append(rec)
    columns = [w["document"], w["group"], w["phase_col"], w["interview_type"],
               w["participant"], w["date"], *free, w["speaker"], w["role"], w["start"], w["end"],
               w["quote"], w["code_id"], w["code"], w["theme"], w["kind"], w["coder"], w["source"]]
    return pd.DataFrame.from_records(records, columns=columns)
