"""Loaded into the app server under test: records every outbound connection attempt.

Connections to loopback are allowed; any other address is refused and written to the
file named by ``SIGQUAL_NETLOG`` so the test can assert that nothing left the machine.
"""

from __future__ import annotations

import ipaddress
import os
import socket

_LOG = os.environ.get("SIGQUAL_NETLOG")
_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_getaddrinfo = socket.getaddrinfo


def _is_local(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False
    return True  # AF_UNIX paths and the like stay on the machine


def _record(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(what + "\n")


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        _record(f"connect {address!r}")
        raise ConnectionRefusedError(f"outbound connection blocked in test: {address!r}")
    return _original_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_local(address):
        _record(f"connect_ex {address!r}")
        return 111
    return _original_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    if host not in (None, "localhost") and not str(host).startswith("127.") and host != "::1":
        try:
            ipaddress.ip_address(str(host))
        except ValueError:
            _record(f"resolve {host!r}")
    return _original_getaddrinfo(host, *args, **kwargs)


if _LOG:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo
