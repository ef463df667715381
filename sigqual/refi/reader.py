"""Read .qde project files and .qdc codebooks into :mod:`sigqual.refi.model` records.

Element names are matched by local name, so every namespace variant seen in the
wild (``urn:QDA-XML:project:1.0``, ``...:0:10``, a codebook declaring ``0:4`` in its
schema location, no namespace at all) reads the same. Only text is imported:
picture, audio and video selections are counted and reported, not stored.

Imports are not validated against the REFI-QDA schemas (the files real tools write
often would not pass). Instead this module checks, at run time, everything the
import relies on: the root element, GUIDs (missing or repeated), code references,
start and end positions against the text, and whether a selection's text matches.
What fails a check is skipped and listed in the report, never stored half.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from lxml import etree

from ..errors import ImportError_
from ..ingest.formats import EXTRACTORS
from .container import QdpxArchive
from .model import (
    SIDECAR_FORMAT,
    SIDECAR_NAME,
    RefiCase,
    RefiCode,
    RefiCodebook,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
    guid_key,
)
from .textmap import best_reading, decode_source, normalise_with_map

_HEX = re.compile(r"^(?:#|0x|&h)?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$", re.IGNORECASE)
_RGB = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+\s*)?\)$",
                  re.IGNORECASE)
_NAMED = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000",
    "blue": "#0000ff", "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080",
    "grey": "#808080", "gray": "#808080", "pink": "#ffc0cb", "brown": "#a52a2a",
    "cyan": "#00ffff", "magenta": "#ff00ff",
}
_VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
               "DateTimeValue")


def parse_xml(data: bytes, filename: str, what: str) -> etree._Element:
    """Parse untrusted XML without entities, DTDs or network access."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        raise ImportError_(msgid="error.refi.not_well_formed_xml",
                           params={"what": what, "msg": exc.msg}, file=filename,
                           line=line) from None
    if root is None:
        raise ImportError_(msgid="error.refi.empty", params={"what": what}, file=filename)
    return root


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def kids(el: etree._Element, *names: str) -> list[etree._Element]:
    wanted = {n.casefold() for n in names}
    return [c for c in el if isinstance(c.tag, str) and local(c).casefold() in wanted]


def kid(el: etree._Element, name: str) -> etree._Element | None:
    found = kids(el, name)
    return found[0] if found else None


def kid_text(el: etree._Element, name: str) -> str:
    found = kid(el, name)
    return (found.text or "") if found is not None else ""


def attr(el: etree._Element, name: str) -> str | None:
    """An attribute by name, tolerating other capitalisation (``GUID``, ``Name``)."""
    value = el.get(name)
    if value is not None:
        return value
    folded = name.casefold()
    for key, val in el.attrib.items():
        if etree.QName(key).localname.casefold() == folded:
            return val
    return None


