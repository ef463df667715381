"""Plain records the store hands out; the UI and table builders never see SQL rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DOCUMENT_FIELDS = ("group_key", "phase", "interview_date", "interview_type", "participant")


def attribute_heading(name: str) -> str:
    """A free attribute's name as a column heading ("relation" -> "Relation"), capitalised
    like the fixed fields beside it; the stored name keeps its own case."""
    return name[:1].upper() + name[1:]


INTERVIEW_TYPES = ("individual", "focus_group", "phone")
ROLES = ("interviewer", "respondent", "unknown")
# "auto": stored by precision-first auto-coding (sigqual.coding.autocode), never learned from.
CODING_SOURCES = ("manual", "suggestion", "import", "consensus", "auto")


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    description: str
    codebook_name: str
    language: str
    settings: dict[str, Any]
    created_at: datetime
    version: int


@dataclass(frozen=True)
class Segment:
    """A speaker turn: ``text[start:end]`` of its document is what was said."""

    id: int
    document_id: int
    idx: int
    start: int
    end: int
    speaker: str | None
    role: str
    timestamp: str | None = None

    @property
    def is_interviewer(self) -> bool:
        return self.role == "interviewer"


@dataclass(frozen=True)
class Document:
    id: int
    project_id: int
    name: str
    text: str
    source_filename: str
    source_format: str
    sha256: str
    group_key: str | None
    phase: str | None
    interview_date: str | None
    interview_type: str | None
    participant: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    version: int = 1

    def attribute(self, name: str) -> str | None:
        """A fixed field (group, phase, ...) or a free attribute by name."""
        if name in ("group", "group_key"):
            return self.group_key
        if name in DOCUMENT_FIELDS:
            return getattr(self, name)
        return self.attributes.get(name)


@dataclass(frozen=True)
class Coding:
    id: int
    project_id: int
    document_id: int
    code_key: str
    start: int
    end: int
    coder: str
    source: str
    segment_id: int | None
    created_at: datetime
    version: int = 1


@dataclass(frozen=True)
class Memo:
    id: int
    project_id: int
    text: str
    title: str = ""
    author: str = ""
    document_id: int | None = None
    segment_id: int | None = None
    code_key: str | None = None
    coding_id: int | None = None
    version: int = 1
    updated_at: datetime | None = None
