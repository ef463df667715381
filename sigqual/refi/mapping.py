"""Codebook side of an import: codes, kinds, code groups and interview groups.

Foreign files carry no sigqual kinds or groups; they come from sets (sigqual's own
``sigqual:kind=`` tags, or set names such as "Framgångsfaktorer"), from folder codes
named like a kind, and from group values that match the reference study's groups.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML

from ..codebook import KINDS, Code, Codebook, Group, load_bundled_codebook, parse_codebook
from ..errors import CodebookError
from .model import RefiCode, RefiSet
from .writer import TAG_CODE_GROUP, TAG_KIND

KIND_NAMES = {
    "tema": "theme", "teman": "theme", "theme": "theme", "themes": "theme",
    "framgångsfaktor": "success_factor", "framgångsfaktorer": "success_factor",
    "success factor": "success_factor", "success factors": "success_factor",
    "utvecklingsområde": "development_area", "utvecklingsområden": "development_area",
    "development area": "development_area", "development areas": "development_area",
}
KEY_VALUE_SET = re.compile(r"^\s*([^:]{1,40}?)\s*:\s*(.+?)\s*$")


def slug(text: str, fallback: str) -> str:
    """An id the codebook accepts: ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")
    return out or fallback


def unique_name(base: str, taken: set[str], pattern: str = "{base}-{n}") -> str:
    """``base``, or ``base`` numbered by ``pattern`` until it is not in ``taken``."""
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = pattern.format(base=base, n=n)
    taken.add(name.casefold())
    return name


@lru_cache(maxsize=1)
def _bundled_groups() -> tuple[Group, ...]:
    """The reference study's groups, so "Föräldrar" in a foreign file becomes ``foraldrar``."""
    try:
        return load_bundled_codebook().groups
    except CodebookError:
        return ()


class GroupMap:
    """Maps group values ("Föräldrar", "foraldrar") onto codebook groups, adding new ones."""

    def __init__(self, known: Iterable[Group], foreign: bool) -> None:
        self.groups: list[Group] = list(known)
        self.foreign = foreign
        self._bundled = list(_bundled_groups()) if foreign else []

    def known(self, value: str) -> str | None:
        """The key of a group ``value`` names (a project group or, for foreign files, one of
        the reference study's), without adding anything; None when it names none."""
        text = value.strip()
        folded = text.casefold()
        for g in self.groups:
            if folded in (g.key.casefold(), g.name.casefold()):
                return g.key
        for g in self._bundled:
            if folded in (g.key.casefold(), g.name.casefold(), (g.genitive or "").casefold()) \
                    or slug(text, "") == g.key:
                if g.key not in {x.key for x in self.groups}:
                    self.groups.append(replace(g, order=()))
                return g.key
        return None

    def key_for(self, value: str) -> str:
        """The key for a group value, adding a group when the value names none yet."""
        found = self.known(value)
        if found is not None:
            return found
        text = value.strip()
        if not self.foreign:
            self.groups.append(Group(key=text, name=text))
            return text
        taken = {g.key.casefold() for g in self.groups}
        key = unique_name(slug(text, f"grupp-{len(self.groups) + 1}"), taken)
        self.groups.append(Group(key=key, name=text))
        return key


def sidecar_codebook(sidecar: Mapping[str, Any], filename: str, warnings: list[str]) -> Codebook | None:
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
        elif s.name.casefold() in KIND_NAMES:
            kind = KIND_NAMES[s.name.casefold()]
        else:
            m = KEY_VALUE_SET.match(s.name)
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
            m = KEY_VALUE_SET.match(s.name)
            if m and m.group(1).casefold() in ("code group", "kodgrupp") and s.codes:
                group = m.group(2)
        if group and s.codes:
            has_groups = True
            for c in s.codes:
                groups.setdefault(c, []).append(group)
    return kinds, groups, has_groups


def _folder_kinds(project_codes: list[RefiCode]) -> dict[str, str]:
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
            if parent.name.strip().casefold() in KIND_NAMES:
                out[code.guid] = KIND_NAMES[parent.name.strip().casefold()]
                break
            parent = by_guid.get(parent.parent) if parent.parent else None
    return out


def plan_codes(refi_codes: list[RefiCode], sets: list[RefiSet], base: Codebook | None,
                sc_codes: Mapping[str, str], group_keys: list[str], groups: GroupMap,
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
            code_id = unique_name(slug(rc.name, "kod"), taken)
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