def parse_colour(value: str | None) -> str | None:
    """``#F00082``, ``F00082``, ``#abc``, ``#FFRRGGBB``, ``rgb(1,2,3)``, ``0xRRGGBB``,
    a decimal RGB integer or a basic colour name, as lower-case ``#rrggbb``."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.casefold() in _NAMED:
        return _NAMED[text.casefold()]
    m = _RGB.match(text)
    if m:
        parts = [int(p) for p in m.groups()]
        return "#" + "".join(f"{min(p, 255):02x}" for p in parts) if all(p <= 255 for p in parts) else None
    m = _HEX.match(text)
    if m:
        digits = m.group(1).lower()
        if len(digits) == 3:
            return "#" + "".join(ch * 2 for ch in digits)
        if len(digits) == 8:
            # #AARRGGBB (.NET) is the common 8-digit form; #RRGGBBAA when alpha is last.
            digits = digits[2:] if digits.startswith("ff") or not digits.endswith("ff") else digits[:6]
        return "#" + digits
    if text.isdigit() and int(text) <= 0xFFFFFF:
        return f"#{int(text):06x}"
    return None


def parse_bool(value: str | None, default: bool = True) -> bool:
    if value is None:
        return default
    return value.strip().casefold() not in ("false", "0", "no")


def parse_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_offset(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# -- codes -------------------------------------------------------------------

def read_codes(container: etree._Element | None, warnings: list[str]) -> list[RefiCode]:
    """Codes in tree order (a parent before its children), with parents as guid keys."""
    out: list[RefiCode] = []
    if container is None:
        return out
    seen: set[str] = set()

    def walk(el: etree._Element, parent: str | None) -> None:
        raw_guid = attr(el, "guid")
        name = (attr(el, "name") or "").strip()
        key = guid_key(raw_guid)
        if not key:
            key = f"line-{el.sourceline}"
            warnings.append(f"line {el.sourceline}: code '{name}' has no guid")
        if key in seen:
            warnings.append(f"line {el.sourceline}: code guid {raw_guid} appears twice; "
                            "the second code was skipped")
            return
        seen.add(key)
        colour_raw = attr(el, "color") or attr(el, "colour")
        colour = parse_colour(colour_raw)
        if colour_raw and colour is None:
            warnings.append(f"line {el.sourceline}: colour {colour_raw!r} of code '{name}' "
                            "is not understood and was dropped")
        code = RefiCode(
            guid=key, name=name or f"Kod {len(out) + 1}", colour=colour,
            description=kid_text(el, "Description").strip(),
            codable=parse_bool(attr(el, "isCodable")), parent=parent,
            note_refs=[guid_key(attr(r, "targetGUID")) for r in kids(el, "NoteRef")],
            line=el.sourceline,
        )
        out.append(code)
        for child in kids(el, "Code"):
            walk(child, key)

    for el in kids(container, "Code"):
        walk(el, None)
    return out


def read_sets(root: etree._Element | None) -> list[RefiSet]:
    out: list[RefiSet] = []
    if root is None:
        return out
    for el in kids(root, "Set"):
        def refs(tag: str, element: etree._Element = el) -> list[str]:
            # Projects point with targetGUID, codebooks with guid.
            return [guid_key(attr(m, "targetGUID") or attr(m, "guid")) for m in kids(element, tag)]

        out.append(RefiSet(
            guid=guid_key(attr(el, "guid")), name=(attr(el, "name") or "").strip(),
            description=kid_text(el, "Description").strip(),
            codes=refs("MemberCode"), sources=refs("MemberSource"), notes=refs("MemberNote"),
        ))
    return out


def read_codebook(data: bytes, filename: str) -> RefiCodebook:
    """A .qdc file (a bare CodeBook element, in any of its namespaces)."""
    root = parse_xml(data, filename, "codebook")
    if local(root).casefold() == "project":
        raise ImportError_(msgid="error.refi.project_file_qde_not", file=filename)
    if local(root).casefold() != "codebook":
        raise ImportError_(msgid="error.refi.not_refi_qda_codebook",
                           params={"value": local(root)}, file=filename, line=root.sourceline)
    book = RefiCodebook(origin=attr(root, "origin") or "")
    codes_el = kid(root, "Codes")
    if codes_el is None:
        raise ImportError_(msgid="error.refi.codebook_has_no_codes", file=filename, line=root.sourceline)
    book.codes = read_codes(codes_el, book.warnings)
    book.sets = read_sets(kid(root, "Sets"))
    return book


# -- project -----------------------------------------------------------------

def _codings(el: etree._Element, warnings: list[str]) -> list[RefiCoding]:
    out = []
    for c in kids(el, "Coding"):
        ref = kid(c, "CodeRef")
        target = guid_key(attr(ref, "targetGUID")) if ref is not None else ""
        if not target:
            warnings.append(f"line {c.sourceline}: a coding names no code and was skipped")
            continue
        out.append(RefiCoding(
            guid=guid_key(attr(c, "guid")), code=target,
            user=guid_key(attr(c, "creatingUser")) or None,
            created=parse_datetime(attr(c, "creationDateTime")),
            note_refs=[guid_key(attr(r, "targetGUID")) for r in kids(c, "NoteRef")],
        ))
    return out


def _variable_values(el: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for vv in kids(el, "VariableValue"):
        ref = kid(vv, "VariableRef")
        target = guid_key(attr(ref, "targetGUID")) if ref is not None else ""
        value_el = next(iter(kids(vv, *_VALUE_TAGS)), None)
        if target and value_el is not None and (value_el.text or "").strip():
            out[target] = value_el.text.strip()
    return out


class _ProjectReader:
    """One pass over a .qde, collecting records and warnings."""

    def __init__(self, filename: str, archive: QdpxArchive | None) -> None:
        self.filename = filename
        self.archive = archive
        self.warnings: list[str] = []
        self.missing: list[str] = []
        self.skipped: Counter[str] = Counter()
        self.seen_paths: set[str] = set()

    def text_of(self, el: etree._Element, label: str, *, rich: bool = False
                ) -> tuple[str | None, str, bool]:
        """The raw text of a text-like element: inline content or an archive member.

        With ``rich``, a source whose plain text is missing is read from its rich-text
        file (``richTextPath``, a Word, OpenDocument or RTF file) instead; the last
        value says so, because offsets into that text need checking.
        """
        inline = kid(el, "PlainTextContent")
        path = (attr(el, "plainTextPath") or "").strip()
        member = self.archive.member_for(path) if path and self.archive is not None else None
        if member is not None:
            text, problem = decode_source(self.archive.read(member))  # type: ignore[union-attr]
            if problem:
                self.warnings.append(f"{label}: {problem}")
            return text, path, False
        if inline is not None:
            return inline.text or "", path, False
        if rich:
            text = self.rich_text(el, label)
            if text is not None:
                return text, (attr(el, "richTextPath") or "").strip(), True
        if path or attr(el, "richTextPath"):
            self.missing.append(f"{label} ({path or attr(el, 'richTextPath')})")
        return None, path, False

    def rich_text(self, el: etree._Element, label: str) -> str | None:
        """The text of a source's rich-text file, when the archive has one sigqual reads."""
        path = (attr(el, "richTextPath") or "").strip()
        member = self.archive.member_for(path) if path and self.archive is not None else None
        suffix = PurePosixPath(path).suffix.casefold()
        if member is None or suffix not in RICH_TEXT_FORMATS:
            return None
        try:
            text = EXTRACTORS[suffix](self.archive.read(member), PurePosixPath(path).name)  # type: ignore[union-attr]
        except ImportError_ as exc:
            self.warnings.append(f"{label}: its rich-text file could not be read ({exc.message})")
            return None
        self.warnings.append(f"{label}: the archive has no plain text for it, so the text was "
                             "taken from its rich-text file; only selections whose own text "
                             "matches were kept")
        return text

    def source(self, el: etree._Element, kind: str, name: str, guid: str,
               owner: etree._Element | None = None) -> RefiSource | None:
        label = f"source '{name}'"
        path_attr = (attr(el, "plainTextPath") or "").strip().casefold()
        if path_attr:
            if path_attr in self.seen_paths:
                return None  # a transcript that repeats a text source already read
            self.seen_paths.add(path_attr)
        raw, path, from_rich = self.text_of(el, label, rich=kind == "text")
        holder = owner if owner is not None else el
        src = RefiSource(
            guid=guid, name=name, kind=kind, path=path, text=None,
            note_refs=[guid_key(attr(r, "targetGUID")) for r in kids(holder, "NoteRef")],
            variables=_variable_values(holder),
            description=kid_text(holder, "Description").strip(), line=el.sourceline,
        )
        selections = kids(el, "PlainTextSelection")
        whole = _codings(el, self.warnings)
        if raw is None:
            n = len(selections) + len(whole)
            if n:
                self.warnings.append(f"{label}: its file is missing, so {n} selection(s) "
                                     "and their codings were not imported")
            return src
        norm = normalise_with_map(raw)
        spans = []
        parsed = []
        for s in selections:
            start, end = parse_offset(attr(s, "startPosition")), parse_offset(attr(s, "endPosition"))
            parsed.append((s, start, end))
            if start is not None and end is not None:
                spans.append((start, end, attr(s, "name") or ""))
        reading = best_reading(norm, raw, spans)
        src.reading = reading.name
        if reading.name != "code points":
            self.warnings.append(f"{label}: offsets read as {reading.name}, which is how "
                                 "the selection names match the text")
        src.text = norm.text
        for s, start, end in parsed:
            where = f"{label}, selection at line {s.sourceline}"
            if start is None or end is None:
                self.warnings.append(f"{where}: start or end position is not a number; skipped")
                continue
            a, b = reading.to_norm(start), reading.to_norm(end)
            if a is None or b is None or not a < b:
                self.warnings.append(f"{where}: positions {start}-{end} are outside the text "
                                     f"of {len(raw)} characters or empty; skipped")
                continue
            if from_rich and not names_text(attr(s, "name") or "", norm.text[a:b]):
                self.warnings.append(f"{where}: its text does not match the rich-text file; skipped")
                continue
            src.selections.append(RefiSelection(
                guid=guid_key(attr(s, "guid")), name=attr(s, "name") or "", start=a, end=b,
                codings=_codings(s, self.warnings),
                note_refs=[guid_key(attr(r, "targetGUID")) for r in kids(s, "NoteRef")],
                description=kid_text(s, "Description").strip(),
                user=guid_key(attr(s, "creatingUser")) or None,
            ))
        src.codings = whole
        return src

    def sources(self, root: etree._Element | None) -> list[RefiSource]:
        out: list[RefiSource] = []
        seen: set[str] = set()
        if root is None:
            return out
        for el in root:
            if not isinstance(el.tag, str):
                continue
            tag = local(el)
            name = (attr(el, "name") or "").strip()
            guid = guid_key(attr(el, "guid")) or f"line-{el.sourceline}"
            if guid in seen:
                # References by GUID (notes, cases, sets) could not tell the two apart.
                self.warnings.append(f"line {el.sourceline}: source '{name}' repeats the guid of "
                                     "another source; references to that guid go to the first")
                guid = f"{guid}-line-{el.sourceline}"
            seen.add(guid)
            if tag == "TextSource":
                src = self.source(el, "text", name or f"Dokument {len(out) + 1}", guid)
            elif tag == "PDFSource":
                src = None
                rep = kid(el, "Representation")
                self.skipped["PDF area selections"] += len(kids(el, "PDFSelection"))
                self.skipped["codings of whole PDF files"] += len(kids(el, "Coding"))
                if rep is not None:
                    src = self.source(rep, "pdf", name or f"PDF {len(out) + 1}", guid, owner=el)
                else:
                    self.skipped["PDF sources without a text representation"] += 1
            elif tag in ("AudioSource", "VideoSource"):
                src = None
                media = "audio" if tag == "AudioSource" else "video"
                self.skipped[f"{media} selections"] += len(kids(el, f"{media.title()}Selection"))
                self.skipped[f"codings of whole {media} files"] += len(kids(el, "Coding"))
                for i, tr in enumerate(kids(el, "Transcript"), 1):
                    self.skipped["transcript selections"] += len(kids(tr, "TranscriptSelection"))
                    tname = (attr(tr, "name") or "").strip() or f"{name} (transkript {i})"
                    tguid = guid_key(attr(tr, "guid")) or f"{guid}-t{i}"
                    got = self.source(tr, "transcript", tname, tguid)
                    if got is not None:
                        out.append(got)
            elif tag == "PictureSource":
                src = None
                self.skipped["picture sources"] += 1
            else:
                src = None
                self.skipped[f"<{tag}> elements"] += 1
            if src is not None:
                out.append(src)
        return out

    def notes(self, root: etree._Element | None) -> list[RefiNote]:
        out: list[RefiNote] = []
        if root is None:
            return out
        for el in kids(root, "Note"):
            # Titles and texts are kept exactly (sigqual's own memos must round-trip);
            # only text read from a file is normalised like any source text.
            name = attr(el, "name") or ""
            raw, path, _rich = self.text_of(el, f"note '{name.strip() or el.sourceline}'")
            text = (normalise_with_map(raw).text if path and raw else raw) or ""
            if not text.strip():
                text = kid_text(el, "Description").strip()
            if not text.strip():
                self.warnings.append(f"line {el.sourceline}: note '{name}' has no text; skipped")
                continue
            out.append(RefiNote(
                guid=guid_key(attr(el, "guid")), name=name, text=text,
                user=guid_key(attr(el, "creatingUser")) or None,
                created=parse_datetime(attr(el, "creationDateTime")), line=el.sourceline,
            ))
        return out


