"""``sigqual report``: the Word analysis report (and optionally the Excel workbook)."""

from __future__ import annotations

import argparse
import sys

from ..errors import SigqualError
from ..report import CHART_MODES, ReportOptions, build_report_files
from ..tables import TableOptions
from .common import add_store_args, store_and_project, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write the Word analysis report")
    p.add_argument("--out", "-o", required=True, help="the report, FILE.docx")
    p.add_argument("--xlsx", metavar="FILE.xlsx", help="also write every table and the raw codings")
    p.add_argument("--quotes", action="store_true", help="add example quotes for every factor")
    p.add_argument("--quotes-per-factor", type=int, default=2, metavar="N")
    p.add_argument("--chart", choices=CHART_MODES, default="auto",
                   help="group comparison as a picture (needs Chromium), a table, or not at all")
    p.add_argument("--lang", choices=["sv", "en"], default=None)
    add_store_args(p, sample=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.out.lower().endswith(".docx"):
        raise SigqualError(f"--out must name a .docx file, not '{args.out}'")
    if args.xlsx and not args.xlsx.lower().endswith(".xlsx"):
        raise SigqualError(f"--xlsx must name a .xlsx file, not '{args.xlsx}'")
    if args.quotes_per_factor < 1:
        raise SigqualError("--quotes-per-factor must be at least 1")
    if args.chart in ("auto", "image"):
        from ..charts.output import warm_up_renderer

        warm_up_renderer()  # the browser starts while the project is read and counted
    _arrow_from_system_allocator()
    store, pid = store_and_project(args)
    table_options = TableOptions.from_settings(store.get_project(pid).settings, lang=args.lang)
    options = ReportOptions(quotes=args.quotes, quotes_per_factor=args.quotes_per_factor,
                            chart=args.chart, table_options=table_options)
    files = build_report_files(store, pid, options, with_workbook=bool(args.xlsx))
    write_output(files.docx, args.out)
    if args.xlsx and files.xlsx is not None:
        write_output(files.xlsx, args.xlsx)
    if args.chart == "auto" and files.chart == "table":
        print("sigqual: warning: no chart renderer (kaleido with Chrome/Chromium) here; "
              "the group comparison is a table instead", file=sys.stderr)
    written = args.out + (f" and {args.xlsx}" if args.xlsx else "")
    print(f"wrote the report of '{store.get_project(pid).name}' to {written}", file=sys.stderr)
    return 0


def _arrow_from_system_allocator() -> None:
    """Let pandas' Arrow-backed text columns use the system allocator in this one-shot command.

    It hands freed buffers back to the operating system, so peak memory follows the data
    that is live; Arrow's default pool keeps every freed buffer, which at a thousand
    interviews (the codings' quotes copied by each table's filter) was about 40 MB of peak.
    """
    try:
        import pyarrow
    except ImportError:  # pandas without Arrow keeps text in Python objects
        return
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
