"""Turn a read REFI-QDA project into a sigqual project, checking everything first.

:func:`plan_project` maps the records of :mod:`sigqual.refi.reader` onto a codebook,
documents, codings and memos without touching the store; every problem that would
make the import fail is raised there, with the file and line. Only then does
:func:`write_plan` store it all in one transaction, so a failed import leaves the
database as it was.

Foreign files carry no sigqual kinds or groups; they are taken from sets (sigqual's
own ``sigqual:kind=`` tags, or set names such as "Framgångsfaktorer"), from folder
codes named like a kind, and from variables, cases or ``name: value`` document sets
named like group (grupp, intervjugrupp), phase (fas), interview type and participant.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..codebook import KINDS, Code, Codebook, Group, load_bundled_codebook, parse_codebook
from ..errors import CodebookError, ImportError_, SigqualError, StoreError
from ..ingest.model import Turn
from ..ingest.segment import segment
from ..models import CODING_SOURCES, ROLES
from ..store import NewCoding, Store, split_attributes
from ..store.base import now
from ..store.schema import memos as memos_table
from ..store.schema import projects as projects_table
from ..store.schema import segments as segments_table
from .guids import SETTINGS_KEY, as_guid
from .model import RefiProject, RefiSet, RefiSource, guid_key
from .writer import TAG_CODE_GROUP, TAG_GROUP, TAG_KIND, TAG_PHASE

UNKNOWN_CODER = "Okänd kodare"
_KIND_NAMES = {
    "tema": "theme", "teman": "theme", "theme": "theme", "themes": "theme",
    "framgångsfaktor": "success_factor", "framgångsfaktorer": "success_factor",
    "success factor": "success_factor", "success factors": "success_factor",
    "utvecklingsområde": "development_area", "utvecklingsområden": "development_area",
    "development area": "development_area", "development areas": "development_area",
}
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
_KEY_VALUE_SET = re.compile(r"^\s*([^:]{1,40}?)\s*:\s*(.+?)\s*$")


def slug(text: str, fallback: str) -> str:
    """An id the codebook accepts: ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")
    return out or fallback


def _unique(base: str, taken: set[str], pattern: str = "{base}-{n}") -> str:
    """``base``, or ``base`` numbered by ``pattern`` until it is not in ``taken``."""
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = pattern.format(base=base, n=n)
    taken.add(name.casefold())
    return name


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
    coding_guids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)


@dataclass
class RefiImportReport:
    """What an import stored and what it could not carry over."""

    project_id: int
    project_name: str
    documents: int
    codes: int
    codings: int
    memos: int
    coders: list[str]
    warnings: list[str]
    missing_sources: list[str]


# -- groups --------------------------------------------------------------------

@lru_cache(maxsize=1)
def _bundled_groups() -> tuple[Group, ...]:
    """The reference study's groups, so "Föräldrar" in a foreign file becomes ``foraldrar``."""
    try:
        return load_bundled_codebook().groups
    except CodebookError:
        return ()


class _Groups:
    """Maps group values ("Föräldrar", "foraldrar") onto codebook groups, adding new ones."""

    def __init__(self, known: Iterable[Group], foreign: bool) -> None:
        self.groups: list[Group] = list(known)
        self.foreign = foreign
        self._bundled = list(_bundled_groups()) if foreign else []

    def key_for(self, value: str) -> str:
        text = value.strip()
        folded = text.casefold()
        for g in self.groups:
            if folded in (g.key.casefold(), g.name.casefold()):
                return g.key
        if not self.foreign:
            self.groups.append(Group(key=text, name=text))
            return text
        for g in self._bundled:
            if folded in (g.key.casefold(), g.name.casefold(), (g.genitive or "").casefold()) \
                    or slug(text, "") == g.key:
                if g.key not in {x.key for x in self.groups}:
                    self.groups.append(replace(g, order=()))
                return g.key
        key = _unique(slug(text, f"grupp-{len(self.groups) + 1}"), {g.key.casefold() for g in self.groups})
        self.groups.append(Group(key=key, name=text))
        return key


# -- planning ------------------------------------------------------------------

