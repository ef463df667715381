"""Editing a project's codebook without ever saving an invalid one or losing a coding.

The pure functions take an immutable :class:`~sigqual.codebook.Codebook` and return a
new one that has been through ``parse_codebook(dump_codebook(...))``, so whatever the
editor produces could also have been written by hand and loaded from YAML. The store
functions at the bottom combine such a codebook with the store's coding operations
(merge, move, delete) in an order where every intermediate state is a valid codebook
and every coding either keeps a code or was explicitly confirmed for deletion.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import pandas as pd

from .codebook import (
    FACTOR_KINDS,
    ID_RE,
    KINDS,
    Code,
    Codebook,
    codebook_from_csv,
    dump_codebook,
    normalize_colour,
    parse_codebook,
)
from .errors import CodebookError, SigqualError

if TYPE_CHECKING:  # the store imports the plans below lazily; no import cycle
    from .store import CodebookChange, Store

EDITABLE_FIELDS = (
    "label", "kind", "groups", "parent", "description", "keywords", "examples", "colour",
    "summary_label",
)
# Id prefixes of the bundled codebook, so codes made in the editor look like the others.
ID_PREFIXES = {"theme": "tema", "success_factor": "ff", "development_area": "uo", "code": "kod"}
ID_MAX_LENGTH = 40
QUOTE_COLUMNS = ["coding_id", "document", "group", "phase", "speaker", "quote", "coder", "source"]
_LINE_PREFIX = re.compile(r"^line \d+: ")


# -- validation ------------------------------------------------------------------

def validated(codebook: Codebook) -> Codebook:
    """``codebook`` as it reads back from YAML; any problem is a CodebookError.

    Line numbers would point into a YAML text the user never saw, so they are
    dropped; the messages name the code and the field instead.
    """
    try:
        return parse_codebook(dump_codebook(codebook), filename="<codebook editor>")
    except CodebookError as exc:
        details = [replace(d, line=None) if isinstance(d, SigqualError)
                   else _LINE_PREFIX.sub("", d) for d in exc.details]
        raise CodebookError(exc.message, field=exc.field, details=details, msgid=exc.msgid,
                            params=exc.params) from None


def _require(codebook: Codebook, code_id: str) -> Code:
    code = codebook.get(code_id)
    if code is None:
        raise CodebookError(msgid="error.codebook_edit.there_no_code_codebook",
                            params={"code_id": code_id}, field="id")
    return code


def _text_tuple(values: Iterable[str] | str, fld: str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise CodebookError(msgid="error.codebook_edit.must_list_texts_not", params={"fld": fld}, field=fld)
    return tuple(v.strip() for v in values if v and v.strip())


def _clean(code: Code) -> Code:
    """Whitespace trimmed and the colour normalised, as YAML loading would do."""
    colour = code.colour
    if colour is not None and colour.strip():
        colour = normalize_colour(colour)
        if colour is None:
            raise CodebookError(
                msgid="error.codebook_edit.colour_not_hex_colour",
                params={"colour": code.colour, "id": code.id},
                field="colour")
    else:
        colour = None
    return replace(
        code, id=code.id.strip(), label=code.label.strip(), kind=code.kind.strip(),
        groups=_text_tuple(code.groups, "groups"), parent=(code.parent or "").strip() or None,
        description=code.description.strip(), keywords=_text_tuple(code.keywords, "keywords"),
        examples=_text_tuple(code.examples, "examples"), colour=colour,
        summary_label=(code.summary_label or "").strip() or None,
    )


def _check(codebook: Codebook, code: Code) -> None:
    """Problems of one edited code, named clearly before the full round trip runs."""
    if not ID_RE.match(code.id):
        raise CodebookError(
            msgid="error.codebook.code_id_chars", params={"id": code.id}, field="id")
    if not code.label:
        raise CodebookError(msgid="error.codebook_edit.code_needs_label",
                            params={"id": code.id}, field="label")
    if code.kind not in KINDS:
        raise CodebookError(msgid="error.codebook.kind",
                            params={"kind": code.kind, "kinds": ', '.join(KINDS)}, field="kind")
    unknown = [g for g in code.groups if g not in codebook.group_keys]
    if unknown:
        raise CodebookError(msgid="error.codebook_edit.code_names_unknown_group",
                            params={"id": code.id, "unknown": ', '.join(unknown)},
                            field="groups")
    if code.parent is None:
        return
    parent = codebook.get(code.parent)
    if parent is None:
        raise CodebookError(msgid="error.codebook.parent_missing",
                            params={"parent": code.parent, "id": code.id}, field="parent")
    if parent.id == code.id or parent.id in {c.id for c in codebook.descendants(code.id)}:
        raise CodebookError(msgid="error.codebook_edit.cannot_placed_under_itself",
                            params={"label": code.label},
                            field="parent")
    if parent.kind in FACTOR_KINDS:
        raise CodebookError(msgid="error.codebook_edit.factor_code_can_only",
                            params={"label": parent.label}, field="parent")


def _prune_orders(codebook: Codebook) -> Codebook:
    """Group orders without ids of removed codes or of codes that left the group."""
    groups = []
    for group in codebook.groups:
        keep = tuple(cid for cid in group.order
                     if (c := codebook.get(cid)) is not None and c.applies_to(group.key))
        groups.append(group if keep == group.order else replace(group, order=keep))
    return replace(codebook, groups=tuple(groups))


def _with_code(codebook: Codebook, code: Code) -> Codebook:
    codes = [code if c.id == code.id else c for c in codebook.codes]
    return codebook.with_codes(codes)


# -- creating and editing -----------------------------------------------------------

def slugify(text: str) -> str:
    """``Mötena är tydliga`` -> ``motena-ar-tydliga``: ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > ID_MAX_LENGTH:
            break
        slug = candidate
    return slug or (words[0][:ID_MAX_LENGTH] if words else "")


