"""Editing the codebook: pure edits, plans shown before a change, and store operations."""

from __future__ import annotations

from typing import Any

import pytest

from sigqual import codebook_edit as ce
from sigqual.codebook import Codebook, codebook_to_csv, dump_codebook, parse_codebook
from sigqual.errors import CodebookError
from sigqual.ingest import parse_bytes
from sigqual.store import NewCoding, Store

YAML = """\
name: Testkodbok
groups:
  - {key: foraldrar, name: Föräldrarna, order: [t-moten, uo-info, ff-struktur, ff-tid]}
  - {key: aktorer, name: Aktörerna}
codes:
  - {id: t-moten, label: Mötena, kind: theme, groups: all, colour: '#1f77b4'}
  - {id: ff-struktur, label: Tydlig struktur, kind: success_factor, groups: all,
     parent: t-moten, keywords: [struktur], examples: [Ordning och reda.]}
  - {id: ff-tid, label: Rätt tid, kind: success_factor, groups: [foraldrar], parent: t-moten,
     keywords: [tid, struktur]}
  - {id: uo-info, label: Mer information, kind: development_area, groups: [foraldrar],
     parent: t-moten}
  - {id: t-aktorer, label: Aktörerna, kind: theme, groups: [aktorer]}
  - {id: kod-samverkan, label: Samverkan, kind: code, groups: [aktorer], parent: t-aktorer}
  - {id: ff-samverkan, label: God samverkan, kind: success_factor, groups: [aktorer],
     parent: kod-samverkan}
"""
CB = parse_codebook(YAML, "test.yaml")

TRANSCRIPT = (
    "I: Hur var mötena?\n"
    "IP: Mötena var tydliga, det var ordning och reda.\n"
    "I: Saknade du något?\n"
    "IP: Mer information innan första mötet.\n"
)


def ids(codebook: Codebook) -> list[str]:
    return [c.id for c in codebook.codes]


def round_trips(codebook: Codebook) -> bool:
    return parse_codebook(dump_codebook(codebook)) == codebook


# -- ids -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("label", "kind", "expected"),
    [
        ("Föräldrar får stöd", "success_factor", "ff-foraldrar-far-stod"),
        ("Tydlig struktur", "success_factor", "ff-tydlig-struktur"),
        ("Mötena", "theme", "tema-motena"),
        ("Övrigt", "code", "kod-ovrigt"),
        ("Mer information", "development_area", "uo-mer-information"),
        ("!!!", "code", "kod-ny"),
        ("Aktörerna tar ansvar för uppföljningen av åtgärdsplanerna", "success_factor",
         "ff-aktorerna-tar-ansvar-for-uppfoljningen"),
    ],
)
def test_new_code_id(label: str, kind: str, expected: str) -> None:
    assert ce.new_code_id(CB, label, kind) == expected
    assert len(expected.split("-", 1)[1]) <= ce.ID_MAX_LENGTH


def test_new_code_id_is_unique() -> None:
    cb = ce.add_code(CB, "Tydlig struktur!", kind="success_factor")
    assert cb.code("ff-tydlig-struktur").label == "Tydlig struktur!"
    assert ce.new_code_id(cb, "Tydlig struktur", "success_factor") == "ff-tydlig-struktur-2"


