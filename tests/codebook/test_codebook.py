"""Codebook loading, validation messages, lookups and round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from sigqual.codebook import (
    codebook_from_csv,
    codebook_to_csv,
    codebook_warnings,
    dump_codebook,
    load_bundled_codebook,
    load_codebook,
    normalize_colour,
    parse_codebook,
)
from sigqual.errors import CodebookError

MINIMAL = """\
sigqual_codebook: 1
name: Test
groups:
  - key: a
    name: Grupp A
  - key: b
    name: Grupp B
codes:
  - id: t1
    label: Tema ett
    kind: theme
    groups: all
  - id: f1
    label: Faktor
    kind: success_factor
    groups: [a]
    parent: t1
  - id: u1
    label: Faktor
    kind: development_area
    groups: [a, b]
    parent: t1
"""


def test_minimal_codebook_parses() -> None:
    cb = parse_codebook(MINIMAL, "x.yaml")
    assert cb.group_keys == ("a", "b")
    assert cb.code("t1").groups == ("a", "b")
    assert [c.id for c in cb.children("t1")] == ["f1", "u1"]
    assert cb.theme_of("u1").id == "t1"


@pytest.mark.parametrize(
    ("replace", "by", "line", "field", "message"),
    [
        ("    kind: theme\n", "    kind: tema\n", 11, "kind", "kind 'tema' is not one of"),
        ("    label: Tema ett\n", "    labl: Tema ett\n", 10, "labl", "unknown code field 'labl'"),
        ("    groups: [a]\n", "    groups: [a, c]\n", 16, "groups", "unknown group 'c'"),
        ("    parent: t1\n", "    parent: t9\n", 17, "parent", "parent 't9'"),
        ("  - id: f1\n", "  - id: t1\n", 13, "id", "duplicate code id 't1'"),
        ("  - id: f1\n", "  - id: 'f 1'\n", 13, "id", "may only hold"),
    ],
)
def test_validation_names_file_line_and_field(replace, by, line, field, message) -> None:
    text = MINIMAL.replace(replace, by, 1)
    assert text != MINIMAL
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, "mine.yaml")
    err = info.value
    rendered = str(err)
    assert "mine.yaml" in rendered
    assert message in rendered
    if line is not None:
        assert err.line == line or f"line {line}" in rendered
    assert field in rendered


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("codes: [\n  - id: x\n", "not valid YAML"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("groups: []\ncodes: 5\n", "'codes' must be a list"),
        ("groups: []\ncodes:\n  - id: a\n    label: A\n    colour: blue\n", "not a hex colour"),
        ("sigqual_codebook: 7\ngroups: []\ncodes: []\n", "unsupported codebook format"),
    ],
)
def test_malformed_files_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(CodebookError, match=message) as info:
        parse_codebook(text, "bad.yaml")
    assert info.value.file == "bad.yaml"


def test_yaml_syntax_error_has_line() -> None:
    with pytest.raises(CodebookError) as info:
        parse_codebook("groups:\n  - key: a\n codes: [\n", "broken.yaml")
    assert info.value.line is not None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("#ABC", "#aabbcc"), ("1f77b4", "#1f77b4"), ("#1F77B4", "#1f77b4"), ("red", None), ("#12", None)],
)
def test_normalize_colour(raw: str, expected: str | None) -> None:
    assert normalize_colour(raw) == expected


def test_resolve_by_id_label_and_kind() -> None:
    cb = parse_codebook(MINIMAL)
    assert cb.resolve("t1").label == "Tema ett"
    assert cb.resolve("Faktor", kind="development_area").id == "u1"
    assert cb.resolve("Faktor", group="b").id == "u1"
    with pytest.raises(CodebookError, match="ambiguous"):
        cb.resolve("Faktor")
    with pytest.raises(CodebookError, match="no code"):
        cb.resolve("Okänd")


def test_group_order_overrides_codebook_order() -> None:
    text = MINIMAL.replace("    name: Grupp B\n", "    name: Grupp B\n    order: [u1, t1]\n")
    cb = parse_codebook(text)
    assert [c.id for c in cb.codes_for_group("b")] == ["u1", "t1"]
    assert [c.id for c in cb.codes_for_group("a")] == ["t1", "f1", "u1"]


def test_unknown_code_in_group_order_is_an_error() -> None:
    text = MINIMAL.replace("    name: Grupp B\n", "    name: Grupp B\n    order: [zz]\n")
    with pytest.raises(CodebookError, match="unknown code 'zz'"):
        parse_codebook(text)


def test_yaml_and_csv_round_trip() -> None:
    cb = load_bundled_codebook()
    assert parse_codebook(dump_codebook(cb)) == cb
    again = codebook_from_csv(codebook_to_csv(cb), cb)
    assert again.codes == cb.codes


def test_warning_when_factor_escapes_its_theme() -> None:
    text = MINIMAL.replace("    groups: all\n", "    groups: [a]\n")
    warnings = codebook_warnings(parse_codebook(text))
    assert any("'u1' applies to b" in w for w in warnings)


def test_load_codebook_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="cannot read"):
        load_codebook(tmp_path / "missing.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Förälder\n".encode("latin-1"))
    with pytest.raises(CodebookError, match="not UTF-8") as info:
        load_codebook(latin)
    assert info.value.file == "latin.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [(",success_factor,", ",sucess_factor,", "kind 'sucess_factor'"),
     (",foraldrar,", ",foräldrar,", "unknown group 'foräldrar'")],
)
def test_csv_errors_name_the_csv_row(old: str, new: str, message: str) -> None:
    cb = load_bundled_codebook()
    lines = codebook_to_csv(cb).splitlines()
    row = next(i for i, line in enumerate(lines) if old in line)
    lines[row] = lines[row].replace(old, new, 1)
    with pytest.raises(CodebookError, match=message) as info:
        codebook_from_csv("\n".join(lines) + "\n", cb, "kodbok.csv")
    assert (info.value.file, info.value.line) == ("kodbok.csv", row + 1)
