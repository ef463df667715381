"""Import many transcripts at once, with attributes from a manifest or the file names.

Nothing here touches a database: :func:`collect` lists what would be imported,
:func:`parse_batch` parses it and returns transcripts with their attributes next to
the errors, so one broken file never stops the others.

Attribute precedence, lowest first: ``defaults``, the file-name ``pattern``, the
manifest row. Attribute keys are lower case; group values are mapped to the group
keys ungdomar, foraldrar, aktorer, projektgrupp and styrgrupp when they match one of
their usual spellings, ignoring case and diacritics, and are kept as given otherwise.

File-name patterns (:func:`attributes_from_pattern`): ``{field}`` captures one or more
characters, ``{_}`` matches the same but keeps nothing, and any other text must appear
literally (case-insensitive). The pattern must match the whole file name without its
extension; a pattern containing ``/`` matches the end of the path instead. Example:
``{group}_{participant}_fas{phase}`` turns ``foraldrar_for-02_fas1.docx`` into
group=foraldrar, participant=for-02, phase=1.
"""

from __future__ import annotations

import csv
import inspect
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from sigqual.decoding import decode_text
from sigqual.errors import ImportError_
from sigqual.ingest.containers import check_members, format_size
from sigqual.ingest.formats import SUPPORTED_EXTENSIONS
from sigqual.ingest.limits import DEFAULT_LIMITS, ImportLimits
from sigqual.ingest.model import ParsedTranscript
from sigqual.ingest.reader import check_extension, check_size, parse_bytes, read_limited
from sigqual.ingest.segment import DEFAULT_INTERVIEWER_LABELS

_FILE_COLUMNS = ("file", "fil", "filename", "filnamn", "document", "dokument")
_COLUMN_ALIASES = {
    "grupp": "group",
    "fas": "phase",
    "datum": "date",
    "intervjutyp": "interview_type",
    "deltagare": "participant",
}
_GROUP_SPELLINGS = {
    "ungdomar": ("ungdomar", "ungdom", "ungdomarna", "ungdomen"),
    "foraldrar": ("foraldrar", "foralder", "foraldrarna", "foraldern"),
    "aktorer": ("aktorer", "aktor", "aktorerna"),
    "projektgrupp": ("projektgrupp", "projektgruppen"),
    "styrgrupp": ("styrgrupp", "styrgruppen"),
}
_GROUP_KEYS = {
    spelling: key for key, spellings in _GROUP_SPELLINGS.items() for spelling in spellings
}
_FIELD = re.compile(r"\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, eq=False)
class Source:
    """One file to import; ``name`` is the display path such as ``batch.zip/for-01.txt``.

    Content is loaded on demand so that collecting a large folder costs no memory;
    a source that could not even be listed carries its ``error`` instead.
    """

    name: str
    loader: Callable[..., bytes] | None = None
    size: int | None = None
    error: ImportError_ | None = None

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> Source:
        """A source for content already in memory, such as a browser upload."""
        return cls(name, loader=lambda: data, size=len(data))  # already in memory: no limit to apply

    @property
    def data(self) -> bytes:
        """The file content; raises the source's :class:`ImportError_` if it has one."""
        return self.read(DEFAULT_LIMITS.file_bytes)

    def read(self, max_bytes: int) -> bytes:
        """The content, refused (unread where possible) when it is over ``max_bytes``."""
        if self.error is not None:
            raise self.error
        assert self.loader is not None
        if self.size is not None:
            check_size(self.size, self.name, max_bytes)
        takes_limit = bool(inspect.signature(self.loader).parameters)
        data = self.loader(max_bytes) if takes_limit else self.loader()
        check_size(len(data), self.name, max_bytes)
        return data


@dataclass
class BatchResult:
    """Parsed transcripts with their attributes, the errors, and unused manifest rows."""

    items: list[tuple[ParsedTranscript, dict[str, str]]] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)
    unmatched_manifest: list[str] = field(default_factory=list)


# --- collecting -------------------------------------------------------------------------


def _hidden(parts: Iterable[str]) -> bool:
    """Dot files, macOS resource forks and Word lock files (``~$x.docx``)."""
    return any(p.startswith((".", "~$")) or p == "__MACOSX" for p in parts)