# -- adding ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "new_id", "codes", "foraldrar_order"),
    [
        ({"label": "Nytt tema", "kind": "theme"}, "tema-nytt-tema",
         [*ids(CB), "tema-nytt-tema"], CB.group("foraldrar").order),
        ({"label": "Bra tider", "kind": "success_factor", "parent": "t-moten",
          "groups": ["foraldrar"], "after": "ff-struktur"}, "ff-bra-tider",
         ["t-moten", "ff-struktur", "ff-bra-tider", "ff-tid", "uo-info", "t-aktorer",
          "kod-samverkan", "ff-samverkan"],
         ("t-moten", "uo-info", "ff-struktur", "ff-bra-tider", "ff-tid")),
        ({"label": "Bara aktörer", "kind": "success_factor", "parent": "t-moten",
          "groups": ["aktorer"], "after": "ff-struktur", "code_id": "ff-x"}, "ff-x",
         ["t-moten", "ff-struktur", "ff-x", "ff-tid", "uo-info", "t-aktorer",
          "kod-samverkan", "ff-samverkan"], CB.group("foraldrar").order),
    ],
)
def test_add_code(kwargs: dict[str, Any], new_id: str, codes: list[str],
                  foraldrar_order: tuple[str, ...]) -> None:
    cb = ce.add_code(CB, **kwargs)
    assert ids(cb) == codes
    assert cb.code(new_id).label == kwargs["label"]
    assert cb.code(new_id).groups == tuple(kwargs.get("groups", ("foraldrar", "aktorer")))
    assert cb.group("foraldrar").order == foraldrar_order
    assert round_trips(cb)
    assert CB == parse_codebook(YAML, "test.yaml")  # the input is untouched


@pytest.mark.parametrize(
    ("kwargs", "fld", "message"),
    [
        ({"label": "  "}, "label", "needs a label"),
        ({"label": "X", "kind": "tema"}, "kind", "kind 'tema' is not one of"),
        ({"label": "X", "groups": ["skola"]}, "groups", "unknown group(s) skola"),
        ({"label": "X", "parent": "t-saknas"}, "parent", "parent 't-saknas'"),
        ({"label": "X", "parent": "ff-tid"}, "parent", "'Rätt tid' is a factor"),
        ({"label": "X", "code_id": "ff-tid"}, "id", "already used by 'Rätt tid'"),
        ({"label": "X", "code_id": "har mellanslag"}, "id", "may only hold"),
        ({"label": "X", "colour": "blå"}, "colour", "not a hex colour"),
        ({"label": "X", "keywords": "ett, två"}, "keywords", "must be a list"),
        ({"label": "Rätt tid", "kind": "success_factor", "groups": ["foraldrar"]}, "label",
         "is used twice"),
        ({"label": "X", "after": "saknas"}, "id", "no code 'saknas'"),
    ],
)
def test_add_code_errors(kwargs: dict[str, Any], fld: str, message: str) -> None:
    with pytest.raises(CodebookError) as info:
        ce.add_code(CB, **kwargs)
    assert info.value.field == fld
    assert message in info.value.message
    assert info.value.line is None


# -- editing ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("edit", "code_id", "attribute", "expected"),
    [
        (lambda cb: ce.rename_code(cb, "ff-tid", "  Rätt tidpunkt "), "ff-tid", "label",
         "Rätt tidpunkt"),
        (lambda cb: ce.recolour_code(cb, "ff-tid", "#ABC"), "ff-tid", "colour", "#aabbcc"),
        (lambda cb: ce.recolour_code(cb, "t-moten", None), "t-moten", "colour", None),
        (lambda cb: ce.recolour_code(cb, "t-moten", ""), "t-moten", "colour", None),
        (lambda cb: ce.move_code(cb, "ff-tid", "kod-samverkan"), "ff-tid", "parent",
         "kod-samverkan"),
        (lambda cb: ce.move_code(cb, "ff-tid", None), "ff-tid", "parent", None),
        (lambda cb: ce.set_code_groups(cb, "uo-info", ["aktorer", "foraldrar"]), "uo-info",
         "groups", ("aktorer", "foraldrar")),
        (lambda cb: ce.set_code_groups(cb, "uo-info", []), "uo-info", "groups",
         ("foraldrar", "aktorer")),
        (lambda cb: ce.update_code(cb, "uo-info", keywords=[" info ", "", "brev"]), "uo-info",
         "keywords", ("info", "brev")),
        (lambda cb: ce.update_code(cb, "uo-info", summary_label=" "), "uo-info",
         "summary_label", None),
        (lambda cb: ce.update_code(cb, "uo-info", kind="success_factor"), "uo-info", "kind",
         "success_factor"),
        (lambda cb: ce.update_code(cb, "kod-samverkan", kind="theme", parent=None),
         "kod-samverkan", "kind", "theme"),
    ],
)
def test_edits(edit: Any, code_id: str, attribute: str, expected: object) -> None:
    cb = edit(CB)
    assert getattr(cb.code(code_id), attribute) == expected
    assert ids(cb) == ids(CB)
    assert round_trips(cb)