def new_code_id(codebook: Codebook, label: str, kind: str) -> str:
    """A readable id that is not in use yet: the kind's prefix and the label's words."""
    base = f"{ID_PREFIXES.get(kind, 'kod')}-{slugify(label) or 'ny'}"
    candidate, n = base, 2
    while codebook.get(candidate) is not None:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def add_code(
    codebook: Codebook, label: str, *, kind: str = "code", code_id: str | None = None,
    groups: Sequence[str] = (), parent: str | None = None, description: str = "",
    keywords: Sequence[str] = (), examples: Sequence[str] = (), colour: str | None = None,
    summary_label: str | None = None, after: str | None = None,
) -> Codebook:
    """The codebook with a new code, placed after ``after`` (else last).

    No groups means every group, spelled out as loading YAML does. The code joins
    the order of every group that lists ``after``, right behind it.
    """
    code_id = (code_id or "").strip() or new_code_id(codebook, label, kind)
    if codebook.get(code_id) is not None:
        taken = codebook.code(code_id).label
        raise CodebookError(msgid="error.codebook_edit.id_already_used_by",
                            params={"code_id": code_id, "taken": taken}, field="id")
    code = _clean(Code(id=code_id, label=label, kind=kind,
                       groups=_text_tuple(groups, "groups") or codebook.group_keys,
                       parent=parent, description=description,
                       keywords=_text_tuple(keywords, "keywords"),
                       examples=_text_tuple(examples, "examples"), colour=colour,
                       summary_label=summary_label))
    _check(codebook, code)
    codes = list(codebook.codes)
    position = len(codes)
    if after is not None:
        position = [c.id for c in codes].index(_require(codebook, after).id) + 1
    codes.insert(position, code)
    groups_out = []
    for group in codebook.groups:
        if after is not None and after in group.order and code.applies_to(group.key):
            order = list(group.order)
            order.insert(order.index(after) + 1, code.id)
            group = replace(group, order=tuple(order))
        groups_out.append(group)
    return validated(replace(codebook, codes=tuple(codes), groups=tuple(groups_out)))


