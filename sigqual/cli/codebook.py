"""``sigqual codebook validate|export``."""

from __future__ import annotations

import argparse

from ..codebook import codebook_warnings, load_codebook


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("codebook", help="check a codebook file")
    csub = p.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)
    v = csub.add_parser("validate", help="validate a codebook YAML file")
    v.add_argument("file")
    v.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v.set_defaults(func=validate)


def validate(args: argparse.Namespace) -> int:
    cb = load_codebook(args.file)
    kinds: dict[str, int] = {}
    for code in cb.codes:
        kinds[code.kind] = kinds.get(code.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in kinds.items())
    print(f"{args.file}: valid: {len(cb.groups)} groups, {len(cb.codes)} codes ({summary})")
    warnings = codebook_warnings(cb)
    for w in warnings:
        print(f"warning: {w}")
    return 1 if (warnings and args.strict) else 0