def test_leaving_a_group_drops_the_code_from_its_order() -> None:
    cb = ce.set_code_groups(CB, "ff-tid", ["aktorer"])
    assert cb.group("foraldrar").order == ("t-moten", "uo-info", "ff-struktur")
    assert [c.id for c in cb.codes_for_group("aktorer")] == [
        "t-moten", "ff-struktur", "ff-tid", "t-aktorer", "kod-samverkan", "ff-samverkan"]


@pytest.mark.parametrize(
    ("code_id", "changes", "fld", "message"),
    [
        ("ff-tid", {"id": "ff-ny"}, "id", "never changes"),
        ("ff-tid", {"colour_name": "röd"}, "colour_name", "not a field"),
        ("saknas", {"label": "X"}, "id", "no code 'saknas'"),
        ("t-aktorer", {"parent": "ff-samverkan"}, "parent", "under itself or one of its own"),
        ("t-aktorer", {"parent": "kod-samverkan"}, "parent", "under itself or one of its own"),
        ("t-moten", {"parent": "t-moten"}, "parent", "under itself"),
        ("kod-samverkan", {"kind": "success_factor"}, "kind", "cannot become a factor"),
        ("ff-tid", {"label": ""}, "label", "needs a label"),
        ("ff-tid", {"label": "Tydlig struktur"}, "label", "is used twice"),
        ("ff-tid", {"groups": ["foraldrar", "polis"]}, "groups", "unknown group(s) polis"),
        ("ff-tid", {"examples": "Ett exempel"}, "examples", "must be a list"),
    ],
)
def test_edit_errors(code_id: str, changes: dict[str, Any], fld: str, message: str) -> None:
    with pytest.raises(CodebookError) as info:
        ce.update_code(CB, code_id, **changes)
    assert info.value.field == fld
    assert message in info.value.message


# -- order -----------------------------------------------------------------------------

THEMES_SWAPPED = ["t-aktorer", "kod-samverkan", "ff-samverkan", "t-moten", "ff-struktur", "ff-tid",
                  "uo-info"]


@pytest.mark.parametrize(
    ("code_id", "step", "group", "peer_ids", "listed"),
    [
        ("t-aktorer", -1, None, ["t-aktorer", "t-moten"], THEMES_SWAPPED),
        ("t-moten", 1, None, ["t-aktorer", "t-moten"], THEMES_SWAPPED),
        ("ff-tid", -1, None, ["ff-tid", "ff-struktur"],
         ["t-moten", "ff-tid", "ff-struktur", "uo-info", "t-aktorer", "kod-samverkan",
          "ff-samverkan"]),
        ("ff-struktur", 1, "foraldrar", ["ff-tid", "ff-struktur"],
         ["t-moten", "uo-info", "ff-tid", "ff-struktur"]),
        ("ff-tid", -1, "foraldrar", ["ff-tid", "ff-struktur"],
         ["t-moten", "uo-info", "ff-tid", "ff-struktur"]),
        ("t-aktorer", -1, "aktorer", ["t-aktorer", "t-moten"],
         ["t-aktorer", "kod-samverkan", "ff-samverkan", "t-moten", "ff-struktur"]),
        ("t-moten", 1, "aktorer", ["t-aktorer", "t-moten"],
         ["t-aktorer", "kod-samverkan", "ff-samverkan", "t-moten", "ff-struktur"]),
    ],
)
def test_move_step(code_id: str, step: int, group: str | None, peer_ids: list[str],
                   listed: list[str]) -> None:
    cb = ce.move_step(CB, code_id, step, group)
    assert [c.id for c in ce.peers(cb, code_id, group)] == peer_ids
    assert [c.id for c in ce.display_order(cb, group)] == listed
    if group is None:
        assert cb.groups, "nothing to check"
        assert all(g.order == CB.group(g.key).order for g in cb.groups)
    else:
        assert ids(cb) == ids(CB)
        assert [c.id for c in cb.codes_for_group(group)] == [c.id for c in
                                                            ce.display_order(cb, group)]
    assert round_trips(cb)


