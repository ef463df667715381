"""Recognise what a file really is and open ZIP containers safely.

Users rename files, save RTF as ``.doc`` or drop a ``.docx`` named ``.odt``; naming the
real format in the error saves them a support round-trip. ZIP checks are shared by
the Office formats and by batch import, because both open archives from strangers.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from sigqual.errors import ImportError_

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_TOTAL = 500 * 2**20
MAX_ZIP_RATIO = 100
# Small members may compress extremely well (empty XML parts); only large ones can hurt.
RATIO_CHECK_FROM = 2**20

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"ID3", "audio"),
    (b"OggS", "audio"),
    (b"fLaC", "audio"),
    (b"RIFF", "audio"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
)

_DESCRIPTIONS = {
    "zip": "a ZIP archive",
    "ole": "an old binary Office file (.doc) or a password-protected Office document",
    "rtf": "an RTF document (.rtf)",
    "pdf": "a PDF document (.pdf)",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "audio": "an audio or video recording (transcribe it first)",
    "gzip": "a gzip archive",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "docx": "a Word document (.docx)",
    "odt": "an OpenDocument text (.odt)",
    "xlsx": "an Excel workbook (.xlsx)",
    "pptx": "a PowerPoint presentation (.pptx)",
    "opendocument": "an OpenDocument file that is not a text document",
    "epub": "an EPUB e-book",
}

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def sniff(data: bytes) -> str | None:
    """Return a short kind such as ``"zip"``, ``"pdf"`` or ``"ole"``; ``None`` for text."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    # PDF readers accept up to 1 KB of junk before the header, so do the same.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[4:8] == b"ftyp":
        return "audio"
    return None


def zip_kind(zf: zipfile.ZipFile) -> str:
    """Tell Office formats apart by their characteristic members."""
    names = set(zf.namelist())
    if "mimetype" in names:
        mimetype = zf.read("mimetype").strip()
        if mimetype == ODT_MIMETYPE:
            return "odt"
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            return "opendocument"
        if mimetype == b"application/epub+zip":
            return "epub"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "content.xml" in names:
        return "odt"
    return "zip"


def describe(kind: str | None) -> str:
    """Human wording for a kind returned by :func:`sniff` or :func:`zip_kind`."""
    if kind is None:
        return "plain text"
    return _DESCRIPTIONS.get(kind, kind)


@dataclass(frozen=True)
class ZipLimits:
    """Bounds that keep a hostile archive from exhausting memory or disk."""

    max_entries: int = MAX_ZIP_ENTRIES
    max_total: int = MAX_ZIP_TOTAL
    max_ratio: float = MAX_ZIP_RATIO


def unsafe_member_name(name: str) -> bool:
    """True for absolute paths, drive letters and ``..`` components (path traversal)."""
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return True
    return ".." in PurePosixPath(unified).parts


def check_members(
    infos: Iterable[zipfile.ZipInfo], archive: str, limits: ZipLimits = ZipLimits()
) -> None:
    """Raise :class:`ImportError_` naming ``archive`` when the member table looks hostile."""
    infos = list(infos)
    if len(infos) > limits.max_entries:
        raise ImportError_(
            msgid="error.ingest.archive_has_entries_over",
            params={"n_infos": len(infos), "max_entries": limits.max_entries},
            file=archive,
        )
    total = 0
    for info in infos:
        if unsafe_member_name(info.filename):
            raise ImportError_(
                msgid="error.ingest.unsafe_path_archive_absolute", params={"filename": repr(info.filename)},
                file=archive,
            )
        total += info.file_size
        if info.file_size >= RATIO_CHECK_FROM:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise ImportError_(
                    f"member {info.filename!r} expands {ratio:.0f} times "
                    f"(limit {limits.max_ratio:g}): possible ZIP bomb",
                    file=archive,
                )
    if total > limits.max_total:
        raise ImportError_(
            msgid="error.ingest.archive_unpacks_over_limit",
            params={"value": format_size(total), "value2": format_size(limits.max_total)},
            file=archive,
        )


def check_office_xml(data: bytes, filename: str, max_xml: int) -> None:
    """Refuse a .docx/.odt whose XML parts unpack to more than ``max_xml`` bytes.

    XML parsers hold the whole tree in memory (several times the XML's size), so the
    ZIP-bomb ratio alone lets a 5 MB document expand into gigabytes of parsed nodes.
    The sizes come from the archive's directory; the ZIP reader never yields more than
    the declared size of a member.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist() if i.filename.lower().endswith(".xml"))
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # open_office_zip explains what is wrong with the container
    if total > max_xml:
        raise ImportError_(msgid="error.limit.office_xml", file=filename,
                           params={"total": format_size(total), "limit": format_size(max_xml)})


def open_office_zip(data: bytes, filename: str, expected: str) -> zipfile.ZipFile:
    """Open ``data`` as the Office container ``expected`` (``"docx"`` or ``"odt"``).

    Every mismatch gets a message that names what the file really is.
    """
    label = describe(expected)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        kind = sniff(data)
        if kind is None:
            hint = "is it a .doc?" if expected == "docx" else "is it an old .sxw or a .doc?"
            reason = f"the file is not a ZIP container, {hint}"
        elif kind == "zip":
            reason = "the ZIP container is damaged or incomplete"
        else:
            reason = f"the file is {describe(kind)}"
        raise ImportError_(msgid="error.ingest.not", params={"label": label, "reason": reason}, file=filename)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        check_members(zf.infolist(), filename)
        kind = zip_kind(zf)
    except zipfile.BadZipFile as exc:
        raise ImportError_(
            msgid="error.ingest.not_zip_container_damaged", params={"label": label, "exc": exc}, file=filename
        ) from exc
    if kind != expected:
        raise ImportError_(msgid="error.ingest.not_file",
                           params={"label": label, "value": describe(kind)}, file=filename)
    return zf


def format_size(n_bytes: int) -> str:
    """``83_886_080`` -> ``"80 MB"``; one decimal unless whole, binary megabytes."""
    mb = n_bytes / 2**20
    if mb >= 0.1:
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    return f"{n_bytes / 1024:.1f} KB"
