"""The pseudonym key's arguments, shared by the commands that pseudonymise.

Kept apart from ``common`` so that a command without a database does not import one.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..errors import InputError


def add_key_args(parser: argparse.ArgumentParser) -> None:
    """``--key`` and ``--passphrase-env``: the pseudonym key lives in its own encrypted file."""
    parser.add_argument("--key", type=Path, metavar="FILE",
                        help="encrypted pseudonym key file (original <-> pseudonym); read if it exists, "
                             "then updated")
    parser.add_argument("--passphrase-env", metavar="VAR",
                        help="environment variable holding the key passphrase")


def key_passphrase(args: argparse.Namespace) -> str | None:
    """The key's passphrase from the named variable; never from the command line, which ``ps`` shows."""
    if args.key is None:
        if args.passphrase_env:
            raise InputError("--passphrase-env needs --key", field="passphrase-env")
        return None
    if not args.passphrase_env:
        raise InputError("--key needs --passphrase-env VAR (the passphrase is read from that variable)",
                         field="passphrase-env")
    value = os.environ.get(args.passphrase_env)
    if not value:
        raise InputError(f"the environment variable {args.passphrase_env} is not set or empty",
                         field="passphrase-env")
    return value