def test_moving_in_a_group_leaves_the_other_group_alone() -> None:
    cb = ce.move_step(CB, "t-aktorer", -1, "aktorer")
    assert cb.group("aktorer").order == (
        "t-aktorer", "kod-samverkan", "ff-samverkan", "t-moten", "ff-struktur")
    assert cb.group("foraldrar") == CB.group("foraldrar")


def test_a_nested_theme_moves_with_its_parent() -> None:
    cb = ce.update_code(CB, "kod-samverkan", kind="theme")
    assert [c.id for c in ce.peers(cb, "t-aktorer")] == ["t-moten", "t-aktorer", "kod-samverkan"]
    moved = ce.move_step(cb, "t-aktorer", -1)
    assert ids(moved) == THEMES_SWAPPED
    with pytest.raises(CodebookError, match="already last"):
        ce.move_step(cb, "t-aktorer", 1)


@pytest.mark.parametrize(
    ("code_id", "step", "group", "message"),
    [
        ("t-moten", -1, None, "already first"),
        ("ff-tid", 1, "foraldrar", "already last"),
        ("uo-info", 1, None, "already last"),
        ("ff-samverkan", -1, "foraldrar", "does not apply to the group"),
        ("ff-tid", -1, "skola", "unknown interview group"),
    ],
)
def test_move_step_errors(code_id: str, step: int, group: str | None, message: str) -> None:
    with pytest.raises(CodebookError, match=message):
        ce.move_step(CB, code_id, step, group)


@pytest.mark.parametrize(
    ("order", "group", "message"),
    [
        (["t-moten"], None, "leaves out"),
        ([*ids(CB), "zz"], None, "unknown code"),
        (["t-moten", "t-moten"], "foraldrar", "appears twice"),
        (["t-moten", "ff-samverkan"], "foraldrar", "do not apply to group 'foraldrar'"),
    ],
)
def test_set_order_errors(order: list[str], group: str | None, message: str) -> None:
    with pytest.raises(CodebookError, match=message) as info:
        ce.set_order(CB, order, group)
    assert info.value.field == "order"


# -- merge and delete plans --------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "target", "parents", "target_groups", "added", "keywords"),
    [
        ("ff-tid", "ff-struktur", {}, ("foraldrar", "aktorer"), (), ("struktur", "tid")),
        ("ff-struktur", "ff-tid", {}, ("foraldrar", "aktorer"), ("aktorer",),
         ("tid", "struktur")),
        ("kod-samverkan", "t-aktorer", {"ff-samverkan": "t-aktorer"}, ("aktorer",), (), ()),
        ("t-aktorer", "kod-samverkan", {"kod-samverkan": None, "ff-samverkan": "kod-samverkan"},
         ("aktorer",), (), ()),
        ("t-moten", "t-aktorer", {"ff-struktur": "t-aktorer", "uo-info": "t-aktorer"},
         ("foraldrar", "aktorer"), ("foraldrar",), ()),
    ],
)
def test_merge_plan(source: str, target: str, parents: dict[str, str | None],
                    target_groups: tuple[str, ...], added: tuple[str, ...],
                    keywords: tuple[str, ...]) -> None:
    plan = ce.merge_plan(CB, source, target)
    cb = plan.codebook
    assert cb.get(source) is None and cb.get(target) is not None
    for code_id, parent in parents.items():
        assert cb.code(code_id).parent == parent
    assert cb.code(target).groups == target_groups
    assert plan.added_groups == added
    assert cb.code(target).keywords == keywords
    assert cb.groups, "nothing to check"
    assert all(source not in g.order for g in cb.groups)
    assert round_trips(cb)


