"""What a REFI-QDA file says, read into plain records before anything is stored.

Reading and storing are separate steps so that an import can check everything first
and then write in one transaction. GUID keys are normalised with :func:`guid_key`
(no braces, lower case) because tools write ``{ABC-...}``, ``abc-...`` or ids that
are not GUIDs at all; the references must still meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PROJECT_SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
CODEBOOK_SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
# sigqual's own extras ride along in the archive; other tools ignore unknown members.
SIDECAR_NAME = "sigqual/project.json"
SIDECAR_FORMAT = "sigqual-refi"
SIDECAR_VERSION = 1


def guid_key(value: str | None) -> str:
    """A comparable form of a GUID or id: trimmed, without braces, lower case."""
    return (value or "").strip().strip("{}").strip().lower()


@dataclass
class RefiCode:
    guid: str
    name: str
    colour: str | None = None
    description: str = ""
    codable: bool = True
    parent: str | None = None  # guid key of the enclosing code
    note_refs: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass
class RefiCoding:
    guid: str
    code: str  # guid key
    user: str | None  # guid key of creatingUser, if any
    created: datetime | None = None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    """A text selection with offsets already mapped onto the normalised text."""

    guid: str
    name: str
    start: int
    end: int
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    description: str = ""
    user: str | None = None


@dataclass
class RefiSource:
    """A text source (or the plain-text representation of a PDF or transcript)."""

    guid: str
    name: str
    kind: str  # "text", "pdf", "transcript"
    path: str
    text: str | None  # normalised; None when the file is missing
    selections: list[RefiSelection] = field(default_factory=list)
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # variable guid key -> value
    description: str = ""
    line: int | None = None
    reading: str = "code points"


@dataclass
class RefiNote:
    guid: str
    name: str
    text: str
    user: str | None = None
    created: datetime | None = None
    line: int | None = None


@dataclass
class RefiVariable:
    guid: str
    name: str
    type: str = "Text"
    description: str = ""


@dataclass
class RefiCase:
    guid: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


@dataclass
class RefiSet:
    guid: str
    name: str
    description: str = ""
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiUser:
    guid: str
    name: str


@dataclass
class RefiProject:
    """Everything read from a .qde (and its archive), plus what could not be read."""

    name: str
    origin: str = ""
    description: str = ""
    users: dict[str, RefiUser] = field(default_factory=dict)
    codes: list[RefiCode] = field(default_factory=list)  # parents before children
    sources: list[RefiSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    variables: dict[str, RefiVariable] = field(default_factory=dict)
    cases: list[RefiCase] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    project_note_refs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)
    sidecar: dict[str, Any] | None = None


@dataclass
class RefiCodebook:
    """A .qdc codebook: codes in tree order and the code sets."""

    origin: str = ""
    codes: list[RefiCode] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
