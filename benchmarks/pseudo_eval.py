"""Precision and recall of the pseudonymisation detector on the labelled test sets.

Prints Markdown for docs/benchmarks.md. Run: ``python benchmarks/pseudo_eval.py``
(optionally ``--data FILE.jsonl`` and ``--min-confidence 0.5``).

Scoring: a gold span counts as found when a finding of the same kind overlaps it,
and a finding counts as correct when it overlaps a gold span of the same kind; a
gold name made of several words is scored once per word, so finding "Göran" but
not "Pettersson" is half a hit. Precision and recall are micro-averaged per kind.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.privacy.detect import detect  # noqa: E402
from sigqual.privacy.model import KINDS, DetectOptions, parse_kinds  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "privacy" / "data"
DEFAULT_SETS = (DATA / "labelled.jsonl", DATA / "heldout.jsonl")


@dataclass
class Score:
    """Counts for one kind: gold units found and missed, findings right and wrong."""

    found: int = 0
    missed: int = 0
    right: int = 0
    wrong: int = 0

    @property
    def recall(self) -> float:
        total = self.found + self.missed
        return self.found / total if total else float("nan")

    @property
    def precision(self) -> float:
        total = self.right + self.wrong
        return self.right / total if total else float("nan")


def load(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not JSON: {exc.msg}") from None
    return rows


def gold_units(span: dict) -> list[tuple[int, int]]:
    """Names are scored per word; every other kind as one unit."""
    if span["kind"] != "name":
        return [(span["start"], span["end"])]
    return [(span["start"] + m.start(), span["start"] + m.end())
            for m in re.finditer(r"\S+", span["text"])]


def evaluate(rows: list[dict], options: DetectOptions) -> tuple[dict[str, Score], list[str]]:
    scores = {k: Score() for k in KINDS}
    errors: list[str] = []
    for row in rows:
        text = row["text"]
        gold = [span for span in row["spans"] if span["kind"] in options.kinds]
        found = detect(text, options=options)
        for span in gold:
            for start, end in gold_units(span):
                hit = any(f.kind == span["kind"] and f.start < end and start < f.end for f in found)
                score = scores[span["kind"]]
                if hit:
                    score.found += 1
                else:
                    score.missed += 1
                    errors.append(f"missed {span['kind']} '{text[start:end]}' in {row['id']}")
        for f in found:
            ok = any(g["kind"] == f.kind and g["start"] < f.end and f.start < g["end"] for g in gold)
            if ok:
                scores[f.kind].right += 1
            else:
                scores[f.kind].wrong += 1
                errors.append(f"wrong {f.kind} '{f.text}' in {row['id']} ({f.reason})")
    return scores, errors


def fmt(value: float) -> str:
    return "–" if value != value else f"{value:.2f}"


def table(scores: dict[str, Score]) -> str:
    lines = ["| kind | gold | found | precision | recall |", "| --- | ---: | ---: | ---: | ---: |"]
    total = Score()
    for kind in KINDS:
        s = scores[kind]
        if s.found + s.missed + s.right + s.wrong == 0:
            continue
        lines.append(f"| {kind} | {s.found + s.missed} | {s.right + s.wrong} | {fmt(s.precision)} "
                     f"| {fmt(s.recall)} |")
        total.found += s.found
        total.missed += s.missed
        total.right += s.right
        total.wrong += s.wrong
    lines.append(f"| **all** | {total.found + total.missed} | {total.right + total.wrong} "
                 f"| **{fmt(total.precision)}** | **{fmt(total.recall)}** |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="labelled JSONL file(s)")
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--kinds", default="all",
                        help="kinds to look for, e.g. 'default' (gold spans of other kinds are ignored)")
    args = parser.parse_args()
    options = DetectOptions(kinds=parse_kinds(args.kinds), min_confidence=args.min_confidence)
    print("## Pseudonymisation: detection quality\n")
    print(f"Machine: {machine()}. Kinds: {args.kinds}, minimum confidence {args.min_confidence}.\n")
    for path in args.data or DEFAULT_SETS:
        rows = load(path)
        started = time.perf_counter()
        scores, errors = evaluate(rows, options)
        seconds = time.perf_counter() - started
        n_chars = sum(len(r["text"]) for r in rows)
        print(f"### {path.name}: {len(rows)} snippets, {n_chars} characters ({seconds:.1f} s)\n")
        print(table(scores))
        print()
        if args.errors and errors:
            print("\n".join(f"- {e}" for e in errors))
            print()
    kinds = Counter()
    for path in args.data or DEFAULT_SETS:
        for row in load(path):
            kinds.update(s["kind"] for s in row["spans"])
    print("Gold spans per kind: " + ", ".join(f"{k} {kinds[k]}" for k in KINDS if kinds[k]))


if __name__ == "__main__":
    main()