def update_code(codebook: Codebook, code_id: str, **changes: Any) -> Codebook:
    """The codebook with some fields of one code changed; the id never changes."""
    if "id" in changes:
        raise CodebookError(msgid="error.codebook_edit.id_code_never_changes",
                            field="id")
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise CodebookError(msgid="error.codebook_edit.not_field_code",
                            params={"value": unknown[0]}, field=unknown[0])
    old = _require(codebook, code_id)
    for key in ("groups", "keywords", "examples"):
        if key in changes:
            changes[key] = _text_tuple(changes[key] or (), key)
    if "groups" in changes and not changes["groups"]:
        changes["groups"] = codebook.group_keys  # as YAML reads a code without groups
    code = _clean(replace(old, **changes))
    _check(codebook, code)
    children = codebook.children(code_id)
    if code.kind in FACTOR_KINDS and children:
        names = ", ".join(c.label for c in children)
        raise CodebookError(msgid="error.codebook_edit.has_codes_under_so",
                            params={"label": code.label, "names": names}, field="kind")
    return validated(_prune_orders(_with_code(codebook, code)))


def rename_code(codebook: Codebook, code_id: str, label: str) -> Codebook:
    """A new label; codings, tables and exports follow because the id stays."""
    return update_code(codebook, code_id, label=label)


def recolour_code(codebook: Codebook, code_id: str, colour: str | None) -> Codebook:
    """A new highlight colour; ``None`` falls back to the theme's or the palette's."""
    return update_code(codebook, code_id, colour=colour)


def move_code(codebook: Codebook, code_id: str, parent: str | None) -> Codebook:
    """Place a code under another theme (or code), or at the top level with ``None``."""
    return update_code(codebook, code_id, parent=parent)


def set_code_groups(codebook: Codebook, code_id: str, groups: Sequence[str]) -> Codebook:
    """The interview groups a code applies to; an empty list means every group."""
    return update_code(codebook, code_id, groups=tuple(groups))


# -- order ---------------------------------------------------------------------------

def display_order(codebook: Codebook, group: str | None = None) -> list[Code]:
    """Codes as the Kodbok page lists them: codebook order, or the group's order."""
    if group is not None and group not in codebook.group_keys:
        raise CodebookError(msgid="error.codebook_edit.unknown_interview_group",
                            params={"group": group}, field="group")
    return list(codebook.codes) if group is None else codebook.codes_for_group(group)


def peers(codebook: Codebook, code_id: str, group: str | None = None) -> list[Code]:
    """The codes shown in one list with ``code_id``: themes, or one theme's factors of a kind."""
    code = _require(codebook, code_id)
    listed = display_order(codebook, group)
    if code not in listed:
        raise CodebookError(msgid="error.codebook_edit.does_not_apply_group",
                            params={"label": code.label, "group": group}, field="group")
    if code.kind == "theme":
        return [c for c in listed if c.kind == "theme"]

    def place(other: Code) -> str | None:
        # As in the outline: a theme that does not apply to the group is no block there.
        theme = codebook.theme_of(other.id)
        return theme.id if theme is not None and theme.applies_to(group) else None

    here = place(code)
    return [c for c in listed if c.kind == code.kind and place(c) == here]


def set_order(codebook: Codebook, ids: Sequence[str], group: str | None = None) -> Codebook:
    """A new codebook order (every id once), or a group's display order (its codes)."""
    ids = list(ids)
    unknown = [cid for cid in ids if codebook.get(cid) is None]
    if unknown:
        raise CodebookError(msgid="error.codebook_edit.unknown_code_order",
                            params={"unknown": ', '.join(unknown)}, field="order")
    if len(set(ids)) != len(ids):
        raise CodebookError(msgid="error.codebook_edit.code_appears_twice_order", field="order")
    if group is None:
        missing = [c.id for c in codebook.codes if c.id not in ids]
        if missing:
            raise CodebookError(msgid="error.codebook_edit.order_leaves_out",
                                params={"missing": ', '.join(missing)}, field="order")
        return validated(codebook.with_codes([codebook.code(cid) for cid in ids]))
    display_order(codebook, group)
    outside = [cid for cid in ids if not codebook.code(cid).applies_to(group)]
    if outside:
        raise CodebookError(msgid="error.codebook_edit.code_do_not_apply",
                            params={"outside": ', '.join(outside), "group": group},
                            field="order")
    groups = tuple(replace(g, order=tuple(ids)) if g.key == group else g for g in codebook.groups)
    return validated(replace(codebook, groups=groups))


