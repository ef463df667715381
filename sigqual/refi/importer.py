"""Turn a read REFI-QDA project into a sigqual project, checking everything first.

:func:`plan_project` maps the records of :mod:`sigqual.refi.reader` onto a codebook
(:mod:`sigqual.refi.mapping`), documents, codings and memos without touching the
store. Only then does :func:`sigqual.refi.storing.write_plan` store it all in one
transaction, so a failed import leaves the database as it was.

Document attributes come from variables, cases or ``name: value`` document sets named
like group (grupp, intervjugrupp), phase (fas), interview type and participant.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..codebook import Codebook
from ..errors import StoreError
from ..ingest.model import Turn
from ..ingest.segment import segment
from ..models import CODING_SOURCES, ROLES
from ..store import NewCoding, split_attributes
from .guids import as_guid
from .mapping import KEY_VALUE_SET, GroupMap, plan_codes, sidecar_codebook, unique_name
from .model import RefiProject, RefiSet, RefiSource, guid_key
from .writer import TAG_GROUP, TAG_PHASE

UNKNOWN_CODER = "Okänd kodare"
# Variable and case names (lower case, no spaces, '_' or '-') mapped onto document fields.
_FIELD_NAMES = {
    "group": ("group", "grupp", "intervjugrupp", "interviewgroup", "respondentgroup", "groupkey",
              "informantgrupp", "deltagargrupp"),
    "phase": ("phase", "fas", "omgång", "omgang", "intervjufas", "interviewphase", "intervjuomgång",
              "round", "wave"),
    "interview_type": ("interviewtype", "intervjutyp", "intervjuform", "typeofinterview"),
    "interview_date": ("date", "datum", "interviewdate", "intervjudatum"),
    "participant": ("participant", "deltagare", "pseudonym", "intervjuperson", "respondent",
                    "informant"),
}
_FIELD_BY_NAME = {alias: fld for fld, names in _FIELD_NAMES.items() for alias in names}
_PHASE = re.compile(r"^(?:fas|phase|omgång|omgang|round|runda|wave)?\s*(\d+)$", re.IGNORECASE)


def field_for(name: str) -> str | None:
    """The document field a foreign variable name stands for, if any."""
    return _FIELD_BY_NAME.get(re.sub(r"[\s_\-]+", "", name.casefold()))


@dataclass
class PlannedDocument:
    guid: str
    name: str
    text: str
    turns: tuple[Turn, ...]
    attributes: dict[str, str]
    source_filename: str
    source_format: str


@dataclass
class PlannedMemo:
    guid: str
    text: str
    title: str = ""
    author: str = ""
    document: int | None = None  # index into plan.documents
    segment: int | None = None  # turn index within that document
    code_key: str | None = None
    coding: int | None = None  # index into plan.codings


@dataclass
class ImportPlan:
    """Everything an import will store, already checked."""

    project_name: str
    description: str
    codebook: Codebook
    documents: list[PlannedDocument] = field(default_factory=list)
    codings: list[NewCoding] = field(default_factory=list)  # document_id is an index here
    coders: list[str] = field(default_factory=list)
    memos: list[PlannedMemo] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    guids: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)


# -- planning ------------------------------------------------------------------

def _document_attributes(src: RefiSource, project: RefiProject, groups: GroupMap, foreign: bool,
                         case_names: Mapping[str, list[str]], set_values: Mapping[str, dict[str, str]],
                         warnings: list[str]) -> dict[str, str]:
    """Attributes from the source's variables, then its cases, then document sets."""
    raw: dict[str, str] = {}
    for var_guid, value in src.variables.items():
        var = project.variables.get(var_guid)
        if var is not None and var.name:
            raw.setdefault(var.name, value)
    for case in project.cases:
        if src.guid in case.sources:
            for var_guid, value in case.variables.items():
                var = project.variables.get(var_guid)
                if var is not None and var.name:
                    raw.setdefault(var.name, value)
            named = _case_attribute(case.name, groups) if foreign else None
            if named is not None:
                raw.setdefault(*named)
    for key, value in set_values.get(src.guid, {}).items():
        raw.setdefault(key, value)
    out: dict[str, str] = {}
    for name, value in raw.items():
        fld = field_for(name) if foreign else None
        if fld is None and not foreign:
            fld = name if name in _FIELD_NAMES else None
        if fld is None:
            out[name] = value
            continue
        if fld == "group":
            value = groups.key_for(value)
        elif fld == "phase":
            m = _PHASE.match(value.strip())
            value = m.group(1) if m else value.strip()
        elif fld == "interview_date" and "T" in value:
            value = value.split("T", 1)[0]
        elif fld == "interview_type":
            try:
                split_attributes({"interview_type": value})
            except StoreError:
                warnings.append(f"source '{src.name}': interview type '{value}' is not one of "
                                "individual, focus_group, phone; kept as attribute "
                                f"'{name}'")
                out[name] = value
                continue
        out.setdefault(fld, value)
    people = [n for n in case_names.get(src.guid, []) if _case_attribute(n, groups) is None]
    if "participant" not in out and len(people) == 1 and people[0]:
        out["participant"] = people[0]
    return out


