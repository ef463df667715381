"""Codebook model, YAML loading with line-aware validation, and YAML/CSV dumping.

The codebook is the researcher's instrument: themes, success factors, development
areas and plain codes, each applying to one or more interview groups. It is kept
immutable here; the store owns the editable copy of a project's codebook.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import CodebookError, SigqualError
from .safeyaml import load_yaml

KINDS = ("theme", "success_factor", "development_area", "code")
FACTOR_KINDS = ("success_factor", "development_area")
FORMAT_VERSION = 1
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
_COLOUR_RE = re.compile(r"^#?([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")
# A qualitative palette with enough contrast on white for highlighted text.
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2",
    "#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295",
)
_TOP_FIELDS = {"sigqual_codebook", "name", "language", "description", "groups", "codes"}
_GROUP_FIELDS = {"key", "name", "genitive", "table4", "order", "description"}
_CODE_FIELDS = {
    "id", "label", "kind", "groups", "parent", "description", "keywords", "examples",
    "colour", "color", "summary_label",
}


@dataclass(frozen=True)
class Group:
    """An interview group such as ``foraldrar``; ``order`` fixes the display order."""

    key: str
    name: str
    genitive: str | None = None
    table4: str | None = None
    order: tuple[str, ...] = ()
    description: str = ""

    @property
    def possessive(self) -> str:
        """Genitive used in captions ("föräldrarnas"), derived when not given."""
        return self.genitive or (self.name.lower() + ("" if self.name.endswith("s") else "s"))


@dataclass(frozen=True)
class Code:
    """One code of the codebook; a factor usually has a theme as ``parent``."""

    id: str
    label: str
    kind: str = "code"
    groups: tuple[str, ...] = ()
    parent: str | None = None
    description: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    colour: str | None = None
    summary_label: str | None = None

    def applies_to(self, group: str | None) -> bool:
        """True when the code is meant for ``group`` (a code with no groups fits all)."""
        return not self.groups or group is None or group in self.groups

    def display_label(self, summary: bool = False) -> str:
        """Label for a table; Table 5 prefers the ``summary_label`` wording."""
        return (self.summary_label or self.label) if summary else self.label


@dataclass(frozen=True)
class Codebook:
    """An ordered, validated set of groups and codes."""

    name: str
    groups: tuple[Group, ...] = ()
    codes: tuple[Code, ...] = ()
    language: str = "sv"
    description: str = ""
    _by_id: dict[str, Code] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.codes})

    # -- lookups -------------------------------------------------------------
    def code(self, code_id: str) -> Code:
        """The code with ``code_id``; a clear error when it does not exist."""
        try:
            return self._by_id[code_id]
        except KeyError:
            raise CodebookError(msgid="error.codebook.unknown_code", params={"id": code_id}) from None

    def get(self, code_id: str) -> Code | None:
        return self._by_id.get(code_id)

    def group(self, key: str) -> Group:
        for g in self.groups:
            if g.key == key:
                return g
        raise CodebookError(msgid="error.codebook.unknown_group", params={"key": key})

    @property
    def group_keys(self) -> tuple[str, ...]:
        return tuple(g.key for g in self.groups)

    def find_label(self, label: str, kind: str | None = None) -> list[Code]:
        """Codes whose label (or summary label) is exactly ``label``."""
        return [
            c for c in self.codes
            if label in (c.label, c.summary_label) and (kind is None or c.kind == kind)
        ]

    def resolve(self, ref: str, kind: str | None = None, group: str | None = None) -> Code:
        """Find a code by id or exact label; ambiguity is an error naming the choices."""
        if ref in self._by_id and (kind is None or self._by_id[ref].kind == kind):
            return self._by_id[ref]
        found = self.find_label(ref, kind)
        if len(found) > 1 and group is not None:
            found = [c for c in found if c.applies_to(group)] or found
        if not found:
            if kind:
                raise CodebookError(msgid="error.codebook.no_code_of_kind", params={"ref": ref, "kind": kind})
            raise CodebookError(msgid="error.codebook.no_code", params={"ref": ref})
        if len(found) > 1:
            kinds = ", ".join(sorted({c.kind for c in found}))
            raise CodebookError(msgid="error.codebook.ambiguous", params={"ref": ref, "kinds": kinds})
        return found[0]

    def children(self, code_id: str) -> list[Code]:
        return [c for c in self.codes if c.parent == code_id]

    def descendants(self, code_id: str) -> list[Code]:
        out: list[Code] = []
        stack = self.children(code_id)
        while stack:
            c = stack.pop(0)
            out.append(c)
            stack.extend(self.children(c.id))
        return out

    def theme_of(self, code_id: str) -> Code | None:
        """The nearest ancestor (or the code itself) of kind ``theme``."""
        seen: set[str] = set()
        code = self.get(code_id)
        while code is not None and code.id not in seen:
            if code.kind == "theme":
                return code
            seen.add(code.id)
            code = self.get(code.parent) if code.parent else None
        return None

    def codes_for_group(self, group: str | None, kinds: Iterable[str] | None = None) -> list[Code]:
        """Codes that apply to ``group`` in its display order, optionally by kind."""
        wanted = set(kinds) if kinds is not None else None
        codes = [c for c in self.codes if c.applies_to(group) and (wanted is None or c.kind in wanted)]
        if group is None:
            return codes
        order = {cid: i for i, cid in enumerate(self._group_order(group))}
        base = len(order)
        position = {c.id: i for i, c in enumerate(self.codes)}
        return sorted(codes, key=lambda c: order.get(c.id, base + position[c.id]))

    def _group_order(self, key: str) -> tuple[str, ...]:
        for g in self.groups:
            if g.key == key:
                return g.order
        return ()

    def colour_of(self, code_id: str) -> str:
        """The code's colour, else its theme's, else a stable palette colour."""
        code = self.code(code_id)
        if code.colour:
            return code.colour
        theme = self.theme_of(code_id)
        if theme is not None and theme.colour:
            return theme.colour
        return PALETTE[[c.id for c in self.codes].index(code_id) % len(PALETTE)]

    def with_codes(self, codes: Sequence[Code]) -> Codebook:
        return replace(self, codes=tuple(codes))


# -- parsing -----------------------------------------------------------------

def _line(node: Any, key: str | None = None) -> int | None:
    """1-based line of ``node`` (or of ``key`` inside it) when ruamel kept it."""
    try:
        if key is not None and isinstance(node, CommentedMap) and key in node:
            return node.lc.key(key)[0] + 1
        if isinstance(node, (CommentedMap, CommentedSeq)):
            return node.lc.line + 1
    except (AttributeError, KeyError, TypeError):
        return None
    return None


class _Checker:
    """Collects validation problems with file and line, raised together at the end."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        # (line, field, (message id, parameters))
        self.problems: list[tuple[int | None, str | None, tuple[str, dict[str, object]]]] = []

    def add(self, node: Any, field: str | None, msgid: str, /, **params: object) -> None:
        self.problems.append((_line(node, field), field, (msgid, params)))

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        line, fld, (msgid, params) = self.problems[0]
        details: list[str | SigqualError] = [
            CodebookError(msgid=m, params=p, line=ln) for ln, _f, (m, p) in self.problems[1:]]
        raise CodebookError(msgid=msgid, params=params, file=self.filename, line=line, field=fld,
                            details=details)