def read_project(data: bytes, filename: str, archive: QdpxArchive | None = None) -> RefiProject:
    """Read a .qde (with source files from ``archive`` when given)."""
    root = parse_xml(data, filename, "project file")
    if local(root).casefold() == "codebook":
        raise ImportError_(msgid="error.refi.codebook_qdc_not_project", file=filename)
    if local(root).casefold() != "project":
        raise ImportError_(msgid="error.refi.not_refi_qda_project_2",
                           params={"value": local(root)}, file=filename, line=root.sourceline)
    reader = _ProjectReader(filename, archive)
    project = RefiProject(
        name=(attr(root, "name") or "").strip(), origin=attr(root, "origin") or "",
        description=kid_text(root, "Description").strip(),
    )
    users = kid(root, "Users")
    for el in kids(users, "User") if users is not None else []:
        key = guid_key(attr(el, "guid"))
        name = attr(el, "name") or attr(el, "id") or ""
        if key:
            project.users[key] = RefiUser(guid=key, name=name if name.strip() else f"Användare {key[:8]}")
    book = kid(root, "CodeBook")
    project.codes = read_codes(kid(book, "Codes") if book is not None else None, project.warnings)
    variables = kid(root, "Variables")
    for el in kids(variables, "Variable") if variables is not None else []:
        key = guid_key(attr(el, "guid"))
        project.variables[key] = RefiVariable(
            guid=key, name=(attr(el, "name") or "").strip(),
            type=attr(el, "typeOfVariable") or "Text",
            description=kid_text(el, "Description").strip())
    cases = kid(root, "Cases")
    for el in kids(cases, "Case") if cases is not None else []:
        project.cases.append(RefiCase(
            guid=guid_key(attr(el, "guid")), name=(attr(el, "name") or "").strip(),
            variables=_variable_values(el),
            sources=[guid_key(attr(r, "targetGUID")) for r in kids(el, "SourceRef")],
        ))
    project.sources = reader.sources(kid(root, "Sources"))
    project.notes = reader.notes(kid(root, "Notes"))
    project.sets = read_sets(kid(root, "Sets"))
    project.project_note_refs = [guid_key(attr(r, "targetGUID")) for r in kids(root, "NoteRef")]
    for tag, what in (("Links", "links"), ("Graphs", "graphs")):
        el = kid(root, tag)
        if el is not None and len(el):
            reader.skipped[what] += len(el)
    project.warnings.extend(reader.warnings)
    project.missing_sources = reader.missing
    for what, n in sorted(reader.skipped.items()):
        if n:
            project.warnings.append(f"not imported (sigqual keeps text only): {n} {what}")
    if archive is not None:
        project.sidecar = _sidecar(archive, project.warnings)
    return project


def _sidecar(archive: QdpxArchive, warnings: list[str]) -> dict[str, Any] | None:
    member = archive.member_for(SIDECAR_NAME)
    if member is None or member.casefold() != SIDECAR_NAME.casefold():
        return None
    try:
        data = json.loads(archive.read(member).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        warnings.append(f"{SIDECAR_NAME} is damaged ({exc}); sigqual's extra details were not used")
        return None
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        warnings.append(f"{SIDECAR_NAME} is not sigqual's; it was ignored")
        return None
    return data


# Rich-text files a source may come with when its plain text is missing.
RICH_TEXT_FORMATS = frozenset({".docx", ".odt", ".rtf", ".txt"})


def names_text(name: str, text: str) -> bool:
    """Whether a selection's name (its quoted text, perhaps cut off with "…") is ``text``."""
    wanted = " ".join(name.rstrip().removesuffix("…").removesuffix("...").split()).casefold()
    return bool(wanted) and " ".join(text.split()).casefold().startswith(wanted)
