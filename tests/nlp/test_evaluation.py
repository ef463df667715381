"""Evaluation helpers: coded corpus loading, top-k tallies, leave-one-document-out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.codebook import Codebook
from sigqual.errors import InputError
from sigqual.nlp.evaluation import (
    FACTORS,
    THEMES,
    CodedSegment,
    Tally,
    gold_theme,
    leave_one_document_out,
    load_coded_corpus,
    load_jsonl_segments,
    markdown_table,
    score_segments,
)
from sigqual.nlp.suggest import Suggester


def make_corpus(root: Path, codings: str) -> Path:
    (root / "codings").mkdir(parents=True)
    (root / "manifest.csv").write_text(
        "file,group\nforaldrar/f1.txt,foraldrar\naktorer/a1.txt,aktorer\n", encoding="utf-8")
    (root / "codings" / "all.yaml").write_text(codings, encoding="utf-8")
    return root


CODINGS = """\
- document: foraldrar/f1.txt
  quote: De tog urinprov på honom varje vecka för knark.
  codes: [ff-prov, tema-forandring]
- document: foraldrar/f1.txt
  quote: Det borde ha kommit tidigare, det kom för sent.
  codes: [uo-tid]
- document: aktorer/a1.txt
  quote: Vi ses varannan vecka och det gör att inget faller mellan stolarna.
  codes: [ff-tata]
"""


def test_load_and_score(tmp_path: Path, codebook: Codebook, suggester: Suggester) -> None:
    segs = load_coded_corpus(make_corpus(tmp_path / "c", CODINGS), codebook)
    assert [s.group for s in segs] == ["foraldrar", "foraldrar", "aktorer"]
    report = score_segments(suggester, segs)
    assert report.total(FACTORS).n == 3
    assert report.total(FACTORS).top1 == 3
    assert report.tally(THEMES, "foraldrar").n == 2
    assert len(report.latencies) == 3
    table = markdown_table({"zero-shot": report}, codebook.group_keys)
    assert table.splitlines()[0] == "| setting | foraldrar | aktorer | all |"
    assert "F 100/100" in table


@pytest.mark.parametrize(
    ("codings", "message"),
    [
        ("- document: saknas.txt\n  quote: x\n  codes: [ff-prov]\n", "not in manifest"),
        ("- quote: x\n", "needs document, quote and codes"),
        ("- document: foraldrar/f1.txt\n  quote: x\n  codes: [okänd]\n", "unknown code"),
    ],
)
def test_bad_codings(tmp_path: Path, codebook: Codebook, codings: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_coded_corpus(make_corpus(tmp_path / "c", codings), codebook)


def test_jsonl_segments(tmp_path: Path, codebook: Codebook) -> None:
    path = tmp_path / "h.jsonl"
    path.write_text('{"group": "foraldrar", "code": "ff-prov", "text": "urinprov"}\n\n'
                    '{"group": "aktorer", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="h.jsonl:3"):
        load_jsonl_segments(path, codebook)


def test_gold_theme_falls_back_to_the_factors_theme(codebook: Codebook) -> None:
    assert gold_theme(codebook, CodedSegment("x", "foraldrar", ("ff-prov",))) == ["tema-forandring"]
    assert gold_theme(codebook, CodedSegment("x", "foraldrar", ("tema-tid", "ff-prov"))) == ["tema-tid"]


def test_leave_one_document_out_forgets_afterwards(
    tmp_path: Path, codebook: Codebook
) -> None:
    segs = load_coded_corpus(make_corpus(tmp_path / "c", CODINGS), codebook)
    sug = Suggester(codebook, embeddings="off")
    report = leave_one_document_out(sug, segs)
    assert report.total(FACTORS).n == 3
    assert sug.learned_count == 0


@pytest.mark.parametrize(("ranks", "top1", "top3"), [([0, 1, 5], 1 / 3, 2 / 3), ([], None, None)])
def test_tally(ranks: list[int], top1: float | None, top3: float | None) -> None:
    t = Tally()
    for r in ranks:
        t.add(r)
    assert t.rate(1) == top1 and t.rate(3) == top3