def move_step(codebook: Codebook, code_id: str, step: int, group: str | None = None) -> Codebook:
    """Move a code ``step`` places (-1 up, +1 down) among its :func:`peers`.

    A theme moves with the codes under it and passes a neighbour's whole block, so
    the flat list keeps each theme's codes together. With a group the group's order
    changes, otherwise the codebook's own order.
    """
    code = _require(codebook, code_id)

    def block(c: Code) -> set[str]:
        return {c.id, *(d.id for d in codebook.descendants(c.id))}

    moving = block(code)
    siblings = [c for c in peers(codebook, code_id, group) if c.id == code_id or c.id not in moving]
    index = siblings.index(code) + step
    if step == 0 or not 0 <= index < len(siblings):
        where = "first" if step < 0 else "last"
        raise CodebookError(msgid="error.codebook_edit.already_list",
                            params={"label": code.label, "where": where}, field="order")
    neighbour = siblings[index]
    listed = [c.id for c in display_order(codebook, group)]
    ids = [cid for cid in listed if cid not in moving]
    if step < 0:
        at = ids.index(neighbour.id)
    else:
        passed = block(neighbour)
        at = max(i for i, cid in enumerate(ids) if cid in passed) + 1
    ids[at:at] = [cid for cid in listed if cid in moving]
    return set_order(codebook, ids, group)


# -- usage, quotes and the plans shown before a change ---------------------------------

@dataclass(frozen=True)
class CodeUsage:
    """How much analysis work hangs on one code."""

    codings: int = 0
    documents: int = 0


def code_usage(frame: pd.DataFrame) -> dict[str, CodeUsage]:
    """Codings and coded documents per code id, from ``Store.codings_frame``."""
    if frame.empty:
        return {}
    grouped = frame.groupby("code_id")
    counts = grouped.size()
    docs = grouped["document_id"].nunique()
    return {str(cid): CodeUsage(int(counts[cid]), int(docs[cid])) for cid in counts.index}


def code_quotes(frame: pd.DataFrame, code_id: str, group: str | None = None) -> pd.DataFrame:
    """Every quote coded with ``code_id`` with document and speaker, in document order."""
    rows = frame[frame["code_id"] == code_id]
    if group is not None:
        rows = rows[rows["group"] == group]
    return rows[QUOTE_COLUMNS].reset_index(drop=True)


def uncovered_groups(codebook: Codebook, frame: pd.DataFrame, code_id: str) -> dict[str, int]:
    """Groups whose documents hold codings of a code that does not apply to them.

    Such codings are kept but the per-group tables leave them out, so the editor
    warns about them.
    """
    code = _require(codebook, code_id)
    rows = frame[(frame["code_id"] == code_id) & frame["group"].notna()]
    counts = rows.groupby("group").size()
    return {str(g): int(n) for g, n in counts.items() if not code.applies_to(str(g))}


@dataclass(frozen=True)
class MergePlan:
    """What merging ``source`` into ``target`` does, shown before it is done."""

    source: Code
    target: Code
    usage: CodeUsage
    children: tuple[Code, ...]
    added_groups: tuple[str, ...]
    codebook: Codebook


@dataclass(frozen=True)
class DeletePlan:
    """What deleting a code removes and where its child codes go, shown before asking."""

    code: Code
    usage: CodeUsage
    children: tuple[Code, ...]
    new_parent: Code | None
    codebook: Codebook


def _union(first: Sequence[str], second: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first, *second]))


