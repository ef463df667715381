"""Write a project as REFI-QDA: ``project.qde`` plus ``sources/`` in a .qdpx, or a .qdc.

What maps where:

* coders and memo authors -> ``Users``; the codebook -> nested ``Code`` elements
  (themes over their factors) with colour and description;
* each document -> a ``TextSource`` whose plain text is ``sources/<guid>.txt`` in
  UTF-8, exactly the stored text, so REFI offsets (code points) equal sigqual's;
* codings -> one ``PlainTextSelection`` per coded span holding a ``Coding`` per code
  and coder (``creatingUser`` is the coder);
* memos -> ``Notes``, referenced from the code, coding, segment selection or
  source they belong to, or from the project;
* document attributes -> ``Variables`` with values on each source, participants ->
  ``Cases``; code kinds, code groups and interview groups -> ``Sets``, the form in
  which ATLAS.ti, NVivo and MAXQDA keep code and document groups.

REFI-QDA has no place for speaker turns, code ids, summary labels or table settings,
so they travel in ``sigqual/project.json`` inside the archive, keyed by GUID; other
tools ignore it and sigqual uses it only where the GUIDs still match.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from lxml import etree

from .. import __version__
from ..codebook import KINDS, Code, Codebook, codebook_to_dict
from ..errors import ExportError
from ..export import xml_safe
from ..i18n import choice, translate
from ..models import DOCUMENT_FIELDS, Coding, Document, Memo, Segment
from ..store import Store
from .guids import Guids
from .model import (
    CODEBOOK_NS,
    CODEBOOK_SCHEMA_LOCATION,
    PROJECT_NS,
    PROJECT_SCHEMA_LOCATION,
    SIDECAR_FORMAT,
    SIDECAR_NAME,
    SIDECAR_VERSION,
    XSI_NS,
)

ORIGIN = f"sigqual {__version__}"
# Variable names for the fixed document fields; the importer maps them back.
FIELD_VARIABLES = {
    "group_key": "group", "phase": "phase", "interview_type": "interview_type",
    "interview_date": "interview_date", "participant": "participant",
}
FIELD_DESCRIPTIONS = {
    "group": "Interview group (sigqual group key)",
    "phase": "Interview phase: 1 = first round, 2 = follow-up",
    "interview_type": "individual, focus_group or phone",
    "interview_date": "Date of the interview",
    "participant": "Pseudonym of the interviewee",
}
# Sets are named in Swedish, like the codebook's labels, with the catalogue's plural kind names.
SET_LANG = "sv"
# Machine-readable tags in set descriptions; the importer reads them before set names.
TAG_KIND = "sigqual:kind="
TAG_CODE_GROUP = "sigqual:code-group="
TAG_GROUP = "sigqual:group="
TAG_PHASE = "sigqual:phase="
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NAME_CHARS = 60
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class QdpxExport:
    """The archive bytes plus what could not be carried over exactly."""

    data: bytes
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def code_guid(guids: Guids, key: str) -> str:
    """The GUID of a code; also used to recognise a project's codes in a .qdc."""
    return guids("code", key, f"code:{key}")


