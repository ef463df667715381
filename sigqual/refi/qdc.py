"""Load a REFI-QDA codebook (.qdc) into an existing project's codebook.

The .qdc decides labels, colours, descriptions and the hierarchy of the codes it
holds. Its codes are matched to the project's by GUID (the GUIDs sigqual exported,
or kept from an earlier import), then by unique label; unmatched codes are added.
Codes the file does not mention stay as they are, so codings are never orphaned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..codebook import Codebook
from ..errors import SigqualError, StoreError
from ..store import Store
from .guids import SETTINGS_KEY, Guids, as_guid
from .mapping import GroupMap, plan_codes
from .model import RefiCodebook, guid_key
from .reader import read_codebook
from .writer import code_guid


@dataclass
class CodebookImportReport:
    """Codes added and updated by a .qdc import, and what was ignored."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def merge_codebook(existing: Codebook, book: RefiCodebook, guids: Guids) -> tuple[Codebook, dict[str, str]]:
    """``existing`` with the .qdc's codes merged in; also the code id -> GUID map."""
    by_guid = {guid_key(code_guid(guids, c.id)): c.id for c in existing.codes}
    for key, guid in guids.stored.items():
        if key.startswith("code:"):
            by_guid.setdefault(guid_key(guid), key[len("code:"):])
    groups = GroupMap(existing.groups, foreign=False)
    planned, id_of, _all = plan_codes(book.codes, book.sets, None, {}, list(existing.group_keys), groups,
                                       existing=existing, existing_guids=by_guid)
    # The project's order for codes it already had, then the new codes in file order.
    by_id = {c.id: c for c in planned}
    merged = [by_id.pop(c.id, c) for c in existing.codes] + list(by_id.values())
    guid_of = {id_of[rc.guid]: g for rc in book.codes if (g := as_guid(rc.guid))}
    return Codebook(name=existing.name, groups=tuple(groups.groups), codes=tuple(merged),
                    language=existing.language, description=existing.description), guid_of


def import_qdc(store: Store, project_id: int, data: bytes, filename: str, *,
               actor: str = "") -> CodebookImportReport:
    """Merge a .qdc into the project's codebook in one transaction."""
    book = read_codebook(data, filename)
    if not book.codes:
        raise SigqualError(msgid="error.refi.codebook_holds_no_codes", file=filename)
    project = store.get_project(project_id)
    existing = store.codebook(project_id)
    merged, guid_of = merge_codebook(existing, book, Guids(project.name, project.settings))
    report = CodebookImportReport(warnings=list(book.warnings))
    before = {c.id: c for c in existing.codes}
    for code in merged.codes:
        old = before.get(code.id)
        if old is None:
            report.added.append(code.id)
        elif old != code:
            report.updated.append(code.id)
        elif code.id in guid_of:
            report.unchanged.append(code.id)
    ignored = [s.name for s in book.sets if s.name and not s.description.startswith("sigqual:")]
    if ignored:
        report.warnings.append(f"sets used only as code groups elsewhere were not imported: "
                               f"{', '.join(ignored)}")
    try:
        with store.batch(actor, project_id) as batch:
            batch.replace_codebook(merged)
            refi = dict(batch.settings().get(SETTINGS_KEY) or {})
            kept = dict(refi.get("guids") or {})
            kept.update({f"code:{cid}": g for cid, g in guid_of.items()})
            refi["guids"] = kept
            batch.update_settings({SETTINGS_KEY: refi})
    except StoreError as exc:
        exc.file = exc.file or filename
        raise
    return report