def test_merge_puts_the_target_where_the_source_was_in_a_group_order() -> None:
    plan = ce.merge_plan(CB, "uo-info", "kod-samverkan")
    assert plan.codebook.group("foraldrar").order == (
        "t-moten", "kod-samverkan", "ff-struktur", "ff-tid")
    assert plan.codebook.code("kod-samverkan").examples == ()


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("ff-tid", "ff-tid", "into itself"),
        ("kod-samverkan", "ff-tid", "cannot be merged into the factor 'Rätt tid'"),
        ("ff-tid", "saknas", "no code 'saknas'"),
    ],
)
def test_merge_plan_errors(source: str, target: str, message: str) -> None:
    with pytest.raises(CodebookError, match=message):
        ce.merge_plan(CB, source, target)


@pytest.mark.parametrize(
    ("code_id", "children", "new_parent", "foraldrar_order"),
    [
        ("t-moten", ("ff-struktur", "ff-tid", "uo-info"), None,
         ("uo-info", "ff-struktur", "ff-tid")),
        ("kod-samverkan", ("ff-samverkan",), "t-aktorer", CB.group("foraldrar").order),
        ("ff-tid", (), "t-moten", ("t-moten", "uo-info", "ff-struktur")),
    ],
)
def test_delete_plan(code_id: str, children: tuple[str, ...], new_parent: str | None,
                     foraldrar_order: tuple[str, ...]) -> None:
    usage = {code_id: ce.CodeUsage(3, 2)}
    plan = ce.delete_plan(CB, code_id, usage)
    assert tuple(c.id for c in plan.children) == children
    assert (plan.new_parent.id if plan.new_parent else None) == new_parent
    assert plan.usage == ce.CodeUsage(3, 2)
    assert plan.codebook.get(code_id) is None
    # Also meaningful when the code has no children (the list is then empty on both sides).
    assert [plan.codebook.code(c).parent for c in children] == [new_parent] * len(children)
    assert plan.codebook.group("foraldrar").order == foraldrar_order
    assert round_trips(plan.codebook)


# -- files -----------------------------------------------------------------------------

def test_files_yaml_and_csv() -> None:
    assert ce.codebook_from_file("kodbok.YML", YAML.encode(), CB) == CB
    fewer = ce.delete_plan(CB, "ff-tid").codebook
    csv_bytes = ("\ufeff" + codebook_to_csv(fewer)).encode()
    from_csv = ce.codebook_from_file("mapp/koder.csv", csv_bytes, CB)
    assert ids(from_csv) == ids(fewer)
    assert from_csv.group("foraldrar").order == ("t-moten", "uo-info", "ff-struktur")


@pytest.mark.parametrize(
    ("name", "data", "file", "message"),
    [
        ("kodbok.txt", b"name: x", "kodbok.txt", "must end in .yaml"),
        ("kodbok.csv", "id,label\n".encode("utf-16"), "kodbok.csv", "not UTF-8"),
        ("koder.csv", b"label,kind\nX,code\n", "koder.csv", "lacks column(s) id"),
        ("fel.yaml", b"codes: [\n", "fel.yaml", "not valid YAML"),
    ],
)
def test_file_errors_name_the_file(name: str, data: bytes, file: str, message: str) -> None:
    with pytest.raises(CodebookError) as info:
        ce.codebook_from_file(name, data, CB)
    assert info.value.file == file
    assert message in info.value.message


# -- store operations ------------------------------------------------------------------

@pytest.fixture
def project(store: Store) -> tuple[Store, int, int, list[int]]:
    """The test codebook, one parents' interview and four codings by two coders."""
    pid = store.create_project("Redigering", CB)
    parsed = parse_bytes(TRANSCRIPT.encode(), "for-01.txt")
    doc = store.add_document(pid, name="for-01", text=parsed.text, turns=parsed.turns,
                             attributes={"group": "foraldrar"})
    one, three = parsed.turns[1], parsed.turns[3]
    coding_ids = store.add_codings(pid, [
        NewCoding(doc, "ff-tid", one.start, one.end, "Anna"),
        NewCoding(doc, "ff-tid", three.start, three.end, "Anna"),
        NewCoding(doc, "ff-struktur", one.start, one.end, "Anna"),
        NewCoding(doc, "ff-tid", one.start, one.end, "Bo"),
    ])
    return store, pid, doc, coding_ids


