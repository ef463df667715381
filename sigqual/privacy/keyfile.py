"""The pseudonym key (original <-> pseudonym), encrypted with a passphrase.

The key is what turns a pseudonymised transcript back into a confidential one, so
it never goes into the project database: it is written to a file the user chooses
(kept apart from the data it unlocks) or not written at all.

File format (UTF-8 JSON, versioned)::

    {"format": "sigqual-pseudonym-key", "version": 1,
     "kdf": {"name": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "<base64>"},
     "cipher": "fernet", "token": "<Fernet token>"}

The Fernet token (AES-128-CBC with HMAC-SHA256, from the ``cryptography`` package)
holds the JSON ``{"project": ..., "created": ..., "entries": [{"kind",
"original", "pseudonym"}, ...]}``. The Fernet key is derived from the passphrase
with scrypt and a random 16-byte salt, so equal passphrases give unrelated files.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import SigqualError
from .mapping import KeyEntry, Pseudonymizer

FORMAT = "sigqual-pseudonym-key"
VERSION = 1
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 8


class KeyFileError(SigqualError):
    """A key file could not be written, read or decrypted."""


@dataclass(frozen=True)
class KeyFile:
    """A decrypted key: the mapping plus where it came from."""

    pseudonymizer: Pseudonymizer
    project: str
    created: str


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    raw = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return base64.urlsafe_b64encode(raw)


def encrypt_key(pseudonymizer: Pseudonymizer, passphrase: str, *, project: str = "") -> bytes:
    """The key file's bytes for ``pseudonymizer`` under ``passphrase``."""
    from cryptography.fernet import Fernet

    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyFileError(msgid="error.keyfile.short_passphrase", params={"n": MIN_PASSPHRASE},
                           field="passphrase")
    payload = {
        "project": project,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "entries": [{"kind": e.kind, "original": e.original, "pseudonym": e.pseudonym}
                    for e in pseudonymizer.entries()],
    }
    salt = secrets.token_bytes(16)
    token = Fernet(_derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(
        json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    envelope = {
        "format": FORMAT, "version": VERSION,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": base64.b64encode(salt).decode("ascii")},
        "cipher": "fernet", "token": token.decode("ascii"),
    }
    return (json.dumps(envelope, indent=1) + "\n").encode("utf-8")


def decrypt_key(data: bytes, passphrase: str, *, filename: str = "key file") -> KeyFile:
    """Read a key file's bytes; a wrong passphrase or a damaged file is a clear error."""
    from cryptography.fernet import Fernet, InvalidToken

    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KeyFileError(msgid="error.keyfile.not_json", file=filename) from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise KeyFileError(msgid="error.keyfile.no_marker", file=filename)
    if envelope.get("version") != VERSION:
        raise KeyFileError(msgid="error.keyfile.version", file=filename,
                           params={"version": envelope.get("version"), "supported": VERSION})
    kdf = envelope.get("kdf") or {}
    try:
        if kdf.get("name") != "scrypt" or envelope.get("cipher") != "fernet":
            raise ValueError("unknown key derivation or cipher")
        salt = base64.b64decode(kdf["salt"], validate=True)
        key = _derive(passphrase, salt, int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
        plain = Fernet(key).decrypt(envelope["token"].encode("ascii"))
    except InvalidToken:
        raise KeyFileError(msgid="error.keyfile.wrong_passphrase", file=filename) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyFileError(msgid="error.keyfile.damaged", params={"reason": exc}, file=filename) from None
    try:
        payload = json.loads(plain.decode("utf-8"))
        entries = [KeyEntry(e["kind"], e["original"], e["pseudonym"]) for e in payload["entries"]]
        mapping = Pseudonymizer(entries)
    except SigqualError as exc:
        raise KeyFileError(msgid="error.keyfile.damaged", params={"reason": exc.message},
                           file=filename) from None
    except (KeyError, TypeError, ValueError, UnicodeDecodeError) as exc:
        raise KeyFileError(msgid="error.keyfile.damaged", params={"reason": exc}, file=filename) from None
    return KeyFile(mapping, str(payload.get("project", "")), str(payload.get("created", "")))


def save_key(path: str | Path, pseudonymizer: Pseudonymizer, passphrase: str, *, project: str = "") -> None:
    """Write the encrypted key atomically, readable by its owner only."""
    path = Path(path)
    data = encrypt_key(pseudonymizer, passphrase, project=project)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise KeyFileError(msgid="error.keyfile.unwritable", params={"reason": exc.strerror or exc},
                           file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise KeyFileError(msgid="error.keyfile.unwritable", params={"reason": exc.strerror or exc},
                           file=str(path)) from None


def load_key(path: str | Path, passphrase: str) -> KeyFile:
    """Read and decrypt the key file at ``path``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(msgid="error.keyfile.missing", file=str(path)) from None
    except OSError as exc:
        raise KeyFileError(msgid="error.keyfile.unreadable", params={"reason": exc.strerror or exc},
                           file=str(path)) from None
    return decrypt_key(data, passphrase, filename=str(path))
