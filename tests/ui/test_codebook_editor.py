"""The Kodbok editor's streamlit-free helpers: form changes, choices and labels."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sigqual.codebook_edit import CodeUsage, add_code
from sigqual.ui.codebook_editor import (
    CodeForm,
    code_choice_label,
    coding_choice_label,
    form_changes,
    form_values,
    insertion_point,
    merge_targets,
    parent_choices,
    quote_markdown,
    split_examples,
    split_keywords,
)

from .helpers import CODEBOOK

CB = add_code(CODEBOOK, "Underkod", kind="code", code_id="kod-under", parent="kod-ovrigt",
              groups=["aktorer"], description="Under övrigt.")
KINDS = {"theme": "Tema", "success_factor": "Framgångsfaktor",
         "development_area": "Utvecklingsområde", "code": "Kod"}


@pytest.mark.parametrize(
    ("text", "keywords", "examples"),
    [
        ("struktur, ordning", ("struktur", "ordning"), ("struktur, ordning",)),
        (" a ,, b ,", ("a", "b"), ("a ,, b ,",)),
        ("rad ett\n\n rad två \n", ("rad ett\n\n rad två",), ("rad ett", "rad två")),
        ("", (), ()),
    ],
)
def test_splitting_typed_lists(text: str, keywords: tuple, examples: tuple) -> None:
    assert split_keywords(text) == keywords
    assert split_examples(text) == examples


def test_an_untouched_form_changes_nothing() -> None:
    for code in CB.codes:
        assert form_changes(code, form_values(code, CB)) == {}


@pytest.mark.parametrize(
    ("code_id", "edits", "changes"),
    [
        ("ff-struktur", {"label": " Ny etikett "}, {"label": "Ny etikett"}),
        ("ff-struktur", {"summary_label": "  "}, {}),
        ("ff-struktur", {"summary_label": "Kort"}, {"summary_label": "Kort"}),
        ("ff-struktur", {"own_colour": True, "colour": "#ABCDEF"}, {"colour": "#abcdef"}),
        ("ff-struktur", {"colour": "#000000"}, {}),  # the picker alone does not set a colour
        ("t-moten", {"own_colour": False}, {"colour": None}),
        ("ff-struktur", {"parent": ""}, {"parent": None}),
        ("ff-struktur", {"groups": ["aktorer"]}, {"groups": ("aktorer",)}),
        ("ff-struktur", {"keywords": "ordning"}, {"keywords": ("ordning",)}),
        ("ff-struktur", {"examples": "Ett.\nTvå."}, {"examples": ("Ett.", "Två.")}),
        ("ff-struktur", {"kind": "code", "description": " Ny. "},
         {"kind": "code", "description": "Ny."}),
    ],
)
def test_form_changes(code_id: str, edits: dict, changes: dict) -> None:
    code = CB.code(code_id)
    form = replace(form_values(code, CB), **edits)
    assert form_changes(code, form) == changes


def test_form_values_show_the_colour_in_use() -> None:
    values = form_values(CB.code("ff-struktur"), CB)
    assert (values.own_colour, values.colour) == (False, "#1f77b4")  # the theme's colour
    assert isinstance(values, CodeForm) and values.keywords == "struktur, ordning"


@pytest.mark.parametrize(
    ("code_id", "parents"),
    [
        (None, ["", "t-moten", "kod-ovrigt", "kod-under"]),
        ("kod-ovrigt", ["", "t-moten"]),
        ("t-moten", ["", "kod-ovrigt", "kod-under"]),
        ("ff-struktur", ["", "t-moten", "kod-ovrigt", "kod-under"]),
    ],
)
def test_parent_choices_leave_out_factors_and_own_codes(code_id: str | None,
                                                        parents: list[str]) -> None:
    code = CB.code(code_id) if code_id else None
    assert parent_choices(CB, code) == parents


@pytest.mark.parametrize(
    ("code_id", "targets"),
    [
        ("ff-struktur", ["t-moten", "uo-info", "kod-ovrigt", "kod-under"]),
        ("kod-ovrigt", ["kod-under", "t-moten", "ff-struktur", "uo-info"]),
    ],
)
def test_merge_targets_same_kind_first(code_id: str, targets: list[str]) -> None:
    expected = [t for t in targets if CB.code(t).kind == CB.code(code_id).kind]
    assert merge_targets(CB, CB.code(code_id))[: len(expected)] == expected
    assert sorted(merge_targets(CB, CB.code(code_id))) == sorted(targets)


@pytest.mark.parametrize(
    ("parent", "after"),
    [(None, None), ("", None), ("saknas", None), ("t-moten", "uo-info"),
     ("kod-ovrigt", "kod-under"), ("uo-info", "uo-info")],
)
def test_insertion_point(parent: str | None, after: str | None) -> None:
    assert insertion_point(CB, parent) == after


@pytest.mark.parametrize(
    ("code_id", "label"),
    [
        ("t-moten", "Mötena · Tema · 4"),
        ("ff-struktur", "Mötena › Tydlig struktur · Framgångsfaktor · 0"),
        ("kod-under", "Underkod · Kod · 0"),
    ],
)
def test_code_choice_label(code_id: str, label: str) -> None:
    usage = {"t-moten": CodeUsage(4, 2)}
    assert code_choice_label(CB, CB.code(code_id), KINDS, usage) == label


@pytest.mark.parametrize(
    ("row", "label"),
    [
        ({"document": "for-01", "speaker": "IP", "coder": "Anna", "quote": "Kort  citat\nhär."},
         "for-01 · IP · Anna: “Kort citat här.”"),
        ({"document": "for-02", "speaker": None, "coder": "Bo", "quote": "x" * 120},
         "for-02 · Bo: “" + "x" * 89 + "…”"),
    ],
)
def test_coding_choice_label(row: dict, label: str) -> None:
    assert coding_choice_label(row) == label


@pytest.mark.parametrize(
    ("row", "markdown"),
    [
        ({"document": "for-01", "speaker": "IP", "coder": "Anna", "quote": "Bra *möten*."},
         "> Bra \\*möten\\*\\.  \n> — for\\-01 · IP · Anna"),
        ({"document": "d", "speaker": float("nan"), "coder": "A", "quote": "<b>x</b>\nny rad"},
         "> \\<b\\>x\\</b\\> ny rad  \n> — d · A"),
    ],
)
def test_quote_markdown_is_escaped(row: dict, markdown: str) -> None:
    assert quote_markdown(row) == markdown


@pytest.mark.parametrize(("index", "where"), [(7, "for\\-01 · Replik 8 · IP · Anna"),
                                              (float("nan"), "for\\-01 · IP · Anna")])
def test_quote_markdown_names_the_turn_as_every_page_does(index: float, where: str) -> None:
    from sigqual.turns import turn_number

    row = {"document": "for-01", "speaker": "IP", "coder": "Anna", "quote": "Bra.", "segment_idx": index}
    assert quote_markdown(row, lambda i: f"Replik {turn_number(i)}").endswith(f"> — {where}")