def _codes_of_codings(store: Store, pid: int) -> list[tuple[str, str]]:
    return sorted((c.code_key, c.coder) for c in store.list_codings(pid))


def test_usage_quotes_and_uncovered_groups(project: tuple[Store, int, int, list[int]]) -> None:
    store, pid, _doc, _ids = project
    frame = store.codings_frame(pid)
    assert ce.code_usage(frame) == {"ff-tid": ce.CodeUsage(3, 1),
                                    "ff-struktur": ce.CodeUsage(1, 1)}
    quotes = ce.code_quotes(frame, "ff-tid")
    assert list(quotes.columns) == ce.QUOTE_COLUMNS
    meetings, information = ("Mötena var tydliga, det var ordning och reda.",
                             "Mer information innan första mötet.")
    assert list(quotes["quote"]) == [meetings, meetings, information]
    assert list(quotes["coder"]) == ["Anna", "Bo", "Anna"]
    assert set(quotes["speaker"]) == {"IP"} and set(quotes["document"]) == {"for-01"}
    assert ce.code_quotes(frame, "ff-tid", group="aktorer").empty
    assert ce.code_usage(frame.iloc[0:0]) == {}
    assert ce.uncovered_groups(CB, frame, "ff-tid") == {}
    moved = ce.set_code_groups(CB, "ff-tid", ["aktorer"])
    assert ce.uncovered_groups(moved, frame, "ff-tid") == {"foraldrar": 3}


def test_apply_edit_saves_and_audits(project: tuple[Store, int, int, list[int]]) -> None:
    store, pid, _doc, _ids = project
    saved = ce.apply_edit(store, pid, lambda cb: ce.rename_code(cb, "ff-tid", "Rätt tidpunkt"),
                          actor="Anna")
    assert store.codebook(pid) == saved
    assert saved.code("ff-tid").label == "Rätt tidpunkt"
    audit = store.audit_frame(pid)
    latest = audit.iloc[0]
    assert (latest["action"], latest["entity"], latest["actor"]) == ("update", "code", "Anna")
    assert latest["after"] == {"label": "Rätt tidpunkt"}
    assert len(store.list_codings(pid)) == 4


def test_merge_code_keeps_every_coding(project: tuple[Store, int, int, list[int]]) -> None:
    store, pid, _doc, _ids = project
    plan = ce.merge_plan(store.codebook(pid), "ff-tid", "ff-struktur")
    moved = ce.merge_code(store, pid, "ff-tid", "ff-struktur", actor="Anna")
    assert moved == 3
    assert store.codebook(pid) == plan.codebook
    # Anna's coding of turn 1 with both codes folds into one; Bo's and turn 3 stay.
    assert _codes_of_codings(store, pid) == [("ff-struktur", "Anna"), ("ff-struktur", "Anna"),
                                             ("ff-struktur", "Bo")]
    # One transaction: the target's update, the merge and the source's removal, newest first.
    frame = store.audit_frame(pid)
    assert list(frame["action"][:3]) == ["delete", "merge", "update"]
    assert list(frame["entity"][:3]) == ["code", "code", "code"]


def test_merge_code_of_a_parent_into_its_child(store: Store) -> None:
    pid = store.create_project("Hierarki", CB)
    ce.merge_code(store, pid, "t-aktorer", "kod-samverkan")
    cb = store.codebook(pid)
    assert cb.code("kod-samverkan").parent is None
    assert cb.code("ff-samverkan").parent == "kod-samverkan"
    assert round_trips(cb)


