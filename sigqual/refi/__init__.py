"""REFI-QDA exchange: projects (.qdpx) and codebooks (.qdc) with NVivo, ATLAS.ti,
MAXQDA, QualCoder and Taguette.

Exports validate against the official schemas; imports accept what real tools
write (see :mod:`sigqual.refi.reader` and :mod:`sigqual.refi.importer`). The UI and
the CLI call only the functions below.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportError_
from ..export import slug
from ..store import Store
from .container import open_qdpx
from .importer import UNKNOWN_CODER, ImportPlan, plan_project
from .model import RefiProject
from .qdc import CodebookImportReport, import_qdc, merge_codebook
from .reader import read_codebook, read_project
from .storing import RefiImportReport, import_plan
from .writer import QdpxExport, build_qdpx, codebook_qdc, export_qdc, export_qdpx

QDPX_MEDIA_TYPE = "application/zip"
QDC_MEDIA_TYPE = "application/xml"
MAX_FILE_BYTES = 1024 * 2**20


def _bytes(source: bytes | str | Path, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, filename or "upload.qdpx"
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 2**20
            raise ImportError_(msgid="error.refi.file_has_mb_over",
                               params={"value": size // 2**20, "limit": limit},
                               file=str(path))
        with path.open("rb") as fh:  # never more than the limit, even if the file grows
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ImportError_(f"the file is over the {MAX_FILE_BYTES // 2**20} MB limit",
                               file=str(path))
        return data, filename or path.name
    except OSError as exc:
        raise ImportError_(msgid="error.refi.cannot_read_file",
                           params={"strerror": exc.strerror}, file=str(path)) from None


def file_kind(data: bytes) -> str:
    """``"qdpx"`` for a zip, ``"qdc"`` or ``"qde"`` for XML by its root element, else ``""``."""
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return "qdpx"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return ""
    lowered = head.lower()
    project, codebook = lowered.find(b"<project"), lowered.find(b"<codebook")
    if project < 0 and codebook < 0:
        return ""
    if codebook < 0 or 0 <= project < codebook:
        return "qde"
    return "qdc"


def read_qdpx(source: bytes | str | Path, *, filename: str | None = None) -> RefiProject:
    """Read a .qdpx archive (or a bare .qde file) without storing anything."""
    data, name = _bytes(source, filename)
    if file_kind(data) == "qde":
        return read_project(data, name, None)
    archive = open_qdpx(data, name)
    return read_project(archive.read_qde(), f"{name}:{archive.qde_name}", archive)


def import_qdpx(store: Store, source: bytes | str | Path, *, filename: str | None = None,
                project_name: str | None = None, actor: str = "",
                default_coder: str = UNKNOWN_CODER, owner: str | None = None) -> RefiImportReport:
    """Create a new project from a .qdpx (or .qde); all or nothing.

    Missing source files do not stop the import: the other sources are imported and
    the missing ones are listed in the report. Without ``project_name`` the file's
    project name is used, numbered when the store already has it. ``owner`` (a team
    account) becomes the new project's administrator in the same transaction.
    """
    data, name = _bytes(source, filename)
    project = read_qdpx(data, filename=name)
    plan = plan_project(project, name, name=project_name, default_coder=default_coder)
    return import_plan(store, plan, name, actor=actor, explicit_name=bool(project_name), owner=owner)


def import_codebook_file(store: Store, project_id: int, source: bytes | str | Path, *,
                         filename: str | None = None, actor: str = "") -> CodebookImportReport:
    """Merge a .qdc file into a project's codebook."""
    data, name = _bytes(source, filename)
    return import_qdc(store, project_id, data, name, actor=actor)


def export_file_name(project_name: str, fmt: str) -> str:
    """``<project>.qdpx`` or ``<project>-kodbok.qdc`` with a safe ASCII stem."""
    base = slug(project_name) or "sigqual"
    return f"{base}.qdpx" if fmt == "qdpx" else f"{base}-kodbok.qdc"


__all__ = [
    "QDC_MEDIA_TYPE", "QDPX_MEDIA_TYPE", "UNKNOWN_CODER", "CodebookImportReport", "ImportPlan",
    "QdpxExport", "RefiImportReport", "RefiProject", "build_qdpx", "codebook_qdc", "export_file_name",
    "export_qdc", "export_qdpx", "file_kind", "import_codebook_file", "import_qdc", "import_qdpx",
    "merge_codebook", "plan_project", "read_codebook", "read_qdpx",
]
