"""The bundled Huddinge codebook covers the reference tables verbatim."""

from __future__ import annotations

from sigqual.codebook import FACTOR_KINDS, codebook_warnings, load_bundled_codebook

KIND = {"FF": "success_factor", "UO": "development_area"}


def test_every_reference_label_is_a_code_for_its_group(reference: dict) -> None:
    cb = load_bundled_codebook()
    assert list(cb.group_keys) == [g["key"] for g in reference["groups"]]
    for group, themes in reference["table3"].items():
        for label in themes:
            (code,) = cb.find_label(label, "theme")
            assert code.applies_to(group)
    for group, columns in reference["table4"].items():
        for short, labels in columns.items():
            for label in labels:
                (code,) = [c for c in cb.find_label(label, KIND[short]) if c.applies_to(group)]
                assert group in code.groups
    for key, kind in (("table5a", "success_factor"), ("table5b", "development_area")):
        for group, labels in reference[key].items():
            for label in labels:
                matches = [c for c in cb.find_label(label, kind) if group in c.groups]
                assert len(matches) == 1, (group, label)


def test_shared_factor_is_one_code_and_both_kinds_are_two() -> None:
    cb = load_bundled_codebook()
    relevance = cb.find_label("En del aktörers relevans på mötena")
    assert len(relevance) == 1
    assert set(relevance[0].groups) == {"ungdomar", "foraldrar", "aktorer"}
    timing = cb.find_label("Tidpunkt för insatsen")
    assert sorted(c.kind for c in timing) == ["development_area", "success_factor"]


def test_bundled_codebook_is_complete_and_clean() -> None:
    cb = load_bundled_codebook()
    assert codebook_warnings(cb) == []
    for code in cb.codes:
        assert code.description and "TODO" not in code.description, code.id
        if code.kind in FACTOR_KINDS:
            assert code.parent and cb.code(code.parent).kind == "theme"
            assert len(code.keywords) >= 5, code.id
            assert len(code.examples) >= 2, code.id