def test_split_code_moves_the_chosen_codings(project: tuple[Store, int, int, list[int]]) -> None:
    store, pid, _doc, coding_ids = project
    new_id, moved = ce.split_code(store, pid, "ff-tid", [coding_ids[1], coding_ids[3]],
                                  label="Rätt tid för Bo", actor="Anna")
    assert (new_id, moved) == ("ff-ratt-tid-for-bo", 2)
    cb = store.codebook(pid)
    new = cb.code(new_id)
    assert (new.kind, new.parent, new.groups) == ("success_factor", "t-moten", ("foraldrar",))
    assert ids(cb).index(new_id) == ids(cb).index("ff-tid") + 1
    assert cb.group("foraldrar").order[-2:] == ("ff-tid", new_id)
    assert _codes_of_codings(store, pid) == [("ff-ratt-tid-for-bo", "Anna"),
                                             ("ff-ratt-tid-for-bo", "Bo"),
                                             ("ff-struktur", "Anna"), ("ff-tid", "Anna")]


@pytest.mark.parametrize(
    ("which", "label", "fld", "message"),
    [
        ([], "Ny", "codings", "at least one"),
        ([2], "Ny", "codings", "are not codings of 'Rätt tid'"),
        ([0, 999], "Ny", "codings", "999 are not codings"),
        ([0], "Tydlig struktur", "label", "is used twice"),
    ],
)
def test_split_errors_change_nothing(project: tuple[Store, int, int, list[int]], which: list[int],
                                     label: str, fld: str, message: str) -> None:
    store, pid, _doc, coding_ids = project
    chosen = [coding_ids[i] if i < len(coding_ids) else i for i in which]
    before = (store.codebook(pid), _codes_of_codings(store, pid))
    with pytest.raises(CodebookError, match=message) as info:
        ce.split_code(store, pid, "ff-tid", chosen, label=label, kind="success_factor")
    assert info.value.field == fld
    assert (store.codebook(pid), _codes_of_codings(store, pid)) == before


def test_delete_needs_confirmation_when_codings_go(
        project: tuple[Store, int, int, list[int]]) -> None:
    store, pid, _doc, _ids = project
    before = (store.codebook(pid), _codes_of_codings(store, pid))
    with pytest.raises(CodebookError, match="has 3 codings") as info:
        ce.delete_code(store, pid, "ff-tid")
    assert info.value.field == "with_codings"
    assert (store.codebook(pid), _codes_of_codings(store, pid)) == before
    assert ce.delete_code(store, pid, "ff-tid", with_codings=True, actor="Anna") == 3
    assert _codes_of_codings(store, pid) == [("ff-struktur", "Anna")]
    assert store.codebook(pid) == ce.delete_plan(before[0], "ff-tid").codebook


@pytest.mark.parametrize(
    ("code_id", "parents"),
    [
        ("t-moten", {"ff-struktur": None, "ff-tid": None, "uo-info": None}),
        ("kod-samverkan", {"ff-samverkan": "t-aktorer"}),
    ],
)
def test_delete_reattaches_children(store: Store, code_id: str,
                                    parents: dict[str, str | None]) -> None:
    pid = store.create_project("Radera", CB)
    assert ce.delete_code(store, pid, code_id) == 0
    cb = store.codebook(pid)
    assert cb.get(code_id) is None
    assert {k: cb.code(k).parent for k in parents} == parents
    assert cb.groups, "nothing to check"
    assert all(code_id not in g.order for g in cb.groups)
    assert round_trips(cb)


def test_merged_and_deleted_codes_leave_the_orders(store: Store) -> None:
    pid = store.create_project("Gammal ordning", CB)
    store.merge_codes(pid, "ff-tid", "ff-struktur")
    assert "ff-tid" not in store.codebook(pid).group("foraldrar").order
    assert ce.current_codebook(store, pid).group("foraldrar").order == (
        "t-moten", "uo-info", "ff-struktur")
    saved = ce.apply_edit(store, pid, lambda cb: ce.rename_code(cb, "uo-info", "Information"))
    assert saved.group("foraldrar").order == ("t-moten", "uo-info", "ff-struktur")
    assert store.codebook(pid) == saved
    assert ce.delete_code(store, pid, "uo-info") == 0
    assert store.codebook(pid).group("foraldrar").order == ("t-moten", "ff-struktur")