def _case_attribute(name: str, groups: GroupMap) -> tuple[str, str] | None:
    """What a case's name says about its sources: ``Grupp: Föräldrar``, ``Fas 2`` or a
    group's own name ("Föräldrarna") give an attribute; any other name is a person."""
    m = KEY_VALUE_SET.match(name)
    if m and field_for(m.group(1)) is not None:
        return m.group(1), m.group(2)
    phase = _PHASE.match(name.strip())
    if phase and not name.strip().isdigit():
        return "phase", phase.group(1)
    if name.strip() and groups.foreign and groups.known(name) is not None:
        return "group", name
    return None


def _source_set_values(sets: list[RefiSet]) -> dict[str, dict[str, str]]:
    """``group: foraldrar`` style document sets as attributes per source guid."""
    out: dict[str, dict[str, str]] = {}
    for s in sets:
        if not s.sources:
            continue
        desc = s.description.strip()
        if desc.startswith(TAG_GROUP):
            key, value = "group", desc[len(TAG_GROUP):]
        elif desc.startswith(TAG_PHASE):
            key, value = "phase", desc[len(TAG_PHASE):]
        else:
            m = KEY_VALUE_SET.match(s.name)
            if not m:
                continue
            key, value = m.group(1), m.group(2)
        for src in s.sources:
            out.setdefault(src, {}).setdefault(key, value)
    return out


def _turns(src: RefiSource, text: str, info: Mapping[str, Any] | None) -> tuple[Turn, ...]:
    """Speaker turns kept by sigqual when the text is unchanged, else detected anew."""
    if info and info.get("sha256") == hashlib.sha256(text.encode()).hexdigest():
        try:
            turns = tuple(Turn(int(t[0]), int(t[1]), t[2], t[3], t[4]) for t in info.get("turns", []))
        except (TypeError, ValueError, IndexError):
            turns = None
        if turns is not None and valid_turns(turns, len(text)):
            return turns
    return segment(text)


def valid_turns(turns: tuple[Turn, ...], size: int) -> bool:
    last = 0
    for t in turns:
        if not (last <= t.start < t.end <= size) or t.role not in ROLES:
            return False
        last = t.end
    return True


