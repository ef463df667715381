"""``sigqual import``: transcripts into a project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import add_store_args, open_store, project_id
from .identity import add_actor_arg, cli_session


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import transcripts (files, folders, .zip) into a project")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--group", "-g", help="interview group of every file (e.g. foraldrar)")
    p.add_argument("--phase", help="phase of every file (e.g. 1)")
    p.add_argument("--interview-type", choices=["individual", "focus_group", "phone"])
    p.add_argument("--manifest", type=Path, help="CSV with a 'file' column and attributes")
    p.add_argument("--pattern", help="attributes from file names, e.g. '{group}_{participant}_fas{phase}'")
    add_store_args(p)
    add_actor_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    pid = project_id(store, args.project)
    defaults = {k: v for k, v in (("group", args.group), ("phase", args.phase),
                                  ("interview_type", args.interview_type)) if v}
    report = cli_session(args, store, pid).import_paths(
        args.paths, manifest_path=args.manifest, pattern=args.pattern, defaults=defaults)
    for name, doc_id in report.imported.items():
        turns = store.segments(doc_id)
        print(f"imported {name}: {len(turns)} turns")
    for warning in report.warnings:
        print(f"sigqual: warning: {warning}", file=sys.stderr)
    for name in report.unmatched_manifest:
        print(f"sigqual: warning: the manifest names '{name}' but no such file was imported",
              file=sys.stderr)
    for err in report.errors:
        print(f"sigqual: {err}", file=sys.stderr)
    print(f"{len(report.imported)} imported, {len(report.errors)} failed", file=sys.stderr)
    return 0 if report.ok else 2
