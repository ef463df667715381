"""Database URLs as they may be shown: the password is never printed or logged.

``postgresql://sigqual:secret@db/sigqual`` becomes ``postgresql://sigqual:***@db/sigqual``.
Every message, log line and CLI output that names a database goes through
:func:`mask_url`; the real URL only reaches SQLAlchemy and, without its password, the
PostgreSQL client tools (which get the password through their environment).
"""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

_QUERY_SECRETS = ("password", "passfile", "sslpassword")
# Fallback for strings SQLAlchemy cannot parse: hide whatever sits between ':' and '@'.
_USERINFO = re.compile(r"(//[^/:@]*:)[^/@]*@")


def mask_url(url: str | URL) -> str:
    """``url`` with its password (and password-like query options) replaced by ``***``."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except (ArgumentError, ValueError):
        return _USERINFO.sub(r"\1***@", str(url))
    query = {key: ("***" if key.lower() in _QUERY_SECRETS else value)
             for key, value in parsed.query.items()}
    return parsed.set(query=query).render_as_string(hide_password=True)


def without_password(url: str | URL) -> tuple[str, str | None]:
    """``(url without any password, the password)`` for handing to libpq tools."""
    parsed = make_url(url) if isinstance(url, str) else url
    password = parsed.password
    query = dict(parsed.query)
    for key in list(query):
        if key.lower() == "password":
            value = query.pop(key)
            password = password or (value if isinstance(value, str) else value[0])
    clean = parsed.set(query=query)._replace(password=None)  # set() treats None as "keep"
    return clean.render_as_string(hide_password=False), (str(password) if password else None)
