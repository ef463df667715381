"""Browser uploads to the core's import and codebook functions, without streamlit.

The page hands over ``(file name, bytes)`` pairs; ZIP archives and the manifest
are written to a private temporary folder so the batch reader can open them the
same way as files on disk, and every error keeps the uploaded file's name.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..app import ProjectSession
from ..codebook import Codebook, bundled_codebook_path, load_codebook, parse_codebook
from ..errors import CodebookError, SigqualError
from ..importing import ImportReport
from ..ingest import SUPPORTED_EXTENSIONS
from ..ingest.batch import Source, collect, read_manifest

UPLOAD_TYPES: tuple[str, ...] = (*(e.lstrip(".") for e in SUPPORTED_EXTENSIONS), "zip")
MANIFEST_TYPES: tuple[str, ...] = ("csv", "txt", "tsv")

Upload = tuple[str, bytes]


def _safe_name(name: str, fallback: str) -> str:
    """The last path component of an uploaded name (browsers may send folders)."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    return base if base not in ("", ".", "..") else fallback


def _write(folder: Path, index: int, name: str, data: bytes) -> Path:
    """Each upload in its own sub-folder, so two files with one name never collide."""
    target = folder / str(index)
    target.mkdir()
    path = target / name
    path.write_bytes(data)
    return path


def upload_sources(uploads: Sequence[Upload], folder: Path) -> list[Source]:
    """Sources for the batch reader; ZIP archives are listed member by member."""
    sources: list[Source] = []
    for index, (raw_name, data) in enumerate(uploads):
        name = _safe_name(raw_name, f"upload-{index + 1}")
        if name.lower().endswith(".zip"):
            sources.extend(collect([_write(folder, index, name, data)]))
        else:
            sources.append(Source.from_bytes(name, data))
    return sources


def import_uploads(
    session: ProjectSession,
    uploads: Sequence[Upload],
    *,
    manifest: Upload | None = None,
    pattern: str | None = None,
    defaults: Mapping[str, str] | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> ImportReport:
    """Import uploaded files (and ZIPs) into a project; problems land in the report."""
    with tempfile.TemporaryDirectory(prefix="sigqual-upload-") as tmp:
        folder = Path(tmp)
        try:
            rows = None
            if manifest is not None:
                name = _safe_name(manifest[0], "manifest.csv")
                rows = read_manifest(_write(folder, len(uploads), name, manifest[1]))
            sources = upload_sources(uploads, folder)
            if not sources:
                raise SigqualError(msgid="error.ui.no_files_were_uploaded")
            return session.import_sources(sources, manifest=rows, pattern=pattern or None,
                                          defaults=defaults, progress=progress)
        except SigqualError as exc:
            # A bad manifest or pattern concerns the whole batch: nothing was imported.
            return ImportReport(errors=[exc])


@dataclass(frozen=True)
class CodebookChoice:
    """A codebook offered when creating a project: a bundled file or an upload."""

    key: str
    label_key: str
    path: Path | None = None
    name: str = ""


def codebook_choices() -> list[CodebookChoice]:
    """The bundled Huddinge codebook, the blank template when present, and an upload."""
    choices: list[CodebookChoice] = []
    try:
        bundled = bundled_codebook_path()
    except CodebookError:
        bundled = None
    if bundled is not None:
        choices.append(CodebookChoice("bundled", "codebook.choice.bundled", bundled,
                                      bundled.name))
        template = bundled.with_name("template.yaml")
        if template.exists():
            choices.append(CodebookChoice("template", "codebook.choice.template", template,
                                          template.name))
    choices.append(CodebookChoice("upload", "codebook.choice.upload"))
    return choices


def codebook_from_upload(name: str, data: bytes) -> Codebook:
    """Parse an uploaded YAML codebook; errors name the file, line and field."""
    name = _safe_name(name, "codebook.yaml")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(msgid="error.codebook_edit.codebook_not_utf_text", params={"start": exc.start},
                            file=name) from None
    return parse_codebook(text, filename=name)


def read_codebook_choice(choice: CodebookChoice, upload: Upload | None) -> Codebook:
    """The codebook a new project starts from; an upload always wins over the choice."""
    if upload is not None:
        return codebook_from_upload(*upload)
    if choice.path is None:
        raise CodebookError(msgid="error.ui.choose_codebook_file_upload", field="codebook")
    return load_codebook(choice.path)
