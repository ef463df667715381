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
    p = sub.add_parser("tables", help="export Tables 2, 3, 4a-4e, 5a, 5b")
    p.add_argument("--table", "-t", default="all",
                   help="3, 4a ... 4e, 5a, 5b, a comma list, or all; 2 (and 2-sammanfattning, malgrupp, "
                        "4-moten, 4-kontinuitet) from the follow-up data")
    p.add_argument("--format", "-f", default="docx", choices=sorted(FORMATS))
    p.add_argument("--out", "-o", required=True, help="output file ('-' for standard output)")
    p.add_argument("--phase", action="append", help="only documents of this phase (repeatable)")
    p.add_argument("--coder", action="append", help="only codings by this coder (repeatable)")
    p.add_argument("--min-segments", type=int, default=None, help="support needed for a row")
    p.add_argument("--evidence", action="store_true", help="add counts and an example quote")
    p.add_argument("--lang", choices=["sv", "en"], default=None)
    add_store_args(p, sample=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.min_segments is not None and args.min_segments < 1:
        raise SigqualError("--min-segments must be at least 1")
    store, pid = store_and_project(args)
    codebook = store.codebook(pid)
    frame = filter_codings(store.codings_frame(pid), phases=args.phase, coders=args.coder)
    options = TableOptions.from_settings(
        store.get_project(pid).settings, min_segments=args.min_segments,
        evidence=args.evidence or None, lang=args.lang,
        coders=tuple(args.coder) if args.coder else None)
    keys = "all" if args.table == "all" else [k.strip() for k in args.table.split(",") if k.strip()]
    tables = _with_outcome_tables(store, pid, keys, frame, codebook, options, args.lang)
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
    print(f"wrote {', '.join(t.title for t in tables)} of '{store.get_project(pid).name}' to {out}",
          file=sys.stderr)
    return 0


def _with_outcome_tables(store, pid, keys, frame, codebook, options, lang):  # noqa: ANN001, ANN202
    """Coding tables as before; Table 2 and its companions from the follow-up data, in order."""
    from ..outcomes.publish import OUTCOME_TABLE_KEYS

    if keys == "all" or not any(k in OUTCOME_TABLE_KEYS for k in keys):
        return build_tables(frame, codebook, keys, options)
    from ..app import ProjectSession, local_actor
    from ..outcomes.publish import Protection, outcome_tables
    from ..outcomes.service import read_outcomes

    data = read_outcomes(ProjectSession(store, local_actor(), pid))
    rule = Protection.from_settings(store.get_project(pid).settings)
    out = []
    for key in keys:
        if key in OUTCOME_TABLE_KEYS:
            out += outcome_tables(data.cases, data.events, data.attendance, [key],
                                  lang=lang or options.lang, rule=rule)
        else:
            out += build_tables(frame, codebook, [key], options)
    return out