def _dt(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class _Clean:
    """Strips characters XML cannot hold and remembers where that happened."""

    def __init__(self) -> None:
        self.changed: list[str] = []

    def __call__(self, text: str, where: str) -> str:
        safe = xml_safe(text)
        if safe != text:
            self.changed.append(where)
        return safe


def _sub(parent: etree._Element, tag: str, ns: str, text: str | None = None,
         **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            el.set(key, value)
    if text is not None:
        el.text = text
    return el


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _NAME_CHARS else flat[: _NAME_CHARS - 1].rstrip() + "…"


def _code_tree(codebook: Codebook) -> tuple[list[Code], dict[str, list[Code]]]:
    """Top-level codes and children per parent, in codebook order."""
    known = {c.id for c in codebook.codes}
    children: dict[str, list[Code]] = defaultdict(list)
    top: list[Code] = []
    for code in codebook.codes:
        if code.parent and code.parent in known and code.parent != code.id:
            children[code.parent].append(code)
        else:
            top.append(code)
    return top, children


def _write_codes(parent: etree._Element, ns: str, codes: Iterable[Code], children: dict[str, list[Code]],
                 guids: Guids, clean: _Clean, note_refs: dict[str, list[str]] | None,
                 seen: set[str]) -> None:
    for code in codes:
        if code.id in seen:  # a parent cycle would otherwise recurse forever
            continue
        seen.add(code.id)
        el = _sub(parent, "Code", ns, guid=code_guid(guids, code.id),
                  name=clean(code.label, f"code {code.id}"), isCodable="true",
                  color=code.colour if code.colour and re.fullmatch(r"#[0-9a-fA-F]{6}", code.colour)
                  else None)
        if code.description:
            _sub(el, "Description", ns, clean(code.description, f"code {code.id}"))
        for ref in (note_refs or {}).get(code.id, []):
            _sub(el, "NoteRef", ns, targetGUID=ref)
        _write_codes(el, ns, children.get(code.id, []), children, guids, clean, note_refs, seen)


def _code_sets(parent: etree._Element, ns: str, codebook: Codebook, guids: Guids, member_attr: str) -> None:
    """Kind sets and per-group code sets (the only codebook sets sigqual writes)."""
    for kind in KINDS:
        members = [c for c in codebook.codes if c.kind == kind]
        if not members:
            continue
        s = _sub(parent, "Set", ns, guid=guids("set", f"kind:{kind}"),
                 name=choice("kind.plural.", kind, SET_LANG))
        _sub(s, "Description", ns, f"{TAG_KIND}{kind}")
        for code in members:
            _sub(s, "MemberCode", ns, **{member_attr: code_guid(guids, code.id)})
    for group in codebook.groups:
        members = [c for c in codebook.codes if group.key in c.groups]
        if not members:
            continue
        s = _sub(parent, "Set", ns, guid=guids("set", f"code-group:{group.key}"),
                 name=translate("refi.set.group_codes", SET_LANG, group=group.name))
        _sub(s, "Description", ns, f"{TAG_CODE_GROUP}{group.key}")
        for code in members:
            _sub(s, "MemberCode", ns, **{member_attr: code_guid(guids, code.id)})


def codebook_qdc(codebook: Codebook, guids: Guids) -> bytes:
    """The codebook as a .qdc document (Codebook.xsd)."""
    if not codebook.codes:
        raise ExportError(msgid="error.refi.codebook_has_no_codes_2", field="codebook")
    clean = _Clean()
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{CODEBOOK_NS} {CODEBOOK_SCHEMA_LOCATION}")
    root.set("origin", ORIGIN)
    codes_el = _sub(root, "Codes", CODEBOOK_NS)
    top, children = _code_tree(codebook)
    _write_codes(codes_el, CODEBOOK_NS, top, children, guids, clean, None, set())
    sets = etree.Element(f"{{{CODEBOOK_NS}}}Sets")
    _code_sets(sets, CODEBOOK_NS, codebook, guids, "guid")
    if len(sets):
        root.append(sets)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def export_qdc(store: Store, project_id: int) -> bytes:
    """The project's codebook as .qdc bytes, with the same GUIDs as in a .qdpx."""
    project = store.get_project(project_id)
    return codebook_qdc(store.codebook(project_id), Guids(project.name, project.settings))


# -- project -------------------------------------------------------------------

@dataclass
class _Placement:
    """Where each memo is referenced from (memo GUIDs per target)."""

    codes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    codings: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    spans: dict[tuple[int, int, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    project: list[str] = field(default_factory=list)


def _place_memos(memos: list[Memo], guids: Guids, codings: dict[int, Coding],
                 segments: dict[int, Segment], doc_ids: set[int]) -> _Placement:
    placed = _Placement()
    for memo in memos:
        ref = guids("memo", memo.id, f"memo:{memo.id}")
        anchored = False
        if memo.coding_id is not None and memo.coding_id in codings:
            placed.codings[memo.coding_id].append(ref)
            anchored = True
        if memo.segment_id is not None and memo.segment_id in segments:
            seg = segments[memo.segment_id]
            placed.spans[(seg.document_id, seg.start, seg.end)].append(ref)
            anchored = True
        if not anchored and memo.document_id is not None and memo.document_id in doc_ids:
            placed.documents[memo.document_id].append(ref)
            anchored = True
        if memo.code_key:
            placed.codes[memo.code_key].append(ref)
            anchored = True
        if not anchored:
            placed.project.append(ref)
    return placed


def _variables(docs: list[Document]) -> list[tuple[str, str, str]]:
    """(variable name, document field or free key, REFI type) for every used attribute."""
    out = []
    for fld in DOCUMENT_FIELDS:
        values = [getattr(d, fld) for d in docs if getattr(d, fld)]
        if values:
            kind = "Date" if fld == "interview_date" and all(_is_date(v) for v in values) else "Text"
            out.append((FIELD_VARIABLES[fld], fld, kind))
    free = sorted({k for d in docs for k in d.attributes})
    taken = {name for name, _f, _k in out}
    out += [(k, k, "Text") for k in free if k not in taken]
    return out


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _value(doc: Document, key: str) -> str | None:
    return getattr(doc, key) if key in DOCUMENT_FIELDS else doc.attributes.get(key)


def _variable_value(parent: etree._Element, var_guid: str, value: str, kind: str) -> None:
    vv = _sub(parent, "VariableValue", PROJECT_NS)
    _sub(vv, "VariableRef", PROJECT_NS, targetGUID=var_guid)
    _sub(vv, "DateValue" if kind == "Date" else "TextValue", PROJECT_NS, xml_safe(value))


def build_qdpx(store: Store, project_id: int) -> QdpxExport:
    """Export the whole project; see the module docstring for the mapping."""
    project = store.get_project(project_id)
    codebook = store.codebook(project_id)
    docs = store.list_documents(project_id)
    codings = store.list_codings(project_id)
    memos = store.list_memos(project_id)
    coders = store.list_coders(project_id)
    guids = Guids(project.name, project.settings)
    clean = _Clean()
    segs_by_doc = {d.id: store.segments(d.id) for d in docs}
    segments = {s.id: s for segs in segs_by_doc.values() for s in segs}
    coding_by_id = {c.id: c for c in codings}
    placed = _place_memos(memos, guids, coding_by_id, segments, {d.id for d in docs})

    root = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{PROJECT_NS} {PROJECT_SCHEMA_LOCATION}")
    root.set("name", clean(project.name, "project name"))
    root.set("origin", ORIGIN)
    created = _dt(project.created_at)
    if created:
        root.set("creationDateTime", created)

    user_names = sorted(set(coders) | {m.author for m in memos if m.author.strip()})
    user_guid = {name: guids("user", name, f"user:{name}") for name in user_names}
    if user_names:
        users = _sub(root, "Users", PROJECT_NS)
        for name in user_names:
            _sub(users, "User", PROJECT_NS, guid=user_guid[name], name=clean(name, f"user {name}"))

    if codebook.codes:
        book = _sub(root, "CodeBook", PROJECT_NS)
        codes_el = _sub(book, "Codes", PROJECT_NS)
        top, children = _code_tree(codebook)
        _write_codes(codes_el, PROJECT_NS, top, children, guids, clean, placed.codes, set())

    variables = _variables(docs)
    var_guid = {name: guids("variable", name) for name, _k, _t in variables}
    if variables:
        vars_el = _sub(root, "Variables", PROJECT_NS)
        for name, _key, kind in variables:
            v = _sub(vars_el, "Variable", PROJECT_NS, guid=var_guid[name], name=name, typeOfVariable=kind)
            if name in FIELD_DESCRIPTIONS:
                _sub(v, "Description", PROJECT_NS, FIELD_DESCRIPTIONS[name])

    doc_guid = {d.id: guids("document", d.name, f"document:{d.id}") for d in docs}
    by_participant: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        if d.participant:
            by_participant[d.participant].append(d)
    if by_participant:
        cases = _sub(root, "Cases", PROJECT_NS)
        for participant in sorted(by_participant):
            members = by_participant[participant]
            case = _sub(cases, "Case", PROJECT_NS, guid=guids("case", participant),
                        name=clean(participant, f"participant {participant}"))
            group_values = {d.group_key for d in members}
            only = next(iter(group_values)) if len(group_values) == 1 else None
            if "group" in var_guid and only:
                _variable_value(case, var_guid["group"], only, "Text")
            for d in members:
                _sub(case, "SourceRef", PROJECT_NS, targetGUID=doc_guid[d.id])

    files: dict[str, bytes] = {}
    sidecar_docs: dict[str, Any] = {}
    coding_sources: dict[str, str] = {}
    codings_by_doc: dict[int, list[Coding]] = defaultdict(list)
    for c in codings:
        codings_by_doc[c.document_id].append(c)
    code_order = {c.id: i for i, c in enumerate(codebook.codes)}
    if docs:
        sources = _sub(root, "Sources", PROJECT_NS)
        for d in docs:
            g = doc_guid[d.id]
            path = f"{g}.txt"
            files[f"sources/{path}"] = d.text.encode("utf-8")
            src = _sub(sources, "TextSource", PROJECT_NS, guid=g, name=clean(d.name, f"document {d.name}"),
                       plainTextPath=f"internal://{path}")
            spans: dict[tuple[int, int], list[Coding]] = defaultdict(list)
            for c in codings_by_doc[d.id]:
                spans[(c.start, c.end)].append(c)
            for (doc_id, s, e) in placed.spans:
                if doc_id == d.id:
                    spans.setdefault((s, e), [])
            for (s, e) in sorted(spans):
                items = sorted(spans[(s, e)], key=lambda c: (code_order.get(c.code_key, 1 << 30),
                                                             c.code_key, c.coder))
                first = min(items, key=lambda c: (c.created_at, c.id)) if items else None
                sel = _sub(src, "PlainTextSelection", PROJECT_NS, guid=guids("selection", f"{g}:{s}:{e}"),
                           name=clean(_excerpt(d.text[s:e]), f"{d.name} {s}-{e}"),
                           startPosition=str(s), endPosition=str(e),
                           creatingUser=user_guid.get(first.coder) if first else None,
                           creationDateTime=_dt(first.created_at) if first else None)
                for c in items:
                    cg = guids("coding", f"{g}:{s}:{e}:{c.code_key}:{c.coder}")
                    coding_sources[cg] = c.source
                    el = _sub(sel, "Coding", PROJECT_NS, guid=cg, creatingUser=user_guid.get(c.coder),
                              creationDateTime=_dt(c.created_at))
                    _sub(el, "CodeRef", PROJECT_NS, targetGUID=code_guid(guids, c.code_key))
                    for ref in placed.codings.get(c.id, []):
                        _sub(el, "NoteRef", PROJECT_NS, targetGUID=ref)
                for ref in placed.spans.get((d.id, s, e), []):
                    _sub(sel, "NoteRef", PROJECT_NS, targetGUID=ref)
            for ref in placed.documents.get(d.id, []):
                _sub(src, "NoteRef", PROJECT_NS, targetGUID=ref)
            for name, key, kind in variables:
                value = _value(d, key)
                if value:
                    _variable_value(src, var_guid[name], value, kind)
            sidecar_docs[g] = {
                "name": d.name, "source_filename": d.source_filename,
                "source_format": d.source_format, "sha256": d.sha256,
                "turns": [[t.start, t.end, t.speaker, t.role, t.timestamp] for t in segs_by_doc[d.id]],
            }

    if memos:
        notes = _sub(root, "Notes", PROJECT_NS)
        for m in memos:
            note = _sub(notes, "Note", PROJECT_NS, guid=guids("memo", m.id, f"memo:{m.id}"),
                        name=clean(m.title, f"memo {m.id}") if m.title else None,
                        creatingUser=user_guid.get(m.author), modifiedDateTime=_dt(m.updated_at))
            _sub(note, "PlainTextContent", PROJECT_NS, clean(m.text, f"memo {m.id}"))

    sets = etree.Element(f"{{{PROJECT_NS}}}Sets")
    _code_sets(sets, PROJECT_NS, codebook, guids, "targetGUID")
    _source_sets(sets, codebook, docs, doc_guid, guids)
    if len(sets):
        root.append(sets)
    if project.description.strip():
        _sub(root, "Description", PROJECT_NS, clean(project.description, "project description"))
    for ref in placed.project:
        _sub(root, "NoteRef", PROJECT_NS, targetGUID=ref)

    qde = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    sidecar = {
        "format": SIDECAR_FORMAT, "version": SIDECAR_VERSION, "origin": ORIGIN,
        "project": {"name": project.name, "description": project.description,
                    "tables": project.settings.get("tables") or {}},
        "codebook": codebook_to_dict(codebook),
        "codes": {code_guid(guids, c.id): c.id for c in codebook.codes},
        "coders": coders,
        "documents": sidecar_docs,
        "codings": coding_sources,
    }
    data = _zip({"project.qde": qde, **files,
                 SIDECAR_NAME: json.dumps(sidecar, ensure_ascii=False, sort_keys=True, indent=1).encode()})
    warnings = [f"{where}: characters that XML cannot hold were removed" for where in clean.changed]
    counts = {"documents": len(docs), "codes": len(codebook.codes), "codings": len(codings),
              "memos": len(memos), "users": len(user_names)}
    return QdpxExport(data=data, warnings=warnings, counts=counts)


def _source_sets(parent: etree._Element, codebook: Codebook, docs: list[Document],
                 doc_guid: dict[int, str], guids: Guids) -> None:
    """Document groups by interview group and phase, as ATLAS.ti users expect."""
    names = {g.key: g.name for g in codebook.groups}
    for tag, label, attr_name in ((TAG_GROUP, "Grupp", "group_key"), (TAG_PHASE, "Fas", "phase")):
        values = sorted({getattr(d, attr_name) for d in docs if getattr(d, attr_name)})
        for value in values:
            s = _sub(parent, "Set", PROJECT_NS, guid=guids("set", f"{tag}{value}"),
                     name=f"{label}: {names.get(value, value) if attr_name == 'group_key' else value}")
            _sub(s, "Description", PROJECT_NS, f"{tag}{value}")
            for d in docs:
                if getattr(d, attr_name) == value:
                    _sub(s, "MemberSource", PROJECT_NS, targetGUID=doc_guid[d.id])


def _zip(members: dict[str, bytes]) -> bytes:
    """A deterministic archive: fixed order and timestamps, so equal projects give equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])
    return buffer.getvalue()


def export_qdpx(store: Store, project_id: int) -> bytes:
    """The project as .qdpx bytes (see :func:`build_qdpx` for warnings and counts)."""
    return build_qdpx(store, project_id).data