def _sidecar_codebook(sidecar: Mapping[str, Any], filename: str, warnings: list[str]) -> Codebook | None:
    data = sidecar.get("codebook")
    if not isinstance(data, Mapping):
        return None
    yaml = YAML()
    buf = io.StringIO()
    try:
        yaml.dump(dict(data), buf)
        return parse_codebook(buf.getvalue(), filename=f"{filename}:sigqual/project.json")
    except (CodebookError, ValueError, TypeError) as exc:
        warnings.append(f"sigqual's codebook details could not be used: {exc}")
        return None


def _set_tags(sets: list[RefiSet]) -> tuple[dict[str, str], dict[str, list[str]], bool]:
    """Code kinds and code groups from sets: (code guid -> kind, code guid -> groups, any groups)."""
    kinds: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    has_groups = False
    for s in sets:
        desc = s.description.strip()
        kind = None
        if desc.startswith(TAG_KIND) and desc[len(TAG_KIND):] in KINDS:
            kind = desc[len(TAG_KIND):]
        elif s.name.casefold() in _KIND_NAMES:
            kind = _KIND_NAMES[s.name.casefold()]
        else:
            m = _KEY_VALUE_SET.match(s.name)
            if m and m.group(1).casefold() in ("kind", "code kind", "typ") and m.group(2) in KINDS:
                kind = m.group(2)
        if kind:
            for c in s.codes:
                kinds.setdefault(c, kind)
            continue
        group = None
        if desc.startswith(TAG_CODE_GROUP):
            group = desc[len(TAG_CODE_GROUP):].strip()
        else:
            m = _KEY_VALUE_SET.match(s.name)
            if m and m.group(1).casefold() in ("code group", "kodgrupp") and s.codes:
                group = m.group(2)
        if group and s.codes:
            has_groups = True
            for c in s.codes:
                groups.setdefault(c, []).append(group)
    return kinds, groups, has_groups


def _folder_kinds(project_codes: list[Any]) -> dict[str, str]:
    """Leaves below a folder code named like a kind ("Framgångsfaktorer") get that kind."""
    by_guid = {c.guid: c for c in project_codes}
    has_child = {c.parent for c in project_codes if c.parent}
    out: dict[str, str] = {}
    for code in project_codes:
        if code.guid in has_child:
            continue
        parent = by_guid.get(code.parent) if code.parent else None
        seen: set[str] = set()
        while parent is not None and parent.guid not in seen:
            seen.add(parent.guid)
            if parent.name.strip().casefold() in _KIND_NAMES:
                out[code.guid] = _KIND_NAMES[parent.name.strip().casefold()]
                break
            parent = by_guid.get(parent.parent) if parent.parent else None
    return out


def _plan_codes(refi_codes: list[Any], sets: list[RefiSet], base: Codebook | None,
                sc_codes: Mapping[str, str], group_keys: list[str], groups: _Groups,
                existing: Codebook | None = None, existing_guids: Mapping[str, str] | None = None,
                ) -> tuple[list[Code], dict[str, str], set[str]]:
    """Codes in REFI tree order, the map refi guid -> code id and the ids of codes
    that apply to every group (their groups are filled in once all groups are known).

    ``base`` is sigqual's own codebook from the archive (kinds, groups, ids); with
    ``existing`` (a .qdc into a project) codes are matched by GUID, then by label.
    """
    kinds, code_groups, has_groups = _set_tags(sets)
    folder = _folder_kinds(refi_codes)
    taken: set[str] = {c.id.casefold() for c in (existing.codes if existing else ())}
    id_of: dict[str, str] = {}
    planned: list[Code] = []
    for_all: set[str] = set()
    labels = Counter(c.label for c in (existing.codes if existing else ()))
    for rc in refi_codes:
        old: Code | None = None
        if base is not None and rc.guid in sc_codes:
            old = base.get(sc_codes[rc.guid])
        if old is None and existing is not None:
            cid = (existing_guids or {}).get(rc.guid)
            old = existing.get(cid) if cid else None
            if old is None and labels.get(rc.name) == 1:
                old = existing.find_label(rc.name)[0]
        if old is not None and old.id.casefold() in {c.id.casefold() for c in planned}:
            old = None  # two REFI codes claimed the same sigqual code
        if old is not None:
            code_id = old.id
            taken.add(code_id.casefold())
        else:
            code_id = _unique(slug(rc.name, "kod"), taken)
        id_of[rc.guid] = code_id
        kind = kinds.get(rc.guid) or (old.kind if old else None) or folder.get(rc.guid) or "code"
        wanted = [groups.key_for(g) for g in code_groups.get(rc.guid, [])]
        if has_groups and rc.guid in code_groups:
            code_grps = tuple(dict.fromkeys(wanted))
        elif old is not None:
            code_grps = old.groups
        else:
            code_grps = tuple(group_keys)
            for_all.add(code_id)
        planned.append(Code(
            id=code_id, label=rc.name, kind=kind, groups=code_grps,
            parent=id_of.get(rc.parent) if rc.parent else None,
            description=rc.description or (old.description if old else ""),
            keywords=old.keywords if old else (), examples=old.examples if old else (),
            colour=rc.colour or (old.colour if old else None),
            summary_label=old.summary_label if old else None,
        ))
    return planned, id_of, for_all


