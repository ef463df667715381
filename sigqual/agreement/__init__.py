"""Intercoder agreement at the segment level, consensus building and blind coding.

The unit is one speaker turn x one code (see :mod:`sigqual.agreement.units` for why);
:func:`compute_agreement` gives percent agreement, Cohen's kappa (two coders) and
Krippendorff's alpha (any number) per code and overall, with the disagreements to resolve.
"""

from .ai import AI_CODER, ai_versus_human, load_suggester, suggestion_codings
from .analysis import (
    DISAGREEMENT_COLUMNS,
    AgreementInputs,
    AgreementResult,
    CodeAgreement,
    Figures,
    agreement_from_units,
    compute_agreement,
    disagreements,
    load_inputs,
    project_agreement,
)
from .blind import BLIND_SETTING, blind_settings, is_blind, visible_codings
from .consensus import (
    CONSENSUS_CODER,
    Resolution,
    build_consensus,
    consensus_codings,
    write_consensus,
)
from .metrics import Measure, cohen_kappa, krippendorff_alpha, percent_agreement
from .report import REPORT_FORMATS, agreement_tables, export_agreement
from .units import DEFAULT_OPTIONS, UnitOptions, Units, build_units, parse_coders

__all__ = [
    "AI_CODER", "BLIND_SETTING", "CONSENSUS_CODER", "DEFAULT_OPTIONS", "DISAGREEMENT_COLUMNS",
    "REPORT_FORMATS", "AgreementInputs", "AgreementResult", "CodeAgreement", "Figures", "Measure",
    "Resolution", "UnitOptions", "Units", "agreement_from_units", "agreement_tables",
    "ai_versus_human", "blind_settings", "build_consensus", "build_units", "cohen_kappa",
    "compute_agreement", "consensus_codings", "disagreements", "export_agreement", "is_blind",
    "krippendorff_alpha", "load_inputs", "load_suggester", "parse_coders", "percent_agreement",
    "project_agreement", "suggestion_codings", "visible_codings", "write_consensus",
]
