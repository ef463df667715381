"""Move string tables still written in code into the .po catalogue.

Usage::

    python -m sigqual.i18n.extract [FILE_OR_DIR ...]      # default: sigqual/ and app.py
    python -m sigqual.i18n.extract --check                # list tables, change nothing
    python -m sigqual.i18n.extract --update               # the code's texts win over the .po files

A table is a top-level ``register({...})`` call (also ``i18n.register(...)``) whose
argument is a literal ``{key: {"sv": ..., "en": ...}}`` dict, or a name bound at
top level to such a dict. Each entry is added to ``sigqual/locale/<lang>.po``; the
call (and the dict it named) is removed from the module, and so is ``register`` from
its import when nothing else uses it. A key already in the catalogue with another
text stops the run before anything is written, so nothing is lost, unless ``--update``
says that the code's text is the newer one.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import LANGUAGES, po_path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Table:
    """One string table found in a module: its entries and the lines it spans."""

    path: Path
    entries: dict[str, dict[str, str]]
    spans: list[tuple[int, int]]  # 1-based inclusive line ranges to delete


def read_catalogue(lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    path = po_path(lang)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle, locale=lang) if m.id}


def write_catalogue(lang: str, texts: Mapping[str, str]) -> None:
    """Write one language's .po file, sorted by message id, without a dated header."""
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale=lang, project="sigqual", fuzzy=False)
    for key in sorted(texts):
        catalog.add(key, texts[key])
    out = BytesIO()
    write_po(out, catalog, width=88, omit_header=True, sort_output=True)
    po_path(lang).parent.mkdir(parents=True, exist_ok=True)
    po_path(lang).write_bytes(out.getvalue())


def _is_register(call: ast.AST) -> bool:
    if not isinstance(call, ast.Call) or len(call.args) != 1 or call.keywords:
        return False
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name == "register"


def _literal_table(node: ast.AST) -> dict[str, dict[str, str]] | None:
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None
    if not isinstance(value, dict) or not value:
        return None
    for key, entry in value.items():
        if not (isinstance(key, str) and isinstance(entry, dict)
                and all(isinstance(entry.get(lang), str) for lang in LANGUAGES)):
            return None
    return value


def find_tables(path: Path) -> list[Table]:
    """The ``register`` tables of one module (top level only)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    named: dict[str, tuple[ast.stmt, dict[str, dict[str, str]]]] = {}
    tables = []
    for stmt in tree.body:
        target = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        if isinstance(target, ast.Name):
            table = _literal_table(value)
            if table is not None:
                named[target.id] = (stmt, table)
        if not (isinstance(stmt, ast.Expr) and _is_register(stmt.value)):
            continue
        arg = stmt.value.args[0]  # type: ignore[attr-defined]
        spans = [(stmt.lineno, stmt.end_lineno or stmt.lineno)]
        table = _literal_table(arg)
        if table is None and isinstance(arg, ast.Name) and arg.id in named:
            defined, table = named[arg.id]
            spans.append((defined.lineno, defined.end_lineno or defined.lineno))
        if table is not None:
            tables.append(Table(path, table, spans))
    return tables


def _drop_register_import(source: str) -> str:
    """Remove ``register`` from ``from ..i18n import ...`` when it is no longer used."""
    tree = ast.parse(source)
    used = any(isinstance(n, ast.Name) and n.id == "register" for n in ast.walk(tree))
    if used:
        return source
    lines = source.splitlines(keepends=True)
    for node in tree.body:
        if (isinstance(node, ast.ImportFrom) and (node.module or "").endswith("i18n")
                and any(a.name == "register" for a in node.names)):
            kept = [a for a in node.names if a.name != "register"]
            start, end = node.lineno - 1, node.end_lineno or node.lineno
            if kept:
                names = ", ".join(a.name if not a.asname else f"{a.name} as {a.asname}" for a in kept)
                lines[start:end] = [f"from {'.' * node.level}{node.module or ''} import {names}\n"]
            else:
                lines[start:end] = []
            break
    return "".join(lines)


def _remove_spans(path: Path, spans: Iterable[tuple[int, int]]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for first, last in sorted(spans, reverse=True):
        del lines[first - 1:last]
        # Leave at most two blank lines where the table was.
        start = end = first - 1
        while start > 0 and not lines[start - 1].strip():
            start -= 1
        while end < len(lines) and not lines[end].strip():
            end += 1
        del lines[start + 2:end]
    text = _drop_register_import("".join(lines))
    path.write_text(text.rstrip() + "\n" if text.strip() else "", encoding="utf-8")


def merge(tables: list[Table], catalogues: dict[str, dict[str, str]], *, update: bool = False
          ) -> list[str]:
    """Add every table's entries to ``catalogues``; returns the conflicts (changes nothing then).

    With ``update`` a text in the code replaces the catalogue's (a branch that edited a
    text while the tables were being moved); the replaced keys are still returned.
    """
    conflicts = []
    for table in tables:
        for key, entry in table.entries.items():
            for lang in LANGUAGES:
                old = catalogues[lang].get(key)
                if old is not None and old != entry[lang]:
                    conflicts.append(f"{table.path}: '{key}' ({lang}) differs from the catalogue")
    if update or not conflicts:
        for table in tables:
            for key, entry in table.entries.items():
                for lang in LANGUAGES:
                    catalogues[lang][key] = entry[lang]
    return conflicts


def python_files(paths: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sigqual.i18n.extract",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("paths", nargs="*", help="modules or folders (default: sigqual/ and app.py)")
    parser.add_argument("--check", action="store_true", help="only list the tables found")
    parser.add_argument("--update", action="store_true",
                        help="let texts in the code replace different texts in the catalogue")
    args = parser.parse_args(argv)
    paths = args.paths or [str(ROOT / "sigqual"), str(ROOT / "app.py")]
    tables = [t for p in python_files(paths) if p.exists() for t in find_tables(p)]
    for table in tables:
        print(f"{table.path}: {len(table.entries)} texts")
    if args.check or not tables:
        return 1 if (args.check and tables) else 0
    catalogues = {lang: read_catalogue(lang) for lang in LANGUAGES}
    conflicts = merge(tables, catalogues, update=args.update)
    if conflicts:
        print("\n".join(conflicts), file=sys.stderr)
        if not args.update:
            print("nothing changed; rerun with --update to keep the code's texts", file=sys.stderr)
            return 2
    for lang in LANGUAGES:
        write_catalogue(lang, catalogues[lang])
    by_file: dict[Path, list[tuple[int, int]]] = {}
    for table in tables:
        by_file.setdefault(table.path, []).extend(table.spans)
    for path, spans in by_file.items():
        _remove_spans(path, spans)
    print(f"moved {sum(len(t.entries) for t in tables)} texts into {', '.join(LANGUAGES)}.po")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
