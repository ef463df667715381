"""``sigqual tables``: export report tables."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from ..errors import SigqualError
from ..export import FORMATS, export_tables
from ..tables import TableOptions, build_tables, filter_codings
from .common import add_store_args, store_and_project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tables", help="export Tables 3, 4a-4e, 5a, 5b (default: the sample project)")
    p.add_argument("--table", "-t", default="all", help="3, 4a ... 4e, 5a, 5b, a comma list, or all")
    p.add_argument("--format", "-f", default="docx", choices=sorted(FORMATS))
    p.add_argument("--out", "-o", required=True, help="output file ('-' for standard output)")
    p.add_argument("--phase", action="append", help="only documents of this phase (repeatable)")
    p.add_argument("--coder", action="append", help="only codings by this coder (repeatable)")
    p.add_argument("--min-segments", type=int, default=None, help="support needed for a row")
    p.add_argument("--evidence", action="store_true", help="add counts and an example quote")
    p.add_argument("--lang", choices=["sv", "en"], default=None)
    add_store_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.min_segments is not None and args.min_segments < 1:
        raise SigqualError("--min-segments must be at least 1")
    store, pid = store_and_project(args)
    codebook = store.codebook(pid)
    frame = filter_codings(store.codings_frame(pid), phases=args.phase, coders=args.coder)
    options = TableOptions.from_settings(
        store.get_project(pid).settings, min_segments=args.min_segments,
        evidence=args.evidence or None, lang=args.lang)
    keys = "all" if args.table == "all" else [k.strip() for k in args.table.split(",") if k.strip()]
    tables = build_tables(frame, codebook, keys, options)
    data = export_tables(tables, args.format, title=store.get_project(pid).name)
    if args.out == "-":
        sys.stdout.buffer.write(data)
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".sigqual-", suffix=out.suffix)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, out)
    print(f"wrote {', '.join(t.title for t in tables)} to {out}", file=sys.stderr)
    return 0
