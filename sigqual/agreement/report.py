"""The agreement report as tables, exported with the same writers as the report tables.

Three tables: the overall figures, the figures per code, and the disagreements to
resolve. They are ordinary :class:`Table` objects, so XLSX and DOCX (and the other
formats) come from :mod:`sigqual.export` unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..errors import ExportError
from ..export import export_tables
from ..i18n import bind, translate
from ..tables.model import Table
from ..turns import turn_number
from .analysis import AgreementResult, Figures

REPORT_FORMATS = ("xlsx", "docx")


def agreement_tables(result: AgreementResult, *, lang: str = "sv",
                     max_disagreements: int | None = None) -> list[Table]:
    """Tables A1 (overall), A2 (per code) and A3 (disagreements) of an agreement result."""
    t = bind(lang)
    unit = t("agreement.report.unit", turns=result.n_segments, docs=result.n_documents)
    overall = _figures_frame(result.overall, t)
    a1 = Table("A1", t("agreement.report.A1", coders=", ".join(result.coders)), overall,
               notes=(unit, *[f"{row.document}: {row.missing_coders}"
                              for row in result.excluded_documents.itertuples(index=False)]))
    per_code = []
    for c in result.codes:
        row: dict[str, object] = {t("agreement.report.code_id"): c.code_id,
                                  t("agreement.report.label"): c.label, t("agreement.report.kind"): c.kind,
                                  t("agreement.report.n_segments"): c.n_segments}
        for coder in result.coders:
            row[t("agreement.report.coded", coder=coder)] = c.coded.get(coder, 0)
        row[t("agreement.report.percent")] = _round(c.figures.percent.value, 1)
        row[t("agreement.report.kappa")] = _round(c.figures.kappa.value, 3)
        row[t("agreement.report.alpha")] = _round(c.figures.alpha.value, 3)
        row[t("agreement.report.note")] = "; ".join(c.figures.reasons())
        per_code.append(row)
    a2 = Table("A2", t("agreement.report.A2"), pd.DataFrame(per_code), notes=(unit,))
    rows = result.disagreements
    if max_disagreements is not None:
        rows = rows.head(max_disagreements)
    listed = pd.DataFrame({
        t("agreement.report.document"): rows["document"],
        t("agreement.report.turn"): rows["segment_idx"].map(turn_number),
        t("agreement.report.speaker"): rows["speaker"],
        t("agreement.report.label"): rows["label"], t("agreement.report.coded_by"): rows["coded_by"],
        t("agreement.report.not_coded_by"): rows["not_coded_by"], t("agreement.report.text"): rows["text"],
    })
    notes = () if len(listed) else (t("agreement.report.none"),)
    if len(rows) < len(result.disagreements):
        notes = (f"{len(rows)} / {len(result.disagreements)}",)
    a3 = Table("A3", t("agreement.report.A3"), listed, notes=notes)
    return [a1, a2, a3]


def export_agreement(result: AgreementResult, fmt: str = "xlsx", *, title: str | None = None,
                     lang: str = "sv") -> bytes:
    """The agreement report as XLSX or DOCX bytes."""
    key = fmt.strip().lower().lstrip(".") if isinstance(fmt, str) else ""
    if key not in REPORT_FORMATS:
        raise ExportError(msgid="error.agreement.unknown_agreement_report_format", params={"fmt": repr(fmt)},
                          field="format")
    heading = title or translate("agreement.report.heading", lang)
    return export_tables(agreement_tables(result, lang=lang), key, title=heading)


def _figures_frame(figures: Figures, t: Callable[..., str]) -> pd.DataFrame:
    rows = []
    for key, measure, digits in (("agreement.report.percent", figures.percent, 1),
                                 ("agreement.report.kappa", figures.kappa, 3),
                                 ("agreement.report.alpha", figures.alpha, 3)):
        rows.append({t("agreement.report.measure"): t(key),
                     t("agreement.report.value"): _round(measure.value, digits),
                     t("agreement.report.note"): measure.reason or ""})
    return pd.DataFrame(rows)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)
