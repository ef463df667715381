"""The project store: one small interface over SQLAlchemy (SQLite or PostgreSQL).

Every public write runs in one transaction and leaves an audit-log entry; the UI
and CLI call these methods and never write SQL themselves.
"""

from __future__ import annotations

from .access import AccessMixin, AccountState
from .accounts import ROLES, AccountsMixin, User, role_allows
from .base import (
    ENV_DATA_DIR,
    ENV_DATABASE_URL,
    default_data_dir,
    default_database_url,
    guarded,
    sqlite_url,
)
from .batch import Batch, BatchMixin
from .codebook_change import CodebookChange, CodebookChangeMixin, MoveCodings
from .codings import CODING_COLUMNS, CodingsMixin, NewCoding
from .documents import DocumentsMixin, split_attributes
from .outcomes import AttendanceRecord, CaseRecord, EventRecord, OutcomesMixin
from .projects import ProjectsMixin
from .rewrite import RewriteMixin


class Store(AccessMixin, CodebookChangeMixin, ProjectsMixin, DocumentsMixin, CodingsMixin,
            AccountsMixin, RewriteMixin, BatchMixin, OutcomesMixin):
    """Open with :meth:`Store.open`; the constructor only wraps an engine."""


__all__ = [
    "ROLES", "AccountState", "AttendanceRecord", "Batch", "CaseRecord", "CodebookChange", "EventRecord",
    "MoveCodings", "User", "role_allows",
    "CODING_COLUMNS", "ENV_DATABASE_URL", "ENV_DATA_DIR", "NewCoding", "Store",
    "default_data_dir", "default_database_url", "guarded", "split_attributes", "sqlite_url",
]
