"""The whole database schema in one place (SQLAlchemy Core).

A fresh database is created from these tables and stamped with ``SCHEMA_VERSION``;
older databases are brought here by the ordered steps in :mod:`.migrations`.
Offsets (``start``/``end``) are Unicode code points, end exclusive, into the
document's NFC text with ``\\n`` line endings.
"""

from __future__ import annotations

import secrets

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 5

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("description", Text, nullable=False, default=""),
    Column("codebook_name", String(200), nullable=False, default=""),
    Column("language", String(16), nullable=False, default="sv"),
    Column("settings", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),
)

groups = Table(
    "groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(100), nullable=False),
    Column("name", String(200), nullable=False),
    Column("genitive", String(200)),
    Column("table4", String(20)),
    Column("description", Text, nullable=False, default=""),
    Column("code_order", JSON, nullable=False, default=list),
    Column("position", Integer, nullable=False),
    UniqueConstraint("project_id", "key"),
)

codes = Table(
    "codes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),  # the codebook's stable id
    Column("label", String(500), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("groups", JSON, nullable=False, default=list),
    Column("parent_key", String(200)),
    Column("description", Text, nullable=False, default=""),
    Column("keywords", JSON, nullable=False, default=list),
    Column("examples", JSON, nullable=False, default=list),
    Column("colour", String(16)),
    Column("summary_label", String(500)),
    Column("position", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("project_id", "key"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(500), nullable=False),
    Column("text", Text, nullable=False),
    Column("source_filename", String(1000), nullable=False, default=""),
    Column("source_format", String(16), nullable=False, default="txt"),
    Column("sha256", String(64), nullable=False),
    Column("group_key", String(100)),
    Column("phase", String(50)),
    Column("interview_date", String(32)),
    Column("interview_type", String(32)),
    Column("participant", String(200)),
    Column("attributes", JSON, nullable=False, default=dict),
    Column("position", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("project_id", "name"),
)

segments = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker", String(200)),
    Column("role", String(16), nullable=False, default="unknown"),
    Column("timestamp", String(32)),
    UniqueConstraint("document_id", "idx"),
)
Index("ix_segments_document", segments.c.document_id, segments.c.start)

coders = Table(
    "coders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("project_id", "name"),
)

codings = Table(
    "codings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("code_id", ForeignKey("codes.id", ondelete="RESTRICT"), nullable=False),
    Column("segment_id", ForeignKey("segments.id", ondelete="SET NULL")),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("coder_id", ForeignKey("coders.id", ondelete="RESTRICT"), nullable=False),
    Column("source", String(16), nullable=False, default="manual"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("document_id", "code_id", "coder_id", "start", "end", name="uq_coding_span"),
)
Index("ix_codings_project_code", codings.c.project_id, codings.c.code_id)
Index("ix_codings_document", codings.c.document_id, codings.c.start)

memos = Table(
    "memos",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE")),
    Column("segment_id", ForeignKey("segments.id", ondelete="CASCADE")),
    Column("code_id", ForeignKey("codes.id", ondelete="CASCADE")),
    Column("coding_id", ForeignKey("codings.id", ondelete="CASCADE")),
    Column("author", String(200), nullable=False, default=""),
    Column("title", String(500), nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),
)

suggestion_feedback = Table(
    "suggestion_feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("segment_id", ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
    Column("code_id", ForeignKey("codes.id", ondelete="CASCADE"), nullable=False),
    Column("coder_id", ForeignKey("coders.id", ondelete="RESTRICT"), nullable=False),
    Column("decision", String(16), nullable=False),  # accepted | rejected
    Column("score", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("segment_id", "code_id", "coder_id", name="uq_feedback"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False, default=""),
    Column("project_id", Integer),
    Column("action", String(32), nullable=False),  # insert | update | delete | import | ...
    Column("entity", String(32), nullable=False),
    Column("entity_id", Integer),
    Column("before", JSON),
    Column("after", JSON),
)
Index("ix_audit_project", audit_log.c.project_id, audit_log.c.id)


# -- version 2: team mode -----------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(200), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False, default=""),
    Column("password_hash", String(500), nullable=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Version 4: a random value copied into a session at sign-in and replaced on a password
    # reset, disable or enable, so every older session fails its next check.
    Column("session_epoch", String(64), nullable=False, default=lambda: secrets.token_hex(16)),
)

memberships = Table(
    "memberships",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(16), nullable=False),  # admin | coder | reader
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("project_id", "user_id"),
)

TEAM_TABLES = (users, memberships)


# -- version 3: one revision counter ---------------------------------------------

# A single row bumped as the first statement of every write transaction. The row lock
# orders writers, so the committed value grows in commit order on PostgreSQL too: it
# is the cache token of derived data and the stamp of memo and coding versions.
revision = Table(
    "revision",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", BigInteger, nullable=False),
)

REVISION_TABLES = (revision,)


# -- version 5: outcome follow-up (register extracts and meeting attendance) ----

outcome_cases = Table(
    "outcome_cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("case_key", String(200), nullable=False),  # the pseudonymised id, e.g. "Ungdom 1"
    Column("start", Date),
    Column("end", Date),
    Column("end_reason", String(200), nullable=False, default=""),
    Column("attributes", JSON, nullable=False, default=dict),
    Column("position", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("project_id", "case_key", name="uq_outcome_case"),
)

outcome_events = Table(
    "outcome_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("case_id", ForeignKey("outcome_cases.id", ondelete="CASCADE"), nullable=False),
    Column("date", Date, nullable=False),
    Column("type", String(100), nullable=False),  # polisanmalan | orosanmalan | dom | ... | free
    Column("note", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_outcome_events_case", outcome_events.c.case_id, outcome_events.c.date)

outcome_attendance = Table(
    "outcome_attendance",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("case_id", ForeignKey("outcome_cases.id", ondelete="CASCADE"), nullable=False),
    Column("meeting_date", Date, nullable=False),
    Column("participant", String(200), nullable=False),  # a pseudonym, never a real name
    Column("role", String(200), nullable=False, default=""),
    Column("organisation", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_outcome_attendance_case", outcome_attendance.c.case_id, outcome_attendance.c.meeting_date)

OUTCOME_TABLES = (outcome_cases, outcome_events, outcome_attendance)
