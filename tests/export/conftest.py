"""Shared tables for the exporter tests: a report-layout list table and an evidence table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sigqual.tables.model import Table

TITLE = "Utvärdering av SIG – testrapport"

LIST_CAPTION = (
    "Tabell 4a. Framgångsfaktorer och utvecklingsområden tolkade ur ungdomarnas upplevelser"
)
EVIDENCE_CAPTION = "Tabell 4a-belägg. Citat som belägg för ungdomarnas faktorer"

# Quotes chosen to break naive writers: markup, pipes, quotes, line breaks and formula triggers.
SCRIPT_QUOTE = 'Jag skrev <script>alert(1)</script> | "typ" så\nsen hände inget'
FORMULA_QUOTES = (
    '=HYPERLINK("http://example.invalid","klicka")',
    "+46 70 mitt nummer, ring",
    "-Det var bra, sa han",
    "@läraren svarade direkt",
)


def make_list_table() -> Table:
    """A 4a-like report table: two top-aligned label lists with empty cells below the shorter."""
    frame = pd.DataFrame(
        {
            "Framgångsfaktorer": [
                "Ungdomarna ser att aktörerna finns där för dem",
                "Konkreta, genomförbara och förändringsbara delmål",
                "",
                "",
            ],
            "Utvecklingsområden": [
                "Risk att mindre företeelser förstoras upp",
                "Skolan resp. socialtjänstens ansvarsområden",
                "Mindre kontor, mer fältarbete",
                "Insats i proportion till problembilden – inte schablon",
            ],
        }
    )
    return Table(
        key="4a",
        caption=LIST_CAPTION,
        frame=frame,
        notes=("Källa: intervjuer med ungdomarna, fas 1.",),
    )


def make_evidence_table() -> Table:
    """An evidence table: codes, two int count columns and long, hostile quotes (5 columns)."""
    quotes = [SCRIPT_QUOTE, *FORMULA_QUOTES]
    frame = pd.DataFrame(
        {
            "Kod": [
                "ff-aktorerna-ger-stod",
                "uo-information",
                "uo-relevans",
                "ff-kontroll",
                "ff-uppmarksamhet",
            ],
            "Etikett": [
                "Aktörerna ger praktiskt och psykiskt stöd",
                "Mer och tydligare information inför första insatsmötet",
                "En del aktörers relevans på mötena",
                "Yttre kontroll på ungdomen",
                "Insatsen ger ungdomen uppmärksamhet",
            ],
            "Intervjuer": [3, 2, 1, 1, 0],
            "Segment": [7, 4, 12, 1, 0],
            "Citat": quotes,
        }
    )
    return Table(
        key="4a-belägg",
        caption=EVIDENCE_CAPTION,
        frame=frame,
        notes=("Intervjuer = antal intervjuer med koden; Segment = antal kodade segment.",),
    )


@pytest.fixture
def list_table() -> Table:
    return make_list_table()


@pytest.fixture
def evidence_table() -> Table:
    return make_evidence_table()


@pytest.fixture
def sample_tables() -> list[Table]:
    return [make_list_table(), make_evidence_table()]


@pytest.fixture
def title() -> str:
    return TITLE


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[bytes, str], Path]:
    """Save exported bytes to a real file under tmp_path, as a download would be saved."""

    def save(data: bytes, name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return save
