"""``sigqual outcomes``: import register extracts and attendance lists for the follow-up."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from .common import add_store_args, open_store, project_id
from .keyargs import add_key_args, key_passphrase


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outcomes", help="outcome follow-up: import cases, register events, attendance")
    inner = p.add_subparsers(dest="outcomes_command", metavar="ACTION")
    imp = inner.add_parser("import", help="import a CSV or XLSX extract (prints a preview, then stores)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--kind", required=True, choices=["cases", "events", "attendance"])
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="read COLUMN as FIELD (e.g. 'Anm.typ=type'; FIELD '-' ignores the column)")
    imp.add_argument("--dry-run", action="store_true", help="only print the preview")
    imp.add_argument("--skip-bad-rows", action="store_true", help="store the good rows, skip bad ones")
    imp.add_argument("--pseudonymize", action="store_true",
                     help="replace participants' names by pseudonyms before storing; case ids that look "
                          "like names or personnummer need --key, so every file maps them alike")
    add_key_args(imp)
    add_store_args(imp)
    imp.set_defaults(func=run_import)
    p.set_defaults(func=lambda _args: (p.print_help(), 1)[1])


def run_import(args: argparse.Namespace) -> int:
    from ..app import ProjectSession, local_actor
    from ..outcomes.importing import parse_overrides
    from ..outcomes.service import accept_preview, preview_file

    passphrase = key_passphrase(args)
    key = None
    if args.key is not None:
        from ..privacy.keyfile import load_key
        from ..privacy.mapping import Pseudonymizer

        key = load_key(args.key, passphrase or "").pseudonymizer if args.key.exists() else Pseudonymizer()
    store = open_store(args)
    session = ProjectSession(store, local_actor(), project_id(store, args.project))
    preview = preview_file(session, args.file, args.kind, overrides=parse_overrides(args.map),
                           pseudonymize=args.pseudonymize, key=key)
    for line in preview.summary():
        print(line, file=sys.stderr)
    if args.dry_run:
        print("dry run: nothing stored", file=sys.stderr)
        return 0 if preview.ok else 2
    if preview.errors and not args.skip_bad_rows:
        raise InputError(f"{len(preview.errors)} bad row(s); nothing stored (use --skip-bad-rows "
                         "to store the rest)", file=str(args.file))
    if args.key is not None and preview.key is not None and (preview.key_grew or not args.key.exists()):
        # The key first: rows stored under pseudonyms the key does not hold could never be
        # matched again, while a key entry for rows that then fail to store does no harm.
        from ..privacy.keyfile import save_key

        save_key(args.key, preview.key, passphrase or "", project=store.get_project(session.project_id).name)
        print(f"key updated: {args.key}", file=sys.stderr)
    counts = accept_preview(session, preview, skip_bad_rows=args.skip_bad_rows)
    print("stored: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)
    return 0