def _wanted(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in SUPPORTED_EXTENSIONS


def _error_source(name: str, msgid: str, /, **params: object) -> Source:
    return Source(name, error=ImportError_(msgid=msgid, params=params, file=name))


def _file_source(path: Path, name: str) -> Source:
    def load(max_bytes: int = DEFAULT_LIMITS.file_bytes) -> bytes:
        return read_limited(path, max_bytes, name)

    return Source(name, loader=load, size=path.stat().st_size)


def _read_member(archive: Path, member: str, name: str,
                 max_bytes: int = DEFAULT_LIMITS.file_bytes) -> bytes:
    """One member, never more than ``max_bytes + 1`` bytes of it unpacked."""
    try:
        with zipfile.ZipFile(archive) as zf, zf.open(member) as fh:
            data = fh.read(max_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise ImportError_(msgid="error.import.unpack", params={"reason": exc}, file=name) from exc
    check_size(len(data), name, max_bytes)
    return data


def _archive_sources(archive: Path, display: str) -> list[Source]:
    """List a ZIP's supported members without unpacking anything."""
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
        check_members(infos, display)
    except ImportError_ as exc:
        return [Source(display, error=exc)]
    except (zipfile.BadZipFile, OSError) as exc:
        return [_error_source(display, "error.import.bad_zip", reason=exc)]
    sources = []
    for info in sorted(infos, key=lambda i: i.filename):
        member = info.filename.replace("\\", "/")
        parts = PurePosixPath(member).parts
        if info.is_dir() or _hidden(parts) or not _wanted(member):
            continue
        name = f"{display}/{member}"
        if info.flag_bits & 0x1:
            sources.append(_error_source(name, "error.import.encrypted_member"))
            continue
        loader = _member_loader(archive, info.filename, name)
        sources.append(Source(name, loader=loader, size=info.file_size))
    if not sources:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        return [_error_source(display, "error.import.archive_no_files", supported=supported)]
    return sources


def _member_loader(archive: Path, member: str, name: str) -> Callable[..., bytes]:
    def load(max_bytes: int = DEFAULT_LIMITS.file_bytes) -> bytes:
        return _read_member(archive, member, name, max_bytes)

    return load


def _folder_sources(folder: Path) -> list[Source]:
    sources = []
    label = folder.name or folder.resolve().name
    found = sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix())
    for path in found:
        relative = path.relative_to(folder)
        if _hidden(relative.parts) or not path.is_file():
            continue
        name = f"{label}/{relative.as_posix()}"
        if path.suffix.lower() == ".zip":
            sources.extend(_archive_sources(path, name))
        elif _wanted(path.name):
            sources.append(_file_source(path, name))
    return sources


def collect(paths: Sequence[Path]) -> list[Source]:
    """Expand files, folders (recursively) and ZIP archives into importable sources.

    Folders and archives contribute only supported, non-hidden files, sorted by path.
    Problems (a missing path, a damaged or unsafe archive, an unsupported file given
    explicitly) become sources that carry an error, to be reported with the rest.
    """
    sources: list[Source] = []
    for path in map(Path, paths):
        if path.is_dir():
            sources.extend(_folder_sources(path))
        elif not path.exists():
            sources.append(_error_source(str(path), "error.import.no_such_path"))
        elif path.suffix.lower() == ".zip":
            sources.extend(_archive_sources(path, path.name))
        else:
            try:
                check_extension(path.name)
                sources.append(_file_source(path, path.name))
            except ImportError_ as exc:
                sources.append(Source(path.name, error=exc))
            except OSError as exc:
                sources.append(_error_source(path.name, "error.file.unreadable", reason=exc))
    return sources


# --- attributes -------------------------------------------------------------------------


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def normalize_group(value: str) -> str:
    """Map "Föräldrar", "FORALDRAR" or "föräldrarna" to ``foraldrar``; keep others as given."""
    value = value.strip()
    return _GROUP_KEYS.get(_fold(value), value)


def _column(name: str) -> str:
    key = "_".join(name.strip().lower().split())
    return _COLUMN_ALIASES.get(key, key)


def normalize_attributes(attributes: Mapping[str, str]) -> dict[str, str]:
    """Lower-case keys (with Swedish column aliases), stripped values, group keys mapped."""
    result = {}
    for key, value in attributes.items():
        column = _column(key)
        value = value.strip()
        if value:
            result[column] = normalize_group(value) if column == "group" else value
    return result


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    def invalid(problem: str) -> ImportError_:
        return ImportError_(msgid="error.ingest.invalid_file_name_pattern",
                            params={"pattern": repr(pattern), "problem": problem}, field="pattern")

    parts = _FIELD.split(pattern)
    regex = []
    names: set[str] = set()
    for index, part in enumerate(parts):
        if index % 2 == 0:
            if "{" in part or "}" in part:
                raise invalid("unbalanced { or }")
            regex.append(re.escape(part))
            continue
        if index > 1 and parts[index - 1] == "":
            raise invalid("two {fields} next to each other cannot be told apart")
        name = part.strip().lower()
        if name == "_":
            regex.append(r"[^/]+?")
            continue
        if not _IDENTIFIER.fullmatch(name):
            raise invalid(f"{{{part}}} is not a field name (letters, digits, _)")
        if name in names:
            raise invalid(f"field {{{name}}} appears twice")
        names.add(name)
        regex.append(rf"(?P<{name}>[^/]+?)")
    if not names:
        raise invalid("it has no {field}")
    prefix = "(?:^|/)" if "/" in pattern else "^"
    return re.compile(prefix + "".join(regex) + "$", re.IGNORECASE)


def attributes_from_pattern(filename: str, pattern: str) -> dict[str, str]:
    """Attributes captured from ``filename`` by ``pattern`` (see the module doc)."""
    regex = _pattern_regex(pattern)
    path = PurePosixPath(filename.replace("\\", "/"))
    subject = str(path.with_suffix("")) if "/" in pattern else path.stem
    match = regex.search(subject)
    if match is None:
        raise ImportError_(msgid="error.import.pattern_mismatch", params={"pattern": repr(pattern)},
                           file=filename, field="pattern")
    return normalize_attributes({k: v for k, v in match.groupdict().items() if v is not None})


# --- manifest ---------------------------------------------------------------------------


def _manifest_key(value: str) -> str:
    value = value.strip().replace("\\", "/")
    while value.startswith("./"):
        value = value[2:]
    return value


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """Read a CSV manifest into ``{file: attributes}``.

    Comma, semicolon (Excel with Swedish settings) or tab separated, UTF-8 with or
    without BOM (Windows-1252 from older Excel also works). The file column is named
    file, fil, filename, filnamn, document or dokument; every other column becomes an
    attribute, with empty cells left out.
    """
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(msgid="error.manifest.unreadable", params={"reason": exc.strerror or exc},
                           file=name) from exc
    if not data.strip():
        raise ImportError_(msgid="error.manifest.empty", file=name)
    text, _ = decode_text(data, name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise ImportError_(msgid="error.manifest.csv", params={"reason": exc}, file=name,
                           line=reader.line_num) from exc
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportError_(msgid="error.manifest.empty", file=name)
    header_line, header = rows[0]
    columns = [_column(cell) for cell in header]
    file_column = next((c for c in _FILE_COLUMNS if c in columns), None)
    if file_column is None:
        raise ImportError_(msgid="error.manifest.no_file_column", file=name, line=header_line, params={
            "expected": ", ".join(_FILE_COLUMNS), "found": ", ".join(columns)})
    duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicates:
        raise ImportError_(msgid="error.manifest.duplicate_column", file=name, line=header_line,
                           params={"columns": ", ".join(duplicates)})
    file_index = columns.index(file_column)
    manifest: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for line, row in rows[1:]:
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            raise ImportError_(msgid="error.manifest.row_width", file=name, line=line,
                               params={"n": len(row), "header": len(columns)})
        key = _manifest_key(row[file_index]) if file_index < len(row) else ""
        if not key:
            raise ImportError_(msgid="error.manifest.empty_cell", file=name, line=line, field=file_column)
        if key.casefold() in seen:
            raise ImportError_(msgid="error.manifest.twice", params={"key": repr(key)}, file=name, line=line,
                               field=file_column)
        seen.add(key.casefold())
        cells = {
            column: value for column, value in zip(columns, row, strict=False)
            if column and column != file_column
        }  # fmt: skip
        manifest[key] = normalize_attributes(cells)
    return manifest


def _match_manifest(name: str, manifest: Mapping[str, Mapping[str, str]]) -> str | None:
    """The most specific manifest key that is ``name`` or a trailing part of its path."""
    target = _manifest_key(name).casefold()
    best = None
    for key in manifest:
        folded = _manifest_key(key).casefold()
        if target == folded or target.endswith("/" + folded):
            if best is None or len(key) > len(best):
                best = key
    return best


# --- parsing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchItem:
    """One outcome of :func:`iter_batch`: a parsed transcript with attributes, or an error."""

    name: str
    parsed: ParsedTranscript | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    error: ImportError_ | None = None


def iter_batch(
    sources: Iterable[Source],
    *,
    manifest: Mapping[str, Mapping[str, str]] | None = None,
    pattern: str | None = None,
    defaults: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS,
    limits: ImportLimits = DEFAULT_LIMITS,
    unmatched: list[str] | None = None,
) -> Iterator[BatchItem]:
    """Parse the sources one at a time; the caller stores each before the next is read.

    Only one file's content and parse are alive at a time, so a batch costs the memory
    of its largest file, not of all of them. Together the files may bring in at most
    ``limits.batch_bytes``; a file that would go over is refused by name. A file that
    does not match ``pattern`` is an error unless the manifest lists it. A manifest
    row that two files match is an error for the second one; rows that match no file
    are appended to ``unmatched`` once every source has been seen.
    """
    manifest = manifest or {}
    if max_bytes is not None:
        limits = replace(limits, file_bytes=max_bytes)
    if pattern is not None:
        _pattern_regex(pattern)  # an invalid pattern is the caller's error, raise it now
    base = normalize_attributes(defaults or {})
    labels = tuple(interviewer_labels)
    used: dict[str, str] = {}
    total = 0
    for source in sources:
        try:
            attributes = dict(base)
            key = _match_manifest(source.name, manifest)
            if key is not None and key in used:
                raise ImportError_(msgid="error.manifest.ambiguous", file=source.name,
                                   params={"key": repr(key), "other": used[key]})
            if pattern is not None:
                try:
                    attributes.update(attributes_from_pattern(source.name, pattern))
                except ImportError_:
                    if key is None:
                        raise
            if key is not None:
                used[key] = source.name
                attributes.update(normalize_attributes(manifest[key]))
            if source.error is None and source.size is not None:
                check_size(source.size, source.name, limits.file_bytes)
                _check_batch_total(total + source.size, source.name, limits)
            data = source.read(limits.file_bytes)
            total += len(data)
            _check_batch_total(total, source.name, limits)
            parsed = parse_bytes(data, source.name, interviewer_labels=labels, limits=limits)
            del data
        except ImportError_ as exc:
            yield BatchItem(source.name, error=exc)
            continue
        yield BatchItem(source.name, parsed, attributes)
    if unmatched is not None:
        unmatched.extend(key for key in manifest if key not in used)


def _check_batch_total(total: int, name: str, limits: ImportLimits) -> None:
    if total > limits.batch_bytes:
        raise ImportError_(msgid="error.limit.batch_bytes", file=name,
                           params={"total": format_size(total), "limit": format_size(limits.batch_bytes)})


def parse_batch(
    sources: Iterable[Source],
    *,
    manifest: Mapping[str, Mapping[str, str]] | None = None,
    pattern: str | None = None,
    defaults: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> BatchResult:
    """Parse every source into one result (for small batches and tests; see :func:`iter_batch`).

    Failures go to ``errors`` and the rest carries on; manifest rows that match no
    file are returned in ``unmatched_manifest``.
    """
    result = BatchResult()
    items = iter_batch(sources, manifest=manifest, pattern=pattern, defaults=defaults,
                       max_bytes=max_bytes, interviewer_labels=interviewer_labels, limits=limits,
                       unmatched=result.unmatched_manifest)
    for item in items:
        if item.error is not None:
            result.errors.append(item.error)
        else:
            assert item.parsed is not None
            result.items.append((item.parsed, item.attributes))
    return result
