"""``sigqual export`` and ``sigqual import-qdpx``: REFI-QDA exchange with other QDA tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..app import import_project
from ..errors import SigqualError
from ..refi import MAX_FILE_BYTES, build_qdpx, export_qdc, file_kind
from .common import add_store_args, open_store, project_id, store_and_project, write_output
from .identity import add_actor_arg, cli_actor, cli_session


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export a project as REFI-QDA .qdpx or its codebook as .qdc "
                                      "(default: the only project)")
    p.add_argument("project_name", nargs="?", metavar="PROJECT", help="project name (same as --project)")
    p.add_argument("--format", "-f", required=True, choices=["qdpx", "qdc"])
    p.add_argument("--out", "-o", required=True, help="output file ('-' for standard output)")
    add_store_args(p, sample=True)
    p.set_defaults(func=run_export)

    q = sub.add_parser("import-qdpx", help="import a REFI-QDA project (.qdpx) as a new project, "
                                           "or a codebook (.qdc) into a project")
    q.add_argument("file", type=Path, metavar="FILE")
    q.add_argument("--coder", default=None,
                   help="coder for codings whose user the file does not name")
    add_store_args(q)
    add_actor_arg(q)
    q.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    if args.project_name and args.project and args.project_name != args.project:
        raise SigqualError("give the project either as PROJECT or with --project, not both")
    args.project = args.project or args.project_name
    store, pid = store_and_project(args)
    name = store.get_project(pid).name
    if args.format == "qdc":
        write_output(export_qdc(store, pid), args.out)
        print(f"wrote the codebook of '{name}' to {args.out}", file=sys.stderr)
        return 0
    result = build_qdpx(store, pid)
    write_output(result.data, args.out)
    for warning in result.warnings:
        print(f"sigqual: warning: {warning}", file=sys.stderr)
    counts = ", ".join(f"{n} {what}" for what, n in result.counts.items())
    print(f"wrote '{name}' ({counts}) to {args.out}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # refuse before reading anything
            raise SigqualError(f"the file has {size // 2**20} MB, over the "
                               f"{MAX_FILE_BYTES // 2**20} MB limit", file=str(path))
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise SigqualError(f"cannot read the file: {exc.strerror}", file=str(path)) from None
    kind = file_kind(head) or path.suffix.lower().lstrip(".")
    store = open_store(args)
    if kind == "qdc":
        pid = project_id(store, args.project)
        report = cli_session(args, store, pid).import_codebook_file(path)
        for warning in report.warnings:
            print(f"sigqual: warning: {warning}", file=sys.stderr)
        print(f"codebook of '{store.get_project(pid).name}': {len(report.added)} codes added, "
              f"{len(report.updated)} updated", file=sys.stderr)
        return 0
    extra = {"default_coder": args.coder} if args.coder else {}
    result = import_project(store, cli_actor(args), path, project_name=args.project, **extra)
    for warning in result.warnings:
        print(f"sigqual: warning: {warning}", file=sys.stderr)
    for missing in result.missing_sources:
        print(f"sigqual: missing source file: {missing}", file=sys.stderr)
    print(f"imported project '{result.project_name}': {result.documents} documents, {result.codes} codes, "
          f"{result.codings} codings, {result.memos} memos, coders: {', '.join(result.coders) or 'none'}",
          file=sys.stderr)
    return 0
