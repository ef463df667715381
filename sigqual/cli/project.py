"""``sigqual init`` and ``sigqual demo``: create projects."""

from __future__ import annotations

import argparse

from ..app import create_project
from ..codebook import load_bundled_codebook, load_codebook
from ..dburl import mask_url
from ..demo import DEMO_NAME, build_demo
from .common import add_store_args, open_store
from .identity import add_actor_arg, cli_actor


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create an empty project with a codebook")
    p.add_argument("name", help="project name")
    p.add_argument("--codebook", metavar="FILE", help="codebook YAML (default: the bundled one)")
    p.add_argument("--description", default="")
    add_store_args(p, project=False)
    add_actor_arg(p)
    p.set_defaults(func=init)

    d = sub.add_parser("demo", help="create the bundled, fully coded sample project")
    d.add_argument("--name", default=DEMO_NAME)
    add_store_args(d, project=False)
    d.set_defaults(func=demo)


def init(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook) if args.codebook else load_bundled_codebook()
    store = open_store(args)
    # With --as the account becomes the project's administrator in the same transaction.
    pid = create_project(store, cli_actor(args), args.name, codebook,
                         description=args.description).pid
    print(f"created project '{args.name}' (id {pid}) with codebook '{codebook.name}' "
          f"({len(codebook.codes)} codes) in {mask_url(store.url)}")
    return 0


def demo(args: argparse.Namespace) -> int:
    store = open_store(args)
    existing = store.find_project(args.name)
    if existing:
        print(f"the sample project '{args.name}' already exists (id {existing.id}) in {mask_url(store.url)}")
        return 0
    pid = build_demo(store, name=args.name)
    docs = store.list_documents(pid)
    print(f"created the sample project '{args.name}' (id {pid}): {len(docs)} interviews, "
          f"{len(store.list_codings(pid))} codings, in {mask_url(store.url)}")
    return 0
