"""Arguments and look-ups shared by several commands."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..errors import SigqualError
from ..store import Store, default_database_url


def add_store_args(parser: argparse.ArgumentParser, *, project: bool = True,
                   sample: bool = False) -> None:
    """``--db`` and ``--project``; ``sample`` adds ``--sample`` for commands that read a project."""
    parser.add_argument(
        "--db", metavar="URL_OR_PATH",
        help="database: a SQLite file path or a SQLAlchemy URL "
             "(default: $SIGQUAL_DATABASE_URL or the data directory, $SIGQUAL_DATA_DIR)",
    )
    if project:
        parser.add_argument("--project", "-p", metavar="NAME",
                            help="project name (default: the only project in the database)")
    if sample:
        parser.add_argument("--sample", action="store_true",
                            help="use the bundled sample project, built in a temporary folder")


def open_store(args: argparse.Namespace) -> Store:
    return Store.open(args.db or default_database_url())


def project_id(store: Store, name: str | None) -> int:
    """The named project, or the only project when there is exactly one."""
    if name:
        found = store.find_project(name)
        if found is None:
            names = ", ".join(p.name for p in store.list_projects()) or "none"
            raise SigqualError(f"no project named '{name}' (projects: {names})")
        return found.id
    projects = store.list_projects()
    if len(projects) == 1:
        return projects[0].id
    if not projects:
        raise SigqualError("the database has no project yet: run 'sigqual init NAME' first")
    raise SigqualError("several projects exist, choose one with --project:\n"
                       + "\n".join(f"  {p.name}" for p in projects))


def _missing_sqlite_file(url: str) -> bool:
    """True for a SQLite URL whose file does not exist yet (opening it would create it)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return not Path(url).expanduser().exists()
    if parsed.get_backend_name() != "sqlite":
        return False
    return not parsed.database or parsed.database == ":memory:" or not Path(parsed.database).exists()


def sample_project() -> tuple[Store, int]:
    """The bundled sample project in a throw-away database in a temporary folder."""
    from ..demo import build_demo

    folder = Path(tempfile.mkdtemp(prefix="sigqual-sample-"))
    store = Store.open(folder / "sample.db")
    return store, build_demo(store)


def store_and_project(args: argparse.Namespace) -> tuple[Store, int]:
    """The project a read-only command acts on.

    ``--project`` names it; without it the database's only project is used. Several
    projects are an error listing them. The sample project is built only on
    ``--sample``, or when the database holds no project at all, and stderr says so.
    """
    if getattr(args, "sample", False):
        if args.project or args.db:
            raise SigqualError("--sample cannot be combined with --project or --db")
        print("sigqual: using the bundled sample project (--sample), built in a temporary folder",
              file=sys.stderr)
        return sample_project()
    url = args.db or default_database_url()
    if args.project is None and _missing_sqlite_file(url):
        where = url if args.db else f"the data directory ({url})"
        print(f"sigqual: no database at {where}: using the bundled sample project, built in a "
              "temporary folder", file=sys.stderr)
        return sample_project()
    store = open_store(args)
    if args.project is None and not store.list_projects():
        store.close()
        print(f"sigqual: the database {args.db or url} has no project: using the bundled sample "
              "project, built in a temporary folder", file=sys.stderr)
        return sample_project()
    return store, project_id(store, args.project)


def write_output(data: bytes, out: str) -> None:
    """Write ``data`` to ``out`` atomically ('-' is standard output)."""
    if out == "-":
        sys.stdout.buffer.write(data)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sigqual-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