def merge_plan(codebook: Codebook, source: str, target: str,
               usage: Mapping[str, CodeUsage] | None = None) -> MergePlan:
    """The codebook after merging: ``target`` takes the codings, children, groups,
    keywords and examples of ``source``, which disappears."""
    src, dst = _require(codebook, source), _require(codebook, target)
    if src.id == dst.id:
        raise CodebookError(msgid="error.codebook_edit.code_cannot_merged_into", field="target")
    children = tuple(c for c in codebook.children(src.id) if c.id != dst.id)
    if children and dst.kind in FACTOR_KINDS:
        raise CodebookError(msgid="error.codebook_edit.has_codes_under_so_2",
                            params={"label": src.label, "label2": dst.label}, field="target")
    groups: tuple[str, ...] = ()
    if src.groups and dst.groups:
        wanted = set(_union(dst.groups, src.groups))
        groups = tuple(g for g in codebook.group_keys if g in wanted)
    added = tuple(g for g in (groups or codebook.group_keys) if not dst.applies_to(g))
    parent = dst.parent
    if parent == src.id:  # the target sat under the source: it takes the source's place
        parent = src.parent
    merged_dst = replace(dst, groups=groups, parent=parent,
                         keywords=_union(dst.keywords, src.keywords),
                         examples=_union(dst.examples, src.examples))
    codes = []
    for code in codebook.codes:
        if code.id == src.id:
            continue
        if code.id == dst.id:
            code = merged_dst
        elif code.parent == src.id:
            code = replace(code, parent=dst.id)
        codes.append(code)
    new_groups = []
    for group in codebook.groups:
        order = [dst.id if cid == src.id and dst.id not in group.order else cid
                 for cid in group.order]
        new_groups.append(replace(group, order=tuple(cid for cid in order if cid != src.id)))
    merged = replace(codebook, codes=tuple(codes), groups=tuple(new_groups))
    return MergePlan(src, dst, (usage or {}).get(src.id, CodeUsage()), children, added,
                     validated(_prune_orders(merged)))


def delete_plan(codebook: Codebook, code_id: str,
                usage: Mapping[str, CodeUsage] | None = None) -> DeletePlan:
    """The codebook without ``code_id``; its child codes move up to its parent."""
    code = _require(codebook, code_id)
    children = tuple(codebook.children(code_id))
    codes = [replace(c, parent=code.parent) if c.parent == code_id else c
             for c in codebook.codes if c.id != code_id]
    remaining = _prune_orders(codebook.with_codes(codes))
    new_parent = codebook.get(code.parent) if code.parent else None
    return DeletePlan(code, (usage or {}).get(code_id, CodeUsage()), children, new_parent,
                      validated(remaining))


# -- importing a file ---------------------------------------------------------------

def codebook_from_file(name: str, data: bytes, base: Codebook) -> Codebook:
    """A codebook from an uploaded YAML file, or a CSV of codes on ``base``'s groups.

    A CSV leaves codes out by not listing them, so the groups' orders are trimmed
    to the listed codes rather than failing on ids that are no longer there.
    """
    filename = PurePosixPath(name.replace("\\", "/")).name or "codebook"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(msgid="error.codebook_edit.codebook_not_utf_text", params={"start": exc.start},
                            file=filename) from None
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_codebook(text, filename=filename)
    if suffix != ".csv":
        raise CodebookError(msgid="error.codebook_edit.codebook_file_must_end", file=filename)
    listed = {(row.get("id") or "").strip() for row in csv.DictReader(io.StringIO(text))}
    trimmed = replace(base, groups=tuple(
        replace(g, order=tuple(cid for cid in g.order if cid in listed)) for g in base.groups))
    return codebook_from_csv(text, trimmed, filename=filename)


# -- applying changes through the store ------------------------------------------------
#
# Each operation below is one ``Store.change_codebook`` call: the store reads the
# codebook inside its transaction, a planner here computes the codebook afterwards
# and the coding moves, and both are written together, so an interrupted merge
# leaves the old codebook with all its codings.

def _change(codebook: Codebook, **moves: Any) -> CodebookChange:
    from .store import CodebookChange

    return CodebookChange(codebook, **moves)


