"""Evaluation of suggestions: top-k accuracy per group, zero-shot and learning.

Shared by ``benchmarks/suggest_eval.py`` and tests. Coded segments come from a coded
corpus folder (``manifest.csv`` giving each document's group, ``codings/*.yaml`` with
``{document, quote, codes}`` entries) or from JSON Lines (``{group, code, text}``).
Every (segment, gold code) pair is scored by the rank of the gold code among the codes
of its class (factors, or themes), which is what a researcher filtering the
suggestions on kind sees.
"""

from __future__ import annotations

import csv
import json
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..codebook import FACTOR_KINDS, Codebook
from ..errors import InputError
from ..safeyaml import load_yaml
from .suggest import Suggester

FACTORS = "factors"
THEMES = "themes"


@dataclass(frozen=True)
class CodedSegment:
    """A segment with the codes a researcher gave it."""

    text: str
    group: str
    codes: tuple[str, ...]
    document: str = ""


def load_coded_corpus(root: str | Path, codebook: Codebook) -> list[CodedSegment]:
    """Coded segments of a corpus folder (manifest.csv + codings/*.yaml)."""
    root = Path(root)
    manifest = root / "manifest.csv"
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as fh:
            groups = {row["file"]: row["group"] for row in csv.DictReader(fh)}
    except (OSError, KeyError) as exc:
        raise InputError(f"cannot read the manifest: {exc}", file=str(manifest)) from None
    out: list[CodedSegment] = []
    for path in sorted((root / "codings").glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read codings: {exc}", file=path.name) from None
        entries = load_yaml(text, path.name, typ="safe", error=InputError) or []
        for n, entry in enumerate(entries, start=1):
            try:
                document, quote, codes = entry["document"], entry["quote"], entry["codes"]
            except (KeyError, TypeError):
                raise InputError(f"entry {n} needs document, quote and codes",
                                 file=path.name) from None
            if document not in groups:
                raise InputError(f"entry {n}: document '{document}' is not in manifest.csv",
                                 file=path.name)
            for code in codes:
                if codebook.get(code) is None:
                    raise InputError(f"entry {n}: unknown code '{code}'", file=path.name)
            out.append(CodedSegment(quote, groups[document], tuple(codes), document))
    return out


def _jsonl_segments(path: str | Path, make: Callable[[dict, str], CodedSegment | None]
                    ) -> list[CodedSegment]:
    """Segments from a JSON-lines file, one ``make(row, "file:line")`` per non-blank line;
    a malformed line is an error naming the file and the line."""
    path = Path(path)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            segment = make(json.loads(line), f"{path.name}:{n}")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"bad line: {exc}", file=path.name, line=n) from None
        if segment is not None:
            out.append(segment)
    return out


def load_jsonl_segments(path: str | Path, codebook: Codebook) -> list[CodedSegment]:
    """Segments from ``{"group", "code", "text"}`` lines (one gold code each)."""
    return _jsonl_segments(path, lambda row, where: CodedSegment(
        row["text"], row["group"], (codebook.code(row["code"]).id,), where))


@dataclass
class Tally:
    """Hits at rank 1 and within the top 3, out of ``n`` gold codes."""

    n: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, rank: int) -> None:
        self.n += 1
        self.top1 += rank == 0
        self.top3 += rank < 3

    def rate(self, k: int) -> float | None:
        if not self.n:
            return None
        return (self.top1 if k == 1 else self.top3) / self.n


@dataclass
class Report:
    """Tallies per (class, group) plus latencies in seconds per segment."""

    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)

    def tally(self, cls: str, group: str) -> Tally:
        return self.tallies.setdefault((cls, group), Tally())

    def total(self, cls: str) -> Tally:
        out = Tally()
        for (c, _g), t in self.tallies.items():
            if c == cls:
                out.n += t.n
                out.top1 += t.top1
                out.top3 += t.top3
        return out

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.latencies) if self.latencies else 0.0


def gold_theme(codebook: Codebook, seg: CodedSegment) -> list[str]:
    """The themes a segment is about: its theme codes, else the themes of its factors."""
    themes = [c for c in seg.codes if codebook.code(c).kind == "theme"]
    if themes:
        return themes
    found = []
    for c in seg.codes:
        theme = codebook.theme_of(c)
        if theme is not None and theme.id not in found:
            found.append(theme.id)
    return found


def score_segments(suggester: Suggester, segments: Sequence[CodedSegment],
                   report: Report | None = None) -> Report:
    """Rank every segment and tally the rank of each gold factor and theme."""
    report = report or Report()
    codebook = suggester.codebook
    for seg in segments:
        started = time.perf_counter()
        result = suggester.suggest(seg.text, seg.group, top=1000)
        report.latencies.append(time.perf_counter() - started)
        factors = [s.code_id for s in result if s.kind in FACTOR_KINDS]
        themes = [s.code_id for s in result if s.kind not in FACTOR_KINDS]
        for code in seg.codes:
            if codebook.code(code).kind in FACTOR_KINDS and code in factors:
                report.tally(FACTORS, seg.group).add(factors.index(code))
        for theme in gold_theme(codebook, seg):
            if theme in themes:
                report.tally(THEMES, seg.group).add(themes.index(theme))
    return report


