"""``sigqual agreement``: intercoder agreement of a project or a REFI-QDA (.qdpx) file.

JSON (the default) goes to standard output or ``--out``; XLSX and DOCX reports need
``--out``. Remarks a reader needs (undefined coefficients, documents left out) go to
standard error so the JSON stays machine-readable.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..agreement import UnitOptions, export_agreement, parse_coders, project_agreement
from ..app import import_project, local_actor
from ..errors import SigqualError
from ..i18n import translate
from ..store import Store
from .common import add_store_args, store_and_project, write_output

FORMATS = ("json", "xlsx", "docx")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("agreement", help="intercoder agreement (percent, Cohen's kappa, "
                                         "Krippendorff's alpha) per code and overall")
    p.add_argument("source", nargs="?", metavar="PROJECT_OR_QDPX",
                   help="a project name in --db, or a REFI-QDA .qdpx file (its users are the coders)")
    p.add_argument("--coders", "-c", required=True, help="two or more coder names: A,B[,C]")
    p.add_argument("--format", "-f", default="json", choices=FORMATS)
    p.add_argument("--out", "-o", help="output file (JSON defaults to standard output)")
    p.add_argument("--include-interviewer", action="store_true",
                   help="also count interviewer turns as units")
    p.add_argument("--uncoded", choices=["include", "exclude"], default="include",
                   help="keep (default) or drop turns that no coder coded")
    p.add_argument("--lang", choices=["sv", "en"], default="sv", help="language of XLSX/DOCX reports")
    add_store_args(p, sample=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    coders = parse_coders(args.coders)
    if args.format != "json" and not args.out:
        raise SigqualError(f"--format {args.format} writes a file: give --out FILE")
    options = UnitOptions(include_interviewer=args.include_interviewer, uncoded=args.uncoded)
    store, pid, cleanup = _open(args)
    try:
        result = project_agreement(store, pid, coders, options=options)
        title = store.get_project(pid).name
    except SigqualError as exc:
        if exc.file is None and args.source and args.source.lower().endswith(".qdpx"):
            exc.file = Path(args.source).name  # say which file lacks the coders
        raise
    finally:
        cleanup()
    for note in _notes(result):
        print(f"sigqual: note: {note}", file=sys.stderr)
    if args.format == "json":
        data = (json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        data = export_agreement(result, args.format, lang=args.lang,
                                title=translate("agreement.report.cli_title", args.lang, title=title))
    if not args.out or args.out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    write_output(data, str(args.out))
    print(f"wrote agreement of {', '.join(coders)} to {args.out}", file=sys.stderr)
    return 0


def _notes(result: Any) -> list[str]:
    notes = result.notes()
    for code in result.codes:
        if any(code.coded.values()):
            notes += [f"{code.code_id}: {reason}" for reason in code.figures.reasons()]
    return notes


def _open(args: argparse.Namespace) -> tuple[Store, int, Any]:
    """The store and project to read, and how to clean up afterwards."""
    source = args.source
    if source and source.lower().endswith(".qdpx"):
        return _from_qdpx(Path(source))
    if source:
        if args.project and args.project != source:
            raise SigqualError(f"two projects given: '{source}' and --project '{args.project}'")
        args.project = source
    store, pid = store_and_project(args)
    return store, pid, store.close


def _from_qdpx(path: Path) -> tuple[Store, int, Any]:
    """Import a .qdpx into a throw-away store (the REFI-QDA users become the coders)."""
    if not path.is_file():
        raise SigqualError("no such file", file=str(path))
    try:
        importlib.import_module("sigqual.refi")
    except ImportError as exc:
        raise SigqualError(f"reading .qdpx files needs the REFI-QDA support (sigqual.refi), which "
                           f"is not available in this installation ({exc})", file=path.name) from None
    folder = tempfile.TemporaryDirectory(prefix="sigqual-agreement-")
    store = Store.open(Path(folder.name) / "qdpx.db")

    def cleanup() -> None:
        store.close()
        folder.cleanup()

    try:
        report = import_project(store, local_actor(), path)
    except BaseException:
        cleanup()
        raise
    for problem in [*report.warnings, *(f"source file missing: {m}" for m in report.missing_sources)]:
        print(f"sigqual: note: {path.name}: {problem}", file=sys.stderr)
    return store, report.project_id, cleanup


