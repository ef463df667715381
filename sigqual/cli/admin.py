"""Operations commands: ``backup``, ``restore``, ``user`` and ``serve``."""

from __future__ import annotations

import argparse
import getpass
import os
import subprocess
import sys
from pathlib import Path

from ..app import ProjectSession, local_actor
from ..backup import backup, default_backup_name, restore
from ..errors import SigqualError
from ..serving import streamlit_flags
from ..store import ROLES, default_database_url
from .common import add_store_args, open_store, project_id

APP = Path(__file__).resolve().parent.parent.parent / "app.py"


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("backup", help="write a consistent snapshot of the database")
    b.add_argument("--out", "-o", type=Path, help="backup file (default: a dated name here)")
    add_store_args(b, project=False)
    b.set_defaults(func=run_backup)

    r = sub.add_parser("restore", help="replace the database with a backup")
    r.add_argument("file", type=Path)
    r.add_argument("--force", action="store_true", help="replace an existing database")
    add_store_args(r, project=False)
    r.set_defaults(func=run_restore)

    u = sub.add_parser("user", help="manage team-mode accounts")
    usub = u.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = usub.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("username")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--admin", action="store_true", help="server administrator")
    add.add_argument("--password-env", metavar="VAR", help="read the password from this variable")
    add_store_args(add, project=False)
    add.set_defaults(func=user_add)
    pw = usub.add_parser("passwd", help="set a new password")
    pw.add_argument("username")
    pw.add_argument("--password-env", metavar="VAR")
    add_store_args(pw, project=False)
    pw.set_defaults(func=user_passwd)
    grant = usub.add_parser("grant", help="give a user a role in a project")
    grant.add_argument("username")
    grant.add_argument("role", choices=ROLES)
    add_store_args(grant)
    grant.set_defaults(func=user_grant)
    for action, helptext, func in (
            ("disable", "disable an account and end its open sessions (roles are kept)", user_disable),
            ("enable", "enable a disabled account again", user_enable),
            ("remove", "delete an account and its roles; codings, memos and the audit log "
                       "keep the name", user_remove)):
        cmd = usub.add_parser(action, help=helptext)
        cmd.add_argument("username")
        add_store_args(cmd, project=False)
        cmd.set_defaults(func=func)
    ls = usub.add_parser("list", help="list accounts")
    add_store_args(ls, project=False)
    ls.set_defaults(func=user_list)

    s = sub.add_parser("serve", help="run the app (team mode with --team)")
    s.add_argument("--team", action="store_true", help="require a login (accounts and roles)")
    s.add_argument("--address", default="localhost",
                   help="address to listen on (default localhost; put a TLS proxy in front otherwise)")
    s.add_argument("--port", type=int, default=8501)
    add_store_args(s, project=False)
    s.set_defaults(func=serve)


def run_backup(args: argparse.Namespace) -> int:
    store = open_store(args)
    dest = backup(store, args.out or Path(default_backup_name(store.url)))
    print(f"backup written to {dest}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    url = args.db or default_database_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    kept = restore(args.file, url, force=args.force)
    print(f"restored {args.file}" + (f"; the previous database is kept as {kept}" if kept else ""))
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_env:
        value = os.environ.get(args.password_env)
        if not value:
            raise SigqualError(f"the variable {args.password_env} is empty or not set")
        return value
    if not sys.stdin.isatty():
        raise SigqualError("no terminal to ask for a password: use --password-env VAR")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise SigqualError("the passwords differ")
    return first


def _session(args: argparse.Namespace) -> ProjectSession:
    """Account commands act as the local server administrator, through the layer."""
    return ProjectSession(open_store(args), local_actor(), None)


def user_add(args: argparse.Namespace) -> int:
    _session(args).create_user(
        args.username, _password(args), display_name=args.name, is_admin=args.admin)
    print(f"created user '{args.username}'" + (" (administrator)" if args.admin else ""))
    return 0


def user_passwd(args: argparse.Namespace) -> int:
    _session(args).set_password(args.username, _password(args))
    print(f"password changed for '{args.username}'; sessions signed in before end at their next request")
    return 0


def _set_disabled(args: argparse.Namespace, disabled: bool, done: str) -> int:
    """Disable or enable an account; saying so when it already was."""
    word = "disabled" if disabled else "enabled"
    if _session(args).set_user_disabled(args.username, disabled):
        print(f"{word} '{args.username}'{done}")
    else:
        print(f"'{args.username}' was already {word}")
    return 0


def user_disable(args: argparse.Namespace) -> int:
    return _set_disabled(args, True, "; open sessions end at their next request")


def user_enable(args: argparse.Namespace) -> int:
    return _set_disabled(args, False, "")


def user_remove(args: argparse.Namespace) -> int:
    _session(args).remove_user(args.username)
    print(f"removed '{args.username}'; codings, memos and the audit log keep the name")
    return 0


def user_grant(args: argparse.Namespace) -> int:
    store = open_store(args)
    pid = project_id(store, args.project)
    ProjectSession(store, local_actor(), pid).grant(args.username, args.role)
    print(f"'{args.username}' is now {args.role} in '{store.get_project(pid).name}'")
    return 0


def user_list(args: argparse.Namespace) -> int:
    for user in open_store(args).list_users():
        flags = ", ".join(f for f, on in (("admin", user.is_admin), ("disabled", user.disabled)) if on)
        print(f"{user.username}\t{user.display_name}" + (f"\t({flags})" if flags else ""))
    return 0


def serve(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.db:
        env["SIGQUAL_DATABASE_URL"] = args.db if "://" in args.db else f"sqlite:///{Path(args.db).resolve()}"
    if args.team:
        env["SIGQUAL_TEAM"] = "1"
        store = open_store(args)
        if not store.has_users():
            raise SigqualError("team mode needs at least one account: run 'sigqual user add NAME --admin'")
    # `streamlit run app.py` with these flags, importing the first page while the browser loads.
    cmd = [sys.executable, "-m", "sigqual.ui.launch",
           *streamlit_flags(address=args.address, port=args.port)]
    return subprocess.call(cmd, env=env)
