"""The ``sigqual`` command line: one module per command, registered in ``COMMANDS``.

Every command module exposes ``register(sub)`` that adds its argparse sub-parser and
sets ``func`` to a callable ``(args) -> int``. Domain errors are printed as
``sigqual: <file:line>: <problem>`` with exit code 2; nothing else is caught.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..errors import SigqualError

# command name -> module under sigqual.cli; imported lazily so `sigqual --help` stays fast.
COMMANDS: dict[str, str] = {
    "init": "project",
    "demo": "project",
    "import": "importing",
    "codebook": "codebook",
    "tables": "tables",
    "backup": "admin",
    "restore": "admin",
    "user": "admin",
    "serve": "admin",
    "suggest": "suggest",
    "pseudonymize": "pseudonymize",
    "agreement": "agreement",
    "export": "exchange",
    "import-qdpx": "exchange",
    "report": "report",
    "outcomes": "outcomes",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Every command, or with ``only`` just that command's module (a command's run should
    not wait for the imports of all the others: NLP, REFI-QDA, Word, Excel)."""
    parser = argparse.ArgumentParser(
        prog="sigqual",
        description="Qualitative interview analysis with local Swedish NLP-assisted coding.",
    )
    parser.add_argument("--version", action="version", version=f"sigqual {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    done: set[str] = set()
    wanted = [COMMANDS[only]] if only in COMMANDS else list(COMMANDS.values())
    for module_name in wanted:
        if module_name in done:
            continue
        done.add(module_name)
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as exc:
            # A command whose module is not installed (a trimmed build) is simply not offered;
            # a missing dependency *inside* a present module is a real error and propagates.
            if exc.name != f"{__name__}.{module_name}":
                raise
            continue
        module.register(sub)
    return parser


def _version() -> str:
    from .. import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The command is the first word; options before it are the parser's own (--help).
    first = argv[0] if argv else None
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except SigqualError as exc:
        print(f"sigqual: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