def plan_project(project: RefiProject, filename: str, *, name: str | None = None,
                 default_coder: str = UNKNOWN_CODER) -> ImportPlan:
    """Map a read project onto sigqual records; nothing is stored yet."""
    warnings = list(project.warnings)
    sidecar = project.sidecar or {}
    base = sidecar_codebook(sidecar, filename, warnings) if sidecar else None
    foreign = base is None
    sc_codes = {guid_key(k): str(v) for k, v in (sidecar.get("codes") or {}).items()}
    sc_docs = {guid_key(k): v for k, v in (sidecar.get("documents") or {}).items() if isinstance(v, dict)}
    sc_codings = {guid_key(k): v for k, v in (sidecar.get("codings") or {}).items()}
    sc_project = sidecar.get("project") if isinstance(sidecar.get("project"), dict) else {}
    groups = GroupMap(base.groups if base else (), foreign)

    # Documents first: their group values decide the codebook's groups.
    case_names: dict[str, list[str]] = {}
    for case in project.cases:
        for src_guid in case.sources:
            case_names.setdefault(src_guid, []).append(case.name)
    set_values = _source_set_values(project.sets)
    documents: list[PlannedDocument] = []
    doc_index: dict[str, int] = {}
    names_taken: set[str] = set()
    for src in project.sources:
        if src.text is None:
            continue
        if not src.text.strip():
            warnings.append(f"source '{src.name}' has no text; skipped")
            continue
        info = sc_docs.get(src.guid)
        doc_name = unique_name(str(info["name"]) if info and info.get("name") else src.name, names_taken,
                           "{base} ({n})")
        attributes = _document_attributes(src, project, groups, foreign, case_names, set_values, warnings)
        doc_index[src.guid] = len(documents)
        documents.append(PlannedDocument(
            guid=src.guid, name=doc_name, text=src.text, turns=_turns(src, src.text, info),
            attributes=attributes,
            source_filename=str(info.get("source_filename") or "") if info else src.name,
            source_format=str(info.get("source_format") or "txt")[:16] if info else
            ("pdf" if src.kind == "pdf" else "txt"),
        ))

    codes, id_of, for_all = plan_codes(project.codes, project.sets, base, sc_codes,
                                        [g.key for g in groups.groups], groups)
    group_keys = tuple(g.key for g in groups.groups)
    known = {c.id for c in codes}
    codes = [replace(c, groups=group_keys) if c.id in for_all else c for c in codes]
    if base is not None:  # sigqual's own order (it decides the order within tables)
        position = {c.id: i for i, c in enumerate(base.codes)}
        codes.sort(key=lambda c: position.get(c.id, len(position)))
    groups.groups = [replace(g, order=tuple(i for i in g.order if i in known)) for g in groups.groups]
    codebook = Codebook(
        name=(base.name if base else project.name or "REFI-QDA"),
        groups=tuple(groups.groups), codes=tuple(codes),
        language=base.language if base else "sv",
        description=base.description if base else "",
    )

    users = {k: u.name for k, u in project.users.items()}
    codings: list[NewCoding] = []
    coding_at: dict[str, int] = {}
    seen: dict[tuple[int, str, str, int, int], int] = {}
    unknown_code = unknown_user = 0
    for src in project.sources:
        if src.guid not in doc_index:
            continue
        di = doc_index[src.guid]
        whole = [(0, len(src.text or ""), c) for c in src.codings]
        spans = [(s.start, s.end, c) for s in src.selections for c in s.codings]
        for start, end, rc in whole + spans:
            if rc.code not in id_of:
                unknown_code += 1
                continue
            coder = (users.get(rc.user or "") or "").strip()
            if not coder:
                unknown_user += 1
                coder = default_coder
            origin = sc_codings.get(rc.guid, "import")
            key = (di, id_of[rc.code], coder, start, end)
            if key in seen:
                coding_at.setdefault(rc.guid, seen[key])
                continue
            seen[key] = len(codings)
            coding_at[rc.guid] = len(codings)
            codings.append(NewCoding(di, id_of[rc.code], start, end, coder,
                                     origin if origin in CODING_SOURCES else "import"))
    if unknown_code:
        warnings.append(f"{unknown_code} coding(s) name a code that is not in the codebook; skipped")
    if unknown_user:
        warnings.append(f"{unknown_user} coding(s) have no known user; coded as '{default_coder}'")

    memos = _plan_memos(project, documents, doc_index, id_of, codings, coding_at, users, warnings)
    coders = [c for c in (sidecar.get("coders") or []) if isinstance(c, str) and c.strip()]
    coders = list(dict.fromkeys([*coders, *(c.coder for c in codings)]))

    guids: dict[str, str] = {}
    for rc in project.codes:
        canonical = as_guid(rc.guid)
        if canonical:
            guids[f"code:{id_of[rc.guid]}"] = canonical
    for key, user in project.users.items():
        canonical = as_guid(key)
        if canonical:
            guids.setdefault(f"user:{user.name}", canonical)
    settings: dict[str, Any] = {}
    tables = sc_project.get("tables") if isinstance(sc_project, dict) else None
    if isinstance(tables, dict) and tables:
        settings["tables"] = tables
    return ImportPlan(
        project_name=(name or str(sc_project.get("name") or "") or project.name or _stem(filename)).strip(),
        description=str(sc_project.get("description") or project.description or ""),
        codebook=codebook, documents=documents, codings=codings, coders=coders, memos=memos,
        settings=settings, guids=guids, warnings=warnings,
        missing_sources=list(project.missing_sources),
    )


