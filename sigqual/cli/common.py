"""Arguments and look-ups shared by several commands."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from ..errors import SigqualError
from ..store import Store, default_database_url


def add_store_args(parser: argparse.ArgumentParser, *, project: bool = True) -> None:
    parser.add_argument(
        "--db", metavar="URL_OR_PATH",
        help="database: a SQLite file path or a SQLAlchemy URL "
             "(default: $SIGQUAL_DATABASE_URL or the data directory)",
    )
    if project:
        parser.add_argument("--project", "-p", metavar="NAME", help="project name")


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
    raise SigqualError("several projects exist, choose one with --project: "
                       + ", ".join(p.name for p in projects))


def store_and_project(args: argparse.Namespace) -> tuple[Store, int]:
    """The given project, or the sample project in a throw-away database when none is given."""
    if args.db or args.project or os.environ.get("SIGQUAL_DATABASE_URL"):
        store = open_store(args)
        return store, project_id(store, args.project)
    from ..demo import build_demo

    folder = Path(tempfile.mkdtemp(prefix="sigqual-demo-"))
    store = Store.open(folder / "demo.db")
    return store, build_demo(store)