def leave_one_document_out(suggester: Suggester, segments: Sequence[CodedSegment]) -> Report:
    """Accuracy when the suggester has learned every other document's codings."""
    report = Report()
    documents = sorted({s.document for s in segments})
    for doc in documents:
        suggester.forget()
        for seg in segments:
            if seg.document != doc:
                for code in seg.codes:
                    suggester.learn(seg.text, seg.group, code)
        score_segments(suggester, [s for s in segments if s.document == doc], report)
    suggester.forget()
    return report


def markdown_table(reports: dict[str, Report], groups: Iterable[str]) -> str:
    """Rows are settings, columns groups; a cell is "F top-1/top-3 · T top-1/top-3" in %."""
    groups = list(groups)
    head = ["setting", *groups, "all"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, rep in reports.items():
        cells = [name]
        for group in [*groups, None]:
            parts = []
            for cls, letter in ((FACTORS, "F"), (THEMES, "T")):
                t = rep.total(cls) if group is None else rep.tallies.get((cls, group), Tally())
                if t.n:
                    parts.append(f"{letter} {100 * t.top1 / t.n:.0f}/{100 * t.top3 / t.n:.0f}")
            cells.append(" · ".join(parts) or "–")
        lines.append("| " + " | ".join(cells) + " |")
    counts = [str(reports[next(iter(reports))].tally(FACTORS, g).n) for g in groups] if reports else []
    if reports:
        total = reports[next(iter(reports))].total(FACTORS).n
        lines.append("| factor codings (n) | " + " | ".join([*counts, str(total)]) + " |")
    return "\n".join(lines)


# -- calibration data -----------------------------------------------------------------

SHOWN = 5


def load_smalltalk(path: str | Path, codebook: Codebook, split: str | None = None
                   ) -> list[CodedSegment]:
    """Backchannels and small talk (``{"group", "text", "split"}``): segments with no code."""

    def make(row: dict, where: str) -> CodedSegment | None:
        if split is not None and row.get("split") != split:
            return None
        if row["group"] not in codebook.group_keys:
            raise KeyError(f"unknown group {row['group']!r}")
        return CodedSegment(row["text"], row["group"], (), where)

    return _jsonl_segments(path, make)


def calibration_rows(suggester: Suggester, segments: Sequence[CodedSegment], top: int = SHOWN
                     ) -> dict[str, tuple[list[list[float]], list[int]]]:
    """Features and right/wrong labels of the ``top`` best candidates of each class.

    Those are what a researcher is shown. A factor candidate is right when the segment
    carries that factor, a theme candidate when the segment is about that theme; a
    segment without any code (small talk) makes every candidate wrong, and a coded
    segment with no factor says nothing about factor candidates.
    """
    from .ranking import FACTOR_CLASS, OTHER_CLASS

    codebook = suggester.codebook
    out: dict[str, tuple[list[list[float]], list[int]]] = {FACTOR_CLASS: ([], []),
                                                           OTHER_CLASS: ([], [])}
    for seg in segments:
        factors = {c for c in seg.codes if codebook.code(c).kind in FACTOR_KINDS}
        themes = set(gold_theme(codebook, seg)) | {c for c in seg.codes
                                                    if codebook.code(c).kind not in FACTOR_KINDS}
        truth = {FACTOR_CLASS: factors, OTHER_CLASS: themes}
        for cls, cands in suggester.candidates(seg.text, seg.group).items():
            if seg.codes and not truth[cls]:
                continue
            for c in cands[:top]:
                out[cls][0].append(c.features())
                out[cls][1].append(int(c.code.id in truth[cls]))
    return out


def shown_confidences(sug: Suggester, segments: Sequence[CodedSegment], top: int = SHOWN
                      ) -> tuple[list[float], list[int]]:
    """Confidence and correctness of the ``top`` best factors and themes per segment,
    read from the public ``suggest`` output (so any version of the engine can be scored)."""
    codebook = sug.codebook
    probs: list[float] = []
    labels: list[int] = []
    for seg in segments:
        ranked = sug.suggest(seg.text, seg.group, top=1000)
        factors = [s for s in ranked if s.kind in FACTOR_KINDS][:top]
        themes = [s for s in ranked if s.kind not in FACTOR_KINDS][:top]
        gold_f = {c for c in seg.codes if codebook.code(c).kind in FACTOR_KINDS}
        gold_t = set(gold_theme(codebook, seg)) if seg.codes else set()
        for shown, gold in ((factors, gold_f), (themes, gold_t)):
            if seg.codes and not gold:
                continue
            for s in shown:
                probs.append(float(s.confidence))
                labels.append(int(s.code_id in gold))
    return probs, labels


def rank_hits(sug: Suggester, segments: Sequence[CodedSegment]) -> dict[tuple[str, int], int]:
    """Hits at top-1 and top-3 for factors and themes (the learning guard's measure)."""
    rep = score_segments(sug, segments)
    out = {}
    for cls in (FACTORS, THEMES):
        t = rep.total(cls)
        out[(cls, 1)] = t.top1
        out[(cls, 3)] = t.top3
    return out
