"""Who a command acts as: the local user, or a team account named with ``--as``.

A command run at the server's shell already has the database, so by default it acts
as the local user and every check of the application layer passes. ``--as NAME``
makes it act as that team account instead, with that account's current role.
"""

from __future__ import annotations

import argparse

from ..app import Actor, ProjectSession, local_actor
from ..store import Store


def add_actor_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="as_user", metavar="USER",
                        help="act as this team account (its role in the project decides)")


def cli_actor(args: argparse.Namespace) -> Actor:
    name = getattr(args, "as_user", None)
    if name:
        return Actor(name.strip().lower(), team=True)
    return local_actor()


def cli_session(args: argparse.Namespace, store: Store, project_id: int | None) -> ProjectSession:
    return ProjectSession(store, cli_actor(args), project_id)