def _document_attributes(src: RefiSource, project: RefiProject, groups: _Groups, foreign: bool,
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
    names = case_names.get(src.guid, [])
    if "participant" not in out and len(names) == 1 and names[0]:
        out["participant"] = names[0]
    return out


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
            m = _KEY_VALUE_SET.match(s.name)
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
        if turns is not None and _valid_turns(turns, len(text)):
            return turns
    return segment(text)


def _valid_turns(turns: tuple[Turn, ...], size: int) -> bool:
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
    base = _sidecar_codebook(sidecar, filename, warnings) if sidecar else None
    foreign = base is None
    sc_codes = {guid_key(k): str(v) for k, v in (sidecar.get("codes") or {}).items()}
    sc_docs = {guid_key(k): v for k, v in (sidecar.get("documents") or {}).items() if isinstance(v, dict)}
    sc_codings = {guid_key(k): v for k, v in (sidecar.get("codings") or {}).items()}
    sc_project = sidecar.get("project") if isinstance(sidecar.get("project"), dict) else {}
    groups = _Groups(base.groups if base else (), foreign)

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
        doc_name = _unique(str(info["name"]) if info and info.get("name") else src.name, names_taken,
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

    codes, id_of, for_all = _plan_codes(project.codes, project.sets, base, sc_codes,
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
    coding_guids: list[str] = []
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
            coder = users.get(rc.user or "")
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
            coding_guids.append(rc.guid)
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
        settings=settings, guids=guids, coding_guids=coding_guids, warnings=warnings,
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
        turns = documents[di].turns
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
            turn = next((i for i, t in enumerate(turns) if (t.start, t.end) == (sel.start, sel.end)), None)
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


# -- writing -------------------------------------------------------------------

def _free_name(store: Store, wanted: str, explicit: bool) -> str:
    taken = {p.name for p in store.list_projects()}
    if wanted not in taken:
        return wanted
    if explicit:
        raise StoreError(f"a project named '{wanted}' already exists; choose another name")
    n = 2
    while f"{wanted} ({n})" in taken:
        n += 1
    return f"{wanted} ({n})"


def write_plan(store: Store, plan: ImportPlan, *, actor: str = "", explicit_name: bool = False) -> int:
    """Store a checked plan as a new project in a single transaction; returns its id.

    Uses the store's own insert helpers inside one transaction, so every row gets the
    same checks and audit entries as a manual import, and nothing remains on failure.
    """
    name = _free_name(store, plan.project_name, explicit_name)
    stamp = now()
    with store.transaction(actor) as tx:
        try:
            pid = tx.conn.execute(projects_table.insert().values(
                name=name, description=plan.description, codebook_name=plan.codebook.name,
                language=plan.codebook.language, settings=dict(plan.settings), created_at=stamp,
                updated_at=stamp, version=1,
            )).inserted_primary_key[0]
        except IntegrityError:
            raise StoreError(f"a project named '{name}' already exists") from None
        tx.project_id = pid
        tx.audit("import", "project", pid, after={"name": name, "source": "REFI-QDA",
                                                   "documents": len(plan.documents),
                                                   "codings": len(plan.codings)})
        store._write_codebook(tx, pid, plan.codebook, replace_existing=False)
        doc_ids: list[int] = []
        for doc in plan.documents:
            doc_ids.append(store._insert_document(tx, pid, doc.name, doc.text, doc.turns, doc.attributes,
                                                  doc.source_filename, doc.source_format))
        for coder in plan.coders:
            store._coder_id(tx, pid, coder)
        coding_ids = [store._insert_coding(tx, pid, replace(c, document_id=doc_ids[c.document_id]))
                      for c in plan.codings]
        guids = dict(plan.guids)
        for doc, doc_id in zip(plan.documents, doc_ids, strict=True):
            canonical = as_guid(doc.guid)
            if canonical:
                guids[f"document:{doc_id}"] = canonical
        for memo in plan.memos:
            mid = _insert_memo(store, tx, pid, memo, doc_ids, coding_ids)
            canonical = as_guid(memo.guid) if memo.guid else None
            if canonical:
                guids[f"memo:{mid}"] = canonical
        current = tx.conn.execute(select(projects_table.c.settings)
                                  .where(projects_table.c.id == pid)).scalar_one() or {}
        settings = {**current, SETTINGS_KEY: {"guids": guids}}
        tx.conn.execute(update(projects_table).where(projects_table.c.id == pid).values(settings=settings))
    return int(pid)


def _insert_memo(store: Store, tx: Any, pid: int, memo: PlannedMemo, doc_ids: list[int],
                 coding_ids: list[int]) -> int:
    document_id = doc_ids[memo.document] if memo.document is not None else None
    segment_id = None
    if document_id is not None and memo.segment is not None:
        segment_id = tx.conn.execute(select(segments_table.c.id).where(
            segments_table.c.document_id == document_id,
            segments_table.c.idx == memo.segment)).scalar_one_or_none()
    code_id = store._code_row_id(tx.conn, pid, memo.code_key) if memo.code_key else None
    coding_id = coding_ids[memo.coding] if memo.coding is not None else None
    stamp = now()
    mid = tx.conn.execute(memos_table.insert().values(
        project_id=pid, document_id=document_id, segment_id=segment_id, code_id=code_id,
        coding_id=coding_id, author=memo.author, title=memo.title, text=memo.text,
        created_at=stamp, updated_at=stamp, version=1)).inserted_primary_key[0]
    tx.audit("insert", "memo", mid, after={"title": memo.title, "text": memo.text,
                                            "document_id": document_id, "code": memo.code_key})
    return int(mid)


def check_plan(plan: ImportPlan, filename: str) -> None:
    """Refuse plans the store would refuse, before the transaction starts."""
    if not plan.project_name:
        raise ImportError_("the project has no name; give one", file=filename)
    problems = []
    ids = {c.id for c in plan.codebook.codes}
    for c in plan.codings:
        doc = plan.documents[c.document_id]
        if c.code_key not in ids:
            problems.append(f"a coding in '{doc.name}' names unknown code '{c.code_key}'")
        if not 0 <= c.start < c.end <= len(doc.text):
            problems.append(f"a coding in '{doc.name}' spans {c.start}-{c.end} outside the text")
    for doc in plan.documents:
        if not _valid_turns(doc.turns, len(doc.text)):
            problems.append(f"the speaker turns of '{doc.name}' overlap or leave the text")
    if problems:
        raise ImportError_(problems[0], file=filename, details=problems[1:])


def import_plan(store: Store, plan: ImportPlan, filename: str, *, actor: str = "",
                explicit_name: bool = False) -> RefiImportReport:
    check_plan(plan, filename)
    try:
        pid = write_plan(store, plan, actor=actor, explicit_name=explicit_name)
    except SigqualError as exc:
        if not exc.file:
            exc.file = filename
        raise
    project = store.get_project(pid)
    return RefiImportReport(
        project_id=pid, project_name=project.name, documents=len(plan.documents),
        codes=len(plan.codebook.codes), codings=len(plan.codings), memos=len(plan.memos),
        coders=list(plan.coders), warnings=list(plan.warnings),
        missing_sources=list(plan.missing_sources),
    )
