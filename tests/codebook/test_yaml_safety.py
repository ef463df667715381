"""Hostile YAML: alias bombs, deep nesting and huge values are refused quickly and briefly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigqual.codebook import load_bundled_codebook, parse_codebook
from sigqual.codebook_edit import codebook_from_file
from sigqual.errors import CodebookError, InputError, SigqualError
from sigqual.safeyaml import MAX_DEPTH, load_yaml


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "sigqual_codebook: 1\nname: bomb\n" + "\n".join(lines) + "\ncodes: []\n"


HOSTILE = [
    ("billion laughs", _alias_bomb(), "anchors and aliases", 3),
    ("one harmless-looking anchor", "name: &n Kodbok\ndescription: *n\ngroups: []\ncodes: []\n",
     "anchors and aliases", 1),
    ("merge key with alias", "base: &b {x: 1}\ncodes:\n  - <<: *b\n    id: a\n", "anchors and aliases", 1),
    ("deep nesting", "codes: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
     f"deeper than {MAX_DEPTH} levels", 1),
    ("huge file", "description: '" + "x" * 2_100_000 + "'\n", "over the limit", None),
    ("broken yaml with a long line", "name: [" + "y" * 5000 + "\n", "not valid YAML", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message", "line"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_codebook_is_refused_with_a_short_message(text: str, message: str, line: int | None) -> None:
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, "kodbok.yaml")
    error = info.value
    assert message in error.message
    assert error.file == "kodbok.yaml"
    if line is not None:
        assert error.line == line
    assert len(str(error)) < 200
    assert "lol" not in str(error) and "yyyyyyyyyy" not in str(error)


def test_an_uploaded_codebook_goes_through_the_same_loader() -> None:
    base = load_bundled_codebook()
    with pytest.raises(CodebookError, match="anchors and aliases"):
        codebook_from_file("kodbok.yaml", _alias_bomb().encode("utf-8"), base)


def test_the_bundled_codebook_still_loads() -> None:
    assert len(load_bundled_codebook().codes) > 10


def test_other_loaders_raise_their_own_error_type() -> None:
    with pytest.raises(InputError, match="anchors and aliases"):
        load_yaml("- &x a\n- *x\n", "codings.yaml", typ="safe", error=InputError)


_WORDS = st.text(alphabet=st.characters(whitelist_categories=("L", "N")), max_size=20)
_SCALARS = st.one_of(_WORDS, st.integers(), st.booleans(), st.none())
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_WORDS, inner, max_size=4)), max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.sampled_from(["a:", " ", "- ", "&x ", "*x", "[", "]", "{", "}", "\n", "'",
                                           '"', "lol", "<<: ", "!!str ", "#", ",", "?", "|", ">"]),
                          max_size=60).map("".join)))
def test_any_text_loads_or_fails_with_a_short_domain_error(text: str) -> None:
    try:
        load_yaml(text, "fuzz.yaml", typ="safe")
    except SigqualError as exc:
        assert exc.file == "fuzz.yaml"
        assert len(exc.message) < 200


@settings(max_examples=100, deadline=None)
@given(_VALUES)
def test_plain_values_round_trip(value: object) -> None:
    import io

    from ruamel.yaml import YAML

    buf = io.StringIO()
    YAML(typ="safe").dump({"v": value}, buf)
    assert load_yaml(buf.getvalue(), "v.yaml", typ="safe") == {"v": value}
