"""Refit the confidence calibration and measure it on held-out text.

Fitting data (rankings of passages the ranker was not built from): the sample corpus's
coded segments (``corpora/huddinge-demo``), the development passages
(``tests/nlp/data/dev.jsonl``) and the ``fit`` half of the small-talk set
(``tests/nlp/data/smalltalk.jsonl``, segments that must get no code). Evaluation, never
used for fitting: ``tests/nlp/data/heldout.jsonl`` plus the ``heldout`` half of the
small-talk set. For each ranking mode (lexical, and the embedding model when it is
installed) the script fits a Platt + isotonic map per class, writes
``sigqual/nlp/data/calibration.json`` (unless ``--dry-run``), and prints the expected
calibration error (ECE, 10 bins) of the shown suggestions (the 5 best factors and the 5
best themes of every held-out segment) with a reliability table; ``--png`` draws the
reliability diagram.

Run: ``OMP_NUM_THREADS=1 python benchmarks/suggest_calibrate.py --png docs/reliability.png``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.codebook import load_bundled_codebook  # noqa: E402
from sigqual.nlp.calibration import (  # noqa: E402
    ARTEFACT,
    LEXICAL_MODE,
    expected_calibration_error,
    fit_class_maps,
    reliability,
    save_calibration,
)
from sigqual.nlp.embeddings import load_embedder  # noqa: E402
from sigqual.nlp.evaluation import (  # noqa: E402
    calibration_rows,
    load_coded_corpus,
    load_jsonl_segments,
    load_smalltalk,
    shown_confidences,
)
from sigqual.nlp.suggest import Suggester  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "nlp" / "data"


def reliability_markdown(probs: list[float], labels: list[int]) -> str:
    lines = ["| confidence bin | suggestions | mean confidence | share right |", "|---|---|---|---|"]
    for lo, conf, acc, count in reliability(probs, labels):
        lines.append(f"| {lo:.1f}–{lo + 0.1:.1f} | {count} | {conf:.2f} | {acc:.2f} |")
    return "\n".join(lines)


def diagram(curves: dict[str, tuple[list[float], list[int]]], path: Path) -> None:
    import plotly.graph_objects as go

    from sigqual.charts.output import figure_image

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect",
                             line={"dash": "dash", "color": "#888"}))
    for name, (probs, labels) in curves.items():
        rows = reliability(probs, labels)
        fig.add_trace(go.Scatter(x=[r[1] for r in rows], y=[r[2] for r in rows],
                                 mode="lines+markers", name=name,
                                 marker={"size": [6 + min(20, r[3] ** 0.5) for r in rows]},
                                 text=[f"n={r[3]}" for r in rows]))
    fig.update_layout(title="Reliability of the shown confidence (held-out text)",
                      xaxis_title="mean confidence in bin", yaxis_title="share right",
                      xaxis={"range": [0, 1]}, yaxis={"range": [0, 1]}, width=640, height=520,
                      template="plotly_white")
    path.write_bytes(figure_image(fig, "png", width=640, height=520, scale=1.5))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="measure only, keep the artefact")
    parser.add_argument("--png", help="write the reliability diagram here")
    parser.add_argument("--modes", default="lexical,embeddings")
    args = parser.parse_args(argv)

    codebook = load_bundled_codebook()
    fit = (load_coded_corpus(ROOT / "corpora" / "huddinge-demo", codebook)
           + load_jsonl_segments(DATA / "dev.jsonl", codebook)
           + load_smalltalk(DATA / "smalltalk.jsonl", codebook, "fit"))
    held = (load_jsonl_segments(DATA / "heldout.jsonl", codebook)
            + load_smalltalk(DATA / "smalltalk.jsonl", codebook, "heldout"))
    wanted = args.modes.split(",")
    modes = [m for m in ("off", "on") if (m == "off" and "lexical" in wanted)
             or (m == "on" and "embeddings" in wanted and load_embedder("auto") is not None)]

    maps = {}
    curves: dict[str, tuple[list[float], list[int]]] = {}
    report = [f"Machine: {machine()}", "",
              f"Fitted on {len(fit)} segments, measured on {len(held)} held-out segments.", ""]
    for mode in modes:
        raw = Suggester(codebook, embeddings=mode, calibrated=False)
        name = raw.mode
        before_p, before_y = shown_confidences(raw, held)
        fitted = fit_class_maps(calibration_rows(raw, fit), source="bundled")
        maps[name] = fitted
        raw.set_calibration(fitted)
        probs, labels = shown_confidences(raw, held)
        label = "lexical" if name == LEXICAL_MODE else "+embeddings"
        curves[label] = (probs, labels)
        report += [f"### {label} ({name})", "",
                   f"ECE of the priors (uncalibrated): {expected_calibration_error(before_p, before_y):.3f}; "
                   f"calibrated: {expected_calibration_error(probs, labels):.3f} "
                   f"({len(probs)} shown suggestions, {sum(labels)} right)", "",
                   reliability_markdown(probs, labels), ""]
    if not args.dry_run and maps:
        save_calibration(maps, {"fitted_on": {"segments": len(fit)},
                                "refit_with": "benchmarks/suggest_calibrate.py"})
        report.append(f"Wrote {ARTEFACT.relative_to(ROOT)}")
    if args.png and curves:
        diagram(curves, Path(args.png))
        report.append(f"Wrote {args.png}")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
