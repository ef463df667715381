"""``sigqual pseudonymize``: one transcript file in, a pseudonymised UTF-8 text out.

Reads every format ``sigqual import`` reads. With ``--key`` the pseudonym key is kept
in an encrypted file (passphrase from an environment variable, never from the
command line where other users could see it); an existing key is read first so that
a series of files shares one numbering ("[Namn 1]" is the same person in each).
The optional JSON report lists what was replaced where, but not the originals.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from ..errors import InputError, SigqualError
from ..ingest.reader import parse_file
from ..privacy.apply import apply
from ..privacy.detect import detect
from ..privacy.keyfile import load_key, save_key
from ..privacy.mapping import Pseudonymizer
from ..privacy.model import DEFAULT_KINDS, KINDS, DetectOptions, parse_kinds
from .keyargs import add_key_args, key_passphrase


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pseudonymize",
        help="replace names, personnummer, phone numbers, addresses ... in one transcript file",
        description="Detect personal data in a transcript and write a pseudonymised UTF-8 text.",
    )
    p.add_argument("--input", "-i", required=True, type=Path, metavar="FILE",
                   help="transcript (.txt .docx .odt .rtf .pdf .md .vtt .srt)")
    p.add_argument("--output", "-o", required=True, type=Path, metavar="FILE", help="UTF-8 text to write")
    p.add_argument("--report", type=Path, metavar="FILE.json",
                   help="JSON list of the replacements (positions and kinds, no originals)")
    add_key_args(p)
    p.add_argument("--kinds", default=",".join(k for k in KINDS if k in DEFAULT_KINDS),
                   help=f"comma-separated kinds to replace, or 'all' (known: {', '.join(KINDS)})")
    p.add_argument("--allow", action="append", default=[], metavar="TERM",
                   help="a term never to replace, e.g. the programme's own municipality (repeatable)")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                   help="skip findings less sure than X (0-1; default 0: replace every finding)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.set_defaults(func=run)


def _write_atomic(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise SigqualError("the folder does not exist", file=str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SigqualError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None


def run(args: argparse.Namespace) -> int:
    kinds = parse_kinds(args.kinds)
    options = DetectOptions(kinds=kinds, allow=frozenset(args.allow), min_confidence=args.min_confidence)
    for target in (args.output, args.report, args.key):
        if target is not None and target.resolve() == args.input.resolve():
            raise InputError("refusing to overwrite the input file", file=str(target))
    if args.output.exists() and not args.force:
        raise InputError("the output file exists (use --force to overwrite it)", file=str(args.output))
    passphrase = key_passphrase(args)
    mapping = Pseudonymizer()
    if args.key is not None and args.key.exists():
        mapping = load_key(args.key, passphrase or "").pseudonymizer
    transcript = parse_file(args.input)
    for warning in transcript.warnings:
        print(f"sigqual: warning: {warning}", file=sys.stderr)
    findings = detect(transcript.text, options=options)
    new_text, offsets = apply(transcript.text, findings, mapping)
    if args.key is not None:
        save_key(args.key, mapping, passphrase or "", project=transcript.name)
    _write_atomic(args.output, new_text.encode("utf-8"))
    counts = Counter(f.kind for f in findings)
    if args.report is not None:
        report = {
            "input": str(args.input), "output": str(args.output), "kinds": sorted(kinds),
            "counts": dict(sorted(counts.items())),
            "replacements": [
                {"kind": r.kind, "start": r.start, "end": r.end, "new_start": r.new_start,
                 "new_end": r.new_end, "replacement": r.replacement, "confidence": f.confidence,
                 "reason": f.reason}
                for r, f in zip(offsets.replacements, sorted(findings), strict=True)
            ],
        }
        _write_atomic(args.report, (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing found"
    print(f"{args.output}: {len(findings)} replaced ({summary})", file=sys.stderr)
    return 0
