"""The agreement report as tables, exported with the same writers as the report tables.

Three tables: the overall figures, the figures per code, and the disagreements to
resolve. They are ordinary :class:`Table` objects, so XLSX and DOCX (and the other
formats) come from :mod:`sigqual.export` unchanged.
"""

from __future__ import annotations

import pandas as pd

from ..errors import ExportError
from ..export import export_tables
from ..tables.model import Table
from ..turns import turn_number
from .analysis import AgreementResult, Figures

REPORT_FORMATS = ("xlsx", "docx")
_TEXT = {
    "sv": {
        "A1": "Överensstämmelse mellan kodarna ({coders}), totalt.",
        "A2": "Överensstämmelse per kod.",
        "A3": "Oenigheter att lösa.",
        "measure": "Mått", "value": "Värde", "note": "Kommentar",
        "percent": "Procentuell överensstämmelse", "kappa": "Cohens kappa",
        "alpha": "Krippendorffs alfa (nominal)", "code_id": "Kod-id", "label": "Kod",
        "kind": "Typ", "n_segments": "Turer", "coded": "Turer kodade av {coder}",
        "document": "Dokument", "turn": "Tur", "speaker": "Talare", "coded_by": "Kodad av",
        "not_coded_by": "Inte kodad av", "text": "Text",
        "unit": "Enhet: talartur × kod. {turns} turer i {docs} dokument som alla kodare kodat.",
        "none": "Kodarna är överens om alla enheter.",
    },
    "en": {
        "A1": "Agreement between the coders ({coders}), overall.",
        "A2": "Agreement per code.",
        "A3": "Disagreements to resolve.",
        "measure": "Measure", "value": "Value", "note": "Note",
        "percent": "Percent agreement", "kappa": "Cohen's kappa",
        "alpha": "Krippendorff's alpha (nominal)", "code_id": "Code id", "label": "Code",
        "kind": "Kind", "n_segments": "Turns", "coded": "Turns coded by {coder}",
        "document": "Document", "turn": "Turn", "speaker": "Speaker", "coded_by": "Coded by",
        "not_coded_by": "Not coded by", "text": "Text",
        "unit": "Unit: speaker turn × code. {turns} turns in {docs} documents coded by every coder.",
        "none": "The coders agree on every unit.",
    },
}


def agreement_tables(result: AgreementResult, *, lang: str = "sv",
                     max_disagreements: int | None = None) -> list[Table]:
    """Tables A1 (overall), A2 (per code) and A3 (disagreements) of an agreement result."""
    t = _TEXT.get(lang, _TEXT["sv"])
    unit = t["unit"].format(turns=result.n_segments, docs=result.n_documents)
    overall = _figures_frame(result.overall, t)
    a1 = Table("A1", f"Tabell A1. {t['A1'].format(coders=', '.join(result.coders))}", overall,
               notes=(unit, *[f"{row.document}: {row.missing_coders}"
                              for row in result.excluded_documents.itertuples(index=False)]))
    per_code = []
    for c in result.codes:
        row: dict[str, object] = {t["code_id"]: c.code_id, t["label"]: c.label, t["kind"]: c.kind,
                                  t["n_segments"]: c.n_segments}
        for coder in result.coders:
            row[t["coded"].format(coder=coder)] = c.coded.get(coder, 0)
        row[t["percent"]] = _round(c.figures.percent.value, 1)
        row[t["kappa"]] = _round(c.figures.kappa.value, 3)
        row[t["alpha"]] = _round(c.figures.alpha.value, 3)
        row[t["note"]] = "; ".join(c.figures.reasons())
        per_code.append(row)
    a2 = Table("A2", f"Tabell A2. {t['A2']}", pd.DataFrame(per_code), notes=(unit,))
    rows = result.disagreements
    if max_disagreements is not None:
        rows = rows.head(max_disagreements)
    listed = pd.DataFrame({
        t["document"]: rows["document"], t["turn"]: rows["segment_idx"].map(turn_number),
        t["speaker"]: rows["speaker"],
        t["label"]: rows["label"], t["coded_by"]: rows["coded_by"],
        t["not_coded_by"]: rows["not_coded_by"], t["text"]: rows["text"],
    })
    notes = () if len(listed) else (t["none"],)
    if len(rows) < len(result.disagreements):
        notes = (f"{len(rows)} / {len(result.disagreements)}",)
    a3 = Table("A3", f"Tabell A3. {t['A3']}", listed, notes=notes)
    return [a1, a2, a3]


def export_agreement(result: AgreementResult, fmt: str = "xlsx", *, title: str | None = None,
                     lang: str = "sv") -> bytes:
    """The agreement report as XLSX or DOCX bytes."""
    key = fmt.strip().lower().lstrip(".") if isinstance(fmt, str) else ""
    if key not in REPORT_FORMATS:
        raise ExportError(f"unknown agreement report format {fmt!r}; choose xlsx or docx",
                          field="format")
    heading = title or ("Intercoder agreement" if lang == "en" else "Interbedömarreliabilitet")
    return export_tables(agreement_tables(result, lang=lang), key, title=heading)


def _figures_frame(figures: Figures, t: dict[str, str]) -> pd.DataFrame:
    rows = []
    for key, measure, digits in (("percent", figures.percent, 1), ("kappa", figures.kappa, 3),
                                 ("alpha", figures.alpha, 3)):
        rows.append({t["measure"]: t[key], t["value"]: _round(measure.value, digits),
                     t["note"]: measure.reason or ""})
    return pd.DataFrame(rows)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)
