"""Generalisation: the bundled codebook on held-out passages written for this purpose.

The passages (tests/nlp/data/heldout.jsonl) are varied spoken Swedish that does not
reuse the codebook's wording; the issue asks for >= 75 % top-3 zero-shot on unseen
real passages, which this checks as a floor for the lexical ranker alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigqual.codebook import load_bundled_codebook
from sigqual.nlp.suggest import Suggester

DATA = Path(__file__).resolve().parent / "data" / "heldout.jsonl"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def test_heldout_set_is_valid(rows: list[dict[str, str]]) -> None:
    cb = load_bundled_codebook()
    assert len(rows) >= 60
    for row in rows:
        code = cb.code(row["code"])
        assert code.kind in ("success_factor", "development_area")
        assert row["group"] in code.groups


def test_lexical_top3_on_heldout(rows: list[dict[str, str]]) -> None:
    sug = Suggester(load_bundled_codebook(), embeddings="off")
    results = sug.suggest_many([(r["text"], r["group"]) for r in rows], top=60)
    hits = 0
    for row, result in zip(rows, results, strict=True):
        factors = [s.code_id for s in result if s.kind != "theme"]
        hits += row["code"] in factors[:3]
    assert hits / len(rows) >= 0.75
