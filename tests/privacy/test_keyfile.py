"""The encrypted key file: round trip, wrong passphrase, damage, versions."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sigqual.privacy import KeyFileError, Pseudonymizer, load_key, save_key
from sigqual.privacy.keyfile import decrypt_key, encrypt_key

PASS = "rätt lösenord 2014"


def mapping() -> Pseudonymizer:
    m = Pseudonymizer()
    for kind, original in [("name", "Ahmed"), ("name", "Karin"), ("pnr", "811218-9876"),
                           ("school", "Vårbyskolan"), ("age", "femton år")]:
        m.pseudonym(kind, original)
    return m


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "nyckel.sqkey"
    save_key(path, mapping(), PASS, project="Huddinge SIG")
    loaded = load_key(path, PASS)
    assert loaded.project == "Huddinge SIG"
    assert loaded.pseudonymizer.entries() == mapping().entries()
    assert loaded.pseudonymizer.pseudonym("name", "Omar") == "[Namn 3]"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_file_does_not_contain_the_originals(tmp_path: Path) -> None:
    path = tmp_path / "k"
    save_key(path, mapping(), PASS)
    raw = path.read_bytes()
    for secret in (b"Ahmed", b"Karin", b"811218", "Vårby".encode()):
        assert secret not in raw
    envelope = json.loads(raw)
    assert envelope["format"] == "sigqual-pseudonym-key" and envelope["version"] == 1


def test_same_passphrase_gives_different_files() -> None:
    assert encrypt_key(mapping(), PASS) != encrypt_key(mapping(), PASS)


@pytest.mark.parametrize("wrong", ["fel lösenord 2014", "rätt lösenord 2015", PASS.upper()])
def test_wrong_passphrase(tmp_path: Path, wrong: str) -> None:
    path = tmp_path / "k"
    save_key(path, mapping(), PASS)
    with pytest.raises(KeyFileError, match="wrong passphrase") as err:
        load_key(path, wrong)
    assert err.value.file == str(path)


def _tampered(field: str, value: object) -> bytes:
    envelope = json.loads(encrypt_key(mapping(), PASS))
    if field == "token":
        token = envelope["token"]
        envelope["token"] = token[:-10] + ("A" if token[-10] != "A" else "B") + token[-9:]
    elif field == "salt":
        envelope["kdf"]["salt"] = value
    else:
        envelope[field] = value
    return json.dumps(envelope).encode()


@pytest.mark.parametrize(("data", "message"), [
    (b"not json at all", "not JSON"),
    (b'{"format": "other"}', "format marker"),
    (_tampered("version", 2), "version 2 is not supported"),
    (_tampered("token", None), "wrong passphrase, or the key file was altered"),
    (_tampered("salt", "!!"), "damaged"),
    (_tampered("cipher", "rot13"), "damaged"),
])
def test_damaged_files(data: bytes, message: str) -> None:
    with pytest.raises(KeyFileError, match=message):
        decrypt_key(data, PASS, filename="k.sqkey")


def test_short_passphrase_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="at least 8"):
        save_key(tmp_path / "k", mapping(), "kort")
    with pytest.raises(KeyFileError, match="no such key file"):
        load_key(tmp_path / "missing", PASS)
    with pytest.raises(KeyFileError, match="cannot write"):
        save_key(tmp_path / "no" / "such" / "dir" / "k", mapping(), PASS)
