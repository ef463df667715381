"""Open a .qdpx archive safely and find its project file and source files.

Real archives differ from the spec in small ways: ``Project.qde`` or any ``*.qde``
instead of ``project.qde``, ``Sources/`` instead of ``sources/``, Windows path
separators, source paths as ``internal://``, ``relative://`` or bare file names.
Everything is looked up inside the archive only; paths that point outside it
(``absolute://``, ``relative://`` beside the archive) are reported as missing rather
than read from this computer's disk.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..errors import ImportError_
from ..ingest.containers import ZipLimits, check_members, describe, sniff

SCHEMES = ("internal://", "relative://", "absolute://", "file://")


def _unify(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


@dataclass
class QdpxArchive:
    """A checked .qdpx zip: its project file name and a case-insensitive member index."""

    filename: str
    zf: zipfile.ZipFile
    qde_name: str
    _by_lower: dict[str, str] = field(default_factory=dict, repr=False)
    _by_base: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for info in self.zf.infolist():
            if info.is_dir():
                continue
            unified = _unify(info.filename)
            self._by_lower.setdefault(unified.casefold(), info.filename)
            base = PurePosixPath(unified).name.casefold()
            self._by_base.setdefault(base, []).append(info.filename)

    def read(self, member: str) -> bytes:
        try:
            return self.zf.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
            raise ImportError_(msgid="error.refi.cannot_read_from_archive",
                               params={"member": repr(member), "exc": exc},
                               file=self.filename) from None

    def read_qde(self) -> bytes:
        return self.read(self.qde_name)

    def member_for(self, path: str) -> str | None:
        """The archive member a source path refers to, or None when it is not inside.

        ``internal://x.txt`` and bare names are looked up in ``sources/`` (any case),
        then anywhere in the archive when the file name is unique there;
        ``relative://`` paths are tried inside ``sources/`` as well.
        """
        raw = path.strip()
        lowered = raw.casefold()
        scheme = next((s for s in SCHEMES if lowered.startswith(s)), "")
        if scheme in ("absolute://", "file://"):
            rel = raw[len(scheme):]
            name = PurePosixPath(_unify(rel)).name
            return self._unique_base(name)
        rel = _unify(raw[len(scheme):])
        if not rel or any(part == ".." for part in PurePosixPath(rel).parts):
            return None
        for candidate in (f"sources/{rel}", rel):
            found = self._by_lower.get(candidate.casefold())
            if found is not None:
                return found
        return self._unique_base(PurePosixPath(rel).name)

    def _unique_base(self, name: str) -> str | None:
        hits = self._by_base.get(name.casefold(), [])
        return hits[0] if len(hits) == 1 else None


DEFAULT_LIMITS = ZipLimits()


def open_qdpx(data: bytes, filename: str, limits: ZipLimits = DEFAULT_LIMITS) -> QdpxArchive:
    """Check ``data`` as a zip (traversal, entry count, size, ratio) and find the .qde."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        kind = sniff(data)
        if kind == "zip":
            raise ImportError_(msgid="error.refi.qdpx_archive_damaged_zip", file=filename)
        what = "an XML file (a .qde or .qdc?)" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") \
            else describe(kind)
        raise ImportError_(msgid="error.refi.not_refi_qda_project", params={"what": what},
                           file=filename)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportError_(msgid="error.refi.qdpx_archive_damaged",
                           params={"exc": exc}, file=filename) from None
    check_members(infos, filename, limits)
    qdes = [i.filename for i in infos if not i.is_dir() and i.filename.casefold().endswith(".qde")]
    if not qdes:
        raise ImportError_(msgid="error.refi.archive_holds_no_project", file=filename)
    # The spec names it project.qde at the top; prefer that, then the shallowest one.
    qdes.sort(key=lambda n: (_unify(n).casefold() != "project.qde", _unify(n).count("/"), n))
    return QdpxArchive(filename=filename, zf=zf, qde_name=qdes[0])