def edit_planner(edit: Callable[[Codebook], Codebook]):  # noqa: ANN201
    """A planner that applies a pure edit (rename, recolour, move, reorder, import)."""
    def plan(codebook: Codebook, _usage: Mapping[str, int]) -> CodebookChange:
        return _change(validated(edit(_prune_orders(codebook))))
    return plan


def merge_planner(source: str, target: str):  # noqa: ANN201
    """Merge ``source`` into ``target``: the plan's codebook plus every coding re-pointed."""
    def plan(codebook: Codebook, _usage: Mapping[str, int]) -> CodebookChange:
        return _change(merge_plan(_prune_orders(codebook), source, target).codebook,
                       merge={source: target})
    return plan


def delete_planner(code_id: str, with_codings: bool):  # noqa: ANN201
    """Delete a code (children move up); a used code needs ``with_codings`` confirmed."""
    def plan(codebook: Codebook, usage: Mapping[str, int]) -> CodebookChange:
        code = _require(codebook, code_id)
        used = usage.get(code_id, 0)
        if used and not with_codings:
            raise CodebookError(msgid="error.codebook_edit.has_codings_confirm_that",
                                params={"label": code.label, "used": used}, field="with_codings")
        return _change(delete_plan(_prune_orders(codebook), code_id).codebook,
                       drop_codings_of=frozenset({code_id}) if used else frozenset())
    return plan


def split_planner(source: str, coding_ids: Sequence[int], *, label: str, code_id: str | None,
                  kind: str | None, description: str):  # noqa: ANN201
    """A new sibling of ``source`` that takes the chosen codings (all of ``source``)."""
    from .store import MoveCodings

    if not coding_ids:
        raise CodebookError(msgid="error.codebook_edit.choose_at_least_one", field="codings")

    def plan(codebook: Codebook, _usage: Mapping[str, int]) -> CodebookChange:
        codebook = _prune_orders(codebook)
        src = _require(codebook, source)
        new = add_code(codebook, label, kind=kind or src.kind, code_id=code_id, groups=src.groups,
                       parent=src.parent, description=description, after=src.id)
        new_id = next(c.id for c in new.codes if codebook.get(c.id) is None)
        return _change(new, move=(MoveCodings(tuple(coding_ids), new_id, source=src.id),))
    return plan


def apply_edit(store: Store, project_id: int, edit: Callable[[Codebook], Codebook], *,
               actor: str = "") -> Codebook:
    """Apply ``edit`` to the stored codebook as it is now and save the result.

    The codebook is read inside the writing transaction, so a colleague's change
    made meanwhile is kept; the store audits the fields that changed.
    """
    return store.change_codebook(project_id, edit_planner(edit), actor).codebook


def current_codebook(store: Store, project_id: int) -> Codebook:
    """The project's codebook without order entries of codes that are gone or left a group."""
    return _prune_orders(store.codebook(project_id))


def merge_code(store: Store, project_id: int, source: str, target: str, *,
               actor: str = "") -> int:
    """Merge ``source`` into ``target``; every coding is re-pointed. Returns how many."""
    return store.merge_codes(project_id, source, target, actor=actor)


def split_code(store: Store, project_id: int, source: str, coding_ids: Sequence[int], *,
               label: str, code_id: str | None = None, kind: str | None = None,
               description: str = "", actor: str = "") -> tuple[str, int]:
    """A new sibling of ``source`` that takes the chosen codings; returns (new id, moved).

    Only codings of ``source`` may be moved, and at least one must be chosen.
    """
    planner = split_planner(source, coding_ids, label=label, code_id=code_id, kind=kind,
                            description=description)
    change = store.change_codebook(project_id, planner, actor)
    new_id = change.move[0].target
    return new_id, change.counts.get(new_id, 0)


def delete_code(store: Store, project_id: int, code_id: str, *, with_codings: bool = False,
                actor: str = "") -> int:
    """Delete a code; codings go only with ``with_codings``. Returns codings removed."""
    return store.delete_code(project_id, code_id, with_codings=with_codings, actor=actor)