def _stem(filename: str) -> str:
    base = re.split(r"[\\/]", filename)[-1]
    return base.rsplit(".", 1)[0] or "REFI-QDA-import"


def _plan_memos(project: RefiProject, documents: list[PlannedDocument], doc_index: Mapping[str, int],
                id_of: Mapping[str, str], codings: list[NewCoding], coding_at: Mapping[str, int],
                users: Mapping[str, str], warnings: list[str]) -> list[PlannedMemo]:
    """Notes attached where they were referenced from; unreferenced notes belong to the project."""
    anchors: dict[str, dict[str, Any]] = {}
    extra = 0

    def anchor(note: str, key: str, value: Any) -> None:
        nonlocal extra
        slot = anchors.setdefault(note, {})
        if key in slot and slot[key] != value:
            extra += 1
            return
        slot[key] = value

    for rc in project.codes:
        for ref in rc.note_refs:
            anchor(ref, "code", id_of[rc.guid])
    selection_memos: list[PlannedMemo] = []
    for src in project.sources:
        if src.guid not in doc_index:
            continue
        di = doc_index[src.guid]
        turn_at = {(t.start, t.end): i for i, t in reversed(list(enumerate(documents[di].turns)))}
        for ref in src.note_refs:
            anchor(ref, "document", di)
        for rc in src.codings:
            for ref in rc.note_refs:
                if rc.guid in coding_at:
                    anchor(ref, "coding", coding_at[rc.guid])
        for sel in src.selections:
            for rc in sel.codings:
                for ref in rc.note_refs:
                    if rc.guid in coding_at:
                        anchor(ref, "coding", coding_at[rc.guid])
            turn = turn_at.get((sel.start, sel.end))
            first = next((coding_at[c.guid] for c in sel.codings if c.guid in coding_at), None)
            for ref in sel.note_refs:
                if turn is not None:
                    anchor(ref, "segment", (di, turn))
                elif first is not None:
                    anchor(ref, "coding", first)
                else:
                    anchor(ref, "document", di)
            if sel.description:
                selection_memos.append(PlannedMemo(
                    guid="", text=sel.description, title=sel.name[:200],
                    author=users.get(sel.user or "", ""), document=di,
                    segment=turn, coding=first if turn is None else None))
        if src.description:
            selection_memos.append(PlannedMemo(guid="", text=src.description, title="Beskrivning",
                                               document=di))
    if extra:
        warnings.append(f"{extra} note reference(s) beyond the first of their kind were dropped "
                        "(a sigqual memo belongs to one document, segment, coding and code)")
    out: list[PlannedMemo] = []
    for note in project.notes:
        slot = anchors.get(note.guid, {})
        memo = PlannedMemo(guid=note.guid, text=note.text, title=note.name[:500],
                           author=users.get(note.user or "", ""), code_key=slot.get("code"))
        if "coding" in slot:
            memo.coding = slot["coding"]
            memo.document = codings[slot["coding"]].document_id
        if "segment" in slot:
            memo.document, memo.segment = slot["segment"]
        if memo.document is None and "document" in slot:
            memo.document = slot["document"]
        out.append(memo)
    return out + selection_memos