def _text(node: Any, key: str, check: _Checker, *, required: bool = False) -> str:
    value = node.get(key)
    if value is None:
        if required:
            check.add(node, None, "error.codebook.missing_field", key=key)
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        check.add(node, key, "error.codebook.not_text", key=key)
        return ""
    return str(value).strip()


def _text_list(node: Any, key: str, check: _Checker) -> tuple[str, ...]:
    value = node.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip()) if key != "examples" else (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        check.add(node, key, "error.codebook.not_text_list", key=key)
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def normalize_colour(value: str) -> str | None:
    """``#abc``/``abc``/``#aabbcc`` to lower-case ``#aabbcc``; None if not a colour."""
    m = _COLOUR_RE.match(value.strip())
    if not m:
        return None
    hexpart = m.group(1).lower()
    if len(hexpart) == 3:
        hexpart = "".join(ch * 2 for ch in hexpart)
    return "#" + hexpart


def parse_codebook(text: str, filename: str = "<codebook>") -> Codebook:
    """Parse and validate codebook YAML; every problem names file, line and field."""
    data = load_yaml(text, filename, typ="rt", error=CodebookError)
    if not isinstance(data, CommentedMap):
        raise CodebookError(msgid="error.codebook.not_mapping", file=filename)
    return _build(data, filename)


def _build(data: CommentedMap, filename: str) -> Codebook:
    check = _Checker(filename)
    for key in data:
        if key not in _TOP_FIELDS:
            check.add(data, key, "error.codebook.unknown_field", key=key, expected=sorted(_TOP_FIELDS))
    version = data.get("sigqual_codebook", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        check.add(data, "sigqual_codebook", "error.codebook.version", version=repr(version))
    groups = _build_groups(data.get("groups") or [], data, check)
    group_keys = [g.key for g in groups]
    codes_node = data.get("codes")
    if not isinstance(codes_node, list):
        check.add(data, "codes", "error.codebook.codes_not_list")
        codes_node = []
    codes = [c for c in (_build_code(n, group_keys, check) for n in codes_node) if c is not None]
    _check_codes(codes, codes_node, groups, check)
    check.raise_if_any()
    return Codebook(
        name=_text(data, "name", check) or Path(filename).stem,
        language=_text(data, "language", check) or "sv",
        description=_text(data, "description", check),
        groups=tuple(groups),
        codes=tuple(codes),
    )


def _build_groups(node: Any, parent: Any, check: _Checker) -> list[Group]:
    if not isinstance(node, list):
        check.add(parent, "groups", "error.codebook.groups_not_list")
        return []
    groups: list[Group] = []
    seen: set[str] = set()
    for item in node:
        if isinstance(item, str):
            item = CommentedMap(key=item, name=item)
        if not isinstance(item, dict):
            check.add(node, None, "error.codebook.group_not_mapping")
            continue
        for key in item:
            if key not in _GROUP_FIELDS:
                check.add(item, key, "error.codebook.unknown_group_field", key=key)
        key = _text(item, "key", check, required=True)
        if key and not ID_RE.match(key):
            check.add(item, "key", "error.codebook.group_key_chars", key=key)
        if key in seen:
            check.add(item, "key", "error.codebook.duplicate_group", key=key)
        seen.add(key)
        groups.append(Group(
            key=key,
            name=_text(item, "name", check) or key,
            genitive=_text(item, "genitive", check) or None,
            table4=_text(item, "table4", check) or None,
            order=_text_list(item, "order", check),
            description=_text(item, "description", check),
        ))
    return groups


def _build_code(node: Any, group_keys: list[str], check: _Checker) -> Code | None:
    if not isinstance(node, dict):
        check.add(node, None, "error.codebook.code_not_mapping")
        return None
    for key in node:
        if key not in _CODE_FIELDS:
            check.add(node, key, "error.codebook.unknown_code_field", key=key)
    code_id = _text(node, "id", check, required=True)
    if code_id and not ID_RE.match(code_id):
        check.add(node, "id", "error.codebook.code_id_chars", id=code_id)
    label = _text(node, "label", check, required=True)
    kind = _text(node, "kind", check) or "code"
    if kind not in KINDS:
        check.add(node, "kind", "error.codebook.kind", kind=kind, kinds=", ".join(KINDS))
    raw_groups = node.get("groups")
    if raw_groups in (None, "all", ["all"]):
        groups: tuple[str, ...] = tuple(group_keys)
    else:
        groups = _text_list(node, "groups", check)
        for g in groups:
            if g not in group_keys:
                check.add(node, "groups", "error.codebook.unknown_group_of_code", id=code_id, group=g)
    colour_raw = _text(node, "colour", check) or _text(node, "color", check)
    colour = normalize_colour(colour_raw) if colour_raw else None
    if colour_raw and colour is None:
        check.add(node, "colour", "error.codebook.colour", colour=colour_raw)
    return Code(
        id=code_id,
        label=label,
        kind=kind,
        groups=groups,
        parent=_text(node, "parent", check) or None,
        description=_text(node, "description", check),
        keywords=_text_list(node, "keywords", check),
        examples=_text_list(node, "examples", check),
        colour=colour,
        summary_label=_text(node, "summary_label", check) or None,
    )


def _check_codes(codes: list[Code], nodes: list[Any], groups: list[Group], check: _Checker) -> None:
    by_id: dict[str, Code] = {}
    node_of: dict[str, Any] = {}
    for code, node in zip(codes, [n for n in nodes if isinstance(n, dict)], strict=False):
        if code.id in by_id:
            check.add(node, "id", "error.codebook.duplicate_code", id=code.id)
        by_id[code.id] = code
        node_of[code.id] = node
    seen_labels: dict[tuple[str, str, str], str] = {}
    for code in codes:
        node = node_of.get(code.id)
        for g in code.groups or ("*",):
            other = seen_labels.get((code.label, code.kind, g))
            if other and other != code.id:
                check.add(node, "label", "error.codebook.label_twice", label=code.label, kind=code.kind,
                          group=g, other=other, id=code.id)
            seen_labels[(code.label, code.kind, g)] = code.id
        if code.parent:
            parent = by_id.get(code.parent)
            if parent is None:
                check.add(node, "parent", "error.codebook.parent_missing", parent=code.parent, id=code.id)
            elif parent.kind in FACTOR_KINDS:
                check.add(node, "parent", "error.codebook.parent_factor", parent=code.parent)
    for code in codes:  # cycles
        seen: set[str] = set()
        cur: Code | None = code
        while cur is not None and cur.parent:
            if cur.id in seen:
                check.add(node_of.get(code.id), "parent", "error.codebook.cycle", id=code.id)
                break
            seen.add(cur.id)
            cur = by_id.get(cur.parent)
    for group in groups:
        for cid in group.order:
            if cid not in by_id:
                check.add(None, "order", "error.codebook.order_unknown", group=group.key, id=cid)


def codebook_warnings(cb: Codebook) -> list[str]:
    """Soft problems a researcher should look at, e.g. a factor outside its theme's groups."""
    out: list[str] = []
    for code in cb.codes:
        if code.parent and (parent := cb.get(code.parent)) is not None and parent.groups:
            missing = [g for g in code.groups if g not in parent.groups]
            if missing:
                out.append(
                    f"code '{code.id}' applies to {', '.join(missing)} but its parent "
                    f"'{parent.id}' does not"
                )
        if code.kind != "theme" and not code.description:
            out.append(f"code '{code.id}' has no description")
    return out


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CodebookError(msgid="error.codebook.unreadable", params={"reason": exc.strerror},
                            file=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(msgid="error.codebook.not_utf8", params={"byte": exc.start},
                            file=path.name) from None
    return parse_codebook(text, filename=path.name)


def bundled_codebook_path() -> Path:
    """The Huddinge 2014 codebook shipped with sigqual (repository or installed data)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "codebooks" / "huddinge-2014.yaml",
                      here / "data" / "codebooks" / "huddinge-2014.yaml"):
        if candidate.exists():
            return candidate
    raise CodebookError(msgid="error.codebook.bundled_missing")


def load_bundled_codebook() -> Codebook:
    return load_codebook(bundled_codebook_path())


# -- dumping -----------------------------------------------------------------

def codebook_to_dict(cb: Codebook) -> dict[str, Any]:
    """Plain dict in the YAML format (no empty fields), for dumping and exports."""
    groups = []
    for g in cb.groups:
        item: dict[str, Any] = {"key": g.key, "name": g.name}
        if g.genitive:
            item["genitive"] = g.genitive
        if g.table4:
            item["table4"] = g.table4
        if g.description:
            item["description"] = g.description
        if g.order:
            item["order"] = list(g.order)
        groups.append(item)
    codes = []
    for c in cb.codes:
        item = {"id": c.id, "label": c.label, "kind": c.kind, "groups": list(c.groups)}
        for key in ("parent", "summary_label", "description", "colour"):
            if getattr(c, key):
                item[key] = getattr(c, key)
        if c.keywords:
            item["keywords"] = list(c.keywords)
        if c.examples:
            item["examples"] = list(c.examples)
        codes.append(item)
    out: dict[str, Any] = {"sigqual_codebook": FORMAT_VERSION, "name": cb.name, "language": cb.language}
    if cb.description:
        out["description"] = cb.description
    out["groups"] = groups
    out["codes"] = codes
    return out


def dump_codebook(cb: Codebook) -> str:
    """YAML text that :func:`parse_codebook` reads back to an equal codebook."""
    yaml = YAML()
    yaml.width = 100
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(codebook_to_dict(cb), buf)
    return buf.getvalue()


CSV_COLUMNS = (
    "id", "label", "kind", "groups", "parent", "summary_label", "description",
    "keywords", "examples", "colour",
)


def codebook_to_csv(cb: Codebook) -> str:
    """One row per code; list fields joined with ' | ' so spreadsheets can edit them."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for c in cb.codes:
        writer.writerow([
            c.id, c.label, c.kind, ",".join(c.groups), c.parent or "", c.summary_label or "",
            c.description, " | ".join(c.keywords), " | ".join(c.examples), c.colour or "",
        ])
    return buf.getvalue()


def codebook_from_csv(text: str, base: Codebook, filename: str = "<csv>") -> Codebook:
    """Codes from a CSV written by :func:`codebook_to_csv`, groups taken from ``base``.

    Problems name the CSV row (line 1 is the header), the line a spreadsheet user sees.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"id", "label"} - set(reader.fieldnames or ())
    if missing:
        raise CodebookError(msgid="error.codebook.csv_columns", file=filename, line=1,
                            params={"columns": ", ".join(sorted(missing))})
    group_keys = [g.key for g in base.groups]
    check = _Checker(filename)
    codes: list[Code] = []
    nodes: list[CommentedMap] = []
    for row in reader:
        item = CommentedMap((k, (row.get(k) or "").strip()) for k in (
            "id", "label", "kind", "parent", "summary_label", "description", "colour"))
        for key in [k for k, v in item.items() if not v and k not in ("id", "label")]:
            del item[key]
        groups = [g.strip() for g in (row.get("groups") or "").split(",") if g.strip()]
        item["groups"] = groups or "all"
        for key in ("keywords", "examples"):
            values = [v.strip() for v in (row.get(key) or "").split("|") if v.strip()]
            if values:
                item[key] = values
        before = len(check.problems)
        code = _build_code(item, group_keys, check)
        # the row, not a YAML position, is what the user can find in the file
        check.problems[before:] = [(reader.line_num, f, m) for _l, f, m in check.problems[before:]]
        if code is not None:
            codes.append(code)
            nodes.append(item)
    _check_codes(codes, nodes, list(base.groups), check)
    check.raise_if_any()
    return validate_order(replace(base, codes=tuple(codes)))


def validate_order(cb: Codebook) -> Codebook:
    """Drop group-order entries that name codes no longer in the codebook."""
    ids = {c.id for c in cb.codes}
    groups = tuple(replace(g, order=tuple(i for i in g.order if i in ids)) for g in cb.groups)
    return replace(cb, groups=groups)
